"""The wizard with its letter preview fits a small laptop screen, and the preview's width is dragged."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtTest import QTest

from app.ui.wizard.dialog import FRAME, initial_size
from app.ui.wizard.side import MIN_FORM_WIDTH, MIN_PREVIEW_WIDTH
from tests.ui.test_wizard_requests import choose, next_page, tick, type_lines, type_text

pytestmark = pytest.mark.gui


def _to_about_you(qtbot: Any, window: Any) -> Any:
    window.act_new.trigger()
    wizard = window.workspace.wizard
    qtbot.addWidget(wizard)
    choose(wizard.situation.jurisdiction, "DE")
    next_page(wizard)
    type_text(wizard.authority.name, "Bundeskriminalamt")
    type_lines(wizard.authority.address, ["65173 Wiesbaden"])
    next_page(wizard)
    tick(wizard.rights.rights.boxes["access"])
    next_page(wizard)
    assert wizard.side.isVisible() and wizard.preview.isVisible()
    return wizard


def test_first_size_is_the_screens_free_area_less_the_frame() -> None:
    assert initial_size(QRect(0, 0, 2560, 1440), True) == QSize(1280, 820)
    assert initial_size(QRect(0, 0, 1366, 740), True) == QSize(1280, 740 - FRAME.height())
    assert initial_size(QRect(0, 0, 1280, 720), True) == QSize(1280, 720) - FRAME
    assert initial_size(None, False) == QSize(760, 640)


@pytest.mark.parametrize("screen", [QSize(1366, 768), QSize(1280, 720), QSize(1280, 690)])
def test_the_wizard_and_its_preview_fit_a_small_screen(qtbot, main_window, screen: QSize) -> None:
    """At the size it would open with on that screen, nothing asks for more room: the wizard keeps
    the size, the form's fields are not cut off and the letter has its minimum width."""
    wizard = _to_about_you(qtbot, main_window)
    size = initial_size(QRect(QPoint(0, 0), screen), True)
    assert (
        size.width() <= screen.width() - FRAME.width() and size.height() <= screen.height() - FRAME.height()
    )
    wizard.resize(size)
    wizard.side.set_preview_width(int(size.width() * 0.45))
    qtbot.wait(50)
    assert wizard.size() == size  # no minimum size pushed it beyond the screen
    assert wizard.minimumSizeHint().width() <= size.width()
    assert wizard.minimumSizeHint().height() <= size.height()
    body = wizard.you.scroll_area.widget()
    assert body.width() >= body.minimumSizeHint().width()  # the form is not clipped
    assert wizard.side.width() >= MIN_PREVIEW_WIDTH


def test_the_preview_is_resized_by_dragging_its_handle(qtbot, main_window) -> None:
    wizard = _to_about_you(qtbot, main_window)
    wizard.resize(QSize(1240, 680))
    wizard.side.set_preview_width(560)
    qtbot.wait(50)  # the layout is applied
    side, handle, page = wizard.side, wizard.side.handle, wizard.you
    before, page_before = side.width(), page.width()
    middle = QPoint(handle.width() // 2, handle.height() // 2)
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    QTest.mouseMove(handle, middle + QPoint(-150, 0))
    QTest.mouseRelease(
        handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle + QPoint(-150, 0)
    )
    qtbot.wait(50)
    assert side.width() == before - 150
    assert page.width() == page_before + 150  # the form took the room (layout spacing aside)
    # Dragged far into the form, the form keeps its minimum width; far away, the letter keeps its.
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    QTest.mouseMove(handle, middle + QPoint(2000, 0))
    QTest.mouseRelease(
        handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle + QPoint(2000, 0)
    )
    qtbot.wait(50)
    assert page.width() == wizard.form_width_needed() >= MIN_FORM_WIDTH
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    QTest.mouseMove(handle, middle + QPoint(-2000, 0))
    QTest.mouseRelease(
        handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle + QPoint(-2000, 0)
    )
    qtbot.wait(50)
    assert side.width() == MIN_PREVIEW_WIDTH


def test_a_narrower_window_narrows_the_letter_first(qtbot, main_window) -> None:
    wizard = _to_about_you(qtbot, main_window)
    wizard.resize(QSize(1240, 680))
    wizard.side.set_preview_width(700)
    qtbot.wait(50)
    wizard.resize(QSize(1000, 680))
    qtbot.wait(50)
    assert wizard.you.width() == wizard.form_width_needed() and wizard.side.width() < 700


def test_a_german_details_page_is_not_cut_off(qtbot, main_window) -> None:
    """Its courtesy-copy check box is long: the letter gives way when the page opens."""
    main_window.languages.apply("de")
    wizard = _to_about_you(qtbot, main_window)
    size = initial_size(QRect(0, 0, 1280, 720), True)
    wizard.resize(size)
    wizard.side.set_preview_width(int(size.width() * 0.45))
    type_text(wizard.you.name, "Erika Beispiel")
    type_lines(wizard.you.address, ["Beispielweg 3", "10115 Berlin"])
    next_page(wizard)
    qtbot.wait(100)
    body = wizard.details.scroll_area.widget()
    assert wizard.details.courtesy.isVisible()
    assert body.width() >= body.minimumSizeHint().width()
    assert wizard.size() == size and wizard.side.width() >= MIN_PREVIEW_WIDTH
