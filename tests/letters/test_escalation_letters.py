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
from app.law import EscalationStep, KnowledgeBase, due_date, load_knowledge_base
from app.law.loader import shipped_knowledge_base
from app.letters import render_pdf, render_text
from app.letters.escalation import EscalationFacts, compose_escalation, escalation_template, letter_kind
from app.letters.model import Letter

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
    draft = RequestDraft.from_json(
        json.loads((EXAMPLES / example).read_text(encoding="utf-8")), shipped_knowledge_base()
    )
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
        # Issue 10: a letter to a reviewing body carries its own facts (the CN 行政复议申请书 requires them).
        step_facts="申请人的事实陈述。",
    )
    addressee = Authority(name=to, address="Street 1\nCity") if to else None
    letter = compose_escalation(draft, kb, step, facts, letter_date=LETTER_DAY, addressee=addressee)
    text = squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(letter))).pages))
    for provision in step.provisions:
        if provision.in_force_on(LETTER_DAY):
            assert squash(provision.citation_in(letter.language)) in text, provision.id
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
    draft = RequestDraft.from_json(
        json.loads((EXAMPLES / "gb-eng-access.json").read_text(encoding="utf-8")), shipped_knowledge_base()
    )
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


# --- court and tribunal steps: the Untätigkeitsklage (§ 75 VwGO) and the s.166 application ------------

DEFENDANT = "Land <b>Hessen</b> & Co"  # markup characters must come out verbatim
REPRESENTATIVE = "das Hessische Ministerium des Innern, dieses vertreten durch den <i>Präsidenten</i>"
ICO_REFERENCE = 'IC-401234-X7Y8 <urgent> & "final"'

WAITING_CASES = [
    # (example, regime override, step id, allowed citations: the step's and the route's provisions)
    ("de-access.json", "", "DE-UNTAETIGKEITSKLAGE"),
    ("de-correction.json", "", "DE-UNTAETIGKEITSKLAGE"),
    ("de-deletion.json", "", "DE-UNTAETIGKEITSKLAGE"),  # GDPR route
    ("gb-eng-access.json", "", "GB-TRIBUNAL"),
    ("gb-eng-deletion.json", "uk-gdpr", "GB-TRIBUNAL"),
]


def _waiting_letter(
    kb: KnowledgeBase,
    example: str,
    regime: str,
    step_id: str,
    *,
    defendant: str = DEFENDANT,
    representative: str = REPRESENTATIVE,
    letter_day: date | None = None,
) -> tuple[RequestDraft, EscalationStep, EscalationFacts, Letter]:
    draft = RequestDraft.from_json(
        json.loads((EXAMPLES / example).read_text(encoding="utf-8")), shipped_knowledge_base()
    )
    if regime:
        draft = dataclasses.replace(draft, regime=regime)
    context = draft.context or next(iter(kb.jurisdiction(draft.jurisdiction).contexts))
    route = (
        kb.route(draft.jurisdiction, draft.regime, draft.right)
        if draft.regime
        else kb.route_for(draft.jurisdiction, context, draft.right)
    )
    step = next(s for s in route.escalation if s.id == step_id)
    assert draft.date is not None and step.deadline is not None
    received = draft.date + timedelta(days=3)
    response = due_date(draft.jurisdiction, received, rule=route.deadline, kb=kb)
    complaint = response.due + timedelta(days=5)
    # § 75 VwGO counts from the application's receipt; s.166 from the Commissioner's receipt of the complaint.
    start = complaint if step.deadline.start_event == "complaint_received" else received
    window = due_date(draft.jurisdiction, start, rule=step.deadline, kb=kb)
    facts = EscalationFacts(
        request_date=draft.date,
        received=received,
        response=response,
        outcome="silence",
        window=window,
        reminder_date=response.due + timedelta(days=2),
        complaint_date=complaint,
        # GB (issue 10): s.166 counts from the complaint to the Commissioner, the step the Tribunal
        # application follows; "the first complaint recorded" may be the complaint to the force (s.164A).
        prior_filed_date=complaint,
        complaint_reference=ICO_REFERENCE,
        defendant=defendant,
        defendant_representative=representative,
    )
    court_name = "Verwaltungsgericht Wiesbaden" if draft.jurisdiction == "DE" else "First-tier Tribunal"
    court = Authority(name=court_name, address="Street 1\nCity")
    letter = compose_escalation(
        draft, kb, step, facts, letter_date=letter_day or window.due + timedelta(days=1), addressee=court
    )
    return draft, step, facts, letter


@pytest.mark.parametrize(
    ("example", "regime", "step_id"), WAITING_CASES, ids=[c[2] + "-" + c[0] for c in WAITING_CASES]
)
def test_court_and_tribunal_letters(kb: KnowledgeBase, example: str, regime: str, step_id: str) -> None:
    draft, step, facts, letter = _waiting_letter(kb, example, regime, step_id)
    assert facts.window is not None and facts.complaint_date is not None
    pdf = render_pdf(letter)
    text = squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    # The step's provisions, each exactly as in the law data.
    for provision in step.provisions:
        assert squash(provision.citation_in(letter.language)) in text, provision.id
    # Only provisions this step or its route has (no § 82 VwGO; in the s.166 letter, s.165 besides).
    route = kb.route(draft.jurisdiction, draft.regime or letter_regime(kb, draft), draft.right)
    allowed = {p.citation_in(letter.language) for p in step.provisions}
    if draft.jurisdiction == "DE":
        allowed |= {p.citation_in(letter.language) for p in route.provisions}
        allowed |= {kb.provision(pid).citation_in(letter.language) for pid in route.deadline.provisions}
        assert "§82" not in text and "VwGO" in text
    else:
        allowed |= {kb.provision("GB-DPA-165").citation_original}
    assert set(letter.citations) <= allowed, set(letter.citations) - allowed
    assert letter.annex  # the window's calculation
    if draft.jurisdiction == "DE":
        assert squash(f"mit Ablauf des {facts.window.due.day}.") in text
        assert squash(DEFENDANT) in text and squash(REPRESENTATIVE) in text
        assert squash(f"vertreten durch {REPRESENTATIVE}") in text
        assert squash(draft.details) in text  # the user's account, verbatim
        assert letter.salutation == "" and letter.addressee_lines[0] == "Verwaltungsgericht Wiesbaden"
        assert "Abschrift dieser Klageschrift für die Beklagte" in letter.enclosures
        behoerde = dict(letter.sections[0].rows)["Behörde"]
        assert behoerde.count(draft.authority.postal_code) == 1  # not repeated after the address
    else:
        assert squash(facts.window.due.strftime("%-d %B %Y")) in text
        assert squash(ICO_REFERENCE) in text
        assert squash(facts.complaint_date.strftime("%-d %B %Y")) in text
        # s.165 is the Part 3 complaint; a UK GDPR complaint is described, not cited (art 77 is [M]).
        assert ("Data Protection Act 2018, s.165" in letter.citations) == (draft.regime != "uk-gdpr")
        assert letter.citations[0] == "Data Protection Act 2018, s.166"
        assert letter.enclosures[0].startswith("A copy of my complaint to the Information Commissioner")
    # The police's case numbers are not the court's "your reference"; the ID copy is not enclosed.
    assert all(
        label not in ("Your reference", "Ihr Zeichen / Aktenzeichen") for label, _ in letter.reference_rows
    )
    assert not set(draft.enclosures) & set(letter.enclosures)
    assert all(squash(line) in text for line in draft.authority.name.splitlines())


def letter_regime(kb: KnowledgeBase, draft: RequestDraft) -> str:
    context = draft.context or next(iter(kb.jurisdiction(draft.jurisdiction).contexts))
    return kb.route_for(draft.jurisdiction, context, draft.right).regime


def test_klage_names_a_representative_only_if_given(kb: KnowledgeBase) -> None:
    _, _, _, letter = _waiting_letter(kb, "de-access.json", "", "DE-UNTAETIGKEITSKLAGE", representative="")
    rows = dict(letter.sections[0].rows)
    assert rows["Beklagte"] == DEFENDANT
    assert "vertreten durch" not in render_text(letter)


def test_klage_needs_the_defendant(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError) as err:
        _waiting_letter(kb, "de-access.json", "", "DE-UNTAETIGKEITSKLAGE", defendant="  ")
    assert [p.path for p in err.value.problems] == ["defendant"]


@pytest.mark.parametrize(
    ("example", "step_id"),
    [("de-access.json", "DE-UNTAETIGKEITSKLAGE"), ("gb-eng-access.json", "GB-TRIBUNAL")],
)
def test_not_before_the_waiting_period_ends(kb: KnowledgeBase, example: str, step_id: str) -> None:
    draft, step, facts, _ = _waiting_letter(kb, example, "", step_id)
    assert facts.window is not None
    with pytest.raises(InputError) as err:
        compose_escalation(
            draft,
            kb,
            step,
            facts,
            letter_date=facts.window.due,
            addressee=Authority(name="Court", address="x"),
        )
    assert err.value.problems[0].path == "date"
    assert facts.window.due.isoformat() in err.value.problems[0].message


@pytest.mark.parametrize("step_id", ["DE-BDSG-61-COURT", "DE-GDPR-78-COURT", "DE-GDPR-79-COURT"])
def test_other_court_steps_have_no_letter(kb: KnowledgeBase, step_id: str) -> None:
    """Kind "court" is shared; only the Untätigkeitsklage is mapped to a letter ([step_letters] in data)."""
    example = "de-access.json" if step_id == "DE-BDSG-61-COURT" else "de-deletion.json"
    draft = RequestDraft.from_json(
        json.loads((EXAMPLES / example).read_text(encoding="utf-8")), shipped_knowledge_base()
    )
    route = kb.route_for("DE", draft.context or "policing", draft.right)
    step = next(s for s in route.escalation if s.id == step_id)
    template = escalation_template("DE", "de")
    assert letter_kind(template, step) == "court" and "court" not in template.kinds()
    assert draft.date is not None
    facts = EscalationFacts(
        request_date=draft.date,
        received=draft.date,
        response=due_date("DE", draft.date, rule=route.deadline, kb=kb),
        outcome="silence",
        defendant=DEFENDANT,
    )
    with pytest.raises(InputError) as err:
        compose_escalation(
            draft, kb, step, facts, letter_date=LETTER_DAY, addressee=Authority(name="VG", address="x")
        )
    assert err.value.problems[0].path == "step"
