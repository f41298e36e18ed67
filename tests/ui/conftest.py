"""Fixtures for the desktop UI tests: a UiContext on the test's private HABEAS_HOME."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app import __version__
from app.paths import app_paths
from app.settings import load_settings, save_settings
from app.ui.context import UiContext


def _context(**extra: Any) -> UiContext:
    paths = app_paths()
    paths.ensure()
    return UiContext(
        paths=paths,
        settings=load_settings(paths.settings_file),
        save_settings=lambda s: save_settings(paths.settings_file, s),
        version=__version__,
        **extra,
    )


@pytest.fixture
def ui_context(habeas_home: Path) -> UiContext:
    """The bare window: no store, no law (the first-window test)."""
    return _context()


@pytest.fixture(scope="session")
def knowledge_base() -> Any:
    from app.law import load_knowledge_base

    return load_knowledge_base()


@pytest.fixture
def store_context(habeas_home: Path, knowledge_base: Any) -> UiContext:
    from app.store import DatabaseConfig, open_store

    paths = app_paths()
    return _context(
        open_store=lambda: open_store(DatabaseConfig.sqlite(paths.database_file)),
        load_knowledge_base=lambda: knowledge_base,
    )


@pytest.fixture
def main_window(qtbot: Any, store_context: UiContext) -> Iterator[Any]:
    """The full window on an empty store, after the store has opened and the list has loaded."""
    from app.ui.application import create_main_window

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = create_main_window(store_context, app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.workspace.service is not None, timeout=20000)
    wait_idle(qtbot, window)
    yield window
    wait_idle(qtbot, window)
    window.workspace.service.store.close()


def wait_idle(qtbot: Any, window: Any) -> None:
    """Until every background task has finished and delivered its result."""
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30000)


def record_event(qtbot: Any, window: Any, kind: str, day: Any, **fields: str) -> Any:
    """Through the case page's "Record event…" button and the event dialog, as a person would."""
    from PySide6.QtCore import QDate

    page = window.workspace.case_page
    assert page.event_button.isEnabled()
    page.event_button.click()
    dialog = window.workspace.cases.event_dialog
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    dialog.date.setDate(QDate(day.year, day.month, day.day))
    for name, value in fields.items():
        widget = dialog.reply.edits.get(name) or getattr(dialog, name)
        if hasattr(widget, "findData") and widget.findData(value) >= 0:
            widget.setCurrentIndex(widget.findData(value))
        elif hasattr(widget, "setPlainText"):
            widget.setPlainText(value)
        else:
            widget.setText(value)
    dialog.accept()
    wait_idle(qtbot, window)
    return dialog
