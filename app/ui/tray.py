"""Desktop notifications of due-soon and overdue deadlines: a tray icon where the desktop has one.

``notification_text`` decides what to say (tested without a tray); ``TrayNotifier`` shows it at
start and on a timer. Without a system tray (offscreen, some Wayland desktops) the same text goes
to the status bar instead, so nothing depends on the tray being there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.ui.views import DeadlineItem

log = logging.getLogger(__name__)

SOON_DAYS = 7
CHECK_INTERVAL_MS = 60 * 60 * 1000  # hourly: a deadline turns overdue at midnight, not by the minute


def notification_text(items: Sequence[DeadlineItem], today: date) -> tuple[str, str] | None:
    """(title, message) about overdue and due-soon deadlines; None when there is nothing to say."""
    overdue = sum(1 for i in items if i.deadline.is_overdue(today))
    # A waiting period that has passed is not a deadline any more (the step is simply open).
    soon = sum(1 for i in items if today <= i.deadline.due <= today + timedelta(days=SOON_DAYS))
    if not overdue and not soon:
        return None
    parts = []
    if overdue:
        parts.append(
            ngettext("{n} deadline is overdue.", "{n} deadlines are overdue.", overdue).format(n=overdue)
        )
    if soon:
        parts.append(
            ngettext(
                "{n} deadline is due within 7 days.", "{n} deadlines are due within 7 days.", soon
            ).format(n=soon)
        )
    return _("Habeas: deadlines"), " ".join(parts)


class TrayNotifier(QObject):
    """Owns the tray icon (if any) and the periodic check.

    ``refresh`` is called by the timer; the controller reloads the deadlines and then calls
    ``notify`` with the fresh list.
    """

    def __init__(
        self,
        window: QWidget,
        icon: QIcon,
        refresh: Callable[[], None],
        show_status: Callable[[str], None],
        *,
        interval_ms: int = CHECK_INTERVAL_MS,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._show_status = show_status
        self.last_message: tuple[str, str] | None = None
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon, self)
            menu = QMenu(window)
            self._show_action = menu.addAction("")
            self._show_action.triggered.connect(self._raise_window)
            self.tray.setContextMenu(menu)
            self.tray.activated.connect(lambda _reason: self._raise_window())
            self.tray.messageClicked.connect(self._raise_window)
            self.tray.show()
        else:
            log.info("no system tray: deadline notifications go to the status bar")
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(refresh)
        self.timer.start()
        self.retranslate()

    def notify(self, items: Sequence[DeadlineItem], today: date) -> None:
        message = notification_text(items, today)
        self.last_message = message
        if self.tray is not None:
            self.tray.setToolTip(message[1] if message else _("Habeas: no deadline due soon"))
        if message is None:
            return
        if self.tray is not None and QSystemTrayIcon.supportsMessages():
            self.tray.showMessage(message[0], message[1], QSystemTrayIcon.MessageIcon.Warning, 15000)
        else:
            self._show_status(message[1])

    def _raise_window(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()

    def retranslate(self) -> None:
        if self.tray is not None:
            self._show_action.setText(_("&Show Habeas"))
