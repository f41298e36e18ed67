"""A request's status and open deadline, derived from its events and the law. No Qt.

Interim: the full lifecycle engine (stop-the-clock per law, escalation windows, overdue levels)
is issue 6 in ``app.cases``. Until it lands this module applies the simplest reading of the
events and the law engine's ``due_date``, and says in the trace what it assumed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.cases.records import Request as RequestRecord
from app.cases.records import RequestEvent
from app.errors import HabeasError
from app.i18n import _, current_language
from app.law import DueDateResult, KnowledgeBase, Pause, due_date

log = logging.getLogger(__name__)

OUTCOMES = {
    "answered": "answered",
    "granted": "granted",
    "partly_granted": "partly_granted",
    "refused": "refused",
    "no_data": "no_data",
}
ESCALATIONS = {"reminder_sent", "complaint_filed", "reconsideration_filed", "appeal_filed", "court_filed"}
CLOSING = {"closed", "withdrawn"}
OPEN_STATUSES = ("sent", "delivered", "acknowledged", "extended", "clarification")
# Most urgent first: which request's status stands for the whole case in the list.
URGENCY = (
    "clarification",
    "extended",
    "acknowledged",
    "delivered",
    "sent",
    "escalated",
    "refused",
    "partly_granted",
    "answered",
    "no_data",
    "granted",
    "draft",
    "closed",
)


@dataclass(frozen=True)
class RequestState:
    status: str
    due: DueDateResult | None
    trace: tuple[str, ...]  # why: the assumptions and the deadline's explanation

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES


DueMemo = dict[tuple[object, ...], DueDateResult]


def request_state(
    kb: KnowledgeBase,
    request: RequestRecord,
    events: Sequence[RequestEvent],
    today: date,
    memo: DueMemo | None = None,
) -> RequestState:
    """``memo`` caches due dates across many requests (the case list): same inputs, same answer."""
    ordered = sorted(events, key=lambda e: (e.date, e.id or 0))
    status = _status(ordered)
    if status not in OPEN_STATUSES:
        return RequestState(status, None, ())
    notes: list[str] = []
    received = next((e.date for e in ordered if e.kind in ("received", "delivered")), None)
    if received is None:
        received = next(e.date for e in ordered if e.kind == "sent")
        notes.append(_("No receipt recorded: the period is counted from the day the letter was sent."))
    pauses = _pauses(ordered, today)
    if pauses:
        notes.append(_("Time while the authority waited for clarification is not counted (interim rule)."))
    extended = any(e.kind == "extended" for e in ordered)
    try:
        route = kb.route(request.jurisdiction, request.regime, request.rights[0])
        lang = current_language()
        key = (request.jurisdiction, received, route.deadline.id, extended, tuple(pauses), lang)
        result = memo.get(key) if memo is not None else None
        if result is None:
            result = due_date(
                request.jurisdiction,
                received,
                rule=route.deadline,
                extended=extended,
                pauses=pauses,
                kb=kb,
                lang=lang,
            )
            if memo is not None:
                memo[key] = result
    except HabeasError as exc:
        return RequestState(status, None, (*notes, str(exc)))
    return RequestState(status, result, (*notes, *result.explain(current_language())))


def _status(events: Sequence[RequestEvent]) -> str:
    status = "draft"
    waiting = False
    for e in events:
        if e.kind in CLOSING:
            return "closed"
        if e.kind in OUTCOMES:
            status = OUTCOMES[e.kind]
        elif e.kind in ESCALATIONS:
            status = "escalated"
        elif status in ("draft", *OPEN_STATUSES):
            if e.kind == "clarification_requested":
                waiting = True
            elif e.kind == "clarification_given":
                waiting = False
            elif e.kind == "sent" and status == "draft":
                status = "sent"
            elif e.kind in ("delivered", "received") and status == "sent":
                status = "delivered"
            elif e.kind == "acknowledged":
                status = "acknowledged"
            elif e.kind == "extended":
                status = "extended"
    if waiting and status in OPEN_STATUSES:
        return "clarification"
    return status


def _pauses(events: Sequence[RequestEvent], today: date) -> list[Pause]:
    out: list[Pause] = []
    start: date | None = None
    for e in events:
        if e.kind == "clarification_requested" and start is None:
            start = e.date
        elif e.kind == "clarification_given" and start is not None:
            out.append(Pause(start=start, end=e.date, reason="clarification"))
            start = None
    if start is not None and start <= today:
        out.append(Pause(start=start, end=today, reason="clarification"))
    return out


def summary_state(states: Sequence[RequestState]) -> tuple[str, date | None]:
    """The case's status (its most urgent request's) and its earliest open deadline."""
    if not states:
        return "draft", None
    status = min((s.status for s in states), key=lambda s: URGENCY.index(s) if s in URGENCY else len(URGENCY))
    dues = [s.due.due for s in states if s.open and s.due is not None]
    return status, min(dues) if dues else None
