"""DE letters of issue 10: Widerspruch, Klage, the Land-police letters and the ID number (pypdf text).

Each letter cites exactly the law data's citation forms and carries no confidence tag or internal note.
"""

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
from app.law.loader import shipped_knowledge_base
from app.letters import compose, render_pdf, render_text
from app.letters.escalation import EscalationFacts, compose_escalation
from app.letters.model import Letter

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TAGS = ("[V]", "[S]", "[M]", "[I]")
STEP_FACTS = "Die Behörde hat nicht dargelegt, weshalb die Auskunft laufende Ermittlungen gefährden sollte."
DEFENDANT = "Bundesrepublik Deutschland"
REPRESENTATIVE = "das Bundesministerium des Innern, dieses vertreten durch das Bundeskriminalamt"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(letter: Letter) -> str:
    return squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(letter))).pages))


def draft_of(name: str, **changes: object) -> RequestDraft:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    data.update(changes)
    return RequestDraft.from_json(data, shipped_knowledge_base())


def no_internal_text(text: str) -> None:
    for tag in TAGS:
        assert tag not in text
    for note in ("issue 10", "law data", "calendars folder", "(I)"):
        assert note not in text


def step_of(kb: KnowledgeBase, regime: str, right: str, step_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in kb.route("DE", regime, right).escalation if s.id == step_id)


def refusal_facts(kb: KnowledgeBase, draft: RequestDraft, step, **more: object) -> EscalationFacts:  # type: ignore[no-untyped-def]
    assert draft.date is not None
    received = draft.date + timedelta(days=2)
    route = kb.route("DE", draft.regime or "bdsg-part3", draft.right)
    answer = date(2026, 3, 20)
    start = more.pop("window_start", answer)
    window = due_date("DE", start, rule=step.deadline, kb=kb) if step.deadline is not None else None  # type: ignore[arg-type]
    return EscalationFacts(
        request_date=draft.date,
        received=received,
        response=due_date("DE", received, rule=route.deadline, kb=kb),
        answer_date=answer,
        outcome="refused",
        refusal_grounds="Gefährdung laufender Ermittlungen",
        window=window,
        step_facts=STEP_FACTS,
        answer_reference="ST 33-2026/0815",
        **more,  # type: ignore[arg-type]
    )


# --- Widerspruch -----------------------------------------------------------------------------------
def test_widerspruch_letter(kb: KnowledgeBase) -> None:
    draft = dataclasses.replace(draft_of("de-access.json"), regime="bdsg-part3")
    step = step_of(kb, "bdsg-part3", "access", "DE-WIDERSPRUCH")
    letter = compose_escalation(
        draft,
        kb,
        step,
        refusal_facts(kb, draft, step),
        letter_date=date(2026, 3, 25),
        addressee=draft.authority,
    )
    text = pdf_text(letter)
    plain = render_text(letter)
    assert squash("§ 70 Abs. 1 VwGO") in text and squash("§ 73 VwGO") in text
    assert "§ 70 Abs. 1 VwGO" in letter.citations and "§ 73 VwGO" in letter.citations
    assert squash("Widerspruch gegen Ihren Bescheid vom 20. März 2026 (Az. ST 33-2026/0815)") in text
    assert squash(STEP_FACTS) in text
    assert squash(draft.details) not in text  # the request's own account is not re-used
    assert letter.enclosures == (
        "Kopie meines Antrags vom 2. März 2026",
        "Kopie Ihres Bescheids vom 20. März 2026",
    )
    assert "DE-STPO-500" not in plain and "§ 500 StPO" not in plain
    assert draft.requester.id_number not in plain  # not printed by default
    no_internal_text(plain)


def test_widerspruch_needs_its_own_facts(kb: KnowledgeBase) -> None:
    draft = dataclasses.replace(draft_of("de-access.json"), regime="bdsg-part3")
    step = step_of(kb, "bdsg-part3", "access", "DE-WIDERSPRUCH")
    facts = dataclasses.replace(refusal_facts(kb, draft, step), step_facts=" ")
    with pytest.raises(InputError) as err:
        compose_escalation(draft, kb, step, facts, letter_date=date(2026, 3, 25), addressee=draft.authority)
    assert [p.path for p in err.value.problems] == ["step_facts"]


# --- Klage ------------------------------------------------------------------------------------------
COURT = Authority(name="Verwaltungsgericht Wiesbaden", address="Mainzer Straße 124\n65189 Wiesbaden")


def test_klage_after_the_objection_decision(kb: KnowledgeBase) -> None:
    draft = dataclasses.replace(draft_of("de-access.json"), regime="bdsg-part3")
    step = step_of(kb, "bdsg-part3", "access", "DE-KLAGE")
    facts = refusal_facts(
        kb,
        draft,
        step,
        window_start=date(2026, 4, 30),
        defendant=DEFENDANT,
        defendant_representative=REPRESENTATIVE,
        prior_filed_date=date(2026, 3, 30),
        decision_date=date(2026, 4, 30),
        decision_reference="W 12/26",
        decision_outcome="refused",
    )
    letter = compose_escalation(draft, kb, step, facts, letter_date=date(2026, 5, 20), addressee=COURT)
    text = pdf_text(letter)
    plain = render_text(letter)
    for citation in ("§ 74 VwGO", "§ 52 VwGO"):
        assert citation in letter.citations and squash(citation) in text
    assert "§ 68 VwGO" not in letter.citations and "§ 75 VwGO" not in letter.citations
    assert squash("in der Gestalt des Widerspruchsbescheids vom 30. April 2026") in text
    # § 74 VwGO: one month from Thu 30 Apr 2026 ends Sat 30 May -> Mon 1 Jun.
    assert squash("mit Ablauf des 1. Juni 2026") in text
    assert squash(STEP_FACTS) in text and squash(f"vertreten durch {REPRESENTATIVE}") in text
    assert letter.salutation == "" and letter.addressee_lines[0] == "Verwaltungsgericht Wiesbaden"
    assert "Kopie des Widerspruchsbescheids vom 30. April 2026" in letter.enclosures
    assert "Kopie meines Widerspruchs vom 30. März 2026" in letter.enclosures
    assert "Kopie des Bescheids vom 20. März 2026" in letter.enclosures
    assert "Abschrift dieser Klageschrift für die Beklagte" in letter.enclosures
    no_internal_text(plain)


def test_klage_without_objection_procedure(kb: KnowledgeBase) -> None:
    draft = dataclasses.replace(draft_of("de-access.json"), regime="bdsg-part3")
    step = step_of(kb, "bdsg-part3", "access", "DE-KLAGE-DIRECT")
    facts = refusal_facts(kb, draft, step, defendant=DEFENDANT)
    letter = compose_escalation(draft, kb, step, facts, letter_date=date(2026, 4, 1), addressee=COURT)
    text = pdf_text(letter)
    for citation in ("§ 74 VwGO", "§ 68 VwGO", "§ 52 VwGO"):
        assert citation in letter.citations and squash(citation) in text
    # One month from Fri 20 Mar 2026 ends Mon 20 Apr.
    assert squash("mit Ablauf des 20. April 2026") in text
    assert not any("Widerspruch" in e for e in letter.enclosures)
    no_internal_text(render_text(letter))


def test_klage_on_an_undecided_objection(kb: KnowledgeBase) -> None:
    draft = dataclasses.replace(draft_of("de-access.json"), regime="bdsg-part3")
    step = step_of(kb, "bdsg-part3", "access", "DE-UNTAETIGKEITSKLAGE-WIDERSPRUCH")
    facts = refusal_facts(
        kb,
        draft,
        step,
        window_start=date(2026, 3, 30),
        defendant=DEFENDANT,
        prior_filed_date=date(2026, 3, 30),
        prior_silence=True,
    )
    # § 75 VwGO: three months from Mon 30 Mar end Tue 30 Jun; admissible from 1 Jul.
    letter = compose_escalation(draft, kb, step, facts, letter_date=date(2026, 7, 1), addressee=COURT)
    text = pdf_text(letter)
    assert "§ 75 VwGO" in letter.citations and squash("mit Ablauf des 30. Juni 2026") in text
    assert squash("Über den Widerspruch ist bis heute nicht entschieden worden") in text
    assert "§ 74 VwGO" not in letter.citations
    with pytest.raises(InputError):
        compose_escalation(draft, kb, step, facts, letter_date=date(2026, 6, 30), addressee=COURT)


# --- the request letters: ID number, § 500 StPO, Land police -----------------------------------------
def test_id_number_only_on_request(kb: KnowledgeBase) -> None:
    draft = draft_of("de-access.json")
    plain = render_text(compose(draft, kb))
    assert draft.requester.id_number not in plain and "Personalausweis-Nr." not in plain
    assert "§ 500 StPO" not in plain  # a federal body: § 500 StPO concerns Land bodies only
    opted = draft_of("de-access.json", options={"print_id_number": True})
    assert f"Personalausweis-Nr. {draft.requester.id_number}" in render_text(compose(opted, kb))
    option = next(o for o in kb.jurisdiction("DE").letter_options if o.id == "print_id_number")
    assert option.default is False and "black out" in option.help


def test_gdpr_deletion_letter_does_not_claim_bdsg_35(kb: KnowledgeBase) -> None:
    draft = draft_of("de-deletion.json")
    letter = compose(draft, kb)
    assert "§ 35 BDSG" not in render_text(letter) and "§ 35 BDSG" not in letter.citations


LAND_AUTHORITY = {
    "name": "Polizei Berlin\nDatenschutzbeauftragte",
    "address": "Platz der Luftbrücke 6\n12101 Berlin",
    "postal_code": "12101",
}


def land_draft(**options: object) -> RequestDraft:
    return dataclasses.replace(
        draft_of("de-access.json", context="land-policing", authority=LAND_AUTHORITY, options=options),
        regime="land-police",
    )


def test_land_police_request_letter(kb: KnowledgeBase) -> None:
    letter = compose(land_draft(land="Berlin"), kb)
    plain = render_text(letter)
    text = pdf_text(letter)
    assert "Art. 14 der Richtlinie (EU) 2016/680" in letter.citations
    assert squash("nach dem für Ihre Behörde geltenden Recht des Landes Berlin") in text
    assert squash("Landesbeauftragten für den Datenschutz") in text
    for federal in ("BDSG", "Bundesbeauftragte", "§ 500 StPO"):
        assert federal not in plain, federal
    no_internal_text(plain)
    neutral = squash(render_text(compose(land_draft(), kb)))
    assert squash("nach dem für Ihre Behörde geltenden Landesrecht") in neutral


@pytest.mark.parametrize(
    "step_id", ["DE-LAND-REMINDER", "DE-LAND-COMPLAINT", "DE-LAND-INDIRECT", "DE-WIDERSPRUCH"]
)
def test_land_police_escalation_letters(kb: KnowledgeBase, step_id: str) -> None:
    draft = land_draft(land="Berlin")
    step = step_of(kb, "land-police", "access", step_id)
    outcome = "silence" if step_id == "DE-LAND-REMINDER" else "refused"
    facts = dataclasses.replace(refusal_facts(kb, draft, step), outcome=outcome)
    to = (
        None
        if step.kind == "reminder"
        else draft.authority
        if step.kind == "objection"
        else Authority(
            name="Berliner Beauftragte für Datenschutz und Informationsfreiheit",
            address="Alt-Moabit 59-61\n10555 Berlin",
        )
    )
    letter = compose_escalation(draft, kb, step, facts, letter_date=date(2026, 3, 25), addressee=to)
    plain = render_text(letter)
    text = pdf_text(letter)
    for provision in step.provisions:
        assert squash(provision.citation_in("de")) in text, provision.id
    for federal in ("BDSG", "Bundesbeauftragte", "§ 500 StPO"):
        assert federal not in plain, federal
    no_internal_text(plain)
