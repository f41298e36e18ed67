"""After the law data or a holiday schedule change, the window shows progress while deadlines are
derived again, says how many moved, and lists them (old → new, why) on a click."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.i18n import format_date
from app.paths import app_paths
from app.ui.tasks import TaskRunner
from tests.ui.conftest import wait_idle
from tests.ui.test_case_page import make_request

OLD_DUE = date(2026, 1, 5)


def test_moved_deadlines_are_announced_and_listed(qtbot: Any, main_window: Any) -> None:
    window = main_window
    make_request(window, "DE", "access", events=(("sent", date(2026, 11, 2)),))
    window.act_refresh.trigger()
    wait_idle(qtbot, window)
    dashboard = window.workspace.dashboard
    assert dashboard.moved_button.isHidden()  # nothing moved: no notice
    due_now = {item.deadline.key: item.deadline.due for item in dashboard.items}
    assert due_now and OLD_DUE not in due_now.values()

    # As if these states had been derived with other law data, when the dates were different.
    with sqlite3.connect(app_paths().database_file) as db:
        db.execute("UPDATE request_states SET fingerprint = 'older-law-0.0.1'")
        db.execute("UPDATE kept_deadlines SET due = ?", (OLD_DUE.isoformat(),))
    window.act_refresh.trigger()
    wait_idle(qtbot, window)

    assert not dashboard.moved_button.isHidden()
    assert dashboard.moved_label.text() == (
        f"{len(due_now)} deadline moved when the deadlines were updated."
        if len(due_now) == 1
        else f"{len(due_now)} deadlines moved when the deadlines were updated."
    )
    assert {item.deadline.key: item.deadline.due for item in dashboard.items} == due_now
    assert dashboard.progress.isHidden()

    qtbot.mouseClick(dashboard.moved_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    dialog = window.workspace.moved_dialog
    qtbot.addWidget(dialog)
    assert dashboard.moved_button.isHidden()  # looked at: no longer announced
    model = dialog.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert len(rows) == len(due_now)
    for case, title, was, now, why, _recorded in rows:
        assert case.startswith("DE")
        assert title and not title.startswith("step:") and title != "response"
        assert was == format_date(OLD_DUE, "medium")
        assert now in {format_date(d, "medium") for d in due_now.values()}
        assert "law data changed" in why

    # Enter on a row opens its case.
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.pages.currentWidget() is window.workspace.case_page


def test_progress_is_shown_while_deadlines_are_derived_again(qtbot: Any, main_window: Any) -> None:
    dashboard = main_window.workspace.dashboard
    dashboard.show_progress(500, 1200)
    assert not dashboard.progress.isHidden() and dashboard.progress.value() == 500
    assert dashboard.progress.maximum() == 1200
    label = dashboard.progress_label.text()
    assert "1200 requests" in label and "500 done" in label
    dashboard.show_progress(1200, 1200)
    assert dashboard.progress.isHidden() and dashboard.progress_label.isHidden()


def test_a_task_reports_progress_on_the_gui_thread(qtbot: Any) -> None:
    runner = TaskRunner()
    gui = threading.get_ident()
    seen: list[tuple[int, int, bool]] = []
    results: list[str] = []

    def work(report: Any) -> str:
        worker = threading.get_ident()
        for done in (1, 2, 3):
            report(done, 3)
        return "worker" if worker != gui else "gui"

    runner.run_reporting(
        work, lambda done, total: seen.append((done, total, threading.get_ident() == gui)), results.append
    )
    qtbot.waitUntil(lambda: results == ["worker"])
    QApplication.processEvents()
    assert seen == [(1, 3, True), (2, 3, True), (3, 3, True)]
