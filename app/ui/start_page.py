"""What the window shows instead of the deadlines while there is nothing real to list.

Three states, never an empty store shown as if it were real:
- ``opening``: the case store is being opened;
- ``not_connected``: it could not be opened, or the password was not given — why, and a button to
  try again;
- ``first_run``: the store is open and holds no case — a primary "New request…" button and two
  lines of what happens next.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _

OPENING, NOT_CONNECTED, FIRST_RUN = "opening", "not_connected", "first_run"


class StartPage(QWidget):
    """Signals:
    new_request(): the first-run button.
    reconnect(): "Connect again…" in the not-connected state.
    show_help(): the handbook link.
    """

    new_request = Signal()
    reconnect = Signal()
    show_help = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StartPage")
        self.state = OPENING
        self.reason = ""
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.lines = QLabel(self)
        self.lines.setWordWrap(True)
        self.lines.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.primary = QPushButton(self)
        font = self.primary.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.primary.setFont(font)
        self.primary.setMinimumHeight(self.fontMetrics().height() * 2 + 12)
        self.primary.setDefault(True)
        self.primary.setAutoDefault(True)
        self.primary.clicked.connect(self._primary_clicked)
        self.help_button = QPushButton(self)
        self.help_button.clicked.connect(self.show_help.emit)
        self.advice = QLabel(self)
        self.advice.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.primary)
        buttons.addWidget(self.help_button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addWidget(self.heading)
        column.addSpacing(8)
        column.addWidget(self.lines)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addSpacing(24)
        column.addWidget(self.advice)
        holder = QWidget(self)
        holder.setLayout(column)
        em = self.fontMetrics().horizontalAdvance("M")
        holder.setMaximumWidth(em * 46)
        holder.setMinimumWidth(min(em * 30, 480))
        # Stretches, not an alignment: an aligned widget gets its size hint and the wrapped lines
        # would be cut; in a row it gets the width, and its labels the height that width needs.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(holder, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.setFocusProxy(self.primary)
        self.retranslate()

    def set_state(self, state: str, reason: str = "") -> None:
        self.state, self.reason = state, reason
        self.retranslate()

    def _primary_clicked(self) -> None:
        if self.state == FIRST_RUN:
            self.new_request.emit()
        elif self.state == NOT_CONNECTED:
            self.reconnect.emit()

    def retranslate(self) -> None:
        self.help_button.setText(_("How it &works"))
        self.help_button.setToolTip(_("Open the handbook (F1)"))
        self.advice.setText(
            _("Habeas helps you write the letter and count the deadlines; it is not legal advice.")
        )
        if self.state == FIRST_RUN:
            self.heading.setText(_("Welcome to Habeas"))
            self.lines.setText(
                _("A guide asks you a few questions and writes your request to the police or authority.")
                + "\n"
                + _(
                    "You print it, sign it and post it; then tell Habeas “I sent it”, "
                    "and it counts the deadline."
                )
            )
            self.primary.setText(_("&New request…"))
            self.primary.setAccessibleName(_("New request"))
            self.primary.setEnabled(True)
            self.primary.show()
        elif self.state == NOT_CONNECTED:
            self.heading.setText(_("Not connected to the case store"))
            self.lines.setText(
                (self.reason + "\n\n" if self.reason else "")
                + _("No cases or deadlines are shown until the case store is open.")
            )
            self.primary.setText(_("&Connect again…"))
            self.primary.setAccessibleName(_("Connect again"))
            self.primary.setEnabled(True)
            self.primary.show()
        else:
            self.heading.setText(_("Opening the case store…"))
            self.lines.setText("")
            self.primary.hide()
        self.lines.setVisible(bool(self.lines.text()))
        self.lines.setAccessibleName(self.lines.text())
