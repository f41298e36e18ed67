"""Ask for the PostgreSQL password, or the local store's passphrase, on the GUI thread, before the
store is opened off-thread.

The prompt names either a server URL (PostgreSQL) or a file path (the local encrypted store
without a key in a secure keyring): a path makes this a passphrase dialog. For a store that does
not exist yet (or is still plaintext) the user chooses the passphrase: typed twice, at least 8
characters, and told that it is never stored and cannot be recovered.

The password lives only in this dialog and in the call that opens the store; it is never logged
or written anywhere except the keyring, and there only if the keyring is a secure one and the
user ticks "remember".

After a refused password the controller opens a new dialog with ``show_problem``: the reason on
top, the field empty and focused, so the user can simply type again or cancel.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.ui.colours import Tone, text_tone

MIN_PASSPHRASE_LENGTH = 8  # as app.store.keys (the UI does not import the store)
SQLITE_HEADER = b"SQLite format 3\x00"


def passphrase_mode(server: str) -> str:
    """ "server" for a database URL; "passphrase" for an encrypted store file; "new" to choose one."""
    if "://" in server:
        return "server"
    path = Path(server)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return "new"
    return "new" if not header or header == SQLITE_HEADER else "passphrase"


class PasswordDialog(QDialog):
    """Password, "remember" (only with a secure keyring), and why the last attempt failed."""

    def __init__(self, server: str, can_remember: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PasswordDialog")
        self.mode = passphrase_mode(server)
        self.setWindowTitle(
            _("Database password") if self.mode == "server" else _("Passphrase of the case store")
        )
        if self.mode == "server":
            intro_text = _("Habeas keeps its cases on the PostgreSQL server {server}.").format(server=server)
        elif self.mode == "passphrase":
            intro_text = _("The case store {file} is encrypted. Type its passphrase to open it.").format(
                file=server
            )
        else:
            intro_text = _(
                "No secure system keyring was found, so your case store {file} is protected by a passphrase. "
                "Choose one of at least {n} characters. It is never stored: without it the cases cannot be "
                "read, by anyone."
            ).format(file=server, n=MIN_PASSPHRASE_LENGTH)
        self.intro = intro = QLabel(intro_text, self)
        intro.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("PasswordProblem")
        text_tone(self.problem, Tone.ERROR)
        self.problem.hide()
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(
            _("Database password") if self.mode == "server" else _("Passphrase of the case store")
        )
        self.confirm = QLineEdit(self)
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setAccessibleName(_("The same passphrase again"))
        self.remember = QCheckBox(_("&Remember it in the system keyring"), self)
        self.remember.setVisible(can_remember)  # never offered without a secure keyring
        self.remember.setEnabled(can_remember)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setText(
            ""
            if can_remember
            else _("No secure keyring is available, so the password is asked for each time and never stored.")
        )
        self.hint.setVisible(not can_remember and self.mode == "server")
        form = QFormLayout()
        label = QLabel(_("&Password:") if self.mode == "server" else _("&Passphrase:"), self)
        label.setBuddy(self.password)
        form.addRow(label, self.password)
        if self.mode == "new":
            again = QLabel(_("&Again:"), self)
            again.setBuddy(self.confirm)
            form.addRow(again, self.confirm)
        else:
            self.confirm.hide()
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.password.setFocus()

    def _accept_if_valid(self) -> None:
        """A new passphrase must be long enough and typed the same twice; otherwise say so and stay."""
        if self.mode == "new":
            if len(self.password.text()) < MIN_PASSPHRASE_LENGTH:
                self._inline_problem(
                    _("The passphrase is too short: use at least {n} characters.").format(
                        n=MIN_PASSPHRASE_LENGTH
                    )
                )
                return
            if self.confirm.text() != self.password.text():
                self._inline_problem(_("The two passphrases differ; try again."))
                self.confirm.clear()
                self.confirm.setFocus()
                return
        self.accept()

    def _inline_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setAccessibleName(text)
        self.problem.show()

    def show_problem(self, text: str) -> None:
        """Why the last password did not open the store; the dialog then asks again."""
        if self.mode == "server":
            self.setWindowTitle(_("Database password: try again"))
            again = _(
                "Type the password again. Cancel leaves Habeas without its cases until you connect again."
            )
        else:
            self.setWindowTitle(_("Passphrase of the case store: try again"))
            again = _(
                "Type the passphrase again. Cancel leaves Habeas without its cases until you try again."
            )
        self.problem.setText(text + "\n" + again)
        self.problem.setAccessibleName(self.problem.text())
        self.problem.show()
        self.password.setFocus()

    def secret(self) -> str:
        return self.password.text()

    def wants_remember(self) -> bool:
        return self.remember.isEnabled() and self.remember.isChecked()
