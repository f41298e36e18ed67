"""The one UI object that tells the user about errors (qutebrowser's ``message`` bridge, typed).

Deep code raises ``HabeasError``/``InputError``; controllers pass the exception here. Dialogs are
never opened from below the UI layer, and showing an error never closes or clears a form, so
nothing the user typed is lost.
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from app.errors import EditConflictError, HabeasError, InputError
from app.i18n import _

log = logging.getLogger(__name__)


class MessagePresenter:
    """Shows typed errors in a message box and short notes in the status bar."""

    def __init__(self, parent: QWidget, status_bar: QStatusBar | None = None) -> None:
        self._parent = parent
        self._status_bar = status_bar
        self.last_error: str = ""  # what the user was last shown; tests read it

    def note(self, text: str, msecs: int = 5000) -> None:
        if self._status_bar is not None:
            self._status_bar.showMessage(text, msecs)

    def error(self, exc: BaseException, *, title: str | None = None) -> None:
        text, details = describe(exc)
        self.last_error = text
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title or _("Habeas"))
        box.setText(text)
        if details:
            box.setInformativeText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAccessibleName(_("Error message"))
        box.open()  # window-modal, returns at once: the form behind keeps its contents


def describe(exc: BaseException) -> tuple[str, str]:
    """The translated headline and the list of problems (each naming the field) for ``exc``."""
    if isinstance(exc, EditConflictError):
        # Both versions, field by field: the user decides what to keep (nothing was overwritten).
        rows = [
            _("{field}: yours “{mine}”, saved “{theirs}”").format(field=name, mine=mine, theirs=theirs)
            for name, mine, theirs in exc.differences()
        ]
        return str(exc), "\n".join(f"• {row}" for row in rows)
    if isinstance(exc, InputError):
        head = str(exc.args[0]) if exc.args else _("The input is not valid.")
        return head, "\n".join(f"• {p}" for p in exc.problems)
    if isinstance(exc, HabeasError):
        return str(exc), ""
    # A bug: its message may quote personal data, so only the type and location are logged.
    log.error("unexpected %s\n%s", type(exc).__name__, "".join(traceback.format_tb(exc.__traceback__)))
    return _("Something went wrong ({kind}). The details are in the log file.").format(
        kind=type(exc).__name__
    ), ""
