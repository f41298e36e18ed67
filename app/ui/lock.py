"""The window locks itself after a while without input (issue 14).

Locked, the window shows only a lock page: the pages with cases are taken out of the window (not
merely covered), the menus are disabled, and the case store is closed, so its connections, and
with them SQLCipher's copy of the key, are gone. "Unlock" opens the store again the normal way:
with a passphrase store the passphrase is asked for; with a key in the OS keyring the key is read
from it again (the keyring's own lock, often the desktop session's, is then what protects it).
Python cannot wipe the key text it held in memory; it is only dropped with the store.

The idle time is ``lock_after_minutes`` in the settings file's UI section (default 10; 0 turns the
lock off). Any key press, click or wheel turn in the application counts as activity.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from app.i18n import _

log = logging.getLogger(__name__)

SETTING = "lock_after_minutes"
DEFAULT_MINUTES = 10
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def lock_minutes(extra: dict[str, Any]) -> int:
    value = extra.get(SETTING, DEFAULT_MINUTES)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else DEFAULT_MINUTES


class LockPage(QWidget):
    """What a locked window shows: that it is locked, and how to unlock. Signals: ``unlock``."""

    unlock = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LockPage")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.clicked.connect(self.unlock)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.message)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.message.setText(
            _("Habeas is locked after a time without use. The cases are hidden and the case store is closed.")
        )
        self.button.setText(_("&Unlock"))


class IdleLock(QObject):
    """Locks ``window`` after ``minutes`` without input. Signals: ``locked``, ``unlocked``.

    The window is a MainWindow whose ``workspace`` has ``service`` (with ``store``) and ``start()``.
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QMainWindow, minutes: int) -> None:
        super().__init__(window)
        self.window = window
        self.minutes = minutes
        self.page: LockPage | None = None
        self._content: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        if minutes > 0:
            self.timer.start(minutes * 60_000)
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self.page is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.is_locked:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.is_locked:
            return
        workspace = getattr(self.window, "workspace", None)
        if workspace is not None and getattr(workspace, "tasks", None) is not None and workspace.tasks.busy:
            self.timer.start(30_000)  # saving or loading: lock once it is done
            return
        self._content = self.window.takeCentralWidget()
        if self._content is not None:
            self._content.hide()
            self._content.setParent(self.window)  # kept, hidden; never a window of its own
        self.page = LockPage(self.window)
        self.page.unlock.connect(self.unlock)
        self.window.setCentralWidget(self.page)
        self.window.menuBar().setEnabled(False)
        for dialog in self.window.findChildren(QWidget):
            if dialog.isWindow() and dialog is not self.window and dialog.isVisible():
                dialog.hide()  # a dialog with case data must not stay on screen
        if workspace is not None and workspace.service is not None:
            workspace.service.store.close()  # disposes the engine: connections and SQLCipher's key go
            workspace.service = None
        log.info("window locked")
        self.locked.emit()

    def unlock(self) -> None:
        if self.page is None:
            return
        self.window.takeCentralWidget()
        self.page.deleteLater()
        self.page = None
        if self._content is not None:
            self.window.setCentralWidget(self._content)
            self._content.show()
            self._content = None
        self.window.menuBar().setEnabled(True)
        workspace = getattr(self.window, "workspace", None)
        if workspace is not None:
            workspace.start()  # asks for the passphrase where there is one
        if self.minutes > 0:
            self.timer.start(self.minutes * 60_000)
        log.info("window unlocked")
        self.unlocked.emit()
