"""Record what happened to a request: a kind, a date, how receipt is proved, the outcome, a note."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.cases.records import EVENT_KIND_LABELS, RECEIPT_METHOD_LABELS, RECEIPT_METHODS, RequestEvent
from app.i18n import N_, _

# The buttons on the case page, in lifecycle order: (button msgid, event kind).
EVENT_BUTTONS: tuple[tuple[str, str], ...] = (
    (N_("Sent…"), "sent"),
    (N_("Delivered…"), "delivered"),
    (N_("Acknowledged…"), "acknowledged"),
    (N_("Extension…"), "extended"),
    (N_("Clarification asked…"), "clarification_requested"),
    (N_("Clarification given…"), "clarification_given"),
    (N_("Response…"), "response"),
)
OUTCOMES = ("granted", "partly_granted", "refused", "no_data", "answered")
NEEDS_METHOD = {"sent", "delivered", "clarification_given"}


class EventDialog(QDialog):
    def __init__(self, request_id: int, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request_id = request_id
        self.kind = kind
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")  # unambiguous in every UI language
        self.outcome = QComboBox(self)
        for outcome in OUTCOMES:
            self.outcome.addItem(_(EVENT_KIND_LABELS[outcome]), outcome)
        self.method = QComboBox(self)
        self.method.addItem("", "")
        for method in RECEIPT_METHODS:
            self.method.addItem(_(RECEIPT_METHOD_LABELS[method]), method)
        self.reference = QLineEdit(self)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow(_("&Date:"), self.date)
        if kind == "response":
            form.addRow(_("&Outcome:"), self.outcome)
        if kind in NEEDS_METHOD:
            form.addRow(_("&How (proof of receipt):"), self.method)
            form.addRow(_("&Reference (e.g. registered-mail number):"), self.reference)
        form.addRow(_("&Note:"), self.note)
        for widget, name in (
            (self.date, _("Date")),
            (self.outcome, _("Outcome")),
            (self.method, _("How")),
            (self.reference, _("Reference")),
            (self.note, _("Note")),
        ):
            widget.setAccessibleName(name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        title = _("Response") if kind == "response" else _(EVENT_KIND_LABELS.get(kind, kind))
        self.setWindowTitle(_("Record: {what}").format(what=title))
        layout.addWidget(QLabel(_("What happened, and when?"), self))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def event_record(self) -> RequestEvent:
        kind = str(self.outcome.currentData()) if self.kind == "response" else self.kind
        return RequestEvent(
            request_id=self.request_id,
            kind=kind,
            date=_to_date(self.date.date()),
            note=self.note.toPlainText().strip(),
            receipt_method=str(self.method.currentData() or ""),
            receipt_reference=self.reference.text().strip(),
        )


def _to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)
