"""Reminders from the desktop: the tray notification text, the calendar export from the File menu."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from icalendar import Calendar

from app.ui.tray import notification_text
from tests.ui.conftest import wait_idle
from tests.ui.test_case_page import TODAY, make_request

DAY = date(2026, 5, 10)


def _item(due: date, kind: str = "response") -> Any:
    def is_overdue(today: date) -> bool:
        return kind != "waiting" and today > due

    return SimpleNamespace(deadline=SimpleNamespace(due=due, kind=kind, is_overdue=is_overdue))


def test_tray_text_counts_overdue_and_due_soon_separately() -> None:
    items = [
        _item(DAY - timedelta(days=3)),
        _item(DAY - timedelta(days=1)),
        _item(DAY),  # due today: soon, not overdue
        _item(DAY + timedelta(days=7)),
        _item(DAY + timedelta(days=8)),  # later: not mentioned
        _item(DAY - timedelta(days=2), kind="waiting"),  # a passed waiting period is never overdue
    ]
    title, message = notification_text(items, DAY)
    assert title == "Habeas: deadlines"
    assert message == "2 deadlines are overdue. 2 deadlines are due within 7 days."
    _title, one = notification_text([_item(DAY - timedelta(days=1))], DAY)
    assert one == "1 deadline is overdue."
    assert notification_text([_item(DAY + timedelta(days=30))], DAY) is None
    assert notification_text([], DAY) is None


def test_notification_at_start_goes_to_the_status_bar_without_a_tray(qtbot, main_window) -> None:
    make_request(main_window, "DE", "access", (("sent", TODAY - timedelta(days=200)),))
    workspace = main_window.workspace
    assert workspace.tray.tray is None  # offscreen: no system tray
    workspace.check_deadlines()  # what the hourly timer does
    wait_idle(qtbot, main_window)
    assert workspace.tray.last_message is not None
    assert "overdue" in workspace.tray.last_message[1]
    assert workspace.tray.last_message[1] in main_window.statusBar().currentMessage()
    assert workspace.tray.timer.isActive() and workspace.tray.timer.interval() == 3_600_000


def test_export_deadlines_to_calendar_writes_an_ics_file(qtbot, main_window, tmp_path, monkeypatch) -> None:
    request = make_request(
        main_window,
        "CN",
        "access",
        (("sent", TODAY - timedelta(days=40)), ("refused", TODAY - timedelta(days=10))),
    )
    target = tmp_path / "deadlines.ics"
    monkeypatch.setattr("app.ui.workspace.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    assert main_window.act_export_ics.isEnabled()
    main_window.act_export_ics.trigger()
    wait_idle(qtbot, main_window)
    calendar = Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert events
    uids = {str(e["UID"]) for e in events}
    identity = main_window.workspace.service.casework.store.identity()
    assert f"request-{request.id}-step-CN-RECONSIDERATION.{identity}@habeas.invalid" in uids
    assert all(len(list(e.walk("VALARM"))) == 2 for e in events)  # reminders before each date
    count = len(main_window.workspace.service.casework.deadlines(TODAY).rows)
    assert count >= 1
    written = "deadline" if count == 1 else "deadlines"
    assert main_window.statusBar().currentMessage() == f"{count} {written} written to {target}"
