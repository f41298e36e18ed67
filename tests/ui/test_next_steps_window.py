"""What the user is told before and after the letter: the wizard's review page and the case page show
the route's requirements, notes, step warnings and the facts not yet verified; the case page saves
the "what happens next" sheet."""

from __future__ import annotations

import io
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from app.law.trace import tags_in_words
from app.letters import route_guide
from tests.ui.conftest import record_event, wait_idle
from tests.ui.test_case_page import _open, make_request
from tests.ui.test_wizard_flow import _fill, _finish, _open_wizard

SHOTS = Path(os.environ.get("HABEAS_SCREENSHOTS", "")) if os.environ.get("HABEAS_SCREENSHOTS") else None


def _plain(text: str) -> str:
    return " ".join(text.split())


def test_the_review_page_says_what_the_user_must_know_before_generating(
    qtbot: Any, main_window: Any, knowledge_base: Any
) -> None:
    wizard = _open_wizard(qtbot, main_window)
    _fill(
        qtbot,
        wizard,
        jurisdiction="DE",
        situation="criminal_case",
        right="access",
        answer="Access: the law sets no number of days; Habeas reminds you on 2 April 2026.",
        you={
            "requester.name": "Erika Beispiel",
            "requester.birth_date": "1985-05-05",
            "requester.address": "Beispielweg 3\n10115 Berlin",
            "requester.postal_code": "10115",
        },
    )
    shown = _plain(wizard.review.summary.toPlainText())
    route = knowledge_base.route_for("DE", wizard.situation.context, "access")
    guide = route_guide(knowledge_base, route, "en", date(2026, 3, 2))
    assert "What the law asks of the request:" in shown
    assert all(_plain(r) in shown for r in guide.requirements)
    if route.notes:
        assert _plain(tags_in_words(route.notes, "en")) in shown
    warnings = [w for step in guide.steps for w in step.warnings]
    assert warnings and all(_plain(w) in shown for w in warnings)
    assert guide.unverified and all(_plain(u) in shown for u in guide.unverified)
    assert "not yet verified against the official text" in shown
    assert "[M]" not in shown.split("Provisions cited:")[0]
    if SHOTS is not None:
        wizard.resize(900, 1100)
        wizard.review.summary.verticalScrollBar().setValue(10_000)
        wizard.grab().save(str(SHOTS / "review-page.png"))
    _finish(qtbot, main_window, wizard)


def test_the_case_page_shows_notes_and_open_step_warnings_and_saves_the_sheet(
    qtbot: Any, main_window: Any, knowledge_base: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    sent = date.today() - timedelta(days=10)
    request = make_request(main_window, "DE", "access", (("sent", sent),))
    page = _open(qtbot, main_window, request.case_id)
    record_event(qtbot, main_window, "refused", sent + timedelta(days=5))
    wait_idle(qtbot, main_window)
    shown = _plain(page.details.toPlainText())
    route = knowledge_base.route(request.jurisdiction, request.regime, "access")
    if route.notes:
        assert "Good to know" in shown and _plain(tags_in_words(route.notes, "en")) in shown
    item = page.selected_request()
    assert item is not None
    opened = [s for s in item.overview.state.steps if str(s.state) in ("open", "waiting")]
    assert opened
    for available in opened:
        for warning in available.step.warnings:
            assert _plain(tags_in_words(warning, "en")) in shown
    assert "[I]" not in shown and "[S]" not in shown  # tags said in words

    target = tmp_path / "sheet.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert page.sheet_button.isEnabled()
    page.sheet_button.click()
    wait_idle(qtbot, main_window)
    assert target.exists(), main_window.messages.last_error
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "What happens next" in text
    assert f"habeas request event {request.id} sent" in " ".join(text.split())
