"""United States (federal agencies): each escalation chain walked event by event (issue 10).

Chains (law.md D.1-D.2; 5 U.S.C. § 552 and § 552a read 2026-12-03):
- Access (Privacy Act + FOIA, or FOIA alone): denial -> access appeal (window not less than 90 days,
  § 552(a)(6)(A)(i)(III)(aa); decided within 20 working days, (a)(6)(A)(ii)) -> suit after a refused
  appeal (Privacy Act route: (g)(1)(B) with FOIA, 2 years) or after the appeal's 20 days lapse (FOIA
  only, constructive exhaustion (a)(6)(C)(i)). Silence of the request -> FOIA suit at once; an appeal of
  the non-response is optional. Never a Privacy Act suit on the request's silence.
- Amendment: refusal -> (d)(3) review (30 working days) -> suit under (g)(1)(A) when the review refuses
  or is not made in conformity with (d)(3). Silence on the amendment request: follow-up only.

How the dates were counted (legal public holidays, 5 U.S.C. § 6103(a), as observed; 2026: Memorial Day
Mon 25 May, Juneteenth Fri 19 Jun, Independence Day Sat 4 Jul observed Fri 3 Jul, Labor Day Mon 7 Sep,
Columbus Day Mon 12 Oct, Veterans Day Wed 11 Nov, Thanksgiving Thu 26 Nov):
- "N days (excepting Saturdays, Sundays, and legal public holidays) after ...": day 1 is the next
  working day after the event; weekends and holidays are skipped (law.md section 0).
- Calendar days (the 90-day appeal window) count from the day after the event and do not roll.
- Months (2 years, 6 years): the corresponding date; no roll (us-calendar).
- Silence of a body is known the day after its period ends. A window opened by the request's silence
  counts from that day; one opened by a filed step's silence counts from the step's lapsed answer date
  (one day earlier: the safe reading of "accrues").
"""

from __future__ import annotations

from datetime import date

from app.cases.deadlines import RequestState, request_state
from app.law import KnowledgeBase
from tests.cases.builders import make_events, make_request

Rows = list[tuple[object, ...]]

APPEAL = {"step": "US-FOIA-APPEAL-STEP"}
NONRESPONSE = {"step": "US-FOIA-APPEAL-NONRESPONSE"}
REVIEW = {"step": "US-PA-REVIEW"}


def _state(kb: KnowledgeBase, regime: str, right: str, today: str, rows: Rows) -> RequestState:
    request = make_request("US", regime, right, context="citizen_or_lpr")
    return request_state(kb, request, make_events(*rows), date.fromisoformat(today))


def walk(kb: KnowledgeBase, regime: str, right: str, today: str, rows: Rows) -> dict[str, tuple]:
    """{step id: (state, window due, answer due)} as ISO strings (None where there is none)."""
    s = _state(kb, regime, right, today, rows)
    return {
        a.step.id: (
            str(a.state),
            a.deadline.due.isoformat() if a.deadline else None,
            a.answer.due.isoformat() if a.answer else None,
        )
        for a in s.steps
    }


def response_due(kb: KnowledgeBase, regime: str, right: str, today: str, rows: Rows) -> str:
    s = _state(kb, regime, right, today, rows)
    assert s.response is not None
    return s.response.due.isoformat()


def test_privacy_act_access_denial_chain(kb: KnowledgeBase) -> None:
    # Received Wed 4 Mar 2026; 20 working days (FOIA processing, reference period): 5 Mar = day 1,
    # no holiday in March -> Wed 1 Apr.
    rows: Rows = [("sent", "2026-03-02"), ("received", "2026-03-04")]
    assert response_due(kb, "privacy-act", "access", "2026-03-10", rows) == "2026-04-01"
    # Denied Fri 27 Mar: the access appeal opens; 90 calendar days: 4 (28-31 Mar) + 30 (Apr) + 31 (May)
    # = 65, + 25 -> Thu 25 Jun. No suit yet: exhaustion first.
    rows.append(("refused", "2026-03-27"))
    steps = walk(kb, "privacy-act", "access", "2026-03-30", rows)
    assert steps["US-FOIA-APPEAL-STEP"] == ("open", "2026-06-25", None)
    for closed in ("US-PA-ACCESS-SUIT", "US-FOIA-SUIT-EXHAUSTION", "US-FOIA-SUIT-APPEAL-SILENCE"):
        assert closed not in steps, closed
    assert "US-FOLLOW-UP" not in steps  # a follow-up is for silence only
    # Appeal filed Fri 22 May: 20 working days after it: 26 May = day 1 (25 May Memorial Day), ...,
    # 18 Jun = day 18, 19 Jun Juneteenth skipped, 22 Jun = 19, Tue 23 Jun = 20.
    rows.append(("appeal_filed", "2026-05-22", "", APPEAL))
    steps = walk(kb, "privacy-act", "access", "2026-05-26", rows)
    assert steps["US-FOIA-APPEAL-STEP"] == ("filed", "2026-06-25", "2026-06-23")
    assert "US-PA-ACCESS-SUIT" not in steps
    # The appeal is denied Mon 15 Jun: the Privacy Act + FOIA civil action opens; 2 years -> Thu 15 Jun 2028.
    rows.append(("decision_received", "2026-06-15", "", {**APPEAL, "outcome": "refused"}))
    steps = walk(kb, "privacy-act", "access", "2026-06-16", rows)
    assert steps["US-FOIA-APPEAL-STEP"][0] == "decided"
    assert steps["US-PA-ACCESS-SUIT"] == ("open", "2028-06-15", None)
    assert "US-FOIA-SUIT-APPEAL-SILENCE" not in steps  # the appeal was decided


def test_privacy_act_access_appeal_silence_opens_only_the_foia_suit(kb: KnowledgeBase) -> None:
    rows: Rows = [
        ("sent", "2026-03-02"),
        ("received", "2026-03-04"),
        ("refused", "2026-03-27"),
        ("appeal_filed", "2026-05-22", "", APPEAL),
    ]
    # Appeal answer due Tue 23 Jun (see above); silence known Wed 24 Jun: FOIA suit only (constructive
    # exhaustion covers the appeal's time limit too); no Privacy Act claim on silence.
    steps = walk(kb, "privacy-act", "access", "2026-06-24", rows)
    assert steps["US-FOIA-SUIT-APPEAL-SILENCE"][0] == "open"
    assert "US-PA-ACCESS-SUIT" not in steps


def test_foia_access_silence_chain(kb: KnowledgeBase) -> None:
    # Received Wed 1 Jul 2026; 20 working days: 2 Jul = 1, 3 Jul (Independence Day observed) skipped,
    # 6 Jul = 2, ..., Thu 30 Jul = 20.
    rows: Rows = [("sent", "2026-06-29"), ("received", "2026-07-01")]
    assert response_due(kb, "foia", "access", "2026-07-02", rows) == "2026-07-30"
    # Silence known Fri 31 Jul: follow-up, optional non-response appeal (no statutory window) and the
    # FOIA suit on constructive exhaustion (6 years from 31 Jul 2026 -> 31 Jul 2032) are open; the appeal
    # against a determination is not (there is none).
    steps = walk(kb, "foia", "access", "2026-07-31", rows)
    assert steps["US-FOLLOW-UP"][0] == "open"
    assert steps["US-FOIA-APPEAL-NONRESPONSE"] == ("open", None, None)
    assert steps["US-FOIA-SUIT-EXHAUSTION"] == ("open", "2032-07-31", None)
    assert "US-FOIA-APPEAL-STEP" not in steps
    assert "US-FOIA-SUIT-AFTER-APPEAL" not in steps
    # The user appeals the non-response on Mon 10 Aug: 20 working days: 11-14 Aug = 4, 17-21 = 9,
    # 24-28 = 14, 31 Aug = 15, 1-4 Sep = 19, 7 Sep Labor Day skipped, Tue 8 Sep = 20.
    rows.append(("appeal_filed", "2026-08-10", "", NONRESPONSE))
    steps = walk(kb, "foia", "access", "2026-08-11", rows)
    assert steps["US-FOIA-APPEAL-NONRESPONSE"] == ("filed", None, "2026-09-08")
    # No decision by 8 Sep: silence known Wed 9 Sep; the FOIA suit after the appeal opens. Its 6 years
    # are counted from the lapsed answer date, 8 Sep (the engine's earlier, safe reading) -> 8 Sep 2032.
    steps = walk(kb, "foia", "access", "2026-09-09", rows)
    assert steps["US-FOIA-SUIT-AFTER-APPEAL"] == ("open", "2032-09-08", None)


def test_privacy_act_access_silence_never_opens_a_privacy_act_suit(kb: KnowledgeBase) -> None:
    rows: Rows = [("sent", "2026-06-29"), ("received", "2026-07-01")]
    steps = walk(kb, "privacy-act", "access", "2026-07-31", rows)
    assert steps["US-FOIA-SUIT-EXHAUSTION"][0] == "open"  # FOIA processing: constructive exhaustion
    assert "US-PA-ACCESS-SUIT" not in steps


def test_amendment_refusal_chain(kb: KnowledgeBase) -> None:
    # Received Wed 2 Sep 2026; acknowledgment within 10 working days: 3 Sep = 1, 4 Sep = 2, 7 Sep Labor
    # Day skipped, 8 Sep = 3, ..., Thu 17 Sep = 10.
    rows: Rows = [("sent", "2026-08-31"), ("received", "2026-09-02")]
    assert response_due(kb, "privacy-act", "correction", "2026-09-03", rows) == "2026-09-17"
    # Refused Fri 25 Sep: the (d)(3) review opens (the Act sets no window for asking; agency rules do,
    # shown as a warning); no suit on the first refusal.
    rows.append(("refused", "2026-09-25"))
    steps = walk(kb, "privacy-act", "correction", "2026-09-28", rows)
    assert steps["US-PA-REVIEW"] == ("open", None, None)
    assert "US-PA-SUIT" not in steps
    assert "US-PA-AMEND-FOLLOW-UP" not in steps
    # Review requested Thu 1 Oct: 30 working days: 2 Oct = 1, 5-9 Oct = 6, 12 Oct Columbus Day skipped,
    # 13-16 Oct = 10, 19-23 = 15, 26-30 = 20, 2-6 Nov = 25, 9-10 Nov = 27, 11 Nov Veterans Day skipped,
    # 12-13 Nov = 29, Mon 16 Nov = 30.
    rows.append(("review_filed", "2026-10-01", "", REVIEW))
    steps = walk(kb, "privacy-act", "correction", "2026-10-02", rows)
    assert steps["US-PA-REVIEW"] == ("filed", None, "2026-11-16")
    assert "US-PA-SUIT" not in steps
    # The reviewing official also refuses on Tue 10 Nov: suit under (g)(1)(A); 2 years -> Fri 10 Nov 2028.
    rows.append(("decision_received", "2026-11-10", "", {**REVIEW, "outcome": "refused"}))
    steps = walk(kb, "privacy-act", "correction", "2026-11-11", rows)
    assert steps["US-PA-REVIEW"][0] == "decided"
    assert steps["US-PA-SUIT"] == ("open", "2028-11-10", None)


def test_amendment_review_silence_opens_the_suit(kb: KnowledgeBase) -> None:
    # § 552a(g)(1)(A): the action lies also where the agency "fails to make such review in conformity
    # with" (d)(3). Review answer due Mon 16 Nov (above); silence known Tue 17 Nov; 2 years counted from
    # the lapsed answer date (the engine's earlier, safe reading) -> Thu 16 Nov 2028.
    rows: Rows = [
        ("sent", "2026-08-31"),
        ("received", "2026-09-02"),
        ("refused", "2026-09-25"),
        ("review_filed", "2026-10-01", "", REVIEW),
    ]
    steps = walk(kb, "privacy-act", "correction", "2026-11-16", rows)
    assert "US-PA-SUIT" not in steps  # the review period still runs on its last day
    steps = walk(kb, "privacy-act", "correction", "2026-11-17", rows)
    assert steps["US-PA-SUIT"] == ("open", "2028-11-16", None)


def test_amendment_silence_opens_only_the_follow_up(kb: KnowledgeBase) -> None:
    # No acknowledgment by Thu 17 Sep: silence known Fri 18 Sep. The review presupposes a refusal and
    # the Privacy Act has no constructive exhaustion: neither the review nor a suit opens.
    rows: Rows = [("sent", "2026-08-31"), ("received", "2026-09-02")]
    for right in ("correction", "deletion"):
        steps = walk(kb, "privacy-act", right, "2026-09-18", rows)
        assert steps["US-PA-AMEND-FOLLOW-UP"][0] == "open", right
        assert "US-PA-REVIEW" not in steps and "US-PA-SUIT" not in steps, right
