"""Bulk reads for the case list and the dashboard: the same data as the one-by-one methods, in a
number of statements that does not grow with the number of cases."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from sqlalchemy import event

from app.cases.records import (
    Authority,
    Case,
    CaseFilter,
    Client,
    Page,
    Request,
    RequestBundle,
    RequestEvent,
)
from app.store import Store

from .sample import T0, populate


@contextmanager
def counted_statements(store: Store) -> Iterator[list[str]]:
    """The SQL statements the store sends while the block runs."""
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = store._engine  # the test looks under the hood on purpose
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _expected(store: Store, case: Case) -> tuple[RequestBundle, ...]:
    """What the UI assembled before, with one query per case and per request."""
    bundles = []
    for request in store.list_requests(case_id=case.id):
        authority = store.get_authority(request.authority_id) if request.authority_id else None
        bundles.append(RequestBundle(request, authority, tuple(store.list_events(request.id or 0))))
    return tuple(bundles)


def _add_cases(store: Store, n: int, client_id: int, authority_id: int | None) -> None:
    """n cases, each with two requests (one without authority) and a few events."""
    for i in range(n):
        case = store.add_case(Case(title=f"Fall {i}", client_id=client_id, created=T0, updated=T0))
        for k in range(2):
            request = store.add_request(
                Request(
                    case_id=case.id or 0,
                    jurisdiction="DE",
                    regime="bdsg-part3",
                    rights=("access",),
                    authority_id=authority_id if k == 0 else None,
                    created=T0,
                )
            )
            for d in (3, 1, 1)[: 1 + (i + k) % 3]:  # out of date order, same-day pairs
                store.add_event(
                    RequestEvent(
                        request_id=request.id or 0, kind="sent", date=date(2026, 3, 1) + timedelta(days=d)
                    )
                )


def test_summaries_equal_the_one_by_one_reads(store: Store) -> None:
    ids = populate(store)
    _add_cases(store, 5, ids["client"], ids["authority"])
    store.update_case(store.get_case(ids["case_de"]))  # most recently changed: first in the list
    summaries = store.case_summaries()
    cases = store.list_cases()
    assert [s.case for s in summaries] == cases and summaries[0].case.id == ids["case_de"]
    for summary in summaries:
        assert summary.client == store.get_client(summary.case.client_id)
        assert summary.requests == _expected(store, summary.case)
    cn = next(s for s in summaries if s.case.id == ids["case_cn"])
    assert [e.kind for e in cn.requests[0].events] == ["sent", "partly_granted"]
    assert cn.requests[0].authority is not None and cn.requests[0].authority.name == "示例市公安局"


def test_filters_and_pages_match_list_cases(store: Store) -> None:
    ids = populate(store)
    _add_cases(store, 7, ids["client"], None)
    store.update_case(dataclasses.replace(store.get_case(ids["case_cn"]), closed=True))
    filters = (
        CaseFilter(),
        CaseFilter(closed=False),
        CaseFilter(jurisdiction="CN"),
        CaseFilter(search="Fall 1"),
    )
    for where in filters:
        for page in (Page(0, 3), Page(3, 3), Page(8, 5), Page(50, 5)):
            assert [s.case for s in store.case_summaries(where, page)] == store.list_cases(where, page)


def test_a_case_without_requests(store: Store) -> None:
    client = store.add_client(Client(name="Erika Beispiel-Weber"))
    case = store.add_case(Case(title="leer", client_id=client.id or 0, created=T0, updated=T0))
    [summary] = store.case_summaries()
    assert summary.case == case and summary.client == client and summary.requests == ()
    assert store.case_summaries(page=Page(1, 10)) == []


def test_statements_per_page_do_not_grow_with_the_cases(store: Store) -> None:
    client = store.add_client(Client(name="Erika Beispiel-Weber"))
    authority = store.add_authority(Authority(name="Landeskriminalamt Beispielland", jurisdiction="DE"))
    _add_cases(store, 3, client.id or 0, authority.id)
    with counted_statements(store) as few:
        small = store.case_summaries()
    _add_cases(store, 40, client.id or 0, authority.id)
    with counted_statements(store) as many:
        large = store.case_summaries()
    assert len(small) == 3 and len(large) == 43
    assert sum(len(s.requests) for s in large) == 86
    # cases, clients, requests with their authorities, events
    assert len(many) == len(few) == 4, many
    with counted_statements(store) as bundles:
        open_bundles = store.open_request_bundles()
    assert len(open_bundles) == 86 and len(bundles) == 2  # requests with authorities, events


def test_open_request_bundles_leave_out_closed_cases(store: Store) -> None:
    ids = populate(store)
    everything = store.open_request_bundles()
    assert [b.request.id for b in everything] == [r.id for r in store.list_requests()]
    for bundle in everything:
        assert bundle.events == tuple(store.list_events(bundle.request.id or 0))
        expected = store.get_authority(bundle.request.authority_id) if bundle.request.authority_id else None
        assert bundle.authority == expected
    store.update_case(dataclasses.replace(store.get_case(ids["case_cn"]), closed=True))
    assert [b.request.id for b in store.open_request_bundles()] == [ids["request_de"]]
