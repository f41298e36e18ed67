"""Ask for the PostgreSQL password on the GUI thread, before the store is opened off-thread.

The password lives only in this dialog and in the call that opens the store; it is never logged
or written anywhere except the keyring, and there only if the keyring is a secure one and the
user ticks "remember".

After a refused password the controller opens a new dialog with ``show_problem``: the reason on
top, the field empty and focused, so the user can simply type again or cancel.
"""

from __future__ import annotations

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


class PasswordDialog(QDialog):
    """Password, "remember" (only with a secure keyring), and why the last attempt failed."""

    def __init__(self, server: str, can_remember: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PasswordDialog")
        self.setWindowTitle(_("Database password"))
        self.intro = intro = QLabel(
            _("Habeas keeps its cases on the PostgreSQL server {server}.").format(server=server), self
        )
        intro.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("PasswordProblem")
        text_tone(self.problem, Tone.ERROR)
        self.problem.hide()
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Database password"))
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
        self.hint.setVisible(not can_remember)
        form = QFormLayout()
        label = QLabel(_("&Password:"), self)
        label.setBuddy(self.password)
        form.addRow(label, self.password)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.password.setFocus()

    def show_problem(self, text: str) -> None:
        """Why the last password did not open the store; the dialog then asks again."""
        self.setWindowTitle(_("Database password: try again"))
        self.problem.setText(
            text
            + "\n"
            + _("Type the password again. Cancel leaves Habeas without its cases until you connect again.")
        )
        self.problem.setAccessibleName(self.problem.text())
        self.problem.show()
        self.password.setFocus()

    def secret(self) -> str:
        return self.password.text()

    def wants_remember(self) -> bool:
        return self.remember.isEnabled() and self.remember.isChecked()
