"""The idle lock (issue 14): the cases leave the window, the store closes; unlocking opens it again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.ui.lock import DEFAULT_MINUTES, LockPage, lock_minutes
from tests.ui.conftest import wait_idle


def test_the_window_locks_when_idle_and_unlocks(qtbot: Any, main_window: Any) -> None:
    window = main_window
    lock = window.idle_lock
    assert lock.minutes == DEFAULT_MINUTES and lock.timer.isActive()
    store = window.workspace.service.store
    lock.timer.start(10)  # as if ten minutes had passed without input
    qtbot.waitUntil(lambda: lock.is_locked, timeout=5000)
    assert isinstance(window.centralWidget(), LockPage)
    assert not window.cases_page.isVisible() and not window.pages.isVisible()
    assert not window.menuBar().isEnabled()
    assert window.workspace.service is None
    assert store._engine.pool.checkedin() == 0  # no connection (and no key) kept open
    QTest.mouseClick(window.centralWidget().button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace.service is not None, timeout=20000)
    wait_idle(qtbot, window)
    assert not lock.is_locked and window.pages.isVisible() and window.menuBar().isEnabled()


def test_the_idle_time_comes_from_the_settings() -> None:
    assert lock_minutes({}) == DEFAULT_MINUTES
    assert lock_minutes({"lock_after_minutes": 0}) == 0
    assert lock_minutes({"lock_after_minutes": 3}) == 3
    assert lock_minutes({"lock_after_minutes": "soon"}) == DEFAULT_MINUTES
