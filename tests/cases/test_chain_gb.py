"""England & Wales: each escalation chain walked event by event (issue 10).

Chain (from 19 June 2026, DPA 2018 s.164A): complaint to the force (the controller; 30-day
acknowledgement) -> complaint to the Information Commissioner (s.165; 3 months for progress or outcome,
s.166) -> application to the Tribunal (s.166), open the day after those 3 months. The court (s.167)
does not depend on any complaint and is open from the refusal or the silence.

How the dates were counted (England & Wales bank holidays 2026: 3 Apr Good Friday, 6 Apr Easter
Monday, 4 May, 25 May, 31 Aug, 25 Dec, 28 Dec (Boxing Day substitute); 2027: 1 Jan, 26 Mar, 29 Mar):
- One month / three months (ICO method, law.md C.4): the day of receipt is day one and the period ends
  on the corresponding date; an end on a weekend or bank holiday moves to the next working day.
- 30 days (s.164A(3), "beginning when the complaint is received"): the app counts 30 days after the
  filing day (22 Jul -> 21 Aug); the strict "beginning with" reading ends one day earlier (20 Aug).
  The later date only delays the ICO step by a day, never opens it early.
- Silence of a body is known the day after its period ends; a waiting period (s.166) opens the step
  the day after its end.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.cases.deadlines import RequestState, request_state
from app.law import KnowledgeBase
from tests.cases.builders import make_events, make_request

Rows = list[tuple[object, ...]]


def _state(kb: KnowledgeBase, regime: str, right: str, today: str, rows: Rows) -> RequestState:
    request = make_request("GB-ENG", regime, right)
    return request_state(kb, request, make_events(*rows), date.fromisoformat(today))


def walk(
    kb: KnowledgeBase, regime: str, right: str, today: str, rows: Rows
) -> dict[str, tuple[str, str | None, str | None]]:
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


CONTROLLER = {"step": "GB-CONTROLLER-COMPLAINT"}
ICO = {"step": "GB-ICO-COMPLAINT"}
ICO_UKGDPR = {"step": "GB-UKGDPR-COMPLAINT"}


def test_part3_access_refusal_chain(kb: KnowledgeBase) -> None:
    # Received Thu 2 Jul 2026: one month -> 2 Aug (Sunday) -> Mon 3 Aug.
    rows: Rows = [("sent", "2026-07-01"), ("received", "2026-07-02")]
    assert response_due(kb, "dpa-part3", "access", "2026-07-10", rows) == "2026-08-03"
    # Refused Mon 20 Jul: the complaint to the force, the s.51 check and the court open; nothing else yet.
    rows.append(("refused", "2026-07-20"))
    steps = walk(kb, "dpa-part3", "access", "2026-07-21", rows)
    assert steps["GB-CONTROLLER-COMPLAINT"] == ("open", None, None)
    assert steps["GB-S51-CHECK"][0] == "open"
    assert steps["GB-COURT"][0] == "open"
    assert "GB-ICO-COMPLAINT" not in steps and "GB-TRIBUNAL" not in steps
    assert "GB-REMINDER" not in steps  # a reminder is for silence only
    # Complaint to the force Wed 22 Jul: 30 days -> Fri 21 Aug (see the module docstring).
    rows.append(("complaint_filed", "2026-07-22", "", CONTROLLER))
    steps = walk(kb, "dpa-part3", "access", "2026-07-23", rows)
    assert steps["GB-CONTROLLER-COMPLAINT"] == ("filed", None, "2026-08-21")
    assert "GB-ICO-COMPLAINT" not in steps
    # The force rejects the complaint on Mon 10 Aug: the complaint to the Commissioner opens.
    rows.append(("decision_received", "2026-08-10", "", {**CONTROLLER, "outcome": "refused"}))
    steps = walk(kb, "dpa-part3", "access", "2026-08-11", rows)
    assert steps["GB-CONTROLLER-COMPLAINT"][0] == "decided"
    assert steps["GB-ICO-COMPLAINT"] == ("open", None, None)  # no filing deadline
    assert steps["GB-COURT"][0] == "open"  # s.167 does not wait for the complaints
    # Complaint to the Commissioner Wed 12 Aug: 3 months -> Thu 12 Nov 2026.
    rows.append(("complaint_filed", "2026-08-12", "", ICO))
    steps = walk(kb, "dpa-part3", "access", "2026-11-12", rows)
    assert steps["GB-ICO-COMPLAINT"] == ("filed", None, "2026-11-12")
    assert "GB-TRIBUNAL" not in steps  # still within the Commissioner's 3 months
    # Fri 13 Nov: no progress or outcome recorded -> the s.166 application is open from today.
    steps = walk(kb, "dpa-part3", "access", "2026-11-13", rows)
    assert steps["GB-TRIBUNAL"] == ("open", "2026-11-13", None)
    assert steps["GB-COURT"][0] == "open"
    # Filed with the Tribunal on Mon 16 Nov; the court remains available against the force.
    rows.append(("appeal_filed", "2026-11-16", "", {"step": "GB-TRIBUNAL"}))
    steps = walk(kb, "dpa-part3", "access", "2026-11-17", rows)
    assert steps["GB-TRIBUNAL"][0] == "filed"
    assert steps["GB-COURT"][0] == "open"


def test_part3_access_silence_chain(kb: KnowledgeBase) -> None:
    # Received Fri 31 Jul 2026: one month -> Mon 31 Aug, the Summer bank holiday -> Tue 1 Sep.
    rows: Rows = [("sent", "2026-07-30"), ("received", "2026-07-31")]
    assert response_due(kb, "dpa-part3", "access", "2026-08-10", rows) == "2026-09-01"
    assert walk(kb, "dpa-part3", "access", "2026-09-01", rows) == {}  # the last day of the period
    # Silence known Wed 2 Sep: reminder, complaint to the force and court open.
    steps = walk(kb, "dpa-part3", "access", "2026-09-02", rows)
    assert steps["GB-REMINDER"][0] == "open"
    assert steps["GB-CONTROLLER-COMPLAINT"] == ("open", None, None)
    assert steps["GB-COURT"][0] == "open"
    assert "GB-S51-CHECK" not in steps  # s.51 is for a restriction or refusal, not silence
    # Complaint to the force Thu 26 Nov: 30 days -> Sat 26 Dec; Sun 27, Mon 28 Dec (Boxing Day
    # substitute) -> Tue 29 Dec.
    rows.append(("complaint_filed", "2026-11-26", "", CONTROLLER))
    steps = walk(kb, "dpa-part3", "access", "2026-12-29", rows)
    assert steps["GB-CONTROLLER-COMPLAINT"] == ("filed", None, "2026-12-29")
    assert "GB-ICO-COMPLAINT" not in steps
    # Wed 30 Dec: no answer from the force -> the complaint to the Commissioner opens.
    steps = walk(kb, "dpa-part3", "access", "2026-12-30", rows)
    assert steps["GB-ICO-COMPLAINT"] == ("open", None, None)
    # Complaint to the Commissioner Mon 4 Jan 2027: 3 months -> Sun 4 Apr 2027 -> Mon 5 Apr 2027.
    rows.append(("complaint_filed", "2027-01-04", "", ICO))
    steps = walk(kb, "dpa-part3", "access", "2027-04-05", rows)
    assert steps["GB-ICO-COMPLAINT"] == ("filed", None, "2027-04-05")
    assert "GB-TRIBUNAL" not in steps
    steps = walk(kb, "dpa-part3", "access", "2027-04-06", rows)
    assert steps["GB-TRIBUNAL"][0] == "open"
    assert steps["GB-COURT"][0] == "open"


def test_ukgdpr_deletion_refusal_chain(kb: KnowledgeBase) -> None:
    # Received Thu 1 Oct 2026: one month -> Sun 1 Nov -> Mon 2 Nov.
    rows: Rows = [("sent", "2026-09-30"), ("received", "2026-10-01")]
    assert response_due(kb, "uk-gdpr", "deletion", "2026-10-05", rows) == "2026-11-02"
    rows.append(("refused", "2026-10-20"))
    steps = walk(kb, "uk-gdpr", "deletion", "2026-10-21", rows)
    assert steps["GB-CONTROLLER-COMPLAINT"] == ("open", None, None)
    assert steps["GB-COURT"][0] == "open"
    assert "GB-UKGDPR-COMPLAINT" not in steps
    # Complaint to the force Thu 22 Oct: 30 days -> Sat 21 Nov -> Mon 23 Nov.
    rows.append(("complaint_filed", "2026-10-22", "", CONTROLLER))
    steps = walk(kb, "uk-gdpr", "deletion", "2026-10-23", rows)
    assert steps["GB-CONTROLLER-COMPLAINT"] == ("filed", None, "2026-11-23")
    # The force upholds the complaint only in part on Mon 9 Nov: the UK GDPR complaint to the ICO opens.
    rows.append(("decision_received", "2026-11-09", "", {**CONTROLLER, "outcome": "partly_granted"}))
    steps = walk(kb, "uk-gdpr", "deletion", "2026-11-10", rows)
    assert steps["GB-UKGDPR-COMPLAINT"] == ("open", None, None)
    # Complaint to the Commissioner Wed 11 Nov: 3 months -> Thu 11 Feb 2027.
    rows.append(("complaint_filed", "2026-11-11", "", ICO_UKGDPR))
    steps = walk(kb, "uk-gdpr", "deletion", "2027-02-11", rows)
    assert steps["GB-UKGDPR-COMPLAINT"] == ("filed", None, "2027-02-11")
    assert "GB-TRIBUNAL" not in steps
    steps = walk(kb, "uk-gdpr", "deletion", "2027-02-12", rows)
    assert steps["GB-TRIBUNAL"] == ("open", "2027-02-12", None)
    assert steps["GB-COURT"][0] == "open"


def test_granted_complaint_ends_the_chain(kb: KnowledgeBase) -> None:
    rows: Rows = [
        ("sent", "2026-07-01"),
        ("received", "2026-07-02"),
        ("refused", "2026-07-20"),
        ("complaint_filed", "2026-07-22", "", CONTROLLER),
        ("decision_received", "2026-08-10", "", {**CONTROLLER, "outcome": "granted"}),
    ]
    steps = walk(kb, "dpa-part3", "access", "2026-12-01", rows)
    assert "GB-ICO-COMPLAINT" not in steps and "GB-TRIBUNAL" not in steps


@pytest.mark.parametrize("regime", ["dpa-part3", "uk-gdpr"])
def test_every_route_lists_the_whole_chain(kb: KnowledgeBase, regime: str) -> None:
    for right in ("access", "correction", "deletion"):
        ids = [s.id for s in kb.route("GB-ENG", regime, right).escalation]
        complaint = "GB-ICO-COMPLAINT" if regime == "dpa-part3" else "GB-UKGDPR-COMPLAINT"
        chain = ["GB-CONTROLLER-COMPLAINT", complaint, "GB-TRIBUNAL", "GB-COURT"]
        assert [i for i in ids if i in chain] == chain


def test_pnc_context_names_acro(kb: KnowledgeBase) -> None:
    context = kb.jurisdiction("GB-ENG").contexts["pnc"]
    assert context.regimes == ("dpa-part3",) or list(context.regimes) == ["dpa-part3"]
    assert "ACRO Criminal Records Office" in context.notice
    route = kb.route("GB-ENG", "dpa-part3", "access")
    assert "ACRO" in route.addressee
