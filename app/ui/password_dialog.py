"""Ask for the PostgreSQL password on the GUI thread, before the store is opened off-thread.

The password lives only in this dialog and in the call that opens the store; it is never logged
or written anywhere except the keyring, and there only if the keyring is a secure one and the
user ticks "remember".
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


class PasswordDialog(QDialog):
    def __init__(self, server: str, can_remember: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PasswordDialog")
        self.setWindowTitle(_("Database password"))
        self.intro = intro = QLabel(
            _("Habeas keeps its cases on the PostgreSQL server {server}.").format(server=server), self
        )
        intro.setWordWrap(True)
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.password.setFocus()

    def secret(self) -> str:
        return self.password.text()

    def wants_remember(self) -> bool:
        return self.remember.isEnabled() and self.remember.isChecked()
