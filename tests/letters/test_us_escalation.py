"""US letters (issue 10): the access appeal ("FOIA Appeal" / "Privacy Act Appeal"), the appeal of a
non-response, the Privacy Act (d)(3) review request, the follow-ups; and the request letters'
citizenship statement, fees, expedited processing, § 552(a)(3)(A) and the component's own rules.

Checks are about the text: citations exactly as the law data write them, each letter's own facts
(never the request's), the right enclosures, and no confidence tags or notes meant for the user.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.cases.draft import Authority, RequestDraft
from app.errors import InputError
from app.law import KnowledgeBase, due_date
from app.law.loader import shipped_knowledge_base
from app.letters import compose, render_text
from app.letters.escalation import EscalationFacts, compose_escalation

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TAGS = ("[V]", "[S]", "[M]", "[I]")
# Words only the user's texts use (warnings, notes, the wizard's help): never in a letter to an agency.
INTERNAL = ("case law", "do not rely", "the app ", "tick ", "warning", "Do not", "optional")
LETTER_DAY = date(2026, 6, 1)
STEP_FACTS = "The FBI withheld 14 pages in full & cited <b>(b)(7)(C)</b> without saying which page."
REQUEST_FACTS = "Dayton International Airport"  # from the access example's {details}
OIP = Authority(
    name="Director, Office of Information Policy", address="441 G Street NW\nWashington, DC 20530"
)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def cite(kb: KnowledgeBase, pid: str) -> str:
    return kb.provision(f"US:{pid}").citation_en


def draft_of(example: str, regime: str = "", options: dict[str, object] | None = None) -> RequestDraft:
    data = json.loads((EXAMPLES / example).read_text(encoding="utf-8"))
    if regime:
        data["regime"] = regime
    if options is not None:
        data["options"] = options
    return RequestDraft.from_json(data, shipped_knowledge_base())


def escalation_text(
    kb: KnowledgeBase,
    draft: RequestDraft,
    step_id: str,
    outcome: str,
    *,
    step_facts: str = STEP_FACTS,
    addressee: Authority | None = OIP,
) -> str:
    route = (
        kb.route("US", draft.regime, draft.right)
        if draft.regime
        else kb.route_for("US", draft.context or "citizen_or_lpr", draft.right)
    )
    step = next(s for s in route.escalation if s.id == step_id)
    assert draft.date is not None
    received = draft.date + timedelta(days=2)
    response = due_date("US", received, rule=route.deadline, kb=kb)
    answer = None if outcome == "silence" else response.due - timedelta(days=3)
    window = due_date("US", answer or response.due, rule=step.deadline, kb=kb) if step.deadline else None
    facts = EscalationFacts(
        request_date=draft.date,
        received=received,
        response=response,
        answer_date=answer,
        outcome=outcome,
        refusal_grounds="Exemptions (b)(6) and (b)(7)(C)" if answer else "",
        window=window,
        step_facts=step_facts,
        answer_reference="FOIPA 1234567-000" if answer else "",
    )
    letter = compose_escalation(draft, kb, step, facts, letter_date=LETTER_DAY, addressee=addressee)
    return squash(render_text(letter))


def assert_clean(text: str) -> None:
    for tag in TAGS:
        assert tag not in text, tag
    for word in INTERNAL:
        assert word not in text, word


# --- the access appeal ------------------------------------------------------------------------------


def test_privacy_act_access_appeal(kb: KnowledgeBase) -> None:
    text = escalation_text(kb, draft_of("us-access.json"), "US-FOIA-APPEAL-STEP", "refused")
    assert "FOIA Appeal – Privacy Act Appeal: request of March 2, 2026, reference FOIPA 1234567-000" in text
    for pid in ("US-FOIA-A6A-I-AA", "US-FOIA-A6A-II", "US-FOIA-A8A", "US-FOIA-B", "US-FOIA-B7", "US-PA-A2"):
        assert f"({cite(kb, pid)})" in text, pid
    assert "The search was not adequate" in text  # adequacy of the search
    assert "For each record or part withheld" in text  # each exemption claimed
    assert squash(STEP_FACTS) in text  # this letter's own facts, verbatim
    assert REQUEST_FACTS not in text  # never the request's text
    assert "a citizen of the United States" in text
    assert "1. Copy of my request of March 2, 2026" in text
    assert "2. Copy of the determination of" in text and "(reference FOIPA 1234567-000)" in text
    assert "driver's license" not in text  # the request's enclosures are not re-sent
    assert_clean(text)


def test_foia_only_appeal_has_no_privacy_act_wording(kb: KnowledgeBase) -> None:
    text = escalation_text(kb, draft_of("us-access.json", "foia"), "US-FOIA-APPEAL-STEP", "partial")
    assert "FOIA Appeal: request of March 2, 2026" in text
    assert "Privacy Act" not in text and "552a" not in text
    assert "granted only in part" in text
    assert_clean(text)


def test_appeal_needs_its_own_facts(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError) as err:
        escalation_text(kb, draft_of("us-access.json"), "US-FOIA-APPEAL-STEP", "refused", step_facts="")
    assert "step_facts" in str(err.value.problems)


def test_nonresponse_appeal_keeps_the_right_to_sue(kb: KnowledgeBase) -> None:
    text = escalation_text(kb, draft_of("us-access.json", "foia"), "US-FOIA-APPEAL-NONRESPONSE", "silence")
    assert text.count("FOIA Appeal") >= 1
    assert f"within the time limit set by {cite(kb, 'US-FOIA-A6A-I')}" in text
    assert f"({cite(kb, 'US-FOIA-A6C')})" in text and f"({cite(kb, 'US-FOIA-A6A-II')})" in text
    assert "Copy of the determination" not in text  # there is none
    assert_clean(text)


# --- the Privacy Act review of a refused amendment ------------------------------------------------------


def test_amendment_review_request(kb: KnowledgeBase) -> None:
    draft = draft_of("us-correction.json", options={"agency_dhs": True, "lpr": True})
    reviewer = Authority(
        name="Reviewing Official, Privacy Act",
        address="2707 Martin Luther King Jr Ave SE\nWashington, DC 20528",
    )
    text = escalation_text(kb, draft, "US-PA-REVIEW", "refused", addressee=reviewer)
    assert "Privacy Act Appeal – request for review of refusal to amend" in text
    assert (
        "request a review of that refusal by the head of the agency or the officer designated by the head"
        f" of the agency ({cite(kb, 'US-PA-D3')})"
    ) in text
    assert f"({cite(kb, 'US-PA-D4')})" in text and f"({cite(kb, 'US-PA-G1-A')})" in text
    assert "“Date of birth: 10/12/1988”" in text and "“Date of birth: 10/21/1988”" in text
    assert squash(STEP_FACTS) in text
    assert "thirty working days" in text
    assert "an alien lawfully admitted for permanent residence" in text
    assert "Copy of my request to amend the record of March 2, 2026" in text
    assert "Copy of the refusal of" in text
    assert_clean(text)


def test_amendment_follow_up_cites_the_amendment_rule(kb: KnowledgeBase) -> None:
    text = escalation_text(
        kb, draft_of("us-correction.json"), "US-PA-AMEND-FOLLOW-UP", "silence", addressee=None
    )
    body = text[: text.index("Sincerely")]  # the annex names the counting rules of every working-day period
    assert f"({cite(kb, 'US-PA-D2')})" in body
    assert cite(kb, "US-FOIA-A6A-I") not in body and cite(kb, "US-FOIA-A6C") not in text
    assert_clean(text)


def test_access_follow_up_names_constructive_exhaustion(kb: KnowledgeBase) -> None:
    text = escalation_text(kb, draft_of("us-access.json", "foia"), "US-FOLLOW-UP", "silence", addressee=None)
    assert f"({cite(kb, 'US-FOIA-A6A-I')})" in text and f"({cite(kb, 'US-FOIA-A6C')})" in text
    assert_clean(text)


# --- the request letters ---------------------------------------------------------------------------------


def request_text(kb: KnowledgeBase, example: str, regime: str = "", **options: object) -> str:
    return squash(render_text(compose(draft_of(example, regime, options), kb)))


def test_foia_request_has_no_privacy_act_wording(kb: KnowledgeBase) -> None:
    text = request_text(kb, "us-access.json", "foia")
    assert f"({cite(kb, 'US-FOIA-A3A')})" in text
    assert "Privacy Act" not in text and "552a" not in text and "system of records" not in text
    assert "category of all other requesters" in text and f"({cite(kb, 'US-FOIA-A4A-II')})" in text
    assert "Please inform me before incurring any fees." in text
    assert_clean(text)


def test_privacy_act_request_states_citizenship_and_fees(kb: KnowledgeBase) -> None:
    text = request_text(kb, "us-access.json", fee_cap="25", fee_category="a representative of the news media")
    assert (
        "I am a citizen of the United States, and therefore an individual within the meaning of"
        f" {cite(kb, 'US-PA-A2')}."
    ) in text
    assert text.index("a citizen of the United States") < text.index("under penalty of perjury")
    news = cite(kb, "US-FOIA-A4A-II")
    assert f"For fee purposes, I am a representative of the news media ({news})." in text
    assert "I agree to pay fees of up to US$25" in text
    assert f"({cite(kb, 'US-PA-F')})" in text  # copy fees only under the Privacy Act
    assert f"{cite(kb, 'US-PA-D1')} and" in text and "552(a)(3)(A)" in text
    lpr = request_text(kb, "us-access.json", lpr=True)
    assert "an alien lawfully admitted for permanent residence in the United States" in lpr
    assert_clean(text)


def test_fee_waiver_and_expedited_processing(kb: KnowledgeBase) -> None:
    text = request_text(
        kb,
        "us-access.json",
        "foia",
        fee_waiver=True,
        fee_waiver_reasons="The records show how airport stops are recorded.",
        expedited=True,
        expedited_reasons="I have a hearing on March 20, 2026.",
    )
    assert "I request a waiver of all fees" in text and f"({cite(kb, 'US-FOIA-A4A-III')})" in text
    assert "The records show how airport stops are recorded." in text
    assert (
        "I request expedited processing of this request, because I have a compelling need for the records"
        f" ({cite(kb, 'US-FOIA-A6E')})."
    ) in text
    assert (
        "I have a hearing on March 20, 2026. I certify that this statement of compelling need is true and"
        " correct to the best of my knowledge and belief"
    ) in text
    assert f"({cite(kb, 'US-FOIA-A6E-VI')})" in text and f"({cite(kb, 'US-FOIA-A6E-II')})" in text
    plain = request_text(kb, "us-access.json", "foia")
    assert "waiver" not in plain and "expedited" not in plain
    assert_clean(text)


@pytest.mark.parametrize(
    ("example", "option", "own", "other"),
    [
        ("us-access.json", "agency_doj", "28 CFR Part 16", "6 CFR"),
        ("us-correction.json", "agency_dhs", "6 CFR Part 5", "28 CFR"),
        ("us-deletion.json", "agency_dhs", "6 CFR Part 5", "28 CFR"),
    ],
)
def test_the_components_own_rules(kb: KnowledgeBase, example: str, option: str, own: str, other: str) -> None:
    text = request_text(kb, example, **{option: True})
    assert own in text and other not in text
    neither = request_text(kb, example)
    assert "28 CFR" not in neither and "6 CFR" not in neither  # no rule cited unless the user says whose
    assert_clean(text)


def test_escalation_letters_keep_the_chosen_rules_out_of_dhs_letters(kb: KnowledgeBase) -> None:
    draft = draft_of("us-correction.json", options={"agency_dhs": True})
    text = escalation_text(kb, draft, "US-PA-REVIEW", "refused")
    assert "28 CFR" not in text
