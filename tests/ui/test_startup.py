"""Start-up: the PostgreSQL password is asked on the GUI thread; navigation, status bar, geometry;
wizard drafts kept in the store and resumed from the File menu."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.paths import app_paths
from app.ui.application import create_main_window
from app.ui.context import PasswordPrompt
from tests.ui.conftest import _context, wait_idle

SERVER = "postgresql+psycopg://clinic@db.example/habeas"


def _window(qtbot: Any, ctx: Any) -> Any:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = create_main_window(ctx, app)
    qtbot.addWidget(window)
    window.show()
    return window


def _prompt_context(knowledge_base: Any, opened: list[tuple[str, bool, bool]], can_remember: bool) -> Any:
    from app.store import DatabaseConfig, open_store

    def open_with(password: str, remember: bool) -> Any:
        # A fake server: records what it was given, then opens a local store.
        opened.append((password, remember, threading.current_thread() is threading.main_thread()))
        return open_store(DatabaseConfig.sqlite(app_paths().database_file))

    def never() -> Any:
        raise AssertionError("the store must not be opened without the password")

    prompt = PasswordPrompt(
        needed=lambda: True, open_with=open_with, server=SERVER, can_remember=can_remember
    )
    return _context(open_store=never, load_knowledge_base=lambda: knowledge_base, password_prompt=prompt)


def test_password_is_asked_then_the_store_opens_off_the_gui_thread(qtbot, knowledge_base) -> None:
    opened: list[tuple[str, bool, bool]] = []
    window = _window(qtbot, _prompt_context(knowledge_base, opened, can_remember=True))
    qtbot.waitUntil(lambda: window.workspace.password_dialog is not None, timeout=20000)
    dialog = window.workspace.password_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.remember.isVisibleTo(dialog)
    assert "db.example" in dialog.intro.text()
    dialog.password.setText("s3cret-Pass")
    dialog.remember.setChecked(True)
    dialog.accept()
    qtbot.waitUntil(lambda: window.workspace.service is not None, timeout=20000)
    wait_idle(qtbot, window)
    assert opened == [("s3cret-Pass", True, False)]  # given once, remembered, opened off the GUI thread
    assert dialog.password.text() == ""  # not kept in the widget
    assert window.store_label.text() == "Cases on this computer"  # the kind of store, never its path
    window.workspace.service.store.close()


def test_without_a_secure_keyring_remembering_is_not_offered(qtbot, knowledge_base) -> None:
    opened: list[tuple[str, bool, bool]] = []
    window = _window(qtbot, _prompt_context(knowledge_base, opened, can_remember=False))
    qtbot.waitUntil(lambda: window.workspace.password_dialog is not None, timeout=20000)
    dialog = window.workspace.password_dialog
    qtbot.addWidget(dialog)
    assert not dialog.remember.isVisibleTo(dialog)
    dialog.remember.setChecked(True)  # even if ticked somehow, it is not honoured
    assert not dialog.wants_remember()
    dialog.reject()
    wait_idle(qtbot, window)
    assert opened == [] and window.workspace.service is None
    page = window.workspace.start_page
    assert window.pages.currentWidget() is page and "No password was given" in page.lines.text()
    assert window.store_label.text() == "Not connected"
    assert not window.act_new.isEnabled()


def test_bootstrap_asks_only_for_postgres_without_a_known_password(monkeypatch) -> None:
    from app import bootstrap
    from app.keystore import Keystore

    env = bootstrap.load_environment()
    local = bootstrap._password_prompt(env)  # the local store: its key is in the (secure) keyring
    assert local is not None and not local.needed()
    with_password = bootstrap.with_database_override(env, "postgresql://clinic:pw@db.example/habeas")
    prompt = bootstrap._password_prompt(with_password)
    assert prompt is not None and not prompt.needed() and "pw" not in prompt.server
    bare = bootstrap.with_database_override(env, SERVER)
    prompt = bootstrap._password_prompt(bare)
    assert prompt is not None and prompt.needed()
    assert prompt.can_remember == Keystore().info().secure
    Keystore().set("database:postgresql+psycopg://clinic@db.example/habeas", "from-keyring")
    assert not bootstrap._password_prompt(bare).needed()


def test_navigation_status_bar_and_geometry(qtbot, main_window, store_context) -> None:
    window = main_window
    nav = window.navigation
    assert [nav.places.item(i).text() for i in range(nav.places.count())] == [
        "Deadlines",
        "Cases",
        "Authorities",
    ]
    # An empty store: the first-run page stands in for the deadlines.
    assert window.pages.currentWidget() is window.workspace.start_page
    assert window.windowTitle() == "Welcome — Habeas"
    nav.places.itemActivated.emit(nav.places.item(1))
    assert window.pages.currentWidget() is window.cases_page and nav.places.currentRow() == 1
    nav.places.itemActivated.emit(nav.places.item(2))
    wait_idle(qtbot, window)
    assert window.pages.currentWidget() is window.workspace.authorities_page
    status = " ".join(w.text() for w in (window.store_label, window.advice_label))
    assert str(store_context.paths.database_file) not in status and "Not legal advice" in status
    assert nav.new_button.accessibleName() and nav.places.accessibleName()
    window.resize(901, 602)
    window.save_geometry()
    saved = store_context.settings.extra["window_geometry"]
    assert isinstance(saved, str) and saved


@pytest.mark.parametrize("jurisdiction", ["DE"])
def test_drafts_are_kept_in_the_store_and_resumed(qtbot, main_window, jurisdiction: str) -> None:
    window = main_window
    store = window.workspace.service.store
    window.act_new.trigger()
    wizard = window.workspace.wizard
    qtbot.addWidget(wizard)
    situation = wizard.situation
    situation.jurisdiction.setCurrentIndex(situation.jurisdiction.findData(jurisdiction))
    wizard.next()
    wizard.authority.name.setText("Bundeskriminalamt")
    wizard.next()  # two page changes, two saves: still one draft
    wait_idle(qtbot, window)
    drafts = store.list_drafts()
    assert len(drafts) == 1 and drafts[0].title == jurisdiction  # no personal data in the title
    assert drafts[0].payload["values"]["authority.name"] == "Bundeskriminalamt"
    wizard.close()
    assert not (store_context_dir := window.ctx.paths.data_dir / "drafts").exists(), store_context_dir

    window.menu_file.aboutToShow.emit()
    wait_idle(qtbot, window)
    resume = window.workspace._resume_menu
    actions = [a for a in resume.actions() if a.text() == jurisdiction]
    assert resume.isEnabled() and len(actions) == 1
    actions[0].trigger()
    resumed = window.workspace.wizard
    assert resumed is not wizard
    qtbot.addWidget(resumed)
    assert resumed.situation.jurisdiction.currentData() == jurisdiction
    assert resumed.authority.name.text() == "Bundeskriminalamt"
    resumed.next()
    wait_idle(qtbot, window)
    assert [d.id for d in store.list_drafts()] == [drafts[0].id]  # the same draft, updated
    resumed.close()


def test_the_window_modules_do_not_load_sqlalchemy() -> None:
    """The store opens on a worker thread; importing SQLAlchemy and Alembic on the GUI thread
    would hold the first paint back by more than half a second."""
    import subprocess
    import sys

    code = (
        "import sys, app.ui.application, app.ui.service, app.ui.wizard.dialog; "
        "sys.exit(sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules) != [])"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
