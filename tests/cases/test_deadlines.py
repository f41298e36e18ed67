"""Lifecycle tables per jurisdiction: events in → status, response deadline and escalation windows out.

Every expected date was counted by hand from law.md (calendars: CN 2026 make-up Saturdays 14 and
28 Feb, Spring Festival 15–23 Feb, Qingming 4–6 Apr, National Day 1–7 Oct; US Washington's Birthday
16 Feb 2026; DE/GB weekends roll to the next working day).
"""

from __future__ import annotations

from datetime import date

from app.cases.deadlines import RequestState, request_state
from app.cases.lifecycle import Overdue, Status
from app.law import KnowledgeBase

from .builders import make_events, make_request


def dues(state: RequestState) -> dict[str, str]:
    return {d.key: d.due.isoformat() for d in state.deadlines}


def state(
    kb: KnowledgeBase,
    jurisdiction: str,
    regime: str,
    right: str,
    today: str,
    *rows: tuple[object, ...],
    context: str = "",
) -> RequestState:
    return request_state(
        kb, make_request(jurisdiction, regime, right, context), make_events(*rows), date.fromisoformat(today)
    )


# -- CN ------------------------------------------------------------------------------------------


def test_cn_ogi_registered_mail_counts_from_signature(kb: KnowledgeBase) -> None:
    s = state(
        kb,
        "CN",
        "ogi",
        "access",
        "2026-03-01",
        ("sent", "2026-02-02", "registered_mail"),
        ("received", "2026-02-05", "registered_mail"),
    )
    assert s.status is Status.RECEIVED and s.overdue is Overdue.NO
    assert dues(s) == {"response": "2026-03-11"}  # 20 working days across Spring Festival
    assert s.response is not None and s.response.alternative == date(2026, 3, 10)
    assert not s.notices


def test_cn_ogi_unproved_receipt_is_presumed_from_sending_and_flagged(kb: KnowledgeBase) -> None:
    s = state(kb, "CN", "ogi", "access", "2026-02-20", ("sent", "2026-02-02", "registered_mail"))
    assert dues(s) == {"response": "2026-03-06"}
    assert any("Receipt not proved" in n for n in s.notices)


def test_cn_ogi_in_person_is_received_the_same_day(kb: KnowledgeBase) -> None:
    s = state(kb, "CN", "ogi", "access", "2026-02-20", ("sent", "2026-02-05", "in_person"))
    assert dues(s) == {"response": "2026-03-11"}
    assert not s.notices


def test_cn_ogi_email_is_received_when_both_sides_confirm(kb: KnowledgeBase) -> None:
    # OGI art 31: sent by e-mail on 2 Feb, receipt confirmed on 5 Feb.
    s = state(
        kb,
        "CN",
        "ogi",
        "access",
        "2026-02-20",
        ("sent", "2026-02-02", "email"),
        ("acknowledged", "2026-02-05"),
    )
    assert dues(s) == {"response": "2026-03-11"}
    assert not s.notices


def test_cn_ogi_clarification_restarts_the_period(kb: KnowledgeBase) -> None:
    rows = (("sent", "2026-02-02"), ("received", "2026-02-05"), ("clarification_requested", "2026-02-10"))
    waiting = state(kb, "CN", "ogi", "access", "2026-02-27", *rows)
    assert waiting.status is Status.CLARIFICATION
    assert dues(waiting) == {}  # suspended until the supplement arrives (OGI art 30)
    restarted = state(kb, "CN", "ogi", "access", "2026-03-05", *rows, ("clarification_given", "2026-03-02"))
    assert dues(restarted) == {"response": "2026-03-30"}  # 20 working days from 2 Mar
    assert any("restarts" in t for t in restarted.deadlines[0].trace)


def test_cn_ogi_late_supplement_request_is_flagged(kb: KnowledgeBase) -> None:
    # 7 working days from 5 Feb end on the make-up Saturday 14 Feb; asking on 24 Feb is too late.
    s = state(
        kb,
        "CN",
        "ogi",
        "access",
        "2026-03-05",
        ("sent", "2026-02-02"),
        ("received", "2026-02-05"),
        ("clarification_requested", "2026-02-24"),
        ("clarification_given", "2026-03-02"),
    )
    assert any("7 working days" in n and "2026-02-14" in n for n in s.notices)


def test_cn_ogi_extension_within_and_beyond_the_limit(kb: KnowledgeBase) -> None:
    rows = (("sent", "2026-02-27"), ("received", "2026-03-02"))
    lawful = state(kb, "CN", "ogi", "access", "2026-03-25", *rows, ("extended", "2026-03-20"))
    assert dues(lawful) == {"response": "2026-04-28"}  # 40 working days, Qingming skipped
    assert lawful.status is Status.EXTENDED and not lawful.notices
    earlier = state(
        kb,
        "CN",
        "ogi",
        "access",
        "2026-03-25",
        *rows,
        ("extended", "2026-03-20", "", {"until": "2026-04-20"}),
    )
    assert dues(earlier) == {"response": "2026-04-20"}
    beyond = state(
        kb,
        "CN",
        "ogi",
        "access",
        "2026-03-25",
        *rows,
        ("extended", "2026-03-20", "", {"until": "2026-06-01"}),
    )
    assert dues(beyond) == {"response": "2026-04-28"}
    assert any("beyond the legal limit" in n for n in beyond.notices)


def test_cn_ogi_silence_opens_reconsideration_and_suit_windows(kb: KnowledgeBase) -> None:
    s = state(kb, "CN", "ogi", "access", "2026-03-20", ("sent", "2026-02-02"), ("received", "2026-02-05"))
    assert s.overdue is Overdue.OVERDUE
    # non-answer known 12 Mar: ARL art 20 60 days → 11 May. Issue 10: no direct 6-month suit (ALL art 46)
    # any more — ARL (2023) art 23 puts reconsideration first (silence: the safe reading).
    assert dues(s) == {
        "response": "2026-03-11",
        "step:CN-RECONSIDERATION": "2026-05-11",
    }
    assert s.deadlines[0].key == "response"  # overdue first
    offered = {a.step.id for a in s.steps}
    assert {"CN-OGI-REMINDER", "CN-OGI-COMPLAINT"} <= offered
    assert "CN-SUIT-AFTER-RECONSIDERATION" not in offered  # only once a reconsideration is decided


def test_cn_ogi_correction_failure_to_act_goes_to_reconsideration(kb: KnowledgeBase) -> None:
    # Issue 10: the ALL art 47 inaction suit (2-month wait, then ALL Interpretation art 66) was offered
    # here; ARL (2023) art 23(1)(iii) puts reconsideration first (the safe reading), so it is gone.
    s = state(kb, "CN", "ogi", "correction", "2026-03-25", ("sent", "2026-02-02"), ("received", "2026-02-05"))
    assert "step:CN-RECONSIDERATION" in dues(s)
    assert not any(key.startswith("step:CN-SUIT-INACTION") for key in dues(s))


def test_cn_ogi_refusal_starts_reconsideration_from_the_answer(kb: KnowledgeBase) -> None:
    s = state(
        kb,
        "CN",
        "ogi",
        "access",
        "2026-03-25",
        ("sent", "2026-02-02"),
        ("received", "2026-02-05"),
        ("refused", "2026-03-20"),
    )
    assert s.status is Status.REFUSED and s.response is None
    assert dues(s)["step:CN-RECONSIDERATION"] == "2026-05-19"
    filed = state(
        kb,
        "CN",
        "ogi",
        "access",
        "2026-03-25",
        ("sent", "2026-02-02"),
        ("received", "2026-02-05"),
        ("refused", "2026-03-20"),
        ("reconsideration_filed", "2026-03-24"),
    )
    assert "step:CN-RECONSIDERATION" not in dues(filed)  # filed: no longer a deadline to meet


def test_cn_criminal_data_outside_reconsideration_and_litigation(kb: KnowledgeBase) -> None:
    s = state(
        kb,
        "CN",
        "pipl",
        "access",
        "2026-04-25",
        ("sent", "2026-02-02"),
        ("received", "2026-02-05"),
        ("refused", "2026-03-20"),
        context="criminal",
    )
    notice = next(n for n in s.notices if "Criminal-justice data" in n)
    assert "ALL Interpretation art. 1(2)(i)" in notice
    assert all(a.step.kind not in ("reconsideration",) for a in s.steps)
    # Issue 10: procuratorate supervision is a labelled step for criminal-justice data.
    assert {a.step.id for a in s.steps} == {"CN-PIPL-COMPLAINT", "CN-PIPL-PROCURATORATE", "CN-PIPL-SUIT"}


def test_cn_pipl_reference_period_is_labelled(kb: KnowledgeBase) -> None:
    s = state(kb, "CN", "pipl", "access", "2026-02-10", ("sent", "2026-02-02"), ("received", "2026-02-05"))
    assert s.response is not None and not s.response.statutory
    assert "reference period" in s.response.title


# -- DE ------------------------------------------------------------------------------------------


def test_de_gdpr_month_rolls_off_sunday_and_late_extension_is_flagged(kb: KnowledgeBase) -> None:
    s = state(kb, "DE", "gdpr", "access", "2026-02-10", ("sent", "2026-01-13"), ("received", "2026-01-15"))
    assert dues(s) == {"response": "2026-02-16"}  # 15 Feb 2026 is a Sunday
    ext = state(
        kb,
        "DE",
        "gdpr",
        "access",
        "2026-02-25",
        ("sent", "2026-01-13"),
        ("received", "2026-01-15"),
        ("extended", "2026-02-20"),
    )
    assert dues(ext) == {"response": "2026-04-15"}  # one month + two further months
    assert any("came after the original period" in n for n in ext.notices)


def test_de_bdsg_has_no_extension_and_no_stop_the_clock(kb: KnowledgeBase) -> None:
    s = state(
        kb,
        "DE",
        "bdsg-part3",
        "access",
        "2026-02-20",
        ("sent", "2026-01-13"),
        ("received", "2026-01-15"),
        ("clarification_requested", "2026-01-20"),
        ("clarification_given", "2026-01-30"),
        ("extended", "2026-02-10"),
    )
    assert dues(s)["response"] == "2026-02-16"
    assert any("provides for none" in n for n in s.notices)
    assert any("no stop-the-clock" in t for t in s.deadlines[0].trace)


def test_de_silence_and_complaint_windows(kb: KnowledgeBase) -> None:
    s = state(
        kb,
        "DE",
        "bdsg-part3",
        "access",
        "2026-03-20",
        ("sent", "2026-01-13"),
        ("received", "2026-01-15"),
        ("complaint_filed", "2026-03-02"),
    )
    # § 75 VwGO: 3 months from 15 Jan end on 15 Apr, so the action is admissible from 16 Apr;
    # § 61 BDSG: 3 months from the complaint of 2 Mar end on 2 Jun, action from 3 Jun.
    assert dues(s)["step:DE-UNTAETIGKEITSKLAGE"] == "2026-04-16"
    assert dues(s)["step:DE-BDSG-61-COURT"] == "2026-06-03"
    assert s.status is Status.ESCALATED


# -- GB-ENG --------------------------------------------------------------------------------------


def test_gb_stop_the_clock_pauses(kb: KnowledgeBase) -> None:
    plain = state(
        kb, "GB-ENG", "dpa-part3", "access", "2026-03-25", ("sent", "2026-03-02"), ("received", "2026-03-02")
    )
    assert dues(plain) == {"response": "2026-04-02"}
    paused = state(
        kb,
        "GB-ENG",
        "dpa-part3",
        "access",
        "2026-03-25",
        ("sent", "2026-03-02"),
        ("received", "2026-03-02"),
        ("clarification_requested", "2026-03-10"),
        ("clarification_given", "2026-03-19"),
    )
    # 10 paused days (10–19 Mar inclusive): 12 Apr, a Sunday → Monday 13 Apr
    assert dues(paused) == {"response": "2026-04-13"}


def test_gb_running_pause_moves_with_today(kb: KnowledgeBase) -> None:
    rows = (("sent", "2026-03-02"), ("received", "2026-03-02"), ("clarification_requested", "2026-03-10"))
    a = state(kb, "GB-ENG", "dpa-part3", "access", "2026-03-12", *rows)
    b = state(kb, "GB-ENG", "dpa-part3", "access", "2026-03-16", *rows)
    assert a.response is not None and b.response is not None
    assert b.response.due > a.response.due


def test_gb_ico_complaint_opens_tribunal_window(kb: KnowledgeBase) -> None:
    # Issue 10: the chain is now complaint to the force (s.164A) -> complaint to the Commissioner (s.165)
    # -> Tribunal (s.166). A complaint made on 4 May 2026, before s.164A came into force (19 June 2026),
    # could go straight to the Commissioner: it is recorded against the ICO step. The old expectation (a
    # bare "complaint" opening the Tribunal window) would, after 19 June, count s.166 from the complaint
    # to the force, which s.166 does not do; the Commissioner's 3 months are now that step's answer period.
    rows = (
        ("sent", "2026-03-02"),
        ("received", "2026-03-02"),
        ("complaint_filed", "2026-05-04", "", {"step": "GB-ICO-COMPLAINT"}),
    )
    s = state(kb, "GB-ENG", "dpa-part3", "access", "2026-05-25", *rows)
    assert s.overdue is Overdue.VERY_OVERDUE  # 53 days after 2 Apr
    # s.166: the Commissioner's 3 months end 4 Aug; the Tribunal application is possible from 5 Aug.
    assert dues(s)["step:GB-ICO-COMPLAINT:answer"] == "2026-08-04"
    s = state(kb, "GB-ENG", "dpa-part3", "access", "2026-08-05", *rows)
    assert dues(s)["step:GB-TRIBUNAL"] == "2026-08-05"


# -- US ------------------------------------------------------------------------------------------


def test_us_foia_tolls_once(kb: KnowledgeBase) -> None:
    s = state(
        kb,
        "US",
        "foia",
        "access",
        "2026-02-25",
        ("sent", "2026-01-30"),
        ("received", "2026-02-02"),
        ("clarification_requested", "2026-02-10"),
        ("clarification_given", "2026-02-12"),
        ("clarification_requested", "2026-02-20"),
        ("clarification_given", "2026-02-24"),
    )
    # 20 working days from 2 Feb (16 Feb holiday) → 3 Mar; tolled 10–12 Feb (3 working days) → 6 Mar
    assert dues(s) == {"response": "2026-03-06"}
    assert any("only once" in n for n in s.notices)


def test_us_foia_refusal_opens_appeal(kb: KnowledgeBase) -> None:
    s = state(
        kb,
        "US",
        "foia",
        "access",
        "2026-03-05",
        ("sent", "2026-01-30"),
        ("received", "2026-02-02"),
        ("refused", "2026-03-02"),
    )
    assert dues(s)["step:US-FOIA-APPEAL-STEP"] == "2026-05-31"  # 90 calendar days, no roll (law.md 0)


def test_us_privacy_act_review_and_suit(kb: KnowledgeBase) -> None:
    # Issue 10: the old expectation filed the (d)(3) review as an "appeal" and opened the (g)(1) suit
    # on the first refusal, which a court would dismiss. The review is its own step (kind review); the
    # suit under § 552a(g)(1)(A) opens only once the review refuses (or is not made within 30 days).
    rows = (
        ("sent", "2026-01-30"),
        ("received", "2026-02-02"),
        ("refused", "2026-03-02"),
        ("review_filed", "2026-03-05", "", {"step": "US-PA-REVIEW"}),
    )
    s = state(kb, "US", "privacy-act", "correction", "2026-03-06", *rows)
    # (d)(3): 30 working days from the review request Thu 5 Mar (no holiday until 25 May) -> Thu 16 Apr.
    assert dues(s) == {"step:US-PA-REVIEW:answer": "2026-04-16"}
    decided = (*rows, ("decision_received", "2026-04-14", "", {"step": "US-PA-REVIEW", "outcome": "refused"}))
    s = state(kb, "US", "privacy-act", "correction", "2026-04-15", *decided)
    assert dues(s)["step:US-PA-SUIT"] == "2028-04-14"  # (g)(5): 2 years from the refusal on review


def test_closed_request_has_no_deadlines(kb: KnowledgeBase) -> None:
    s = state(kb, "CN", "ogi", "access", "2026-05-01", ("sent", "2026-02-02"), ("closed", "2026-02-03"))
    assert s.status is Status.CLOSED and s.deadlines == () and s.steps == ()


# -- escalation state by step, not by kind ---------------------------------------------------------


def test_two_steps_of_one_kind_are_filed_apart(kb: KnowledgeBase) -> None:
    """CN PIPL has two complaint steps (CAC complaint, procuratorate); filing the one named in the
    event leaves the other unfiled and still open."""
    from app.cases.lifecycle import filed_steps

    route = kb.route("CN", "pipl", "access")
    complaints = [s.id for s in route.escalation if s.kind == "complaint"]
    assert len(complaints) >= 2, complaints
    events = make_events(("complaint_filed", "2026-05-20", "", {"step": complaints[1]}))
    assert list(filed_steps(events, kb, route.escalation)) == [complaints[1]]
    rows: tuple[tuple[object, ...], ...] = (
        ("sent", "2026-03-02", "registered_mail"),
        ("received", "2026-03-04", "registered_mail"),
        ("refused", "2026-03-20"),
        ("complaint_filed", "2026-05-20", "", {"step": complaints[0]}),
    )
    after = state(kb, "CN", "pipl", "access", "2026-05-21", *rows, context="criminal")
    by_id = {s.step.id: s for s in after.steps}
    assert by_id[complaints[0]].filed and not by_id[complaints[1]].filed


def test_a_filing_without_its_step_files_the_first_of_its_kind(kb: KnowledgeBase) -> None:
    """Events stored before steps were named in the event still count, once, for the first step."""
    rows: tuple[tuple[object, ...], ...] = (
        ("sent", "2026-03-02", "registered_mail"),
        ("received", "2026-03-04", "registered_mail"),
        ("court_filed", "2026-05-20"),
    )
    after = state(kb, "CN", "ogi", "access", "2026-05-21", *rows)
    filed = [s.step.id for s in after.steps if s.filed]
    assert len(filed) == 1 and kb.jurisdiction("CN").code == "CN"
    route = kb.route("CN", "ogi", "access")
    assert filed[0] == next(s.id for s in route.escalation if s.kind == "court")  # the only court step


def test_the_criminal_context_notice_comes_from_the_data(kb: KnowledgeBase) -> None:
    rows: tuple[tuple[object, ...], ...] = (
        ("sent", "2026-03-02", "registered_mail"),
        ("received", "2026-03-04", "registered_mail"),
        ("refused", "2026-03-20"),
    )
    result = state(kb, "CN", "pipl", "access", "2026-03-21", *rows, context="criminal")
    notice = next(n for n in result.notices if "Criminal-justice data" in n)
    assert "ALL Interpretation art. 1(2)(i)" in notice
    assert all(s.step.kind not in ("reconsideration",) for s in result.steps)
