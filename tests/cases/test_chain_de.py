"""DE lifecycle tables (issue 10): each chain walked event by event, dates counted by hand.

Counting (§ 57(2) VwGO with § 222 ZPO, § 31 VwVfG, §§ 187-193 BGB): the day of the event is not
counted (§ 187(1)); a period of months ends on the day of the last month with the same number
(§ 188(2)), or the month's last day if it has none (§ 188(3)); an end on a Saturday, Sunday or public
holiday moves to the next working day (§ 193). Nationwide holidays 2026 used below: 1 Jan, 3 Apr
(Good Friday), 6 Apr (Easter Monday), 1 May, 14 May (Ascension), 25 May (Whit Monday), 3 Oct,
25/26 Dec. A waiting period (§ 75 VwGO) opens the day after its last day.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.cases.deadlines import request_state
from app.law import KnowledgeBase, load_knowledge_base

from .builders import make_events, make_request


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def steps(kb: KnowledgeBase, regime: str, right: str, context: str, today: str, *rows):  # type: ignore[no-untyped-def]
    state = request_state(
        kb, make_request("DE", regime, right, context), make_events(*rows), date.fromisoformat(today)
    )
    return {s.step.id: s for s in state.steps}


def due(step) -> str:  # type: ignore[no-untyped-def]
    assert step.deadline is not None
    return step.deadline.due.isoformat()


# -- BDSG Part 3 (federal police body): access refused -> objection -> refused -> Klage ------------------
PART3_REFUSAL = (
    ("sent", "2026-01-13"),
    ("received", "2026-01-15"),
    ("refused", "2026-02-02"),  # the refusal reached the requester on Mon 2 Feb
)


def test_part3_refusal_opens_objection_and_direct_action_windows(kb: KnowledgeBase) -> None:
    s = steps(kb, "bdsg-part3", "access", "policing", "2026-02-10", *PART3_REFUSAL)
    # § 70(1) / § 74 VwGO: one month from 2 Feb ends Mon 2 Mar 2026.
    assert s["DE-WIDERSPRUCH"].state.value == "open" and due(s["DE-WIDERSPRUCH"]) == "2026-03-02"
    assert s["DE-KLAGE-DIRECT"].state.value == "open" and due(s["DE-KLAGE-DIRECT"]) == "2026-03-02"
    # Complaint and indirect access run alongside; the action against the refused request is not yet reached.
    assert "DE-BDSG-COMPLAINT" in s and "DE-BDSG-INDIRECT" in s
    assert "DE-KLAGE" not in s and "DE-UNTAETIGKEITSKLAGE-WIDERSPRUCH" not in s
    assert "DE-UNTAETIGKEITSKLAGE" not in s  # no silence: the request was answered
    # Every step after a refusal warns that a complaint does not stop the periods.
    assert any("does not stop" in w for w in s["DE-BDSG-COMPLAINT"].step.warnings)
    assert any("§ 58(2)" in w for w in s["DE-WIDERSPRUCH"].step.warnings)
    assert any("§ 68(1) sentence 2 no. 1" in w for w in s["DE-WIDERSPRUCH"].step.warnings)


def test_part3_objection_lapses_unfiled(kb: KnowledgeBase) -> None:
    s = steps(kb, "bdsg-part3", "access", "policing", "2026-03-03", *PART3_REFUSAL)
    assert s["DE-WIDERSPRUCH"].state.value == "lapsed"


def test_part3_objection_filed_then_refused_opens_the_action(kb: KnowledgeBase) -> None:
    filed = (*PART3_REFUSAL, ("objection_filed", "2026-02-20", "", {"step": "DE-WIDERSPRUCH"}))
    s = steps(kb, "bdsg-part3", "access", "policing", "2026-03-10", *filed)
    w = s["DE-WIDERSPRUCH"]
    # No statutory period for the objection decision; § 75 VwGO: three months from Fri 20 Feb end Wed 20 May.
    assert w.state.value == "filed" and w.answer is not None and w.answer.due.isoformat() == "2026-05-20"
    assert "DE-KLAGE" not in s
    decided = (
        *filed,
        ("decision_received", "2026-04-30", "", {"step": "DE-WIDERSPRUCH", "outcome": "refused"}),
    )
    s = steps(kb, "bdsg-part3", "access", "policing", "2026-05-04", *decided)
    assert s["DE-WIDERSPRUCH"].state.value == "decided"
    # § 74 VwGO: one month from Thu 30 Apr ends Sat 30 May -> Mon 1 Jun 2026 (§ 193 BGB).
    assert s["DE-KLAGE"].state.value == "open" and due(s["DE-KLAGE"]) == "2026-06-01"
    assert "DE-UNTAETIGKEITSKLAGE-WIDERSPRUCH" not in s  # the objection was decided
    done = (*decided, ("court_filed", "2026-05-28", "", {"step": "DE-KLAGE"}))
    s = steps(kb, "bdsg-part3", "access", "policing", "2026-06-02", *done)
    assert s["DE-KLAGE"].state.value == "filed"


def test_part3_undecided_objection_opens_the_failure_to_act_action(kb: KnowledgeBase) -> None:
    filed = (*PART3_REFUSAL, ("objection_filed", "2026-02-20", "", {"step": "DE-WIDERSPRUCH"}))
    # Until the three months have passed (20 May), the step is not reached.
    assert "DE-UNTAETIGKEITSKLAGE-WIDERSPRUCH" not in steps(
        kb, "bdsg-part3", "access", "policing", "2026-05-20", *filed
    )
    s = steps(kb, "bdsg-part3", "access", "policing", "2026-05-21", *filed)
    u = s["DE-UNTAETIGKEITSKLAGE-WIDERSPRUCH"]
    # § 75 VwGO: three months from 20 Feb end Wed 20 May; admissible from Thu 21 May.
    assert u.state.value == "open" and due(u) == "2026-05-21"
    assert "DE-KLAGE" not in s


# -- silence: Untätigkeitsklage after three months ----------------------------------------------------
def test_part3_silence_waits_for_the_failure_to_act_action(kb: KnowledgeBase) -> None:
    rows = (("sent", "2026-01-13"), ("received", "2026-01-15"))
    # Reference period: one month from 15 Jan ends Sun 15 Feb -> Mon 16 Feb; silence known from 17 Feb.
    s = steps(kb, "bdsg-part3", "access", "policing", "2026-03-01", *rows)
    u = s["DE-UNTAETIGKEITSKLAGE"]
    # § 75 VwGO: three months from receipt on 15 Jan end Wed 15 Apr; admissible from Thu 16 Apr.
    assert u.state.value == "waiting" and due(u) == "2026-04-16"
    assert "DE-WIDERSPRUCH" not in s and "DE-KLAGE-DIRECT" not in s  # nothing to object to
    s = steps(kb, "bdsg-part3", "access", "policing", "2026-04-16", *rows)
    assert s["DE-UNTAETIGKEITSKLAGE"].state.value == "open"
    s = steps(
        kb,
        "bdsg-part3",
        "access",
        "policing",
        "2026-04-21",
        *rows,
        ("court_filed", "2026-04-20", "", {"step": "DE-UNTAETIGKEITSKLAGE"}),
    )
    assert s["DE-UNTAETIGKEITSKLAGE"].state.value == "filed"


# -- GDPR (other police task): deletion refused -> objection -> partly granted -> Klage ----------------
def test_gdpr_deletion_refusal_chain(kb: KnowledgeBase) -> None:
    rows = (("sent", "2026-03-24"), ("received", "2026-03-26"), ("refused", "2026-04-02"))
    s = steps(kb, "gdpr", "deletion", "administrative", "2026-04-10", *rows)
    # One month from Thu 2 Apr ends Sat 2 May -> Mon 4 May 2026 (§ 193 BGB; 1 May is a Friday holiday).
    assert due(s["DE-WIDERSPRUCH"]) == "2026-05-04" and due(s["DE-KLAGE-DIRECT"]) == "2026-05-04"
    assert any("does not stop" in w for w in s["DE-GDPR-COMPLAINT"].step.warnings)
    filed = (*rows, ("objection_filed", "2026-04-28", "", {"step": "DE-WIDERSPRUCH"}))
    s = steps(kb, "gdpr", "deletion", "administrative", "2026-05-05", *filed)
    w = s["DE-WIDERSPRUCH"]
    # Three months from Tue 28 Apr end Tue 28 Jul.
    assert w.state.value == "filed" and w.answer is not None and w.answer.due.isoformat() == "2026-07-28"
    decided = (
        *filed,
        ("decision_received", "2026-07-10", "", {"step": "DE-WIDERSPRUCH", "outcome": "partly_granted"}),
    )
    s = steps(kb, "gdpr", "deletion", "administrative", "2026-07-13", *decided)
    # A partial objection decision also opens the action: one month from Fri 10 Jul ends Mon 10 Aug.
    assert s["DE-KLAGE"].state.value == "open" and due(s["DE-KLAGE"]) == "2026-08-10"


def test_gdpr_deletion_no_longer_cites_bdsg_35_as_the_requesters_basis(kb: KnowledgeBase) -> None:
    route = kb.route("DE", "gdpr", "deletion")
    assert [p.id for p in route.fallback_provisions] == ["GDPR-18"]


# -- Land police: access refused -------------------------------------------------------------------
def test_land_police_access_refusal_chain(kb: KnowledgeBase) -> None:
    rows = (("sent", "2026-04-28"), ("received", "2026-04-30"), ("refused", "2026-05-14"))
    s = steps(kb, "land-police", "access", "land-policing", "2026-05-20", *rows)
    # One month from Thu 14 May (Ascension) ends Sun 14 Jun -> Mon 15 Jun 2026.
    assert due(s["DE-WIDERSPRUCH"]) == "2026-06-15" and due(s["DE-KLAGE-DIRECT"]) == "2026-06-15"
    assert "DE-LAND-COMPLAINT" in s and "DE-LAND-INDIRECT" in s
    # Never the federal complaint body or BDSG Part 3 for a Land body.
    route = kb.route("DE", "land-police", "access")
    for step in route.escalation:
        assert not any(p.id.startswith("DE-BDSG") or p.id == "DE-STPO-500" for p in step.provisions), step.id
        assert "BfDI" not in step.addressee or "never the BfDI" in step.addressee
    assert [p.id for p in route.provisions] == ["LED-14"]


def test_land_police_silence_reference_period(kb: KnowledgeBase) -> None:
    rows = (("sent", "2026-04-28"), ("received", "2026-04-30"))
    state = request_state(
        kb,
        make_request("DE", "land-police", "access", "land-policing"),
        make_events(*rows),
        date(2026, 6, 10),
    )
    # Reference month from Thu 30 Apr ends Sat 30 May -> Mon 1 Jun.
    assert state.response is not None and state.response.due.isoformat() == "2026-06-01"
    s = {x.step.id: x for x in state.steps}
    # § 75 VwGO: three months from 30 Apr end Thu 30 Jul; admissible from Fri 31 Jul.
    assert (
        s["DE-UNTAETIGKEITSKLAGE"].state.value == "waiting"
        and due(s["DE-UNTAETIGKEITSKLAGE"]) == "2026-07-31"
    )
    assert "DE-LAND-REMINDER" in s


def test_the_objection_and_the_direct_action_exclude_each_other(kb: KnowledgeBase) -> None:
    """Once the Widerspruch is filed, the Klage without objection procedure is closed (and vice versa)."""
    from datetime import date as _date

    from app.cases.deadlines import request_state

    from .builders import make_events, make_request

    rows = [("sent", "2026-03-02"), ("received", "2026-03-04"), ("refused", "2026-03-20")]
    request = make_request("DE", "bdsg-part3", "access", "policing")
    both = request_state(kb, request, make_events(*rows), _date(2026, 3, 25))
    assert {"DE-WIDERSPRUCH", "DE-KLAGE-DIRECT"} <= {s.step.id for s in both.steps}
    filed = make_events(*rows, ("objection_filed", "2026-03-25", "", {"step": "DE-WIDERSPRUCH"}))
    after = request_state(kb, request, filed, _date(2026, 3, 26))
    states = {s.step.id: str(s.state) for s in after.steps}
    assert states["DE-KLAGE-DIRECT"] == "closed" and states["DE-WIDERSPRUCH"] == "filed"
    assert all(d.step_id != "DE-KLAGE-DIRECT" for d in after.deadlines)
