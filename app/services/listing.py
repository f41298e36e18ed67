"""Lists over many cases: the case list with each case's status and next deadline, and the open
deadlines of every case. Each request's state is computed once per listing; a request whose
deadlines cannot be computed is reported with the reason, never silently dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from app.cases.deadlines import Deadline, RequestState, request_state, sort_deadlines
from app.cases.lifecycle import Status, derive_status
from app.cases.records import CaseSummary, Request, RequestEvent
from app.cases.service import DeadlineRow, one_line
from app.errors import HabeasError
from app.law import KnowledgeBase

log = logging.getLogger(__name__)

# Most urgent first: which request's status stands for the whole case in the list.
URGENCY: tuple[Status, ...] = (
    Status.CLARIFICATION,
    Status.EXTENDED,
    Status.ACKNOWLEDGED,
    Status.RECEIVED,
    Status.SENT,
    Status.REFUSED,
    Status.PARTLY_GRANTED,
    Status.ESCALATED,
    Status.NO_DATA,
    Status.ANSWERED,
    Status.GRANTED,
    Status.DRAFT,
    Status.CLOSED,
)

# (request id, why its deadlines cannot be computed)
Failure = tuple[int, str]


@dataclass(frozen=True)
class CaseListEntry:
    """One case as lists show it: names on one line, its status, and its open deadlines."""

    case_id: int
    title: str
    client: str
    jurisdiction: str
    authority: str
    status: Status
    next_due: date | None  # the earliest open deadline: the authority's reply or an escalation window
    opened: date
    overdue: bool  # the earliest deadline has passed (a waiting period never counts)
    deadlines: tuple[DeadlineRow, ...]  # none for a closed case


@dataclass(frozen=True)
class CaseListPage:
    entries: tuple[CaseListEntry, ...]
    failed: tuple[Failure, ...]


@dataclass(frozen=True)
class DeadlineReport:
    """Open deadlines of every open case, overdue first, then by date."""

    rows: tuple[DeadlineRow, ...]
    failed: tuple[Failure, ...]


def summary_status(statuses: Iterable[Status]) -> Status:
    """The case's status: its most urgent request's."""
    found = list(statuses)
    if not found:
        return Status.DRAFT
    return min(found, key=lambda s: URGENCY.index(s) if s in URGENCY else len(URGENCY))


def case_list_page(
    kb: KnowledgeBase, summaries: Sequence[CaseSummary], today: date, lang: str
) -> CaseListPage:
    """Entries for ``summaries`` (as ``Store.case_summaries`` reads them), in their order."""
    entries: list[CaseListEntry] = []
    failed: list[Failure] = []
    for summary in summaries:
        case = summary.case
        statuses: list[Status] = []
        dues: list[Deadline] = []
        rows: list[DeadlineRow] = []
        for bundle in summary.requests:
            request = bundle.request
            state = _state(kb, request, bundle.events, today, lang, failed)
            statuses.append(state.status if state is not None else derive_status(bundle.events))
            if state is None or case.closed:
                continue
            dues += state.deadlines
            authority = one_line(bundle.authority.name) if bundle.authority else ""
            rows += [DeadlineRow(d, case.id or 0, request.jurisdiction, authority) for d in state.deadlines]
        first_due = sort_deadlines(dues, today)[0] if dues else None
        requests = summary.requests
        entries.append(
            CaseListEntry(
                case_id=case.id or 0,
                title=one_line(case.title),
                client=summary.client.name if summary.client else "",
                jurisdiction=requests[0].request.jurisdiction if requests else "",
                authority=next((one_line(b.authority.name) for b in requests if b.authority), ""),
                status=Status.CLOSED if case.closed else summary_status(statuses),
                next_due=min((d.due for d in dues), default=None),
                opened=case.created.date(),
                overdue=first_due is not None and first_due.is_overdue(today),
                deadlines=tuple(rows),
            )
        )
    return CaseListPage(tuple(entries), tuple(failed))


def _state(
    kb: KnowledgeBase,
    request: Request,
    events: Sequence[RequestEvent],
    today: date,
    lang: str,
    failed: list[Failure],
) -> RequestState | None:
    try:
        return request_state(kb, request, events, today, lang)
    except HabeasError as exc:  # never silently dropped: the caller says which request
        log.warning("deadlines of request %s cannot be computed: %s", request.id, type(exc).__name__)
        failed.append((request.id or 0, str(exc)))
        return None
