"""The letter preview fits the screen and is driven by its buttons and keys (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton

from app.ui.pdf_preview import PdfPreview
from app.ui.printing import CupsPrinting
from app.ui.tasks import TaskRunner
from tests.ui.pdf_letters import letter

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def preview(qtbot: Any, tmp_path: Path) -> PdfPreview:
    tasks = TaskRunner()
    dialog = PdfPreview([letter(tmp_path, 3)], tasks, CupsPrinting(tmp_path / "spool"))
    tasks.setParent(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    return dialog


def _click(qtbot: Any, dialog: PdfPreview, action: Any) -> None:
    button = dialog.toolbar.widgetForAction(action)
    assert isinstance(button, QToolButton) and button.isVisible() and button.isEnabled()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _key(
    dialog: PdfPreview, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    QTest.keyClick(dialog.view, key, modifiers)


def test_the_preview_is_never_larger_than_the_screen(preview: PdfPreview) -> None:
    area = preview.screen().availableGeometry()
    assert preview.frameGeometry().height() <= area.height()
    assert preview.height() <= area.height() * 0.9 + 1
    assert preview.width() <= area.width()
    assert preview.maximumHeight() <= area.height()


def test_page_buttons_and_keys_move_through_the_letter(qtbot: Any, preview: PdfPreview) -> None:
    assert preview.document.pageCount() == 3
    assert preview.page == 0 and preview.page_label.text() == "Page 1 of 3"
    assert not preview.act_previous.isEnabled()

    _click(qtbot, preview, preview.act_next)
    assert preview.page == 1 and preview.page_label.text() == "Page 2 of 3"
    scrolled = preview.view.verticalScrollBar().value()
    assert scrolled > 0  # the view moved to the page, not only the label

    _key(preview, Qt.Key.Key_PageDown)
    assert preview.page == 2 and preview.page_label.text() == "Page 3 of 3"
    assert not preview.act_next.isEnabled()
    _key(preview, Qt.Key.Key_PageDown)  # at the end: stays
    assert preview.page == 2

    _key(preview, Qt.Key.Key_PageUp)
    assert preview.page == 1
    _click(qtbot, preview, preview.act_previous)
    assert preview.page == 0
    assert preview.view.verticalScrollBar().value() <= preview.view.documentMargins().top()


def test_zoom_buttons_and_keys_change_the_view(qtbot: Any, preview: PdfPreview) -> None:
    view = preview.view
    assert view.zoomMode() == QPdfView.ZoomMode.FitToWidth and preview.act_fit_width.isChecked()
    fitted = preview.effective_zoom()
    assert preview.zoom_label.text() == f"{round(fitted * 100)} %"

    _click(qtbot, preview, preview.act_zoom_in)
    assert view.zoomMode() == QPdfView.ZoomMode.Custom
    assert view.zoomFactor() > fitted and not preview.act_fit_width.isChecked()
    once = view.zoomFactor()
    _key(preview, Qt.Key.Key_Plus, CTRL)
    assert view.zoomFactor() > once
    assert preview.zoom_label.text() == f"{round(view.zoomFactor() * 100)} %"

    _key(preview, Qt.Key.Key_Minus, CTRL)
    assert view.zoomFactor() == pytest.approx(once)
    _click(qtbot, preview, preview.act_zoom_out)
    assert view.zoomFactor() < once

    _key(preview, Qt.Key.Key_0, CTRL)  # the whole page, as in the common PDF readers
    assert view.zoomMode() == QPdfView.ZoomMode.FitInView and preview.act_fit_page.isChecked()
    whole = preview.effective_zoom()
    assert whole < fitted  # a page is taller than wide: the whole page is smaller than its width
    _key(preview, Qt.Key.Key_1, CTRL)
    assert view.zoomMode() == QPdfView.ZoomMode.Custom and view.zoomFactor() == 1.0
    assert preview.zoom_label.text() == "100 %"
    _key(preview, Qt.Key.Key_2, CTRL)
    assert view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    _click(qtbot, preview, preview.act_fit_page)
    assert view.zoomMode() == QPdfView.ZoomMode.FitInView
    _click(qtbot, preview, preview.act_fit_width)
    assert view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert preview.effective_zoom() == pytest.approx(fitted)


def test_zoom_stops_at_its_limits(qtbot: Any, preview: PdfPreview) -> None:
    for _ in range(20):
        preview.zoom_out()
    assert preview.view.zoomFactor() == 0.25 and not preview.act_zoom_out.isEnabled()
    for _ in range(30):
        preview.zoom_in()
    assert preview.view.zoomFactor() == 4.0 and not preview.act_zoom_in.isEnabled()


def test_the_controls_say_their_keys(preview: PdfPreview) -> None:
    page_down = QKeySequence(Qt.Key.Key_PageDown).toString(QKeySequence.SequenceFormat.NativeText)
    assert preview.act_next.toolTip() == f"Next page ({page_down})"
    assert "Ctrl+0" in preview.act_fit_page.toolTip()
    assert "100 %" in preview.print_button.toolTip()


def test_switching_letters_starts_at_their_first_page(qtbot: Any, tmp_path: Path) -> None:
    tasks = TaskRunner()
    dialog = PdfPreview(
        [letter(tmp_path, 3, "first"), letter(tmp_path, 2, "second")], tasks, CupsPrinting(tmp_path)
    )
    tasks.setParent(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.chooser.isVisible()
    dialog.next_page()
    dialog.next_page()
    dialog.chooser.setCurrentIndex(1)
    assert dialog.page == 0 and dialog.page_label.text() == "Page 1 of 2"
