"""A mistyped PostgreSQL password: the window asks again and says why; cancelling leaves a clear
"not connected" state with a way to connect again, never an empty store shown as if it were real.

With a fake server here; on the real one too when HABEAS_TEST_POSTGRES_URL is set (CI)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.errors import StoreError
from app.paths import app_paths
from app.ui.application import create_main_window
from app.ui.context import PasswordPrompt
from app.ui.start_page import FIRST_RUN, NOT_CONNECTED
from tests.store.conftest import postgres_url  # noqa: F401 - a fixture
from tests.ui.conftest import _context, wait_idle

SERVER = "postgresql+psycopg://clinic@db.example/habeas"
REFUSED = (
    "The database server at postgresql+psycopg://clinic@db.example/habeas refused the user name or password."
)


def _window(qtbot: Any, ctx: Any) -> Any:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = create_main_window(ctx, app)
    qtbot.addWidget(window)
    window.show()
    return window


def _fake_server(knowledge_base: Any, tried: list[str]) -> Any:
    from app.store import DatabaseConfig, open_store

    def open_with(password: str, remember: bool) -> Any:
        tried.append(password)
        if password != "right":
            raise StoreError(REFUSED)
        return open_store(DatabaseConfig.sqlite(app_paths().database_file))

    def never() -> Any:
        raise AssertionError("the store must not be opened without the password")

    prompt = PasswordPrompt(needed=lambda: True, open_with=open_with, server=SERVER, can_remember=False)
    return _context(open_store=never, load_knowledge_base=lambda: knowledge_base, password_prompt=prompt)


def _next_dialog(qtbot: Any, window: Any, previous: Any = None) -> Any:
    qtbot.waitUntil(lambda: window.workspace.password_dialog not in (None, previous), timeout=20000)
    dialog = window.workspace.password_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def _type_and_press(qtbot: Any, dialog: Any, password: str, button: QDialogButtonBox.StandardButton) -> None:
    dialog.activateWindow()
    dialog.password.setFocus()
    QTest.keyClicks(dialog.password, password)
    QTest.mouseClick(dialog.buttons.button(button), Qt.MouseButton.LeftButton)


def _not_connected(window: Any) -> None:
    page = window.workspace.start_page
    assert window.pages.currentWidget() is page and page.state == NOT_CONNECTED
    assert window.workspace.service is None
    assert window.store_label.text() == "Not connected"
    assert not window.act_new.isEnabled() and not window.act_cases.isEnabled()
    assert not window.navigation.new_button.isEnabled()
    assert window.workspace.dashboard.isHidden()  # never "No open deadlines" without a store


def test_a_refused_password_is_asked_again_with_the_reason(qtbot, knowledge_base) -> None:
    tried: list[str] = []
    window = _window(qtbot, _fake_server(knowledge_base, tried))
    first = _next_dialog(qtbot, window)
    assert first.problem.isHidden()
    _type_and_press(qtbot, first, "wrnog", QDialogButtonBox.StandardButton.Ok)
    second = _next_dialog(qtbot, window, first)
    assert second.problem.isVisible() and "refused the user name or password" in second.problem.text()
    assert second.password.text() == "" and "try again" in second.windowTitle()
    _not_connected(window)  # behind the dialog: said plainly
    _type_and_press(qtbot, second, "right", QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: window.workspace.service is not None, timeout=20000)
    wait_idle(qtbot, window)
    assert tried == ["wrnog", "right"]
    assert window.act_new.isEnabled() and window.store_label.text() == "Cases on this computer"
    assert window.workspace.start_page.state == FIRST_RUN  # the real, empty store: the first-run page
    window.workspace.service.store.close()


def test_cancel_leaves_a_clear_not_connected_state_and_connect_again_asks(qtbot, knowledge_base) -> None:
    tried: list[str] = []
    window = _window(qtbot, _fake_server(knowledge_base, tried))
    first = _next_dialog(qtbot, window)
    _type_and_press(qtbot, first, "wrong", QDialogButtonBox.StandardButton.Ok)
    second = _next_dialog(qtbot, window, first)
    QTest.mouseClick(second.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace.password_dialog is None, timeout=5000)
    wait_idle(qtbot, window)
    _not_connected(window)
    page = window.workspace.start_page
    assert "No password was given" in page.lines.text() and page.primary.text() == "&Connect again…"
    assert window.windowTitle() == "Not connected — Habeas"
    QTest.mouseClick(page.primary, Qt.MouseButton.LeftButton)
    third = _next_dialog(qtbot, window, second)
    _type_and_press(qtbot, third, "right", QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: window.workspace.service is not None, timeout=20000)
    wait_idle(qtbot, window)
    assert tried == ["wrong", "right"]
    assert window.navigation.new_button.isEnabled()
    window.workspace.service.store.close()


def test_a_store_that_cannot_be_opened_is_not_shown_as_empty(qtbot, knowledge_base) -> None:
    def broken() -> Any:
        raise StoreError("Cannot reach the database server at db.example. Is it running?")

    window = _window(qtbot, _context(open_store=broken, load_knowledge_base=lambda: knowledge_base))
    qtbot.waitUntil(lambda: window.workspace.start_page.state == NOT_CONNECTED, timeout=20000)
    wait_idle(qtbot, window)
    _not_connected(window)
    assert "Cannot reach the database server" in window.workspace.start_page.lines.text()


@pytest.mark.postgres
def test_the_real_server_refuses_a_wrong_password_then_opens(qtbot, postgres_url, monkeypatch) -> None:  # noqa: F811
    """On PostgreSQL (HABEAS_TEST_POSTGRES_URL): the server's own refusal, then the right password."""
    from sqlalchemy.engine import URL, make_url

    from app import bootstrap

    url = make_url(postgres_url)
    password = url.password
    assert password, "the test server needs password authentication"
    # URL.set() ignores None: the password-free URL is built anew.
    bare = URL.create(url.drivername, url.username, None, url.host, url.port, url.database).render_as_string(
        hide_password=False
    )
    monkeypatch.setenv("HABEAS_DATABASE_URL", bare)
    env = bootstrap.load_environment()
    prompt = bootstrap._password_prompt(env)
    assert prompt is not None
    ctx = _context(
        database_url=bare,
        open_store=lambda: bootstrap.open_store(env),
        load_knowledge_base=env.knowledge_base,
        password_prompt=prompt,
    )
    window = _window(qtbot, ctx)
    first = _next_dialog(qtbot, window)
    _type_and_press(qtbot, first, password + "-typo", QDialogButtonBox.StandardButton.Ok)
    second = _next_dialog(qtbot, window, first)
    assert "refused the user name or password" in second.problem.text()
    assert password not in second.problem.text()
    _type_and_press(qtbot, second, password, QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(lambda: window.workspace.service is not None, timeout=30000)
    wait_idle(qtbot, window)
    assert window.store_label.text() == "Cases on a shared server"
    window.workspace.service.store.close()
