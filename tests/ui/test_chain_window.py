"""A refusal followed to the court stage in the window, for each jurisdiction (issue 10).

On the case page, as a person would: write the first step's letter through the letter dialog,
record its filing and then its decision through the event dialog (each naming the step), and see
the step that follows open with its window; where that step has a letter, write it too.
The dates of each chain are counted in tests/cases/test_chain_<code>.py; here they are relative
to today, so the last step is open now.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate

from tests.ui.conftest import wait_idle
from tests.ui.test_case_page import TODAY, _open, make_request

# jurisdiction, first step (filed, then refused), its filing event, the step that follows,
# whether the one that follows has a letter to write here.
CHAINS = (
    ("CN", "CN-RECONSIDERATION", "reconsideration_filed", "CN-SUIT-AFTER-RECONSIDERATION", True),
    ("DE", "DE-WIDERSPRUCH", "objection_filed", "DE-KLAGE", True),
    ("US", "US-FOIA-APPEAL-STEP", "appeal_filed", "US-PA-ACCESS-SUIT", False),
    ("GB-ENG", "GB-CONTROLLER-COMPLAINT", "complaint_filed", "GB-ICO-COMPLAINT", True),
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _select_step(page: Any, step_id: str) -> None:
    rows = [s.step.id for s in page.steps.records]
    assert step_id in rows, rows
    page.step_table.selectRow(rows.index(step_id))


def _write_letter(qtbot: Any, window: Any, page: Any, step_id: str, facts: str) -> Any:
    _select_step(page, step_id)
    assert page.letter_button.isEnabled()
    page.letter_button.click()
    qtbot.waitUntil(lambda: window.workspace.cases.letter_dialog is not None, timeout=20000)
    dialog = window.workspace.cases.letter_dialog
    qtbot.addWidget(dialog)
    if dialog.needs_addressee:
        dialog.directory.setCurrentIndex(0)
        qtbot.keyClicks(dialog.name, "Reviewing body")
        dialog.address.setPlainText("1 Review Street\nCapital")
    if dialog.court_step:
        qtbot.keyClicks(dialog.defendant, "The State, represented by the police")
    qtbot.keyClicks(dialog.facts, facts)
    dialog.accept()
    wait_idle(qtbot, window)
    assert not dialog.isVisible(), dialog.error.text()
    window.workspace.cases.letter_dialog = None
    return dialog


def _record(qtbot: Any, window: Any, page: Any, kind: str, day: date, step: str, outcome: str = "") -> Any:
    page.event_button.click()
    dialog = window.workspace.cases.event_dialog
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    dialog.date.setDate(QDate(day.year, day.month, day.day))
    assert dialog.step.isVisibleTo(dialog)
    index = dialog.step.findData(step)
    assert index >= 0, [dialog.step.itemData(i) for i in range(dialog.step.count())]
    dialog.step.setCurrentIndex(index)
    if outcome:
        dialog.outcome.setCurrentIndex(dialog.outcome.findData(outcome))
    dialog.accept()
    wait_idle(qtbot, window)
    assert not dialog.isVisible(), dialog.error.text()
    return dialog


@pytest.mark.parametrize(
    ("code", "first", "filing", "then", "then_letter"), CHAINS, ids=[c[0] for c in CHAINS]
)
def test_a_refusal_leads_to_the_court_stage_in_the_window(
    qtbot: Any, main_window: Any, code: str, first: str, filing: str, then: str, then_letter: bool
) -> None:
    window = main_window
    # Recent enough that no step's own period has run out: the first step is decided, not silent.
    refused = TODAY - timedelta(days=25)
    history = (
        ("sent", TODAY - timedelta(days=60)),
        ("received", TODAY - timedelta(days=58)),
        ("refused", refused),
    )
    request = make_request(window, code, "access", history)
    page = _open(qtbot, window, request.case_id)
    store = window.workspace.service.store

    letter = _write_letter(
        qtbot, window, page, first, "The refusal gives no reasons for withholding my data."
    )
    written = [x for x in store.list_letters(case_id=request.case_id) if x.kind != "request"]
    assert len(written) == 1 and "The refusal gives no reasons" in written[0].text
    assert letter.step.id == first

    _record(qtbot, window, page, filing, refused + timedelta(days=5), first)
    filed = next(s for s in page.steps.records if s.step.id == first)
    assert str(filed.state) == "filed" and filed.answer is not None  # its decision is now due
    assert then not in [s.step.id for s in page.steps.records]  # reached only by the decision

    _record(qtbot, window, page, "decision_received", TODAY - timedelta(days=3), first, "refused")
    states = {s.step.id: str(s.state) for s in page.steps.records}
    assert states[first] == "decided" and states[then] == "open", states
    follows = next(s for s in page.steps.records if s.step.id == then)
    assert follows.closes is None or follows.closes >= TODAY  # within its window now
    events = store.list_events(request.id)
    assert [e.data.get("step") for e in events if e.kind in (filing, "decision_received")] == [first, first]
    assert events[-1].data.get("outcome") == "refused"

    if then_letter:
        _write_letter(qtbot, window, page, then, "The decision upheld the refusal without reasons.")
        letters = [x for x in store.list_letters(case_id=request.case_id) if x.kind != "request"]
        assert len(letters) == 2
        text = _squash("".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(letters[-1].pdf)).pages))
        # The letter cites the step's law (which of its provisions depends on the outcome: ALL art 26
        # (2) when the reconsideration upheld the act, (3) when it did not decide).
        cited = [
            p.id for p in follows.step.provisions if _squash(p.citation_in(letters[-1].language)) in text
        ]
        assert cited, [p.citation_in(letters[-1].language) for p in follows.step.provisions]
        assert "[I]" not in text and "[S]" not in text and "[M]" not in text


# After silence: the step of the court stage that is open (directly, or after reconsideration in CN).
SILENCE = (
    ("CN", "CN-SUIT-AFTER-RECONSIDERATION"),
    ("DE", "DE-UNTAETIGKEITSKLAGE"),
    ("US", "US-FOIA-SUIT-EXHAUSTION"),
    ("GB-ENG", "GB-COURT"),
)


@pytest.mark.parametrize(("code", "court"), SILENCE, ids=[c[0] for c in SILENCE])
def test_silence_leads_to_the_court_stage_in_the_window(
    qtbot: Any, main_window: Any, code: str, court: str
) -> None:
    window = main_window
    history = (("sent", TODAY - timedelta(days=150)), ("received", TODAY - timedelta(days=148)))
    request = make_request(window, code, "access", history)
    page = _open(qtbot, window, request.case_id)
    if code == "CN":  # reconsideration first (行政复议法第二十三条), then the suit
        assert court not in [s.step.id for s in page.steps.records]
        _record(
            qtbot, window, page, "reconsideration_filed", TODAY - timedelta(days=20), "CN-RECONSIDERATION"
        )
        _record(
            qtbot,
            window,
            page,
            "decision_received",
            TODAY - timedelta(days=3),
            "CN-RECONSIDERATION",
            "refused",
        )
    states = {s.step.id: str(s.state) for s in page.steps.records}
    assert states.get(court) == "open", states
    if code == "DE":  # the failure-to-act action has its letter
        _write_letter(qtbot, window, page, court, "No answer to my request for more than three months.")
        store = window.workspace.service.store
        assert any(x.kind != "request" for x in store.list_letters(case_id=request.case_id))
