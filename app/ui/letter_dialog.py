"""Write the letter of an escalation step: who receives it (from the directory or typed) and its date.

A reminder goes to the authority that has the request; every other step goes to the body the law
names (the data-protection authority, the reviewing organ, the court), which the user picks or
types. Composing and rendering happen in the casework, off the GUI thread.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

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

from app.cases.draft import Authority as DraftAuthority
from app.i18n import _, current_language
from app.ui.colours import Tone, text_tone
from app.ui.dates import date_edit
from app.ui.labels import list_separator

if TYPE_CHECKING:
    from app.cases.records import Authority
    from app.law import EscalationStep, StepKindSpec


class LetterDialog(QDialog):
    """Signals:
    submitted(object, object): the addressee (``app.cases.draft.Authority`` or None for the
        original authority) and the letter's ``date``.
    """

    submitted = Signal(object, object)

    def __init__(
        self,
        step: EscalationStep,
        kind: StepKindSpec,
        choices: list[Authority],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("LetterDialog")
        self.step = step
        # What the letter needs comes from the step's kind in the law data.
        self.needs_addressee = kind.needs_addressee
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        # Only the fields this step's letter uses exist: a reminder has no addressee to type, and
        # only court and tribunal letters name a defendant, its representative and the complaint
        # body's reference. Nothing is left unlabelled over the title or in the Tab order.
        self.directory: QComboBox | None = None
        self.name: QLineEdit | None = None
        self.address: QPlainTextEdit | None = None
        self.defendant: QLineEdit | None = None
        self.represented_by: QLineEdit | None = None
        self.complaint_reference: QLineEdit | None = None
        self.court_step = kind.court_letter
        rows: list[tuple[str, QWidget]] = []
        if self.needs_addressee:
            self.directory = QComboBox(self)
            self.directory.addItem(_("Type the addressee below"), None)
            for entry in choices:
                self.directory.addItem(entry.name.replace("\n", " / "), entry)
            self.name = QLineEdit(self)
            self.address = self._text_box()
            rows += [
                (_("From the di&rectory:"), self.directory),
                (_("Addressee &name:"), self.name),
                (_("Addressee &address:"), self.address),
            ]
        if self.court_step:
            self.defendant = QLineEdit(self)
            self.represented_by = QLineEdit(self)
            self.complaint_reference = QLineEdit(self)
            rows += [
                (_("Def&endant (for a court action):"), self.defendant),
                (_("Represented &by (optional):"), self.represented_by),
                (_("&Complaint reference (optional):"), self.complaint_reference),
            ]
        # The facts this letter states, for the body it goes to (not the request's own text).
        self.facts = self._text_box()
        self.letter_date = date_edit(today, self)
        rows += [(_("&Facts for this letter:"), self.facts), (_("Letter &date:"), self.letter_date)]
        form = QFormLayout()
        for text, widget in rows:
            label = QLabel(text, self)
            label.setBuddy(widget)
            widget.setAccessibleName(text.replace("&", "").rstrip(":："))
            form.addRow(label, widget)
        self.fields = [widget for _text, widget in rows]
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        text_tone(self.error, Tone.ERROR)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Write letter"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if self.directory is not None:
            self.directory.currentIndexChanged.connect(self._picked)
            if choices:
                self.directory.setCurrentIndex(1)
        for before, after in zip(self.fields, self.fields[1:], strict=False):
            QWidget.setTabOrder(before, after)  # top to bottom, then the buttons (created last)
        self.fields[0].setFocus()  # the first field this step uses (the window gives it focus when shown)
        cites = list_separator().join(p.citation_in(current_language()) for p in step.provisions)
        lang = current_language()
        name = step.text_in("name", lang)
        who = (
            _("It goes to the authority that has the request.")
            if not self.needs_addressee
            else _("Addressee: {who}").format(who=step.text_in("addressee", lang))
        )
        self.intro.setText(f"<b>{escape(name)}</b><br>{escape(who)}<br><i>{escape(cites)}</i>")
        self.setWindowTitle(_("Write letter: {step}").format(step=name))
        self.resize(620, self.sizeHint().height())

    def _text_box(self) -> QPlainTextEdit:
        """Four lines high; Tab moves on to the next field instead of typing a tab."""
        box = QPlainTextEdit(self)
        box.setTabChangesFocus(True)
        box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 14)
        return box

    def _picked(self) -> None:
        entry = self.directory.currentData() if self.directory is not None else None
        if entry is None or self.name is None or self.address is None:
            return
        self.name.setText(entry.name)
        self.address.setPlainText(entry.address)

    def addressee(self) -> DraftAuthority | None:
        if self.name is None or self.address is None:
            return None  # the letter goes to the authority that has the request
        return DraftAuthority(name=self.name.text().strip(), address=self.address.toPlainText().strip())

    def court_details(self) -> dict[str, str]:
        """The facts typed for this letter; for court and tribunal letters also the defendant, its
        representative and the complaint reference."""
        facts = {"step_facts": self.facts.toPlainText().strip()}
        if self.defendant is None or self.represented_by is None or self.complaint_reference is None:
            return facts
        return {
            **facts,
            "defendant": self.defendant.text().strip(),
            "defendant_representative": self.represented_by.text().strip(),
            "complaint_reference": self.complaint_reference.text().strip(),
        }

    def chosen_date(self) -> date:
        value = self.letter_date.date()
        return date(value.year(), value.month(), value.day())

    def accept(self) -> None:
        addressee = self.addressee()
        if addressee is not None and not (addressee.name and addressee.address):
            self.refused(_("Give the addressee's name and postal address."))
            return
        self.buttons.setEnabled(False)
        self.submitted.emit(addressee, self.chosen_date())

    def written(self) -> None:
        super().accept()

    def refused(self, text: str) -> None:
        """Show why no letter was written; the dialog keeps what was typed."""
        self.buttons.setEnabled(True)
        self.error.setText(text)
        self.error.show()
