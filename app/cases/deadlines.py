"""Open deadlines of a request: the authority's response period and every escalation window.

``request_state(kb, request, events, today)`` is the one entry point: status (``app.cases.lifecycle``),
response clock (``app.cases.clock``), the escalation steps the law data offer for the route, each
with its own computed window and trace, and the notices the user must see. Everything is derived
from the events and the law on each call; nothing is stored.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import cached_property

from app.cases.clock import ResponseClock, day_after, response_clock, rule_due
from app.cases.lifecycle import (
    VERY_OVERDUE_DAYS,
    Overdue,
    Status,
    derive_status,
    filed_steps,
    first_filed_of_kind,
    is_closed,
    last_outcome,
    ordered,
    step_decisions,
)
from app.cases.records import Request, RequestEvent
from app.contract import day_problem, read_day
from app.errors import HabeasError
from app.i18n import _
from app.languages import language as registry_language
from app.law import Context, DeadlineKind, DeadlineRule, DueDateResult, EscalationStep, KnowledgeBase, Route

log = logging.getLogger(__name__)

# What each answer opens, in the vocabulary of EscalationStep.triggers.
OUTCOME_TRIGGERS: dict[str, frozenset[str]] = {
    "refused": frozenset({"refusal", "any"}),
    "partly_granted": frozenset({"partial", "any"}),
    "no_data": frozenset({"partial", "any"}),  # a "no data" answer the person disputes is incomplete [I]
    "answered": frozenset({"any"}),
    "granted": frozenset({"any"}),
}
# Starts that are the answer (or the non-answer): CN "knew of the act", US FOIA "determination" and
# the cause of action under § 552a(g)(5) / 28 U.S.C. § 2401(a) — taken as the answer's date, the
# earliest plausible accrual, so a filing window is never shown later than it may end [I].
ANSWER_STARTS: frozenset[str] = frozenset(
    {"act_known", "answer_received", "refusal_received", "determination", "cause_of_action"}
)


@dataclass(frozen=True)
class Deadline:
    """One dated deadline or window, with its calculation."""

    request_id: int
    key: str  # stable within the request: "response", "step:CN-RECONSIDERATION", "step:…:then"
    kind: str  # DeadlineKind: response (authority), filing (you, by then), waiting (you, from then)
    title: str
    due: date
    start: date
    rule_id: str | None
    step_id: str | None
    step_kind: str | None
    statutory: bool
    provisional: bool
    alternative: date | None
    citations: tuple[str, ...]
    notes: tuple[str, ...] = ()  # how the events were applied (receipt, pauses), before the calculation
    flags: tuple[str, ...] = ()
    # The computation; its explanation is rendered only when ``trace`` is read (lists need none).
    result: DueDateResult | None = field(default=None, compare=False, repr=False)

    @cached_property
    def trace(self) -> tuple[str, ...]:
        """How the date was counted, line by line, in the language it was computed in."""
        return (*self.notes, *(self.result.explain() if self.result is not None else ()))

    def days_left(self, today: date) -> int:
        return (self.due - today).days

    def is_overdue(self, today: date) -> bool:
        """A waiting period that has passed is not overdue: the step is simply open now."""
        return self.kind != DeadlineKind.WAITING and today > self.due

    def is_open(self, today: date) -> bool:
        return self.kind != DeadlineKind.WAITING or today <= self.due


class StepState(StrEnum):
    """Where one escalation step stands (derived from the events and the law data)."""

    WAITING = "waiting"  # not yet admissible: a waiting period runs (§ 75 VwGO, DPA 2018 s.166)
    OPEN = "open"  # may be filed now (within its window, if it has one)
    FILED = "filed"  # filed; the deciding body's period runs
    DECIDED = "decided"  # the deciding body has answered; what follows opens
    LAPSED = "lapsed"  # the filing window passed without a filing
    CLOSED = "closed"  # the request is closed


@dataclass(frozen=True)
class AvailableStep:
    """An escalation step the request has reached, with its window and, once filed, its answer period."""

    step: EscalationStep
    deadline: Deadline | None  # the filing window or the waiting period; None where the law sets none
    filed: bool  # filed (its answer period is ``answer``)
    state: StepState = StepState.OPEN
    answer: Deadline | None = None  # the deciding body's period, once filed
    filed_on: date | None = None
    decided_on: date | None = None
    outcome: str = ""  # the decision: granted, refused, partly_granted
    opens: date | None = None  # the first day it may be filed
    closes: date | None = None  # the last day it may be filed

    @property
    def provisional(self) -> bool:
        return any(d is not None and d.provisional for d in (self.deadline, self.answer))


@dataclass(frozen=True)
class RequestState:
    request_id: int
    status: Status
    overdue: Overdue
    response: Deadline | None  # the authority's answer period, while no answer is recorded
    deadlines: tuple[Deadline, ...]  # every open dated deadline, overdue first, then by date
    steps: tuple[AvailableStep, ...]
    notices: tuple[str, ...]  # flags and legal notes the user must see
    # The response period as computed, also after the answer (for the dossier: answered on time?).
    response_period: Deadline | None = None

    @property
    def open(self) -> bool:
        return self.status not in (Status.CLOSED, Status.DRAFT)


def deadline_title(step: EscalationStep | None, key: str, kind: str, statutory: bool, lang: str) -> str:
    """A deadline's title from what identifies it, so a kept deadline is titled in the UI language
    of the moment it is shown: "Reply due from the authority", "Objection: file by this date"."""
    if step is None:
        if statutory:
            return _("Reply due from the authority")
        return _("Reply expected (reference period, not statutory)")
    name = step.text_in("name", lang)
    if key.endswith(":answer"):
        return _("{step}: decision due").format(step=name)
    if kind == DeadlineKind.WAITING:
        return _("{step}: possible from this date").format(step=name)
    if kind == DeadlineKind.FILING:
        return _("{step}: file by this date").format(step=name)
    return _("{step}: decision due").format(step=name)


def sort_deadlines(deadlines: Sequence[Deadline], today: date) -> list[Deadline]:
    """Overdue first (longest overdue first), then by date; ties by request and key for stable output."""
    return sorted(deadlines, key=lambda d: (not d.is_overdue(today), d.due, d.request_id, d.key))


def request_state(
    kb: KnowledgeBase, request: Request, events: Sequence[RequestEvent], today: date, lang: str = "en"
) -> RequestState:
    rid = request.id or 0
    check_stored_events(rid, events)
    status = derive_status(events)
    if is_closed(events) or status is Status.DRAFT:
        return RequestState(rid, status, Overdue.NO, None, (), (), ())
    route = kb.route(request.jurisdiction, request.regime, request.rights[0])
    clock = response_clock(kb, request.jurisdiction, request.regime, route.deadline, events, today, lang)
    outcome = last_outcome(events)
    notices: list[str] = list(clock.flags)
    response = None
    period = _response_deadline(kb, rid, route, clock, lang) if clock.result is not None else None
    overdue = Overdue.NO
    if outcome is None and period is not None:
        response = period
        late = (today - response.due).days
        if late > VERY_OVERDUE_DAYS:
            overdue = Overdue.VERY_OVERDUE
        elif late > 0:
            overdue = Overdue.OVERDUE
    if len(request.rights) > 1:
        notices.append(
            _("Deadlines follow the first right of this request ({right}).").format(right=request.rights[0])
        )
    windows, steps, step_notices = _escalation(kb, request, route, events, clock, outcome, today, lang)
    notices += step_notices
    dated = ([response] if response is not None else []) + windows
    open_ = [d for d in dated if d.is_open(today)]
    return RequestState(
        rid,
        status,
        overdue,
        response,
        tuple(sort_deadlines(open_, today)),
        tuple(steps),
        tuple(dict.fromkeys(notices)),
        period,
    )


def check_stored_events(request_id: int, events: Sequence[RequestEvent]) -> None:
    """Stored events outside the input contract (put in by an old version, or by hand) stop the
    deadlines of their request only, with a message naming the event: HabeasError, which lists
    report per request, never an OverflowError for every case."""
    for e in events:
        problem = day_problem(e.date) if isinstance(e.date, date) else _("is not a date")
        until = e.data.get("until") if isinstance(e.data, dict) else None
        if problem is None and isinstance(until, str) and (announced := read_day(until)) is not None:
            problem = day_problem(announced)
        if problem:
            raise HabeasError(
                _(
                    "the stored event {event} of request {request} ({kind}) cannot be used: {problem}. "
                    "Correct or delete it."
                ).format(event=e.id, request=request_id, kind=e.kind, problem=problem)
            )


def _response_deadline(
    kb: KnowledgeBase, rid: int, route: Route, clock: ResponseClock, lang: str
) -> Deadline:
    assert clock.result is not None and clock.receipt is not None
    rule = route.deadline
    title = deadline_title(None, "response", DeadlineKind.RESPONSE, rule.statutory, lang)
    return Deadline(
        request_id=rid,
        key="response",
        kind=DeadlineKind.RESPONSE,
        title=title,
        due=clock.result.due,
        start=clock.receipt.day,
        rule_id=rule.id,
        step_id=None,
        step_kind=None,
        statutory=rule.statutory,
        provisional=clock.result.provisional,
        alternative=clock.result.alternative,
        citations=_citations(kb, rule.provisions, lang),
        notes=clock.notes,
        result=clock.result,
        flags=clock.flags + ((clock.result.provisional_reason,) if clock.result.provisional else ()),
    )


def _citations(kb: KnowledgeBase, ids: Sequence[str], lang: str) -> tuple[str, ...]:
    return tuple(kb.provisions[p].citation_in(lang) for p in ids if p in kb.provisions)


# A decision's outcome (decision_received --outcome) in the vocabulary of EscalationStep.triggers.
DECISION_TRIGGERS: dict[str, frozenset[str]] = {
    "refused": frozenset({"refusal", "any"}),
    "partly_granted": frozenset({"partial", "any"}),
    "granted": frozenset({"any"}),
}


@dataclass(frozen=True)
class _Reached:
    """How a step was reached: the trigger day (answer, decision or silence) and whether by silence."""

    day: date
    silence: bool
    prior: AvailableStep | None = None  # the earlier step (``after``) whose decision or silence it was


def _escalation(
    kb: KnowledgeBase,
    request: Request,
    route: Route,
    events: Sequence[RequestEvent],
    clock: ResponseClock,
    outcome: RequestEvent | None,
    today: date,
    lang: str,
) -> tuple[list[Deadline], list[AvailableStep], list[str]]:
    """Every step the request has reached, in route order, each followed to its end.

    A step without ``after`` is reached by the request stage's outcome (or its silence); a step
    with ``after`` by the decision (or the silence) of an earlier step. Filing a step starts its
    answer period; a decision on it opens what follows.
    """
    rid = request.id or 0
    filed = filed_steps(events, kb, route.escalation)
    decisions = step_decisions(events)
    closed = is_closed(events)
    notices: list[str] = []
    steps_data = list(route.escalation)
    context = kb.jurisdiction(request.jurisdiction).contexts.get(request.context)
    if context is not None:
        # Steps the law closes to this context (CN criminal-justice data), and what is said instead.
        steps_data = [s for s in steps_data if s.id not in context.excluded_steps]
        if context.notice:
            notices.append(_context_notice(context, steps_data, lang))
    # What the request stage has produced so far: an answer, or silence after the due date.
    first_outcome = next(
        (
            e
            for e in ordered(events)
            if e.kind in ("answered", "granted", "partly_granted", "refused", "no_data")
        ),
        None,
    )
    triggers: frozenset[str] = frozenset()
    act_known: date | None = None
    if first_outcome is not None:
        triggers = OUTCOME_TRIGGERS[first_outcome.kind]
        act_known = first_outcome.date
    elif clock.result is not None and today > clock.result.due:
        triggers = frozenset({"silence"})
        act_known = day_after(clock.result.due)  # the overdue non-answer is known the day after [I]
    windows: list[Deadline] = []
    done: dict[str, AvailableStep] = {}

    def reached(step: EscalationStep) -> _Reached | None:
        if not step.after:
            if act_known is not None and triggers & set(step.triggers):
                return _Reached(act_known, triggers == {"silence"})
            return None
        for prior_id in step.after:
            prior = done.get(prior_id)
            if prior is None:
                continue
            if prior.decided_on is not None:
                if DECISION_TRIGGERS.get(prior.outcome, frozenset()) & set(step.triggers):
                    return _Reached(prior.decided_on, False, prior)
            elif prior.answer is not None and "silence" in step.triggers and today > prior.answer.due:
                # The deciding body let its period pass. The next window runs from the end of that
                # period ("自复议期满之日起", ALL art 45), the earlier of the possible readings.
                return _Reached(prior.answer.due, True, prior)
        return None

    for step in _in_dependency_order(steps_data):
        filing = filed.get(step.id)
        how = reached(step)
        rule = step.deadline
        start, start_note = _window_start(
            kb, step, rule, events, filed, steps_data, clock, act_known, triggers, how
        )
        deadline = None
        if rule is not None and start is not None:
            try:
                deadline = _step_deadline(kb, rid, request.jurisdiction, step, rule, start, start_note, lang)
            except HabeasError as exc:  # e.g. a year without calendar data: say so, never crash
                notices.append(f"{step.text_in('name', lang)}: {exc}")
        if step.after and how is None and filing is None:
            continue  # e.g. the suit after reconsideration: reached only by the decision or its lapse
        needs_prior_step = rule is not None and (
            bool(_filing_kinds(kb, rule.start_event)) or bool(_decision_kinds(kb, rule.start_event))
        )
        if needs_prior_step and deadline is None and filing is None:
            continue
        if how is None and filing is None and deadline is None:
            continue  # not reached
        answer = None
        if filing is not None and step.answer is not None:
            try:
                answer = _answer_deadline(kb, rid, request.jurisdiction, step, filing, lang)
            except HabeasError as exc:
                notices.append(f"{step.text_in('name', lang)}: {exc}")
        decision = decisions.get(step.id)
        # An alternative already taken (the Widerspruch instead of a direct Klage) closes this step.
        taken = filing is None and any(other in filed for other in step.instead_of)
        available = _step_state(step, deadline, answer, filing, decision, closed or taken, today)
        done[step.id] = available
        if available.state in (StepState.OPEN, StepState.WAITING) and deadline is not None:
            windows.append(deadline)
            windows += _follow_on(kb, rid, request.jurisdiction, step, deadline, lang)
        if available.state is StepState.FILED and answer is not None:
            windows.append(answer)
        if rule is not None and start is None and how is not None and _untracked(kb, rule.start_event):
            notices.append(
                _(
                    "{step}: the start of its window ({event}) is not recorded; compute it with "
                    "'habeas deadline --rule {rule}'."
                ).format(step=step.text_in("name", lang), event=rule.start_event, rule=rule.id)
            )
    order = {s.id: n for n, s in enumerate(steps_data)}
    steps = sorted(done.values(), key=lambda a: order[a.step.id])
    return windows, steps, notices


def _in_dependency_order(steps: Sequence[EscalationStep]) -> list[EscalationStep]:
    """Route order, but every step after the steps it follows (``after``), so those are known first."""
    out: list[EscalationStep] = []
    placed: set[str] = set()
    pending = list(steps)
    ids = {s.id for s in steps}
    while pending:
        progressed = False
        for step in list(pending):
            if all(p in placed or p not in ids for p in step.after):
                out.append(step)
                placed.add(step.id)
                pending.remove(step)
                progressed = True
        if not progressed:  # a cycle (the loader refuses self-references; be safe anyway)
            out += pending
            break
    return out


def _step_state(
    step: EscalationStep,
    deadline: Deadline | None,
    answer: Deadline | None,
    filing: RequestEvent | None,
    decision: RequestEvent | None,
    closed: bool,
    today: date,
) -> AvailableStep:
    opens = closes = None
    if deadline is not None:
        if deadline.kind == DeadlineKind.WAITING:
            opens = deadline.due
        elif deadline.kind == DeadlineKind.FILING:
            opens, closes = deadline.start, deadline.due
    if decision is not None and filing is not None and decision.date >= filing.date:
        state = StepState.DECIDED
    elif filing is not None:
        state = StepState.FILED
    elif closed:
        state = StepState.CLOSED
    elif (
        deadline is not None
        and deadline.kind == DeadlineKind.WAITING
        and today <= deadline.due - timedelta(1)
    ):
        state = StepState.WAITING  # ``due`` of a waiting period is the first day the step is possible
    elif closes is not None and today > closes:
        state = StepState.LAPSED
    else:
        state = StepState.OPEN
    decided = state is StepState.DECIDED and decision is not None
    return AvailableStep(
        step,
        deadline,
        filing is not None,
        state,
        answer,
        filing.date if filing is not None else None,
        decision.date if decided and decision is not None else None,
        str(decision.data.get("outcome", "")) if decided and decision is not None else "",
        opens,
        closes,
    )


def _answer_deadline(
    kb: KnowledgeBase, rid: int, jurisdiction: str, step: EscalationStep, filing: RequestEvent, lang: str
) -> Deadline:
    """The deciding body's period: from the filing, or from deemed acceptance (CN ARL art 30)."""
    assert step.answer is not None
    start, note = (
        filing.date,
        _("Counted from the filing recorded on {day}.").format(day=filing.date.isoformat()),
    )
    if step.acceptance is not None:
        accepted = rule_due(kb, jurisdiction, filing.date, step.acceptance, lang=lang).due
        start = accepted
        note = _(
            "Counted from acceptance: unless refused within the acceptance period, the application counts "
            "as accepted on {day}."
        ).format(day=accepted.isoformat())
    return _step_deadline(kb, rid, jurisdiction, step, step.answer, start, note, lang, ":answer")


def _filing_kinds(kb: KnowledgeBase, start_event: str) -> frozenset[str]:
    """Step kinds whose filing starts a period with ``start_event`` (from the step-kind data)."""
    return frozenset(k.id for k in kb.step_kinds.values() if start_event in k.filing_starts)


def _decision_kinds(kb: KnowledgeBase, start_event: str) -> frozenset[str]:
    """Step kinds whose decision starts a period with ``start_event``."""
    return frozenset(k.id for k in kb.step_kinds.values() if start_event in k.decision_starts)


def _window_start(
    kb: KnowledgeBase,
    step: EscalationStep,
    rule: DeadlineRule | None,
    events: Sequence[RequestEvent],
    filed: dict[str, RequestEvent],
    steps: Sequence[EscalationStep],
    clock: ResponseClock,
    act_known: date | None,
    triggers: frozenset[str],
    how: _Reached | None = None,
) -> tuple[date | None, str]:
    if rule is None:
        return None, ""
    event = rule.start_event
    filing_kinds, decision_kinds = _filing_kinds(kb, event), _decision_kinds(kb, event)
    if how is not None and how.prior is not None:
        # Reached through an earlier step: its filing, its decision or its silence starts the window.
        prior = how.prior
        if filing_kinds and prior.filed_on is not None:
            return prior.filed_on, _("Counted from the filing recorded on {day}.").format(
                day=prior.filed_on.isoformat()
            )
        if how.silence:
            return how.day, _(
                "No decision within its period, which ended on {day}: counted from then."
            ).format(day=how.day.isoformat())
        return how.day, _("Counted from the decision recorded on {day}.").format(day=how.day.isoformat())
    if filing_kinds:
        filing = first_filed_of_kind(filed, steps, filing_kinds)
        if filing is None or _answered_after(events, filing.date):
            return None, ""
        return filing.date, _(
            "Counted from the filing recorded on {day} (record the day it was received if later)."
        ).format(day=filing.date.isoformat())
    if decision_kinds:
        body = first_filed_of_kind(filed, steps, decision_kinds)
        decision = next(
            (
                e
                for e in ordered(events)
                if body is not None and e.date >= body.date and e.kind in OUTCOME_TRIGGERS and e.id != body.id
            ),
            None,
        )
        if decision is None:
            return None, ""
        return decision.date, _("Counted from the decision recorded on {day}.").format(
            day=decision.date.isoformat()
        )
    if not triggers & set(step.triggers):
        return None, ""
    if event == "received":
        if (
            "silence" not in step.triggers
            or clock.receipt is None
            or _answered_after(events, clock.receipt.day)
        ):
            return None, ""
        return clock.receipt.day, _("Counted from the authority's receipt of the request.")
    if event in ANSWER_STARTS and act_known is not None:
        if triggers == {"silence"}:
            return act_known, _("No answer by the due date: the non-answer is known from {day} [I].").format(
                day=act_known.isoformat()
            )
        return act_known, _("Counted from the answer recorded on {day}.").format(day=act_known.isoformat())
    return None, ""


def _untracked(kb: KnowledgeBase, start_event: str) -> bool:
    """A start the events cannot give (as opposed to one that has simply not happened yet)."""
    known = {"received", "performance_period_expired"}
    if start_event in known | ANSWER_STARTS:
        return False
    return not (_filing_kinds(kb, start_event) or _decision_kinds(kb, start_event))


def _answered_after(events: Sequence[RequestEvent], day: date) -> bool:
    return any(e.kind in OUTCOME_TRIGGERS and e.date >= day for e in events)


def _step_deadline(
    kb: KnowledgeBase,
    rid: int,
    jurisdiction: str,
    step: EscalationStep,
    rule: DeadlineRule,
    start: date,
    start_note: str,
    lang: str,
    key_suffix: str = "",
) -> Deadline:
    result = rule_due(kb, jurisdiction, start, rule, lang=lang)
    kind = DeadlineKind(rule.kind)
    title = deadline_title(step, f"step:{step.id}{key_suffix}", kind, rule.statutory, lang)
    notes = [start_note] if start_note else []
    if rule.pauses:
        notes.append(rule.text_in("pauses", lang))
    # A waiting period runs to the end of its last day: the step is open from the day after.
    due = result.due + timedelta(days=1) if kind == DeadlineKind.WAITING else result.due
    alternative = result.alternative
    if kind == DeadlineKind.WAITING and alternative is not None:
        alternative += timedelta(days=1)  # the day the step would open on that reading
    return Deadline(
        request_id=rid,
        key=f"step:{step.id}{key_suffix}",
        kind=kind,
        title=title,
        due=due,
        start=start,
        rule_id=rule.id,
        step_id=step.id,
        step_kind=str(step.kind),
        statutory=rule.statutory,
        provisional=result.provisional,
        alternative=alternative,
        citations=tuple(p.citation_in(lang) for p in step.provisions),
        notes=tuple(notes),
        result=result,
        flags=(result.provisional_reason,) if result.provisional else (),
    )


def _follow_on(
    kb: KnowledgeBase, rid: int, jurisdiction: str, step: EscalationStep, waiting: Deadline, lang: str
) -> list[Deadline]:
    """A waiting period followed by a filing window (CN: ALL art 47 → ALL Interpretation art 66)."""
    if waiting.kind != DeadlineKind.WAITING:
        return []
    cited = {p.key for p in step.provisions}
    out = []
    for rule in kb.rules.values():
        if (
            rule.start_event == "performance_period_expired"
            and cited & set(rule.provisions)
            and kb.rule_jurisdictions.get(rule.key) == jurisdiction
        ):
            # The filing period runs from the day the waiting period expired (its last day).
            expired = waiting.due - timedelta(days=1)
            note = _("Counted from the end of the waiting period on {day}.").format(day=expired.isoformat())
            out.append(_step_deadline(kb, rid, jurisdiction, step, rule, expired, note, lang, ":then"))
    return out


def _context_notice(context: Context, remaining: Sequence[EscalationStep], lang: str) -> str:
    """The context's notice (CN criminal-justice data), with its provisions and the steps left."""
    language = registry_language(lang)
    provisions = language.join_list(p.citation_in(lang) for p in context.notice_provisions)
    steps = language.join_list(s.text_in("name", lang) for s in remaining) or "-"
    return context.text_in("notice", lang).format(provisions=provisions, steps=steps)


def within(deadlines: Sequence[Deadline], today: date, days: int | None) -> list[Deadline]:
    """Overdue ones always; others due within ``days`` (all when None)."""
    if days is None:
        return list(deadlines)
    limit = today + timedelta(days=days)
    return [d for d in deadlines if d.is_overdue(today) or d.due <= limit]
