"""Escalation letters — reminder, complaint, reconsideration, indirect access, appeal, court — on the
request-letter machinery: the same template syntax, composer and renderers.

Templates: ``resources/letters/<JURISDICTION>/escalation/<language>.toml`` add ``[kinds.<letter kind>]``
(and may override ``[parts.*]`` such as the annex heading) on top of the request template of the same
jurisdiction and language, so salutation, layout, applicant block and signature are shared. The
letter kind is the escalation step's kind from the law data (``EscalationStep.kind``), unless the
template's ``[step_letters]`` table names a letter kind for the step id: one step kind can cover
steps of which only some have a letter (DE "court": the Untätigkeitsklage has one, the action
against the BfDI not), and that choice stays in data. A kind may list ``requires`` (values that must
not be empty, e.g. the defendant of a court action).

Values besides the request template's (README): ``request_date`` (the request letter sent),
``received`` and ``due_date`` (the original request's receipt and response due date), ``answer_date``,
``outcome_silence`` / ``outcome_refused`` / ``outcome_partial``, ``refusal_grounds`` (as the authority
wrote them), ``original_authority`` and ``original_authority_address``, ``step_deadline`` (this
step's own window, if any), ``reminder_date`` and ``complaint_date`` (the first reminder and
complaint recorded), ``complaint_reference``, ``defendant`` and ``defendant_representative`` (as the
user typed them).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date as babel_format_date

from app.cases.draft import Authority as DraftAuthority
from app.cases.draft import RequestDraft
from app.errors import DataFileError, InputError, Problem
from app.i18n import _, current_language
from app.law import DueDateResult, EscalationStep, KnowledgeBase
from app.letters.compose import compose_template  # one machinery for request and escalation letters
from app.letters.model import Letter
from app.letters.templates import Template, Value, letters_base, letters_dir, load_template

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EscalationFacts:
    """What happened to the request, as the escalation letter states it."""

    request_date: date  # the request letter was sent
    received: date | None
    response: DueDateResult | None  # the original response period
    answer_date: date | None = None
    outcome: str = ""  # "silence" | "refused" | "partial"
    refusal_grounds: str = ""
    window: DueDateResult | None = None  # the step's own window (reconsideration: 60 days ...)
    reminder_date: date | None = None  # the first reminder recorded
    complaint_date: date | None = None  # the first complaint recorded (DPA 2018 s.166 counts from it)
    complaint_reference: str = ""  # the complaint body's reference, as the user gives it
    # A court action: the defendant (the authority's legal entity) and who represents it, as the user
    # gives them; the letter never guesses either.
    defendant: str = ""
    defendant_representative: str = ""
    # The facts the user writes for this letter (never the request's own text, which speaks of the
    # first authority's acts), and the number of the refusal decision.
    step_facts: str = ""
    answer_reference: str = ""
    # The decision on the earlier step this one follows (``after``), or that body's silence.
    decision_date: date | None = None
    decision_reference: str = ""
    decision_outcome: str = ""  # granted | refused | partly_granted
    prior_filed_date: date | None = None
    prior_silence: bool = False
    prior_answer_due: date | None = None


@cache
def escalation_template(jurisdiction: str, language: str, base_dir: Path | None = None) -> Template:
    """The request template of ``jurisdiction``/``language`` with the escalation kinds added."""
    base = load_template(jurisdiction, language, base_dir)
    path = (base_dir or letters_dir()) / jurisdiction / "escalation" / f"{language}.toml"
    extra = load_template(f"{jurisdiction}/escalation", language, base_dir) if path.exists() else None
    if extra is None:
        raise DataFileError(
            str(path), "-", "no escalation letter template for this jurisdiction and language"
        )
    data: dict[str, Any] = dict(base.data)
    for table in ("parts", "kinds", "step_letters"):
        merged = dict(_table(base.data, table))
        merged.update(_table(extra.data, table))
        data[table] = merged
    return Template(path=path, data=data)


def letter_kind(template: Template, step: EscalationStep) -> str:
    """The letter kind the template writes for ``step``: ``[step_letters]`` by step id, else the step kind."""
    chosen = _table(template.data, "step_letters").get(step.id, str(step.kind))
    if not isinstance(chosen, str):
        raise DataFileError(template.name, f"step_letters.{step.id}", "must name a letter kind")
    return chosen


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    return value if isinstance(value, Mapping) else {}


def compose_escalation(
    draft: RequestDraft,
    kb: KnowledgeBase,
    step: EscalationStep,
    facts: EscalationFacts,
    *,
    letter_date: date,
    addressee: DraftAuthority | None = None,
) -> Letter:
    """The letter for ``step`` about the request ``draft`` (the original letter input).

    ``addressee`` is the body the step goes to (the data-protection authority, the reviewing
    government); a reminder goes to the original authority when it is None.
    """
    jurisdiction = kb.jurisdiction(draft.jurisdiction)
    language = draft.language or jurisdiction.letter_language
    template = escalation_template(jurisdiction.code, language, letters_base(jurisdiction))
    kind = letter_kind(template, step)
    if kind not in template.kinds():
        raise InputError(
            _("No letter for this step."),
            [Problem("step", _("no {kind} letter for {code}").format(kind=kind, code=jurisdiction.code))],
        )
    _check_window_passed(step, facts, letter_date)
    if addressee is None and kb.step_kind(step.kind).needs_addressee:
        raise InputError(
            _("No letter for this step."),
            [
                Problem(
                    "addressee",
                    _("required: {who}").format(who=step.text_in("addressee", current_language())),
                )
            ],
        )
    letter_draft = dataclasses.replace(
        draft,
        date=letter_date,
        assume_received=None,
        authority=addressee or draft.authority,
        courtesy_copy_en=False,
    )
    route = (
        kb.route(draft.jurisdiction, draft.regime, draft.right)
        if draft.regime
        else kb.route_for(draft.jurisdiction, draft.context or next(iter(jurisdiction.contexts)), draft.right)
    )
    trace = facts.window or facts.response
    if trace is None:
        raise InputError(
            _("No letter for this step."), [Problem("received", _("the request has no deadline yet"))]
        )

    def fmt(day: date | None) -> str:
        if day is None:
            return ""
        return babel_format_date(
            day, format=template.setting("date_format"), locale=template.setting("locale")
        )

    extra: dict[str, Value] = {
        "request_date": fmt(facts.request_date),
        "received": fmt(facts.received or facts.request_date),
        "due_date": fmt(facts.response.due if facts.response else None),
        "answer_date": fmt(facts.answer_date),
        "outcome_silence": facts.outcome == "silence",
        "outcome_refused": facts.outcome == "refused",
        "outcome_partial": facts.outcome == "partial",
        "refusal_grounds": facts.refusal_grounds,
        "original_authority": ", ".join(x.strip() for x in draft.authority.name.splitlines() if x.strip()),
        "step_deadline": fmt(facts.window.due if facts.window else None),
        "original_authority_address": _one_line_address(draft.authority),
        "reminder_date": fmt(facts.reminder_date),
        "complaint_date": fmt(facts.complaint_date),
        "complaint_reference": facts.complaint_reference.strip(),
        "defendant": facts.defendant.strip(),
        "defendant_representative": facts.defendant_representative.strip(),
        "step_facts": facts.step_facts.strip(),
        "answer_reference": facts.answer_reference.strip(),
        "decision_date": fmt(facts.decision_date),
        "decision_reference": facts.decision_reference.strip(),
        "decision_refused": facts.decision_outcome == "refused",
        "decision_partial": facts.decision_outcome == "partly_granted",
        "decision_granted": facts.decision_outcome == "granted",
        "prior_filed_date": fmt(facts.prior_filed_date),
        "prior_silence": facts.prior_silence,
        "prior_answer_due": fmt(facts.prior_answer_due),
    }
    _check_required(template, kind, extra)
    letter = compose_template(letter_draft, kb, route, trace, template, kind=kind, extra=extra)
    log.info("composed %s letter for %s (%s)", kind, jurisdiction.code, route.regime)
    return letter


def _one_line_address(authority: DraftAuthority) -> str:
    """The authority's address on one line, the postal code added only if the address lacks it."""
    lines = [x.strip() for x in authority.address.splitlines() if x.strip()]
    code = authority.postal_code.strip()
    if code and code.replace(" ", "").upper() not in authority.address.replace(" ", "").upper():
        lines.append(code)
    return ", ".join(lines)


def _check_window_passed(step: EscalationStep, facts: EscalationFacts, letter_date: date) -> None:
    """A step that opens only after a waiting period (§ 75 VwGO, DPA 2018 s.166) is not dated before it ends.

    Both provisions open the step once the period has passed ("not before three months", "before the
    end of the period of 3 months"), so the earliest letter date is the day after the period's end.
    """
    rule, window = step.deadline, facts.window
    if rule is None or window is None or str(rule.kind) != "waiting" or letter_date > window.due:
        return
    raise InputError(
        _("No letter for this step."),
        [
            Problem(
                "date",
                _("this step is open only after its waiting period ends on {day}").format(
                    day=window.due.isoformat()
                ),
            )
        ],
    )


def _check_required(template: Template, kind: str, values: Mapping[str, Value]) -> None:
    """The values the letter kind lists under ``requires`` must be given (e.g. a court action's defendant)."""
    required = _table(template.data, "kinds").get(kind, {}).get("requires", [])
    if not isinstance(required, list) or not all(isinstance(name, str) for name in required):
        raise DataFileError(template.name, f"kinds.{kind}.requires", "must be a list of value names")
    unknown = [name for name in required if name not in values]
    if unknown:
        raise DataFileError(template.name, f"kinds.{kind}.requires", f"unknown value '{unknown[0]}'")
    missing = [name for name in required if not values[name]]
    if missing:
        raise InputError(
            _("No letter for this step."),
            [Problem(name, _("required for this letter")) for name in missing],
        )


def facts_for(
    kb: KnowledgeBase, overview: Any, step_id: str, trace_language: str
) -> tuple[EscalationStep, EscalationFacts]:
    """The step ``step_id`` of a request (a ``RequestOverview``) and the facts its letter states."""
    from app.cases.clock import response_clock
    from app.cases.lifecycle import filed_steps, first_filed_of_kind, last_outcome, step_decisions
    from app.cases.replies import reply_of
    from app.law import due_date

    state = overview.state
    available = next((s for s in state.steps if s.step.id == step_id), None)
    if available is None:
        offered = ", ".join(s.step.id for s in state.steps) or "-"
        raise InputError(
            _("No letter for this step."),
            [
                Problem(
                    "STEP",
                    _("{step} is not open for this request; open steps: {offered}").format(
                        step=step_id, offered=offered
                    ),
                )
            ],
        )
    request, events = overview.request, overview.events
    route = kb.route(request.jurisdiction, request.regime, request.rights[0])
    clock = response_clock(
        kb,
        request.jurisdiction,
        request.regime,
        route.deadline,
        events,
        max(e.date for e in events),
        trace_language,
    )
    sent = next(e for e in events if e.kind == "sent")
    answer = last_outcome(events)
    outcome = "silence"
    grounds = ""
    if answer is not None:
        outcome = {"refused": "refused"}.get(answer.kind, "partial")
        reply = reply_of(answer)
        if reply is not None:
            grounds = "; ".join(
                f"{r.item}: {', '.join(r.grounds)}" if r.grounds else r.item for r in reply.refused
            )
    window = None
    if available.deadline is not None and available.deadline.rule_id:
        d = available.deadline
        rule = kb.rule(d.rule_id, within=request.jurisdiction)
        window = due_date(request.jurisdiction, d.start, rule=rule, kb=kb, lang=trace_language)
    filed = filed_steps(events, kb, route.escalation)
    reminder = first_filed_of_kind(filed, route.escalation, ("reminder",))
    complaint = first_filed_of_kind(filed, route.escalation, ("complaint",))
    # The earlier step this one follows: its decision (date, number, outcome) or its silence.
    prior = next(
        (s for s in state.steps if s.step.id in available.step.after and (s.decided_on or s.answer)), None
    )
    decision = step_decisions(events).get(prior.step.id) if prior is not None else None
    facts = EscalationFacts(
        request_date=sent.date,
        received=clock.receipt.day if clock.receipt else None,
        response=clock.result,
        answer_date=answer.date if answer else None,
        outcome=outcome,
        refusal_grounds=grounds,
        window=window,
        reminder_date=reminder.date if reminder else None,
        complaint_date=complaint.date if complaint else None,
        # The reference recorded with the complaint (the body's case number, if the user put it there):
        # of the earlier step this one follows, else of the first complaint.
        complaint_reference=(
            filed[prior.step.id].receipt_reference
            if prior is not None and prior.step.id in filed
            else complaint.receipt_reference
            if complaint
            else ""
        ),
        answer_reference=answer.receipt_reference if answer else "",
        decision_date=decision.date if decision is not None else None,
        decision_reference=decision.receipt_reference if decision is not None else "",
        decision_outcome=str(decision.data.get("outcome", "")) if decision is not None else "",
        prior_filed_date=prior.filed_on if prior is not None else None,
        prior_silence=prior is not None and decision is None,
        prior_answer_due=prior.answer.due if prior is not None and prior.answer is not None else None,
    )
    return available.step, facts


@dataclass(frozen=True)
class StepLetter:
    """A composed escalation letter, rendered, ready to be stored and shown or written out."""

    step: EscalationStep
    letter: Letter
    pdf: bytes
    text: str


def write_step_letter(
    kb: KnowledgeBase,
    overview: Any,
    step_id: str,
    letter_date: date,
    addressee: DraftAuthority | None,
    *,
    defendant: str = "",
    defendant_representative: str = "",
    complaint_reference: str = "",
    step_facts: str = "",
) -> StepLetter:
    """The letter of an open escalation step of a request (a ``RequestOverview``).

    The one path for the CLI and the window: the original request draft, the template in its
    language, the facts of the request's history, composing and rendering. Raises InputError naming
    what is missing (no stored request input, a step that is not open, a required court detail).
    """
    from app.cases.replies import original_draft
    from app.letters.pdf import render_pdf
    from app.letters.text import render_text

    draft = original_draft(overview.request)
    if draft is None:
        raise InputError(
            _("No letter for this step."), [Problem("request", _("the request has no stored letter input"))]
        )
    jurisdiction = kb.jurisdiction(draft.jurisdiction)
    language = draft.language or jurisdiction.letter_language
    trace_language = escalation_template(jurisdiction.code, language, letters_base(jurisdiction)).setting(
        "trace_language"
    )
    step, facts = facts_for(kb, overview, step_id, trace_language)
    facts = dataclasses.replace(
        facts,
        defendant=defendant.strip(),
        defendant_representative=defendant_representative.strip(),
        complaint_reference=complaint_reference.strip() or facts.complaint_reference,
        step_facts=step_facts.strip(),
    )
    letter = compose_escalation(draft, kb, step, facts, letter_date=letter_date, addressee=addressee)
    return StepLetter(step, letter, render_pdf(letter), render_text(letter))
