"""Bulk reads for the case list and the deadline dashboard: a fixed number of queries, not one per row.

Reading a page of cases with ``list_requests`` and ``list_events`` per case costs 1 + cases +
requests queries (the N+1 problem); a clinic's list of 200 cases then runs hundreds of statements.
Here a page costs four: the cases, their clients, their requests joined with the authorities, and
the events of those requests. The id lists are bound in chunks (SQLite accepts at most 32,766
parameters per statement), so only pages longer than a chunk need more statements.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.cases.records import (
    Authority,
    Case,
    CaseSummary,
    Client,
    Request,
    RequestBundle,
    RequestEvent,
)
from app.store.models import AuthorityRow, CaseRow, ClientRow, RequestEventRow, RequestRow
from app.store.rows import to_record

# Case ids per statement; far below SQLite's limit, and a page is normally 200 cases or fewer.
ID_CHUNK = 1000


def case_summaries(session: Session, page_statement: Select[Any]) -> list[CaseSummary]:
    """Summaries of the cases ``page_statement`` selects (CaseRow rows), in its order."""
    cases = [to_record(Case, row) for row in session.scalars(page_statement)]
    if not cases:
        return []
    case_ids = [c.id for c in cases if c.id is not None]
    clients: dict[int, Client] = {}
    for chunk in _chunks(sorted({c.client_id for c in cases})):
        for row in session.scalars(select(ClientRow).where(ClientRow.id.in_(chunk))):
            clients[row.id] = to_record(Client, row)
    by_case: dict[int, list[RequestBundle]] = defaultdict(list)
    for chunk in _chunks(case_ids):
        requests = _requests_with_authorities(session, RequestRow.case_id.in_(chunk))
        events = _events(session, RequestRow.case_id.in_(chunk))
        for bundle in _bundles(requests, events):
            by_case[bundle.request.case_id].append(bundle)
    return [
        CaseSummary(case, clients.get(case.client_id), tuple(by_case.get(case.id or 0, ()))) for case in cases
    ]


def open_request_bundles(session: Session) -> list[RequestBundle]:
    """Every request of every case that is not closed, by request id: two statements in all."""
    open_case = (RequestRow.case_id == CaseRow.id) & CaseRow.closed.is_(False)
    requests = _requests_with_authorities(session, open_case, join_cases=True)
    events = _events(session, open_case, join_cases=True)
    return list(_bundles(requests, events))


def _requests_with_authorities(
    session: Session, condition: Any, *, join_cases: bool = False
) -> list[tuple[Request, Authority | None]]:
    statement = select(RequestRow, AuthorityRow).outerjoin(
        AuthorityRow, AuthorityRow.id == RequestRow.authority_id
    )
    if join_cases:
        statement = statement.join(CaseRow, RequestRow.case_id == CaseRow.id)
    statement = statement.where(condition).order_by(RequestRow.id)
    return [
        (to_record(Request, request), None if authority is None else to_record(Authority, authority))
        for request, authority in session.execute(statement)
    ]


def _events(session: Session, condition: Any, *, join_cases: bool = False) -> dict[int, list[RequestEvent]]:
    """Events per request id, in the order list_events gives them (date, then as recorded).

    Columns, not ORM objects: the events are the bulk of every read of many requests (196,507 at
    10,000 cases), and building an ORM object per event took half the time of deriving them all.
    """
    statement = select(*(getattr(RequestEventRow, name) for name in _EVENT_FIELDS)).join(
        RequestRow, RequestEventRow.request_id == RequestRow.id
    )
    if join_cases:
        statement = statement.join(CaseRow, RequestRow.case_id == CaseRow.id)
    statement = statement.where(condition).order_by(
        RequestEventRow.request_id, RequestEventRow.date, RequestEventRow.id
    )
    events: dict[int, list[RequestEvent]] = defaultdict(list)
    for row in session.execute(statement):
        values = dict(zip(_EVENT_FIELDS, row, strict=True))
        values["data"] = dict(values["data"] or {})  # as to_record gives it
        events[values["request_id"]].append(RequestEvent(**values))
    return events


_EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(RequestEvent))


def _bundles(
    requests: Iterable[tuple[Request, Authority | None]], events: dict[int, list[RequestEvent]]
) -> Iterator[RequestBundle]:
    for request, authority in requests:
        yield RequestBundle(request, authority, tuple(events.get(request.id or 0, ())))


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), ID_CHUNK):
        yield ids[start : start + ID_CHUNK]
