"""A request's status, derived from its events (never stored): draft → sent → … → closed.

Pure: imports only the case records, the law package, i18n and errors. What the status means for
deadlines (receipt, stop-the-clock, extension, escalation windows) lives in ``app.cases.clock`` and
``app.cases.deadlines``; ``request_state`` in ``app.cases.deadlines`` puts them together.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from enum import StrEnum

from app.cases.records import EVENT_KIND_LABELS, RequestEvent
from app.errors import InputError, Problem
from app.i18n import N_, _, current_language
from app.law import BASE_EVENTS, EscalationStep, KnowledgeBase

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
CLOSING_KINDS: frozenset[str] = frozenset({"closed", "withdrawn"})
# ``decision_received --outcome``: what the deciding body of a filed step decided, and the status it gives.
DECISION_OUTCOMES: dict[str, Status] = {
    "granted": Status.GRANTED,
    "partly_granted": Status.PARTLY_GRANTED,
    "refused": Status.REFUSED,
}
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

# Command-line spellings (hyphens) of the stored kinds (underscores); a few friendly aliases. The
# events that file an escalation step, and their aliases, come from the step kinds in the law data.
KIND_ALIASES: dict[str, str] = {
    "extension": "extended",
    "clarification-asked": "clarification_requested",
    "identity-requested": "clarification_requested",
}


def known_event_kinds(kb: KnowledgeBase) -> tuple[str, ...]:
    """Every event kind a request's history may hold: its own events, then the step filings."""
    return (*BASE_EVENTS, *kb.filing_events())


def event_kind(spelling: str, kb: KnowledgeBase) -> str:
    """The stored event kind for a CLI/UI spelling (``clarification-requested`` → ``…_requested``)."""
    key = spelling.strip().lower()
    aliases = dict(KIND_ALIASES)
    for spec in kb.step_kinds.values():
        aliases.update({alias: spec.filed_by for alias in spec.aliases})
    kind = aliases.get(key, key.replace("-", "_"))
    known = known_event_kinds(kb)
    if kind not in known:
        raise InputError(
            _("Nothing was recorded."),
            [
                Problem(
                    "KIND",
                    _("unknown event kind {kind}; known: {kinds}").format(
                        kind=spelling, kinds=", ".join(k.replace("_", "-") for k in known)
                    ),
                )
            ],
        )
    return kind


def event_label(kind: str, kb: KnowledgeBase | None = None) -> str:
    """The event as a request's history shows it, in the UI language."""
    if kind in EVENT_KIND_LABELS:
        return _(EVENT_KIND_LABELS[kind])
    spec = kb.filing_events().get(kind) if kb is not None else None
    return spec.text_in("event_label", current_language()) if spec is not None else kind.replace("_", " ")


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
        elif kind == "decision_received":
            outcome = event.data.get("outcome") if isinstance(event.data, dict) else None
            status = DECISION_OUTCOMES.get(str(outcome), Status.ESCALATED)
        elif kind not in BASE_EVENTS:
            # A step filing (reminder, complaint, appeal…: the kinds come from the law data) moves the
            # request on; a later decision shows as its outcome.
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


def filed_steps(
    events: Sequence[RequestEvent], kb: KnowledgeBase, steps: Sequence[EscalationStep]
) -> dict[str, RequestEvent]:
    """Step id → the first event that filed it, among ``steps`` (a route's escalation steps).

    A filing event names its step in ``data["step"]``; an older event without one files the first
    step of its kind not yet filed, so two steps of the same kind are never both shown as filed.
    """
    filing = kb.filing_events()
    out: dict[str, RequestEvent] = {}
    by_id = {s.id: s for s in steps}
    for event in ordered(events):
        spec = filing.get(event.kind)
        if spec is None:
            continue
        named = event.data.get("step") if isinstance(event.data, dict) else None
        if isinstance(named, str) and named in by_id:
            if by_id[named].kind == spec.id and named not in out:
                out[named] = event
            continue
        step = next((s for s in steps if s.kind == spec.id and s.id not in out), None)
        if step is not None:
            out[step.id] = event
    return out


def step_decisions(events: Sequence[RequestEvent]) -> dict[str, RequestEvent]:
    """Step id → the latest ``decision_received`` event naming it (the deciding body's answer)."""
    out: dict[str, RequestEvent] = {}
    for event in ordered(events):
        step = event.data.get("step") if isinstance(event.data, dict) else None
        if event.kind == "decision_received" and isinstance(step, str):
            out[step] = event
    return out


def first_filed_of_kind(
    filed: dict[str, RequestEvent], steps: Sequence[EscalationStep], kinds: Collection[str]
) -> RequestEvent | None:
    """The earliest filing among the steps of ``kinds``."""
    found = [filed[s.id] for s in steps if s.kind in kinds and s.id in filed]
    return min(found, key=lambda e: (e.date, e.id or 0)) if found else None


def is_closed(events: Sequence[RequestEvent]) -> bool:
    return any(e.kind in CLOSING_KINDS for e in events)


def status_label(status: Status) -> str:
    return _(STATUS_LABELS[status])


def overdue_label(level: Overdue) -> str:
    return _(OVERDUE_LABELS[level])
