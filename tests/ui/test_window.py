"""The first window: opens with menus and an empty case list, About shows licences, closes cleanly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.about import about_text
from app.ui.application import create_main_window
from app.ui.context import UiContext


def test_main_window_opens_with_menus_and_empty_state(qtbot, ui_context: UiContext) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = create_main_window(ui_context, app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Tools", "&Help"]
    file_items = [a.text() for a in window.menu_file.actions() if not a.isSeparator()]
    assert file_items[0] == "&New request…" and file_items[-1] == "&Quit"
    page = window.cases_page
    assert page.stack.currentIndex() == 1  # the empty-state message, not an empty grid
    assert "No cases yet" in page.stack.message.text()
    assert page.model.columnCount() == 7
    assert page.proxy.headerData(0, Qt.Orientation.Horizontal) == "Case"

    window.close()
    assert not window.isVisible()


def test_about_names_version_and_licences() -> None:
    text = about_text("9.8.7")
    assert "9.8.7" in text
    for licence in ("GPL-3.0-or-later", "LGPL-3.0", "BSD", "Apache-2.0", "SIL Open Font License 1.1"):
        assert licence in text
