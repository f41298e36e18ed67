"""CN escalation chains, event by event, to the court stage (issue 10).

Law (read 2026-12-03, LawRefBook/Laws): 行政复议法 (2023) art 23(1)(iii)-(iv) reconsideration first for
OGI non-disclosure and failure to perform; art 20 60 days to apply; art 30 5 working days, then deemed
accepted; art 62 60 days from acceptance; 行政诉讼法 art 45 / 行政复议法 art 34: 15 days to sue from
receipt of the decision or from the end of the decision period.

How the dates were counted by hand (2026 State Council schedule): calendar-day periods start the day
after the triggering day (民法典 art 201, 民事诉讼法 art 85) and a last day on a rest day moves to the
next working day (民法典 art 203); working days skip weekends and holidays — Qingming Sat 4 - Mon 6 Apr,
Labour Day Fri 1 - Tue 5 May, Dragon Boat Fri 19 - Sun 21 Jun — and count the make-up Saturday 9 May.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.cases.deadlines import request_state
from app.law import KnowledgeBase

from .builders import make_events, make_request

RECON = "CN-RECONSIDERATION"
SUIT = "CN-SUIT-AFTER-RECONSIDERATION"


def steps(
    kb: KnowledgeBase, right: str, today: str, *rows: tuple[Any, ...], regime: str = "ogi", context: str = ""
) -> dict[str, Any]:
    request = make_request("CN", regime, right, context)
    state = request_state(kb, request, make_events(*rows), date.fromisoformat(today))
    return {s.step.id: s for s in state.steps}


def st(step: Any) -> str:
    return str(getattr(step.state, "value", step.state))


def due(deadline: Any) -> str:
    assert deadline is not None
    return deadline.due.isoformat()


def test_no_direct_suit_on_the_ogi_routes(kb: KnowledgeBase) -> None:
    # ARL (2023) art 23: reconsideration first; the old direct 6-month suit and the ALL art 47 inaction
    # suit would not be admitted (ALL Interpretation art 56).
    for right in ("access", "correction"):
        route = kb.route("CN", "ogi", right)
        ids = [s.id for s in route.escalation]
        assert ids == ["CN-OGI-REMINDER", "CN-OGI-COMPLAINT", RECON, SUIT]
    recon = next(s for s in kb.route("CN", "ogi", "access").escalation if s.id == RECON)
    assert recon.acceptance is not None and recon.acceptance.id == "CN-ARL-30"
    assert recon.answer is not None and recon.answer.id == "CN-ARL-62"
    assert recon.warnings  # 复议前置 and the safe reading of silence, shown to the user
    suit = next(s for s in kb.route("CN", "ogi", "access").escalation if s.id == SUIT)
    assert suit.after == (RECON,) and set(suit.triggers) == {"refusal", "partial", "silence"}


# (kind, date, method, data) rows and the expected state of the reconsideration and the suit after each.
ACCESS_REFUSAL = [
    ("sent", "2026-03-02"),
    ("received", "2026-03-04"),
    # Refused Fri 20 Mar: 60 days from 21 Mar → Tue 19 May.
    ("refused", "2026-03-20"),
    # Filed Wed 1 Apr: 5 working days Thu 2, Fri 3, (Qingming 4-6), Tue 7, Wed 8, Thu 9 Apr → accepted 9 Apr;
    # 60 days from 10 Apr → Mon 8 Jun.
    ("reconsideration_filed", "2026-04-01", "", {"step": RECON}),
    # Upheld Fri 5 Jun: 15 days → Sat 20 Jun, inside Dragon Boat (19-21 Jun) → Mon 22 Jun.
    ("decision_received", "2026-06-05", "", {"step": RECON, "outcome": "refused"}),
    ("court_filed", "2026-06-15", "", {"step": SUIT}),
]


def test_ogi_access_refusal_to_the_court(kb: KnowledgeBase) -> None:
    rows = ACCESS_REFUSAL
    s = steps(kb, "access", "2026-03-25", *rows[:3])
    assert st(s[RECON]) == "open" and due(s[RECON].deadline) == "2026-05-19"
    assert SUIT not in s  # reached only by the reconsideration's decision or its lapse

    s = steps(kb, "access", "2026-04-02", *rows[:4])
    assert st(s[RECON]) == "filed"
    assert due(s[RECON].answer) == "2026-06-08"
    assert SUIT not in s

    s = steps(kb, "access", "2026-06-08", *rows[:5])
    assert st(s[RECON]) == "decided"
    assert st(s[SUIT]) == "open" and due(s[SUIT].deadline) == "2026-06-22"

    s = steps(kb, "access", "2026-06-23", *rows[:5])
    assert st(s[SUIT]) == "lapsed"

    s = steps(kb, "access", "2026-06-16", *rows)
    assert st(s[SUIT]) == "filed"


ACCESS_SILENCE = [
    ("sent", "2026-03-02"),
    # Received Wed 4 Mar: 20 working days → Wed 1 Apr; the silence is known Thu 2 Apr.
    ("received", "2026-03-04"),
    # Reconsideration: 60 days from 2 Apr → Mon 1 Jun (from 1 Apr it would end Sun 31 May → Mon 1 Jun too).
    # Filed Wed 6 May: working days Thu 7, Fri 8, Sat 9 (make-up day), Mon 11, Tue 12 → accepted 12 May;
    # 60 days from 13 May → Sat 11 Jul → Mon 13 Jul.
    ("reconsideration_filed", "2026-05-06", "", {"step": RECON}),
    ("court_filed", "2026-07-24", "", {"step": SUIT}),
]


def test_ogi_access_silence_to_the_court(kb: KnowledgeBase) -> None:
    rows = ACCESS_SILENCE
    s = steps(kb, "access", "2026-04-10", *rows[:2])
    assert st(s[RECON]) == "open" and due(s[RECON].deadline) == "2026-06-01"
    assert "CN-SUIT-DIRECT" not in s and "CN-SUIT-INACTION" not in s

    s = steps(kb, "access", "2026-05-07", *rows[:3])
    assert st(s[RECON]) == "filed" and due(s[RECON].answer) == "2026-07-13"
    assert SUIT not in s

    # No decision by Mon 13 Jul: ALL art 45 / ARL art 34 give 15 days "from the day the period expired",
    # counted from the next day (民事诉讼法 art 85): 14 Jul ... Tue 28 Jul.
    s = steps(kb, "access", "2026-07-20", *rows[:3])
    assert st(s[SUIT]) == "open" and due(s[SUIT].deadline) == "2026-07-28"

    s = steps(kb, "access", "2026-07-25", *rows)
    assert st(s[SUIT]) == "filed"


CORRECTION_REFUSAL = [
    ("sent", "2026-02-02"),
    ("received", "2026-02-05"),
    # Refused Fri 27 Feb: 60 days from 28 Feb → Tue 28 Apr.
    ("refused", "2026-02-27"),
    # Filed Fri 3 Apr: (Qingming 4-6) Tue 7, Wed 8, Thu 9, Fri 10, Mon 13 Apr → accepted 13 Apr;
    # 60 days from 14 Apr → Fri 12 Jun.
    ("reconsideration_filed", "2026-04-03", "", {"step": RECON}),
    # Partly granted Wed 10 Jun: 15 days → Thu 25 Jun (after Dragon Boat).
    ("decision_received", "2026-06-10", "", {"step": RECON, "outcome": "partly_granted"}),
]


def test_ogi_correction_refusal_to_the_court(kb: KnowledgeBase) -> None:
    rows = CORRECTION_REFUSAL
    s = steps(kb, "correction", "2026-03-02", *rows[:3])
    assert st(s[RECON]) == "open" and due(s[RECON].deadline) == "2026-04-28"

    s = steps(kb, "correction", "2026-04-05", *rows[:4])
    assert st(s[RECON]) == "filed" and due(s[RECON].answer) == "2026-06-12"

    s = steps(kb, "correction", "2026-06-11", *rows)
    assert st(s[RECON]) == "decided"
    assert st(s[SUIT]) == "open" and due(s[SUIT].deadline) == "2026-06-25"


def test_ogi_correction_silence_is_reconsideration_first(kb: KnowledgeBase) -> None:
    # Received Thu 5 Feb; reference period 20 working days: Feb 6, 9-13, (Spring Festival 15-23 Feb;
    # make-up Sat 14 and Sat 28 Feb count) 14, 24-27, 28, Mar 2-6, 9 → due Mon 9 Mar ... the exact day
    # is the response rule's business; what matters here: reconsideration is offered, no inaction suit.
    s = steps(kb, "correction", "2026-04-10", ("sent", "2026-02-02"), ("received", "2026-02-05"))
    assert st(s[RECON]) == "open" and s[RECON].deadline is not None
    assert "CN-SUIT-INACTION" not in s and SUIT not in s


PIPL_CRIMINAL = [
    ("sent", "2026-03-02"),
    ("received", "2026-03-04"),
    ("refused", "2026-03-20"),
    ("complaint_filed", "2026-03-27", "", {"step": "CN-PIPL-COMPLAINT"}),
    ("complaint_filed", "2026-03-30", "", {"step": "CN-PIPL-PROCURATORATE"}),
    ("court_filed", "2026-04-15", "", {"step": "CN-PIPL-SUIT"}),
]


def test_pipl_criminal_refusal_keeps_complaint_procuratorate_and_civil_suit(kb: KnowledgeBase) -> None:
    rows = PIPL_CRIMINAL
    s = steps(kb, "access", "2026-03-25", *rows[:3], regime="pipl", context="criminal")
    # No reconsideration or administrative suit (ALL Interpretation art 1(2)(i)); no filing deadlines.
    assert set(s) == {"CN-PIPL-COMPLAINT", "CN-PIPL-PROCURATORATE", "CN-PIPL-SUIT"}
    assert all(st(x) == "open" and x.deadline is None for x in s.values())
    for sid in s:
        assert s[sid].step.warnings  # each labelled: an uncertain remedy

    s = steps(kb, "access", "2026-04-01", *rows[:5], regime="pipl", context="criminal")
    assert st(s["CN-PIPL-COMPLAINT"]) == "filed" and st(s["CN-PIPL-PROCURATORATE"]) == "filed"
    assert st(s["CN-PIPL-SUIT"]) == "open"

    s = steps(kb, "access", "2026-04-16", *rows, regime="pipl", context="criminal")
    assert st(s["CN-PIPL-SUIT"]) == "filed"


def test_procuratorate_only_for_criminal_data(kb: KnowledgeBase) -> None:
    s = steps(kb, "access", "2026-03-25", *PIPL_CRIMINAL[:3], regime="pipl", context="other")
    assert "CN-PIPL-PROCURATORATE" not in s and "CN-PIPL-SUIT" in s
