"""Record what happened to a request: the kind, the date, how receipt is proved, an extension's new
date, the authority's reply in structure, a note.

The dialog only collects; the lifecycle service checks the event against the request's history.
On a refusal the dialog stays open with everything typed and shows the problems.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.cases.deadlines import AvailableStep
from app.cases.lifecycle import known_event_kinds
from app.cases.records import RECEIPT_METHOD_LABELS, RECEIPT_METHODS
from app.errors import HabeasError, InputError
from app.i18n import N_, _, current_language
from app.law import KnowledgeBase
from app.ui.colours import Tone, text_tone
from app.ui.dates import date_edit, qdate, to_date
from app.ui.labels import kind_label
from app.ui.messages import describe
from app.ui.reply_form import ReplyForm
from app.ui.views import EventInput

log = logging.getLogger(__name__)

OUTCOME_KINDS = frozenset({"answered", "granted", "partly_granted", "refused", "no_data"})
# Kinds where how it was sent or received matters for the start of the period (OGI art 31).
# Events that travel by post or portal and so have a proof of receipt; so does every step filing.
DECISION_LABELS: dict[str, str] = {
    "refused": N_("refused"),
    "partly_granted": N_("partly granted"),
    "granted": N_("granted"),
}
METHOD_KINDS = frozenset({"sent", "delivered", "received", "clarification_given"})
# The kind most likely to come next after each status (what the dialog preselects).
NEXT_KIND: dict[str, str] = {
    "draft": "sent",
    "sent": "received",
    "received": "answered",
    "acknowledged": "answered",
    "extended": "answered",
    "clarification": "clarification_given",
}
# Problem paths of the lifecycle service (its CLI spelling) → the dialog's field names.
FIELD_NAMES: dict[str, str] = {
    "KIND": N_("Event"),
    "--date": N_("Date"),
    "--until": N_("New due date"),
    "--method": N_("How"),
    "--reply": N_("Reply"),
    "--step": N_("Step"),
    "--outcome": N_("Decision"),
}


class EventDialog(QDialog):
    """Signals:
    submitted(object): an ``EventInput``; the controller records it and calls ``recorded()``
        or ``refused(exc)``.
    """

    submitted = Signal(object)

    def __init__(
        self,
        request_id: int,
        status: str,
        today: date,
        kb: KnowledgeBase,
        parent: QWidget | None = None,
        kind: str = "",
        steps: Sequence[AvailableStep] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("EventDialog")
        self.request_id = request_id
        self._method_kinds = METHOD_KINDS | set(kb.filing_events())
        self.kind = QComboBox(self)
        # The request's own events, then the filings of the step kinds the law data define.
        for value in known_event_kinds(kb):
            self.kind.addItem(kind_label(value, kb), value)
        wanted = kind or NEXT_KIND.get(status, "answered")
        self.kind.setCurrentIndex(max(0, self.kind.findData(wanted)))
        self.date = date_edit(today, self)
        self.date.setMaximumDate(qdate(today))
        self.method = QComboBox(self)
        self.method.addItem("", "")
        for method in RECEIPT_METHODS:
            self.method.addItem(_(RECEIPT_METHOD_LABELS[method]), method)
        self.reference = QLineEdit(self)
        self.until = date_edit(today + timedelta(days=30), self)
        # A filing or a decision names its step: two steps of one kind are tracked apart.
        self._steps = tuple(steps)
        self._filing = kb.filing_events()
        self.step = QComboBox(self)
        self.outcome = QComboBox(self)
        for value, msgid in DECISION_LABELS.items():
            self.outcome.addItem(_(msgid), value)
        self.reply = ReplyForm(self)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 2 + 14)
        self.form = QFormLayout()
        self.labels: dict[QWidget, QLabel] = {}
        for widget, msgid in (
            (self.kind, N_("&What happened:")),
            (self.date, N_("&Date:")),
            (self.method, N_("&How (proof of receipt):")),
            (self.reference, N_("&Reference (e.g. registered-mail number):")),
            (self.until, N_("&New due date announced:")),
            (self.step, N_("&Step:")),
            (self.outcome, N_("Decisi&on:")),
        ):
            label = QLabel(_(msgid), self)
            label.setBuddy(widget)
            widget.setAccessibleName(_(msgid).replace("&", "").rstrip(":："))
            self.form.addRow(label, widget)
            self.labels[widget] = label
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        text_tone(self.error, Tone.ERROR)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        note_label = QLabel(_("N&ote:"), self)
        note_label.setBuddy(self.note)
        self.note.setAccessibleName(_("Note"))
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.reply)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setWindowTitle(_("Record an event"))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        for widget, visible in (
            (self.method, kind in self._method_kinds),
            (self.reference, kind in self._method_kinds),
            (self.until, kind == "extended"),
            (self.step, kind in self._filing or kind == "decision_received"),
            (self.outcome, kind == "decision_received"),
        ):
            widget.setVisible(visible)
            self.labels[widget].setVisible(visible)
        self._fill_steps(kind)
        self.reply.setVisible(kind in OUTCOME_KINDS)
        self.adjustSize()

    def _fill_steps(self, kind: str) -> None:
        """The steps this event may name: open steps of the kind filed, or filed steps for a decision."""
        self.step.clear()
        spec = self._filing.get(kind)
        for available in self._steps:
            if kind == "decision_received":
                wanted = available.filed and available.decided_on is None
            else:
                wanted = spec is not None and available.step.kind == spec.id and not available.filed
            if wanted:
                self.step.addItem(available.step.text_in("name", current_language()), available.step.id)

    def event_input(self) -> EventInput:
        """What was entered; InputError if the structured reply is not valid."""
        kind = self.current_kind()
        return EventInput(
            request_id=self.request_id,
            kind=kind,
            day=to_date(self.date.date()),
            note=self.note.toPlainText().strip(),
            method=str(self.method.currentData() or "") if kind in self._method_kinds else "",
            reference=self.reference.text().strip() if kind in self._method_kinds else "",
            until=to_date(self.until.date()) if kind == "extended" else None,
            reply=self.reply.reply() if kind in OUTCOME_KINDS else None,
            step=str(self.step.currentData() or "") if self.step.isVisibleTo(self) else "",
            outcome=str(self.outcome.currentData() or "") if kind == "decision_received" else "",
        )

    def accept(self) -> None:
        try:
            event = self.event_input()
        except InputError as exc:
            self.refused(exc)
            return
        self.buttons.setEnabled(False)
        self.submitted.emit(event)

    def recorded(self) -> None:
        super().accept()

    def refused(self, exc: BaseException) -> None:
        """Show why the event was not recorded; everything typed stays."""
        self.buttons.setEnabled(True)
        if isinstance(exc, InputError):
            head = str(exc.args[0]) if exc.args else ""
            lines = [
                f"• {_(FIELD_NAMES[p.path]) if p.path in FIELD_NAMES else p.path}: {p.message}"
                for p in exc.problems
            ]
            text = "\n".join([head, *lines])
        elif isinstance(exc, HabeasError):
            text = str(exc)
        else:
            text = describe(exc)[0]
        self.error.setText(text)
        self.error.show()
