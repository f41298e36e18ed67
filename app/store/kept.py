"""Kept request states in the store: written with the events that change them, read in one query.

The dashboard and ``habeas deadlines`` read ``kept_deadlines`` joined with the requests of open
cases, ordered in the database (overdue first, then by date): one indexed statement on SQLite and
PostgreSQL alike. What is stale (missing, expired, computed with other law data) is listed by
``stale_request_ids`` and written again by ``write_states`` in batches, recording what moved.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import String, case, delete, func, insert, or_, select, type_coerce
from sqlalchemy.orm import Session

from app.cases.kept import DeadlineChange, KeptDeadline, KeptState, Moved
from app.cases.records import RequestBundle
from app.store.models import (
    AuthorityRow,
    CaseRow,
    ClientRow,
    DeadlineChangeRow,
    KeptDeadlineRow,
    RequestEventRow,
    RequestRow,
    RequestStateRow,
)
from app.store.summaries import _bundles, _chunks, _events, _requests_with_authorities

_DEADLINE_FIELDS = tuple(f.name for f in dataclasses.fields(KeptDeadline))


@dataclasses.dataclass(frozen=True)
class KeptRow:
    """One line of the deadline list: a kept deadline and what identifies its case (no personal data)."""

    deadline: KeptDeadline
    case_id: int
    jurisdiction: str
    authority: str
    case_title: str


def stale_request_ids(session: Session, print_: str, today: date) -> list[int]:
    """Requests of open cases whose kept state is missing, expired or of other law data."""
    statement = (
        select(RequestRow.id)
        .join(CaseRow, RequestRow.case_id == CaseRow.id)
        .outerjoin(RequestStateRow, RequestStateRow.request_id == RequestRow.id)
        .where(CaseRow.closed.is_(False))
        .where(
            or_(
                RequestStateRow.request_id.is_(None),
                RequestStateRow.fingerprint != print_,
                RequestStateRow.valid_until <= today,
                RequestStateRow.computed_for > today,  # asked about an earlier day (--today)
            )
        )
        .order_by(RequestRow.id)
    )
    return list(session.scalars(statement))


def bundles(session: Session, request_ids: Sequence[int]) -> list[RequestBundle]:
    """The requests ``request_ids`` with their authority and events (two statements per chunk)."""
    out: list[RequestBundle] = []
    for chunk in _chunks(list(request_ids)):
        requests = _requests_with_authorities(session, RequestRow.id.in_(chunk))
        out += _bundles(requests, _events(session, RequestRow.id.in_(chunk)))
    return out


def event_marks(session: Session, request_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Per request: the number of its events and the sum of their ids and versions (see
    app.services.kept._last_event); a request without events is absent."""
    out: dict[int, tuple[int, int]] = {}
    for chunk in _chunks(list(request_ids)):
        statement = (
            select(
                RequestEventRow.request_id,
                func.count(RequestEventRow.id),
                func.sum(RequestEventRow.id + RequestEventRow.version),
            )
            .where(RequestEventRow.request_id.in_(chunk))
            .group_by(RequestEventRow.request_id)
        )
        out.update({rid: (int(n), int(total)) for rid, n, total in session.execute(statement)})
    return out


def revisions(session: Session, request_ids: Sequence[int]) -> dict[int, int]:
    """Per request: the sum of its events' versions (one per event, one more per edit) plus its
    recorded deadline moves. Never decreases: nothing is deleted from either."""
    out: dict[int, int] = {}
    for chunk in _chunks(list(request_ids)):
        for statement in (
            select(RequestEventRow.request_id, func.sum(RequestEventRow.version))
            .where(RequestEventRow.request_id.in_(chunk))
            .group_by(RequestEventRow.request_id),
            select(DeadlineChangeRow.request_id, func.count(DeadlineChangeRow.id))
            .where(DeadlineChangeRow.request_id.in_(chunk))
            .group_by(DeadlineChangeRow.request_id),
        ):
            for rid, n in session.execute(statement):
                out[rid] = out.get(rid, 0) + int(n)
    return out


def old_fingerprints(session: Session, request_ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for chunk in _chunks(list(request_ids)):
        statement = select(RequestStateRow.request_id, RequestStateRow.fingerprint).where(
            RequestStateRow.request_id.in_(chunk)
        )
        out.update({rid: fp for rid, fp in session.execute(statement)})
    return out


def kept_deadlines(session: Session, request_ids: Sequence[int]) -> list[KeptDeadline]:
    out: list[KeptDeadline] = []
    for chunk in _chunks(list(request_ids)):
        statement = select(KeptDeadlineRow).where(KeptDeadlineRow.request_id.in_(chunk))
        out += [_deadline(row) for row in session.scalars(statement)]
    return out


def _deadline(row: KeptDeadlineRow) -> KeptDeadline:
    return KeptDeadline(**{name: getattr(row, name) for name in _DEADLINE_FIELDS})


def write_states(
    session: Session,
    states: Sequence[KeptState],
    now: datetime,
    moved: Iterable[Moved] = (),
    reason: str = "",
) -> None:
    """Replace the kept states of these requests (and record what moved, with why)."""
    ids = [s.request_id for s in states]
    for chunk in _chunks(ids):
        session.execute(delete(KeptDeadlineRow).where(KeptDeadlineRow.request_id.in_(chunk)))
        session.execute(delete(RequestStateRow).where(RequestStateRow.request_id.in_(chunk)))
    if not states:
        return
    session.execute(
        insert(RequestStateRow),
        [
            dict(
                request_id=s.request_id,
                status=s.status,
                overdue=s.overdue,
                next_due=s.next_due,
                computed_for=s.computed_for,
                valid_until=s.valid_until,
                fingerprint=s.fingerprint,
                failure=s.failure,
                computed=now,
            )
            for s in states
        ],
    )
    rows = [{name: getattr(d, name) for name in _DEADLINE_FIELDS} for s in states for d in s.deadlines]
    if rows:
        session.execute(insert(KeptDeadlineRow), rows)
    changes = [
        dict(
            request_id=m.request_id,
            key=m.key,
            old_due=m.old_due,
            new_due=m.new_due,
            old_provisional=m.old_provisional,
            new_provisional=m.new_provisional,
            reason=reason,
            changed=now,
        )
        for m in moved
    ]
    if changes:
        session.execute(insert(DeadlineChangeRow), changes)


def deadline_rows(session: Session, print_: str, today: date, within_days: int | None) -> list[KeptRow]:
    """Open deadlines of open cases, overdue first (longest overdue first), then by date: one query."""
    overdue = (KeptDeadlineRow.kind != "waiting") & (KeptDeadlineRow.due < today)
    columns = _raw_day_columns()
    statement = (
        # Columns, not ORM objects: thousands of rows are read on every refresh of the dashboard.
        select(*columns, RequestRow.case_id, RequestRow.jurisdiction, AuthorityRow.name, CaseRow.title)
        .join(RequestRow, KeptDeadlineRow.request_id == RequestRow.id)
        .join(CaseRow, RequestRow.case_id == CaseRow.id)
        .join(RequestStateRow, RequestStateRow.request_id == RequestRow.id)
        .outerjoin(AuthorityRow, AuthorityRow.id == RequestRow.authority_id)
        .where(CaseRow.closed.is_(False))
        .where(RequestStateRow.fingerprint == print_)
        # A waiting period that has passed is not a deadline any more: the step is open.
        .where((KeptDeadlineRow.kind != "waiting") | (KeptDeadlineRow.due >= today))
    )
    if within_days is not None:
        limit = date.fromordinal(today.toordinal() + within_days)
        statement = statement.where(overdue | (KeptDeadlineRow.due <= limit))
    statement = statement.order_by(
        case((overdue, 0), else_=1), KeptDeadlineRow.due, KeptDeadlineRow.request_id, KeptDeadlineRow.key
    )
    width = len(_DEADLINE_FIELDS)
    return [
        KeptRow(
            _kept_deadline(row[:width]),
            row[width],
            row[width + 1],
            _one_line(row[width + 2] or ""),
            _one_line(row[width + 3]),
        )
        for row in session.execute(statement)
    ]


_DAY_FIELDS = frozenset(("due", "start", "alternative"))


def _raw_day_columns() -> list[Any]:
    """The kept deadline's columns, its dates as the database gives them.

    SQLAlchemy's SQLite date type parses each ISO text with a regular expression; thousands of
    rows per dashboard refresh make that a third of the query's time. ``_kept_deadline`` reads
    them with ``date.fromisoformat`` instead (PostgreSQL returns dates, which pass unchanged).
    """
    return [
        type_coerce(getattr(KeptDeadlineRow, name), String)
        if name in _DAY_FIELDS
        else getattr(KeptDeadlineRow, name)
        for name in _DEADLINE_FIELDS
    ]


_DAY_INDEXES = tuple(i for i, name in enumerate(_DEADLINE_FIELDS) if name in _DAY_FIELDS)


def _kept_deadline(values: Sequence[Any]) -> KeptDeadline:
    fields = list(values)
    for i in _DAY_INDEXES:
        fields[i] = _day(fields[i])
    return KeptDeadline(*fields)


@lru_cache(maxsize=8192)
def _day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


@lru_cache(maxsize=4096)
def _one_line(text: str) -> str:
    return " / ".join(x.strip() for x in text.splitlines() if x.strip())


def failures(session: Session, print_: str) -> list[tuple[int, str]]:
    """Requests of open cases whose deadlines could not be computed, with the reason."""
    statement = (
        select(RequestStateRow.request_id, RequestStateRow.failure)
        .join(RequestRow, RequestStateRow.request_id == RequestRow.id)
        .join(CaseRow, RequestRow.case_id == CaseRow.id)
        .where(CaseRow.closed.is_(False))
        .where(RequestStateRow.fingerprint == print_)
        .where(RequestStateRow.failure != "")
        .order_by(RequestStateRow.request_id)
    )
    return [(rid, reason) for rid, reason in session.execute(statement)]


def changes(session: Session, since: datetime | None) -> list[DeadlineChange]:
    """Recorded moves, newest first."""
    statement = select(DeadlineChangeRow).order_by(DeadlineChangeRow.changed.desc(), DeadlineChangeRow.id)
    if since is not None:
        statement = statement.where(DeadlineChangeRow.changed >= since)
    return [
        DeadlineChange(
            row.request_id,
            row.key,
            row.old_due,
            row.new_due,
            row.old_provisional,
            row.new_provisional,
            row.reason,
            row.changed,
        )
        for row in session.scalars(statement)
    ]


@dataclasses.dataclass(frozen=True)
class KeptChangeRow:
    """A recorded move with its case, and the deadline as kept now (None: it no longer applies)."""

    change: DeadlineChange
    case_id: int
    case_title: str
    jurisdiction: str
    current: KeptDeadline | None


def change_rows(session: Session, limit: int) -> list[KeptChangeRow]:
    """The ``limit`` newest recorded moves, each with its case and current deadline (one query)."""
    columns = [getattr(KeptDeadlineRow, name) for name in _DEADLINE_FIELDS]
    statement = (
        select(
            DeadlineChangeRow,
            RequestRow.case_id,
            CaseRow.title,
            RequestRow.jurisdiction,
            KeptDeadlineRow.id,
            *columns,
        )
        .join(RequestRow, DeadlineChangeRow.request_id == RequestRow.id)
        .join(CaseRow, RequestRow.case_id == CaseRow.id)
        .outerjoin(
            KeptDeadlineRow,
            (KeptDeadlineRow.request_id == DeadlineChangeRow.request_id)
            & (KeptDeadlineRow.key == DeadlineChangeRow.key),
        )
        .order_by(DeadlineChangeRow.changed.desc(), DeadlineChangeRow.id)
        .limit(limit)
    )
    out = []
    for row, case_id, title, jurisdiction, kept_id, *fields in session.execute(statement):
        change = DeadlineChange(
            row.request_id,
            row.key,
            row.old_due,
            row.new_due,
            row.old_provisional,
            row.new_provisional,
            row.reason,
            row.changed,
        )
        current = KeptDeadline(*fields) if kept_id is not None else None
        out.append(KeptChangeRow(change, case_id, _one_line(title), jurisdiction, current))
    return out


@dataclasses.dataclass(frozen=True)
class KeptCaseRequest:
    """A request as the case list needs it: its kept status and dates (none if not kept)."""

    request_id: int
    jurisdiction: str
    authority: str
    status: str  # "" when no current kept state (a closed case's requests are not kept)
    next_due: date | None  # the earliest of its kept deadlines
    first_strict_due: date | None  # the earliest that is not a waiting period (overdue after it)


@dataclasses.dataclass(frozen=True)
class KeptCaseRow:
    case_id: int
    title: str
    client: str
    closed: bool
    created: datetime
    requests: tuple[KeptCaseRequest, ...]


def case_rows(session: Session, print_: str, offset: int, limit: int) -> list[KeptCaseRow]:
    """A page of cases, most recently changed first, from the kept states: three statements, no events."""
    page = (
        select(CaseRow.id, CaseRow.title, CaseRow.closed, CaseRow.created, ClientRow.name)
        .outerjoin(ClientRow, ClientRow.id == CaseRow.client_id)
        .order_by(CaseRow.updated.desc(), CaseRow.id.desc())
        .offset(offset)
        .limit(limit)
    )
    cases = list(session.execute(page))
    case_ids = [row[0] for row in cases]
    by_case: dict[int, list[KeptCaseRequest]] = {cid: [] for cid in case_ids}
    for chunk in _chunks(case_ids):
        strict = (
            select(KeptDeadlineRow.request_id, func.min(KeptDeadlineRow.due).label("due"))
            .join(RequestRow, KeptDeadlineRow.request_id == RequestRow.id)
            .where(RequestRow.case_id.in_(chunk))
            .where(KeptDeadlineRow.kind != "waiting")
            .group_by(KeptDeadlineRow.request_id)
            .subquery()
        )
        statement = (
            select(
                RequestRow.id,
                RequestRow.case_id,
                RequestRow.jurisdiction,
                AuthorityRow.name,
                RequestStateRow.status,
                RequestStateRow.next_due,
                strict.c.due,
            )
            .outerjoin(AuthorityRow, AuthorityRow.id == RequestRow.authority_id)
            .outerjoin(
                RequestStateRow,
                (RequestStateRow.request_id == RequestRow.id) & (RequestStateRow.fingerprint == print_),
            )
            .outerjoin(strict, strict.c.request_id == RequestRow.id)
            .where(RequestRow.case_id.in_(chunk))
            .order_by(RequestRow.id)
        )
        for rid, cid, jurisdiction, authority, status, next_due, first_strict in session.execute(statement):
            kept = status is not None
            by_case[cid].append(
                KeptCaseRequest(
                    rid,
                    jurisdiction,
                    _one_line(authority or ""),
                    status or "",
                    next_due if kept else None,
                    first_strict if kept else None,
                )
            )
    return [
        KeptCaseRow(cid, title, client or "", closed, created, tuple(by_case[cid]))
        for cid, title, closed, created, client in cases
    ]
