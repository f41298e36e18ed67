"""The lifecycle engine on a fictional chain (tests/fixtures/chainpack: "Testland", not real law).

Each step is followed to its end: a refusal or silence opens the review; its filing starts its
acceptance and decision periods; a decision, or the review's silence, opens the court step. The
dates were counted by hand: working days skip weekends and England & Wales bank holidays (Good
Friday 3 Apr, Easter Monday 6 Apr, 4 May 2026); calendar days do not move; months end on the
corresponding date (Reg. 1182/71 style).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.cases.deadlines import AvailableStep, RequestState, StepState, request_state
from app.law import KnowledgeBase, load_knowledge_base

from .builders import make_events, make_request

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "chainpack"


@pytest.fixture(scope="module")
def zz() -> KnowledgeBase:
    return load_knowledge_base(packs=(PACK,))


def at(kb: KnowledgeBase, today: str, *rows: tuple[object, ...], right: str = "access") -> RequestState:
    request = make_request("ZZ", "test-act", right, "policing")
    return request_state(kb, request, make_events(*rows), date.fromisoformat(today))


def step(state: RequestState, step_id: str) -> AvailableStep:
    found = {s.step.id: s for s in state.steps}
    assert step_id in found, list(found)
    return found[step_id]


SENT = (("sent", "2026-03-02"), ("received", "2026-03-03"))  # answer due 31 Mar (20 working days)


def test_a_refusal_leads_through_the_review_to_the_court(zz: KnowledgeBase) -> None:
    refused = (*SENT, ("refused", "2026-03-20"))
    s = at(zz, "2026-03-25", *refused)
    review = step(s, "ZZ-REVIEW")
    assert review.state is StepState.OPEN and review.closes == date(2026, 4, 19)  # 30 days from 20 Mar
    assert "ZZ-COURT" not in {x.step.id for x in s.steps}  # reached only by the review's outcome
    assert "ZZ-REMINDER" not in {x.step.id for x in s.steps}  # a reminder is for silence

    filed = (*refused, ("review_filed", "2026-03-25", "", {"step": "ZZ-REVIEW"}))
    s = at(zz, "2026-03-26", *filed)
    review = step(s, "ZZ-REVIEW")
    assert review.state is StepState.FILED and review.filed_on == date(2026, 3, 25)
    # Deemed accepted after 5 working days (1 Apr); decided within 20 working days of that,
    # Good Friday and Easter Monday skipped: 1 May.
    assert review.answer is not None and review.answer.due == date(2026, 5, 1)
    assert review.answer in s.deadlines

    decided = (*filed, ("decision_received", "2026-04-20", "", {"step": "ZZ-REVIEW", "outcome": "refused"}))
    s = at(zz, "2026-04-21", *decided)
    assert step(s, "ZZ-REVIEW").state is StepState.DECIDED
    assert step(s, "ZZ-REVIEW").outcome == "refused"
    court = step(s, "ZZ-COURT")
    assert court.state is StepState.OPEN and court.closes == date(2026, 5, 5)  # 15 days from 20 Apr
    assert str(s.status) == "refused"

    s = at(zz, "2026-05-06", *decided)
    assert step(s, "ZZ-COURT").state is StepState.LAPSED
    assert all(d.step_id != "ZZ-COURT" for d in s.deadlines)


def test_a_granted_review_opens_no_court_step(zz: KnowledgeBase) -> None:
    rows = (
        *SENT,
        ("refused", "2026-03-20"),
        ("review_filed", "2026-03-25", "", {"step": "ZZ-REVIEW"}),
        ("decision_received", "2026-04-20", "", {"step": "ZZ-REVIEW", "outcome": "granted"}),
    )
    s = at(zz, "2026-04-21", *rows)
    assert "ZZ-COURT" not in {x.step.id for x in s.steps}
    assert str(s.status) == "granted"


def test_silence_leads_through_the_review_s_silence_to_the_court(zz: KnowledgeBase) -> None:
    s = at(zz, "2026-04-02", *SENT)
    assert step(s, "ZZ-REMINDER").state is StepState.OPEN
    review = step(s, "ZZ-REVIEW")
    assert review.closes == date(2026, 5, 1)  # silence known 1 Apr; 30 days
    inaction = step(s, "ZZ-INACTION-SUIT")
    # Not before three months from receipt (3 Mar -> 3 Jun): possible from 4 June.
    assert inaction.state is StepState.WAITING and inaction.opens == date(2026, 6, 4)

    filed = (*SENT, ("review_filed", "2026-04-10", "", {"step": "ZZ-REVIEW"}))
    s = at(zz, "2026-04-11", *filed)
    review = step(s, "ZZ-REVIEW")
    # Accepted 17 Apr (5 working days); 20 working days from then, 4 May skipped: 18 May.
    assert review.answer is not None and review.answer.due == date(2026, 5, 18)

    s = at(zz, "2026-05-20", *filed)
    court = step(s, "ZZ-COURT")
    # The review board's period ended on 18 May; 15 days counted from then: 2 June.
    assert court.state is StepState.OPEN and court.closes == date(2026, 6, 2)


def test_an_unfiled_window_lapses(zz: KnowledgeBase) -> None:
    s = at(zz, "2026-04-25", *SENT, ("refused", "2026-03-20"))
    assert step(s, "ZZ-REVIEW").state is StepState.LAPSED
    assert s.deadlines == ()


def test_a_closed_request_closes_its_steps(zz: KnowledgeBase) -> None:
    s = at(zz, "2026-04-25", *SENT, ("refused", "2026-03-20"), ("closed", "2026-03-21"))
    assert str(s.status) == "closed" and s.steps == ()
