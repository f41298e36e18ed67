"""England & Wales escalation letters (issue 10): complaint to the force (s.164A), complaint to the ICO
(s.165), application to the Tribunal (s.166); and the request letter's extension and PNC wording.

The letters are composed straight from the template with every escalation value given, so these
checks are about the text: the citations exactly as the law data write them, each letter's own facts
(never the request's), and no confidence tags or notes meant for the user.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import pytest

from app.cases.draft import Authority, RequestDraft
from app.law import KnowledgeBase, due_date
from app.law.loader import shipped_knowledge_base
from app.letters import compose, render_text
from app.letters.compose import compose_template
from app.letters.escalation import escalation_template
from app.letters.model import Letter

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TAGS = ("[V]", "[S]", "[M]", "[I]")
# Words only the user's own texts use (warnings, notes): never in a letter to an authority.
INTERNAL = ("good practice", "ICO guidance", "calendars folder", "record the", "the app")
REQUEST_FACTS = "stopped and searched by two officers"  # from the request's {details}
STEP_FACTS = "The force relied on s.45(4) without saying which <b>harm</b> disclosure would cause & why."


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def draft_of(example: str) -> RequestDraft:
    draft = RequestDraft.from_json(
        json.loads((EXAMPLES / example).read_text(encoding="utf-8")), shipped_knowledge_base()
    )
    return draft


def values(**over: str | bool) -> dict[str, str | bool]:
    """Every escalation value (the README's and the new ones), as the lead's composer supplies them."""
    base: dict[str, str | bool] = {
        "request_date": "2 July 2026",
        "received": "2 July 2026",
        "due_date": "3 August 2026",
        "answer_date": "20 July 2026",
        "answer_reference": "DP/2026/0417",
        "outcome_silence": False,
        "outcome_refused": True,
        "outcome_partial": False,
        "refusal_grounds": "s.45(4)(a) and (b)",
        "original_authority": "Data Protection Officer, Cambridgeshire Constabulary",
        "original_authority_address": "Hinchingbrooke Park, Huntingdon, PE29 6NP",
        "step_deadline": "",
        "reminder_date": "",
        "complaint_date": "",
        "complaint_reference": "",
        "defendant": "",
        "defendant_representative": "",
        "step_facts": STEP_FACTS,
        "decision_date": "",
        "decision_reference": "",
        "decision_refused": False,
        "decision_partial": False,
        "decision_granted": False,
        "prior_filed_date": "",
        "prior_silence": False,
        "prior_answer_due": "",
    }
    base.update(over)
    return base


def letter(
    kb: KnowledgeBase,
    kind: str,
    letter_day: date,
    extra: dict[str, str | bool],
    *,
    regime: str = "",
    to: str = "",
) -> Letter:
    draft = dataclasses.replace(
        draft_of("gb-eng-access.json"),
        date=letter_day,
        authority=Authority(name=to or "Addressee", address="1 Street\nTown"),
    )
    if regime:
        draft = dataclasses.replace(draft, regime=regime)
    route = (
        kb.route("GB-ENG", draft.regime, draft.right)
        if draft.regime
        else kb.route_for("GB-ENG", draft.context or "policing", draft.right)
    )
    trace = due_date("GB-ENG", date(2026, 7, 2), rule=route.deadline, kb=kb)
    template = escalation_template("GB-ENG", "en")
    return compose_template(draft, kb, route, trace, template, kind=kind, extra=extra)


def body(out: Letter) -> str:
    """The letter text before the annex (the annex explains the counting and may name the method)."""
    return squash(render_text(out).split("Annex")[0])


def assert_clean(text: str) -> None:
    for tag in TAGS:
        assert tag not in text
    for word in INTERNAL:
        assert word not in text


def test_controller_complaint(kb: KnowledgeBase) -> None:
    out = letter(kb, "controller_complaint", date(2026, 7, 22), values(), to="Cambridgeshire Constabulary")
    text = body(out)
    assert "Data Protection Act 2018, s.164A" in text  # the right (subject and body)
    assert "Data Protection Act 2018, s.164A(3)" in text  # the 30-day acknowledgement
    assert "within 30 days of receiving it" in text
    assert "Data Protection Act 2018, s.165" in text and "s.167" in text  # what follows, named
    assert STEP_FACTS in text  # its own facts, verbatim
    assert REQUEST_FACTS not in text  # never the request's facts
    assert "reference DP/2026/0417" in text  # the refusal's number
    assert "reconsider your response" in text
    assert_clean(text)


def test_controller_complaint_after_silence_asks_for_the_answer(kb: KnowledgeBase) -> None:
    extra = values(outcome_silence=True, outcome_refused=False, answer_date="", answer_reference="")
    text = body(letter(kb, "controller_complaint", date(2026, 9, 3), extra, to="Cambridgeshire Constabulary"))
    assert "respond to my request in full" in text
    assert "I have had no response" in text
    assert_clean(text)


def test_ico_complaint_names_the_complaint_to_the_force(kb: KnowledgeBase) -> None:
    extra = values(
        prior_filed_date="22 July 2026",
        decision_date="10 August 2026",
        decision_reference="CMP-77",
        decision_refused=True,
    )
    text = body(letter(kb, "complaint", date(2026, 8, 12), extra, to="Information Commissioner's Office"))
    assert text.count("Complaint under Data Protection Act 2018, s.165") == 1  # the subject
    assert "On 22 July 2026 I complained to the controller (Data Protection Act 2018, s.164A)" in text
    assert "By its answer of 10 August 2026 (reference CMP-77) it rejected the complaint." in text
    assert "Data Protection Act 2018, s.166" in text
    assert STEP_FACTS in text and REQUEST_FACTS not in text
    assert "your" not in text.split("I wish to complain")[1].split("Please investigate")[0].lower()
    assert_clean(text)


def test_ico_complaint_after_the_force_kept_silent(kb: KnowledgeBase) -> None:
    extra = values(
        prior_filed_date="26 November 2026", prior_silence=True, prior_answer_due="29 December 2026"
    )
    text = body(letter(kb, "complaint", date(2026, 12, 30), extra, to="Information Commissioner's Office"))
    assert "It did not acknowledge or answer the complaint within 30 days of receiving it." in text
    assert_clean(text)


def test_ukgdpr_ico_complaint_cites_s165_not_art77(kb: KnowledgeBase) -> None:
    # UK GDPR art 77 is omitted from 19 June 2026 (DUAA s.103(6)): complaints are made under s.165.
    extra = values(prior_filed_date="22 October 2026", decision_date="9 November 2026", decision_partial=True)
    out = letter(
        kb, "complaint", date(2026, 11, 11), extra, regime="uk-gdpr", to="Information Commissioner's Office"
    )
    text = body(out)
    assert "Complaint under Data Protection Act 2018, s.165" in text
    assert "Article 77" not in render_text(out)
    assert "it upheld the complaint only in part" in text
    assert_clean(text)


def test_tribunal_application_counts_from_the_ico_complaint(kb: KnowledgeBase) -> None:
    extra = values(
        prior_filed_date="12 August 2026",
        complaint_date="22 July 2026",  # the first complaint recorded: the one to the force
        complaint_reference="IC-401234-X7Y8",
        step_deadline="12 November 2026",
        step_facts="The Commissioner acknowledged the complaint on 14 August 2026 and has not written since.",
    )
    out = letter(kb, "appeal", date(2026, 11, 13), extra, to="First-tier Tribunal")
    text = body(out)
    assert "Application for an order under Data Protection Act 2018, s.166" in text
    assert "Made to the Commissioner on 12 August 2026, reference IC-401234-X7Y8" in text
    assert "On 12 August 2026 I complained to the Information Commissioner" in text
    assert "22 July 2026" not in text  # the complaint to the force is not the one s.166 counts from
    assert "ended on 12 November 2026" in text
    assert "has not written since" in text and REQUEST_FACTS not in text
    assert_clean(text)


@pytest.mark.parametrize(
    ("regime", "day", "extension"),
    [
        ("dpa-part3", date(2026, 3, 2), True),
        ("uk-gdpr", date(2026, 3, 2), True),
        ("uk-gdpr", date(2026, 1, 20), True),  # UK GDPR art 12(3) allowed it before the DUAA too
        # The old s.54 had no extension: a Part 3 letter dated before 5 Feb 2026 must not offer one.
        # Needs the composer to leave {extension} empty when the rule's extension_provisions
        # (GB-DPA-54-3A, valid_from 2026-02-05) are not in force on the letter date.
        pytest.param(
            "dpa-part3",
            date(2026, 1, 20),
            False,
        ),
    ],
)
def test_request_letter_extension_wording(kb: KnowledgeBase, regime: str, day: date, extension: bool) -> None:
    draft = dataclasses.replace(draft_of("gb-eng-access.json"), date=day, regime=regime)
    text = squash(render_text(compose(draft, kb)))
    sentence = "the complexity of the request, or the number of requests I have made, makes it necessary"
    assert (sentence in text) is extension
    assert "by up to two months" in text or not extension
    assert "Article 77" not in text  # omitted from 19 June 2026; named without a citation
    assert_clean(text)


def test_pnc_access_letter(kb: KnowledgeBase) -> None:
    draft = dataclasses.replace(
        draft_of("gb-eng-access.json"),
        context="pnc",
        authority=Authority(name="ACRO Criminal Records Office", address="PO Box 481\nFareham"),
    )
    text = squash(render_text(compose(draft, kb)))
    assert "in particular to the information held about me on the Police National Computer" in text
    assert_clean(text)
