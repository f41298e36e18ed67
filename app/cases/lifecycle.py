"""A request's status, derived from its events (never stored): draft → sent → … → closed.

Pure: imports only the case records, the law package, i18n and errors. What the status means for
deadlines (receipt, stop-the-clock, extension, escalation windows) lives in ``app.cases.clock`` and
``app.cases.deadlines``; ``request_state`` in ``app.cases.deadlines`` puts them together.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import StrEnum

from app.cases.records import EVENT_KINDS, RequestEvent
from app.errors import InputError, Problem
from app.i18n import N_, _

log = logging.getLogger(__name__)


class Status(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    EXTENDED = "extended"
    CLARIFICATION = "clarification"  # the authority asked for clarification / identity proof
    ANSWERED = "answered"
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED = "refused"
    NO_DATA = "no_data"
    ESCALATED = "escalated"
    CLOSED = "closed"


class Overdue(StrEnum):
    NO = "no"
    OVERDUE = "overdue"
    VERY_OVERDUE = "very_overdue"


STATUS_LABELS: dict[Status, str] = {
    Status.DRAFT: N_("draft"),
    Status.SENT: N_("sent"),
    Status.RECEIVED: N_("received by the authority"),
    Status.ACKNOWLEDGED: N_("acknowledged"),
    Status.EXTENDED: N_("period extended"),
    Status.CLARIFICATION: N_("clarification requested"),
    Status.ANSWERED: N_("answered"),
    Status.GRANTED: N_("granted"),
    Status.PARTLY_GRANTED: N_("partly granted"),
    Status.REFUSED: N_("refused"),
    Status.NO_DATA: N_("no data held"),
    Status.ESCALATED: N_("escalated"),
    Status.CLOSED: N_("closed"),
}

OVERDUE_LABELS: dict[Overdue, str] = {
    Overdue.NO: N_("on time"),
    Overdue.OVERDUE: N_("overdue"),
    Overdue.VERY_OVERDUE: N_("very overdue"),
}

# "Very overdue": more than this many calendar days past the response deadline. The law has no such
# notion; 30 days is the app's threshold for the second alarm level [I].
VERY_OVERDUE_DAYS = 30

# Events that are the authority's answer, and the status each one gives.
OUTCOME_KINDS: dict[str, Status] = {
    "answered": Status.ANSWERED,
    "granted": Status.GRANTED,
    "partly_granted": Status.PARTLY_GRANTED,
    "refused": Status.REFUSED,
    "no_data": Status.NO_DATA,
}
# Escalation events and the escalation-step kind (app.law StepKind) each one files.
ESCALATION_KINDS: dict[str, str] = {
    "reminder_sent": "reminder",
    "complaint_filed": "complaint",
    "reconsideration_filed": "reconsideration",
    "appeal_filed": "appeal",
    "court_filed": "court",
}
CLOSING_KINDS: frozenset[str] = frozenset({"closed", "withdrawn"})
RECEIPT_KINDS: frozenset[str] = frozenset({"received", "delivered"})
PROGRESS: dict[str, Status] = {
    "sent": Status.SENT,
    "delivered": Status.RECEIVED,
    "received": Status.RECEIVED,
    "acknowledged": Status.ACKNOWLEDGED,
    "extended": Status.EXTENDED,
}
# Before the answer: the order progress statuses may advance in (an acknowledgement after an
# extension does not undo the extension).
_PROGRESS_ORDER = (Status.DRAFT, Status.SENT, Status.RECEIVED, Status.ACKNOWLEDGED, Status.EXTENDED)

# Command-line spellings (hyphens) of the stored kinds (underscores); a few friendly aliases.
KIND_ALIASES: dict[str, str] = {
    "extension": "extended",
    "clarification-asked": "clarification_requested",
    "identity-requested": "clarification_requested",
    "reminder": "reminder_sent",
    "complaint": "complaint_filed",
    "reconsideration": "reconsideration_filed",
    "appeal": "appeal_filed",
    "court": "court_filed",
    "follow-up": "reminder_sent",
}


def event_kind(spelling: str) -> str:
    """The stored event kind for a CLI/UI spelling (``clarification-requested`` → ``…_requested``)."""
    key = spelling.strip().lower()
    kind = KIND_ALIASES.get(key, key.replace("-", "_"))
    if kind not in EVENT_KINDS:
        raise InputError(
            _("Nothing was recorded."),
            [
                Problem(
                    "KIND",
                    _("unknown event kind {kind}; known: {kinds}").format(
                        kind=spelling, kinds=", ".join(k.replace("_", "-") for k in EVENT_KINDS)
                    ),
                )
            ],
        )
    return kind


def ordered(events: Sequence[RequestEvent]) -> list[RequestEvent]:
    """Events in the order they happened (same day: the order they were recorded)."""
    return sorted(events, key=lambda e: (e.date, e.id if e.id is not None else 0))


def derive_status(events: Sequence[RequestEvent]) -> Status:
    """The status the events give, without deadlines (overdue is computed in app.cases.deadlines)."""
    status = Status.DRAFT
    waiting_for_requester = False
    for event in ordered(events):
        kind = event.kind
        if kind in CLOSING_KINDS:
            return Status.CLOSED
        if kind in OUTCOME_KINDS:
            status, waiting_for_requester = OUTCOME_KINDS[kind], False
        elif kind in ESCALATION_KINDS:
            # A reminder, complaint or appeal moves the request on; a later decision shows as its outcome.
            status = Status.ESCALATED
        elif kind == "clarification_requested" and status in _PROGRESS_ORDER:
            waiting_for_requester = True
        elif kind == "clarification_given":
            waiting_for_requester = False
        elif kind in PROGRESS and status in _PROGRESS_ORDER:
            new = PROGRESS[kind]
            if _PROGRESS_ORDER.index(new) > _PROGRESS_ORDER.index(status):
                status = new
    if waiting_for_requester and status in _PROGRESS_ORDER:
        return Status.CLARIFICATION
    return status


def last_outcome(events: Sequence[RequestEvent]) -> RequestEvent | None:
    """The latest answer (of the authority or of a body an escalation went to)."""
    found = [e for e in ordered(events) if e.kind in OUTCOME_KINDS]
    return found[-1] if found else None


def filed_escalations(events: Sequence[RequestEvent]) -> dict[str, RequestEvent]:
    """Step kind → the first event that filed it (reminder, complaint, reconsideration...)."""
    out: dict[str, RequestEvent] = {}
    for event in ordered(events):
        step_kind = ESCALATION_KINDS.get(event.kind)
        if step_kind is not None and step_kind not in out:
            out[step_kind] = event
    return out


def is_closed(events: Sequence[RequestEvent]) -> bool:
    return any(e.kind in CLOSING_KINDS for e in events)


def status_label(status: Status) -> str:
    return _(STATUS_LABELS[status])


def overdue_label(level: Overdue) -> str:
    return _(OVERDUE_LABELS[level])
