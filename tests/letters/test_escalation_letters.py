"""Every escalation step of the issue produces its letter, citing the step's provisions (pypdf text)."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cases.draft import Authority, RequestDraft
from app.errors import InputError
from app.law import KnowledgeBase, due_date, load_knowledge_base
from app.letters import render_pdf
from app.letters.escalation import EscalationFacts, compose_escalation

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LETTER_DAY = date(2026, 6, 1)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


CASES = [
    # (example, regime override, step id, outcome, addressee)
    ("cn-access.json", "", "CN-OGI-REMINDER", "silence", None),
    ("cn-access.json", "", "CN-OGI-COMPLAINT", "refused", "北京市公安局"),
    ("cn-access.json", "", "CN-RECONSIDERATION", "refused", "北京市朝阳区人民政府"),
    ("cn-correction.json", "", "CN-RECONSIDERATION", "silence", "北京市朝阳区人民政府"),
    ("cn-deletion.json", "", "CN-PIPL-REMINDER", "silence", None),
    ("cn-deletion.json", "", "CN-PIPL-COMPLAINT", "refused", "北京市互联网信息办公室"),
    ("de-access.json", "", "DE-BDSG-REMINDER", "silence", None),
    ("de-access.json", "", "DE-BDSG-COMPLAINT", "silence", "Der Bundesbeauftragte für den Datenschutz"),
    ("de-access.json", "", "DE-BDSG-INDIRECT", "refused", "Der Bundesbeauftragte für den Datenschutz"),
    ("de-deletion.json", "", "DE-GDPR-REMINDER", "silence", None),
    ("de-deletion.json", "", "DE-GDPR-COMPLAINT", "partial", "Landesbeauftragte für Datenschutz"),
    ("gb-eng-access.json", "", "GB-REMINDER", "silence", None),
    ("gb-eng-access.json", "", "GB-ICO-COMPLAINT", "refused", "Information Commissioner's Office"),
    ("us-access.json", "foia", "US-FOLLOW-UP", "silence", None),
    ("us-access.json", "foia", "US-FOIA-APPEAL-STEP", "refused", "Director, Office of Information Policy"),
    ("us-correction.json", "", "US-PA-REVIEW", "refused", "Reviewing Official, Privacy Act"),
]


@pytest.mark.parametrize(
    ("example", "regime", "step_id", "outcome", "to"), CASES, ids=[c[2] + "-" + c[0] for c in CASES]
)
def test_escalation_letter_cites_the_step(
    kb: KnowledgeBase, example: str, regime: str, step_id: str, outcome: str, to: str | None
) -> None:
    draft = RequestDraft.from_json(json.loads((EXAMPLES / example).read_text(encoding="utf-8")))
    if regime:
        draft = dataclasses.replace(draft, regime=regime)
    context = draft.context or next(iter(kb.jurisdiction(draft.jurisdiction).contexts))
    route = (
        kb.route(draft.jurisdiction, draft.regime, draft.right)
        if draft.regime
        else kb.route_for(draft.jurisdiction, context, draft.right)
    )
    step = next(s for s in route.escalation if s.id == step_id)
    assert draft.date is not None
    received = draft.date + timedelta(days=3)
    response = due_date(draft.jurisdiction, received, rule=route.deadline, kb=kb)
    answer = None if outcome == "silence" else response.due - timedelta(days=2)
    window = (
        due_date(draft.jurisdiction, answer or response.due, rule=step.deadline, kb=kb)
        if step.deadline
        else None
    )
    facts = EscalationFacts(
        request_date=draft.date,
        received=received,
        response=response,
        answer_date=answer,
        outcome=outcome,
        refusal_grounds="<b>ground</b> & more" if answer else "",
        window=window,
    )
    addressee = Authority(name=to, address="Street 1\nCity") if to else None
    letter = compose_escalation(draft, kb, step, facts, letter_date=LETTER_DAY, addressee=addressee)
    text = squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(letter))).pages))
    for provision in step.provisions:
        if provision.in_force_on(LETTER_DAY):
            assert squash(provision.citation_original) in text, provision.id
    assert all(squash(line) in text for line in draft.authority.name.splitlines())  # the original authority
    if to:
        assert squash(to) in text
        assert letter.addressee_lines[0] == to
    if answer:
        assert squash("<b>ground</b> & more") in text  # the authority's stated grounds, verbatim
    if window is not None and step.kind == "reconsideration":
        assert window.due.strftime("%-m月%-d日") in text  # the step's own deadline is stated
    assert letter.annex  # the calculation trace


def test_complaint_needs_an_addressee(kb: KnowledgeBase) -> None:
    draft = RequestDraft.from_json(json.loads((EXAMPLES / "gb-eng-access.json").read_text(encoding="utf-8")))
    route = kb.route_for("GB-ENG", "policing", "access")
    step = next(s for s in route.escalation if s.kind == "complaint")
    assert draft.date is not None
    facts = EscalationFacts(
        request_date=draft.date,
        received=draft.date,
        response=due_date("GB-ENG", draft.date, rule=route.deadline, kb=kb),
        outcome="silence",
    )
    with pytest.raises(InputError) as err:
        compose_escalation(draft, kb, step, facts, letter_date=LETTER_DAY)
    assert err.value.problems[0].path == "addressee"
