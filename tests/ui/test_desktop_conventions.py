"""Desktop conventions, driven by real keys and clicks: Ctrl+, for settings, the Edit menu's undo,
Ctrl+P on the case page, the handbook in the UI language, the first-run page, the advanced
settings closed by default, and no store path in the status bar."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from app.cases.draft import RequestDraft
from app.cases.records import GeneratedLetter
from app.cases.service import LifecycleService
from app.ui.help import HandbookDialog, handbook_file
from app.ui.printing import PrintSetup
from app.ui.settings_dialog import SettingsDialog
from app.ui.start_page import FIRST_RUN
from tests.ui.conftest import wait_idle

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _activate(qtbot: Any, window: QWidget) -> None:
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def _click_menu(qtbot: Any, window: Any, menu: QMenu, action: QAction) -> None:
    """Open ``menu`` from the menu bar with the mouse and click ``action`` in it."""
    bar = window.menuBar()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible, timeout=5000)
    assert action.isEnabled(), action.text()
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=5000)


def _dialogs(window: QWidget, kind: type) -> list[Any]:
    return [d for d in window.findChildren(kind) if d.isVisible()]


def test_ctrl_comma_opens_the_settings_with_the_advanced_part_closed(qtbot, main_window) -> None:
    _activate(qtbot, main_window)
    QTest.keyClick(main_window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(_dialogs(main_window, SettingsDialog)), timeout=5000)
    dialog = _dialogs(main_window, SettingsDialog)[0]
    # The database and the data folder are there for clinics, behind "Advanced".
    assert not dialog.advanced.isVisible() and not dialog.database_url.isVisible()
    assert dialog.language.isVisible()
    QTest.mouseClick(dialog.advanced_button, Qt.MouseButton.LeftButton)
    assert dialog.advanced.isVisible() and dialog.database_url.isVisible()
    QTest.mouseClick(dialog.advanced_button, Qt.MouseButton.LeftButton)
    assert not dialog.database_url.isVisible()
    dialog.reject()


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")  # offscreen menus
def test_the_edit_menus_undo_undoes_typing_in_a_field(qtbot, main_window) -> None:
    window = main_window
    _activate(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # View → Cases
    assert window.pages.currentWidget() is window.cases_page
    search = window.cases_page.search
    QTest.mouseClick(search, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(search.hasFocus, timeout=5000)
    QTest.keyClicks(search, "Polizei")
    assert search.text() == "Polizei"
    edit = window.edit
    _click_menu(qtbot, window, window.menu_edit, edit.undo)
    assert search.text() == ""  # the typing undone, through the menu
    assert search.hasFocus()  # back in the field
    _click_menu(qtbot, window, window.menu_edit, edit.redo)
    assert search.text() == "Polizei"
    _click_menu(qtbot, window, window.menu_edit, edit.select_all)
    assert search.selectedText() == "Polizei"
    # Outside a text field there is nothing to undo or paste: the actions say so by being disabled.
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # View → Deadlines
    button = window.workspace.start_page.primary
    qtbot.waitUntil(button.hasFocus, timeout=5000)
    assert not any(a.isEnabled() for a in edit.actions)


def test_a_password_field_offers_no_copy(qtbot) -> None:
    from app.ui.edit_actions import EditActions
    from app.ui.password_dialog import PasswordDialog

    dialog = PasswordDialog("postgresql://db.example/habeas", False)
    qtbot.addWidget(dialog)
    actions = EditActions(dialog)
    dialog.show()
    _activate(qtbot, dialog)
    dialog.password.setFocus()
    qtbot.waitUntil(dialog.password.hasFocus, timeout=5000)
    QTest.keyClicks(dialog.password, "secret")
    dialog.password.selectAll()
    assert actions.undo.isEnabled() and actions.select_all.isEnabled()
    assert not actions.copy.isEnabled() and not actions.cut.isEnabled()


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")  # offscreen menus
@pytest.mark.parametrize(
    ("lang", "title", "advice", "tags"),
    [
        ("en", "Habeas handbook", "not legal advice", "[I]"),
        ("de", "Habeas-Handbuch", "keine Rechtsberatung", "[I]"),
        ("zh_CN", "Habeas 使用手册", "不提供法律意见", "[I]"),
    ],
)
def test_help_opens_the_handbook_in_the_ui_language(qtbot, main_window, lang, title, advice, tags) -> None:
    main_window.languages.apply(lang)
    wait_idle(qtbot, main_window)
    _activate(qtbot, main_window)
    QTest.keyClick(main_window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(_dialogs(main_window, HandbookDialog)), timeout=5000)
    dialog = _dialogs(main_window, HandbookDialog)[0]
    assert dialog.language == lang
    text = dialog.browser.toPlainText()
    assert text.startswith(title)
    assert advice in text  # said at the top, not only in About
    for tag in ("[V]", "[S]", "[M]", tags):
        assert tag in text
    assert handbook_file(lang).name == f"{lang}.html"
    dialog.close()
    _click_menu(qtbot, main_window, main_window.menu_help, main_window.act_handbook)
    assert dialog.isVisible()  # the same dialog, shown again from the menu
    dialog.close()


def test_the_handbook_steps_say_print_sign_post_and_i_sent_it() -> None:
    text = handbook_file("en").read_text(encoding="utf-8")
    steps = [text.index(word) for word in ("Print it.", "Sign it</b>", "Post it.", "“I sent it”")]
    assert steps == sorted(steps)
    assert handbook_file("fr").name == "en.html"  # a language without a handbook gets English


def test_the_first_run_page_leads_to_a_new_request(qtbot, main_window) -> None:
    window = main_window
    page = window.workspace.start_page
    assert window.pages.currentWidget() is page and page.state == FIRST_RUN
    assert page.primary.isVisible() and page.primary.text() == "&New request…"
    assert "I sent it" in page.lines.text() and "not legal advice" in page.advice.text()
    assert window.workspace.dashboard.isHidden()  # no empty list of deadlines shown as if it were real
    QTest.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    wizard = window.workspace.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    qtbot.waitUntil(wizard.isVisible, timeout=5000)
    wizard.close()


def test_the_status_bar_names_no_database_path(qtbot, main_window, store_context) -> None:
    bar = main_window.statusBar()
    shown = " ".join(label.text() for label in bar.findChildren(type(main_window.store_label)))
    assert str(store_context.paths.database_file) not in shown and "sqlite" not in shown.lower()
    assert main_window.store_label.text() == "Cases on this computer"
    assert "Not legal advice" in shown


class _NoPrinter:
    def __init__(self) -> None:
        self.asked = 0

    def discover(self) -> PrintSetup:
        self.asked += 1
        return PrintSetup(service="cups", printers=(), problem="no printer in this test")

    def submit(self, pdf: bytes, printer: str | None, copies: int, media: str | None = None) -> str:
        raise AssertionError("nothing is printed in this test")


def _case_with_letter(window: Any) -> int:
    service = window.workspace.service
    draft = RequestDraft.from_json(
        json.loads((EXAMPLES / "gb-eng-access.json").read_text(encoding="utf-8")), service.kb
    )
    draft = dataclasses.replace(draft, date=date.today())
    request = LifecycleService(service.store, service.kb).add_request(draft)
    letter: GeneratedLetter = service.casework.request_letter(draft)
    service.store.add_letter(dataclasses.replace(letter, request_id=request.id))
    return int(request.case_id)


def test_ctrl_p_prints_the_case_pages_letter_and_is_disabled_elsewhere(qtbot, main_window) -> None:
    window, workspace = main_window, main_window.workspace
    assert not window.act_print.isEnabled()
    assert "Open a case with a letter" in window.act_print.toolTip()
    case_id = _case_with_letter(window)
    workspace.reload()
    wait_idle(qtbot, window)
    assert window.pages.currentWidget() is workspace.dashboard  # no longer the first-run page
    assert not window.act_print.isEnabled()
    workspace.open_case(case_id)
    wait_idle(qtbot, window)
    assert window.pages.currentWidget() is workspace.case_page and window.act_print.isEnabled()
    printing = _NoPrinter()
    workspace.cases.printing = printing
    _activate(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = workspace.cases.preview
    assert preview is not None
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: printing.asked == 1, timeout=10000)  # the print dialog's printers were asked
    assert preview.current.request_id == workspace.case_page.letters.records[0].request_id
    wait_idle(qtbot, window)
    for box in preview.findChildren(QWidget):
        if box.isWindow() and box.isVisible():
            box.close()
    preview.close()
    # Back on the list: Ctrl+P has nothing to print there.
    workspace.show_cases()
    assert not window.act_print.isEnabled()


def test_menus_and_their_actions_all_have_mnemonics(main_window) -> None:
    for menu in (
        main_window.menu_file,
        main_window.menu_edit,
        main_window.menu_view,
        main_window.menu_tools,
        main_window.menu_help,
    ):
        assert "&" in menu.title()
        keys = [a.text().split("&")[1][0].lower() for a in menu.actions() if not a.isSeparator()]
        assert all("&" in a.text() for a in menu.actions() if not a.isSeparator()), menu.title()
        assert len(keys) == len(set(keys)), (menu.title(), keys)
