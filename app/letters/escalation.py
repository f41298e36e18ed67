"""Escalation letters — reminder, complaint, reconsideration, indirect access, appeal — on the request-letter
machinery: the same template syntax, composer and renderers.

Templates: ``resources/letters/<JURISDICTION>/escalation/<language>.toml`` add ``[kinds.<step kind>]``
(and may override ``[parts.*]`` such as the annex heading) on top of the request template of the same
jurisdiction and language, so salutation, layout, applicant block and signature are shared. The
letter kind is the escalation step's kind from the law data (``EscalationStep.kind``).

Values besides the request template's (README): ``request_date`` (the request letter sent),
``received`` and ``due_date`` (the original request's receipt and response due date), ``answer_date``,
``outcome_silence`` / ``outcome_refused`` / ``outcome_partial``, ``refusal_grounds`` (as the authority
wrote them), ``original_authority``, ``step_deadline`` (this step's own window, if any).
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
from app.letters.templates import Template, Value, letters_dir, load_template

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
    for table in ("parts", "kinds"):
        merged = dict(_table(base.data, table))
        merged.update(_table(extra.data, table))
        data[table] = merged
    return Template(path=path, data=data)


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
    template = escalation_template(jurisdiction.code, language)
    kind = str(step.kind)
    if kind not in template.kinds():
        raise InputError(
            _("No letter for this step."),
            [Problem("step", _("no {kind} letter for {code}").format(kind=kind, code=jurisdiction.code))],
        )
    if addressee is None and kind != "reminder":
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
    }
    letter = compose_template(letter_draft, kb, route, trace, template, kind=kind, extra=extra)
    log.info("composed %s letter for %s (%s)", kind, jurisdiction.code, route.regime)
    return letter


def facts_for(
    kb: KnowledgeBase, overview: Any, step_id: str, trace_language: str
) -> tuple[EscalationStep, EscalationFacts]:
    """The step ``step_id`` of a request (a ``RequestOverview``) and the facts its letter states."""
    from app.cases.clock import response_clock
    from app.cases.lifecycle import last_outcome
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
        window = due_date(request.jurisdiction, d.start, rule=kb.rule(d.rule_id), kb=kb, lang=trace_language)
    facts = EscalationFacts(
        request_date=sent.date,
        received=clock.receipt.day if clock.receipt else None,
        response=clock.result,
        answer_date=answer.date if answer else None,
        outcome=outcome,
        refusal_grounds=grounds,
        window=window,
    )
    return available.step, facts
