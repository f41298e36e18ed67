"""Wizard steps 1-3: the situation (→ regime), the authority, the rights asked for."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from app.errors import HabeasError
from app.i18n import N_, _, current_language, ngettext
from app.law.trace import tags_in_words
from app.services.directory_data import place_of
from app.ui.advice import SITUATIONS
from app.ui.dates import date_edit
from app.ui.labels import right_label
from app.ui.wizard.base import AuthorityChoice, FormPage, WizardServices
from app.ui.wizard.binder import CheckList, with_mnemonic

Values = Callable[[], dict[str, Any]]


def _plain(parent: Any, lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class SituationPage(FormPage):
    section = "situation"

    def __init__(self, services: WizardServices, values: Values, default_jurisdiction: str = "") -> None:
        super().__init__(services, values)
        self.jurisdiction = QComboBox(self)
        for code, name in services.advisor.jurisdictions():
            self.jurisdiction.addItem(name, code)
        self.jurisdiction.setCurrentIndex(max(0, self.jurisdiction.findData(default_jurisdiction)))
        self.situation = QComboBox(self)
        for key, _label in SITUATIONS:
            self.situation.addItem("", key)
        # The situation proposes a context (criminal file or administrative record, citizen or not...);
        # the user can correct it here, which matters where the situation cannot tell (US: citizenship).
        self.context_choice = QComboBox(self)
        self.letter_date = date_edit(date.today(), self)
        self.add_row("jurisdiction", N_("&Where is the authority?"), self.jurisdiction)
        self.add_row("situation", N_("What &happened?"), self.situation)
        self.add_row("context", N_("Which describes it &best?"), self.context_choice, error=False)
        self.binder.widgets.pop("context")  # the page supplies "context" itself (extra_values)
        self.add_row("date", N_("Letter &date:"), self.letter_date)
        self.why = QLabel(self)
        self.why.setWordWrap(True)
        self.why.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.why.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.why_box = QGroupBox(self)
        why_layout = QVBoxLayout(self.why_box)
        why_layout.addWidget(self.why)
        # The law's own notes (case law, what was verified) are for those who want them: behind a
        # button, with the confidence tags said in words.
        self.more = QPushButton(self.why_box)
        self.more.setCheckable(True)
        self.more.setAutoDefault(False)
        self.more.setFlat(True)
        self.more.setStyleSheet("text-align: left;")
        self.notes = QLabel(self.why_box)
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.hide()
        self.more.toggled.connect(self.notes.setVisible)
        why_layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        why_layout.addWidget(self.notes)
        layout = self.page_layout()
        layout.addLayout(self.grid)
        layout.addWidget(self.why_box)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        self.jurisdiction.currentIndexChanged.connect(self._jurisdiction_changed)
        self.situation.currentIndexChanged.connect(self._situation_changed)
        self.context_choice.currentIndexChanged.connect(self._context_chosen)
        self._user_context = ""  # set when the user picks a context themselves
        self.context = ""
        self.letter_language = ""
        self.retranslate()

    def extra_values(self) -> dict[str, Any]:
        return {"context": self.context, "language": self.letter_language}

    def restore_context(self, context: str) -> None:
        """A resumed draft or a prefilled follow-up keeps the context it was made with."""
        self._fill_contexts()
        self._user_context = context
        self.update_proposal()

    def _jurisdiction_changed(self) -> None:
        self._user_context = ""
        self._fill_contexts()
        self.update_proposal()

    def _situation_changed(self) -> None:
        self._user_context = ""  # a new situation proposes its own context again
        self.update_proposal()

    def _context_chosen(self) -> None:
        chosen = str(self.context_choice.currentData() or "")
        if chosen and chosen != self.context:
            self._user_context = chosen
            self.update_proposal()

    def _fill_contexts(self) -> None:
        code = str(self.jurisdiction.currentData() or "")
        self.context_choice.blockSignals(True)
        self.context_choice.clear()
        if code:
            for cid, label in self.services.advisor.contexts(code):
                self.context_choice.addItem(label, cid)
        self.context_choice.blockSignals(False)

    def update_proposal(self) -> None:
        code = str(self.jurisdiction.currentData() or "")
        situation = str(self.situation.currentData() or "other")
        if not code:
            return
        try:
            proposal = self.services.advisor.propose(code, situation, self._user_context)
            self.letter_language = self.services.advisor.kb.jurisdiction(code).letter_language
        except HabeasError as exc:
            self.context = ""
            self.why.setText(str(exc))
            return
        self.context = proposal.context
        self.context_choice.blockSignals(True)
        self.context_choice.setCurrentIndex(max(0, self.context_choice.findData(proposal.context)))
        self.context_choice.blockSignals(False)
        lang = current_language()
        self.why.setText("\n\n".join(tags_in_words(reason, lang) for reason in proposal.reasons))
        self.why.setAccessibleName(_("Why this law"))
        self.notes.setText(tags_in_words(proposal.notes, lang))
        self.more.setVisible(bool(proposal.notes))

    def retranslate(self) -> None:
        self.setTitle(_("Your situation"))
        self.setSubTitle(_("Tell us where and what happened; Habeas picks the law that applies."))
        self.retranslate_labels()
        for i, (_key, label) in enumerate(SITUATIONS):
            self.situation.setItemText(i, _(label))
        for code, name in self.services.advisor.jurisdictions():  # the data's names, in this language
            self.jurisdiction.setItemText(self.jurisdiction.findData(code), name)
        self._fill_contexts()
        self.why_box.setTitle(_("The law that applies"))
        self.more.setText(_("&More about this law"))
        self.update_proposal()


class AuthorityPage(FormPage):
    """Search the directory (name, place or alias), pick an entry, or type the authority below.

    An empty search lists every entry of the jurisdiction; "Not found? Enter it below" clears the
    choice and puts the cursor in the name field, which stays editable in any case.
    """

    section = "authority"

    def __init__(self, services: WizardServices, values: Values) -> None:
        super().__init__(services, values)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.results = QStandardItemModel(self)
        self.list = QListView(self)
        self.list.setModel(self.results)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.found = QLabel(self)  # how many entries match, or that none does
        self.found.setWordWrap(True)
        self.not_found = QPushButton(self)
        self.not_found.setAutoDefault(False)  # Enter in a field means Next, not this button
        self.caution = QLabel(self)  # the chosen entry's address is from old data
        self.caution.setWordWrap(True)
        self.caution.hide()
        self.name = QLineEdit(self)
        self.address = _plain(self, 3)
        self.postal_code = QLineEdit(self)
        self.add_row("authority.search", N_("&Search the directory:"), self.search, error=False)
        self.binder.widgets.pop("authority.search")  # a search box, not part of the draft
        self.grid.addWidget(self.list, self.grid.rowCount(), 1)
        found_row = QHBoxLayout()
        found_row.addWidget(self.found, 1)
        found_row.addWidget(self.not_found)
        self.grid.addLayout(found_row, self.grid.rowCount(), 1)
        self.grid.addWidget(self.caution, self.grid.rowCount(), 1)
        self.add_row("authority.name", N_("&Name:"), self.name)
        self.add_row("authority.address", N_("&Address:"), self.address)
        self.add_row("authority.postal_code", N_("&Postal code:"), self.postal_code)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout = self.page_layout()
        layout.addLayout(self.grid)
        layout.addWidget(self.hint)
        layout.addWidget(self.general_error)
        layout.addWidget(self.required_note)
        layout.addStretch(1)
        self.search.textChanged.connect(self.refresh)
        self.list.activated.connect(self._chosen)
        self.list.clicked.connect(self._chosen)
        self.not_found.clicked.connect(self._enter_by_hand)
        self.authority_id: int | None = None
        self.retranslate()

    def initializePage(self) -> None:
        self.refresh()

    def extra_values(self) -> dict[str, Any]:
        return {"authority.id": self.authority_id}

    def refresh(self) -> None:
        code = str(self._all_values().get("jurisdiction", ""))
        self.results.clear()
        try:
            entries = self.services.authorities(code, self.search.text())
        except HabeasError as exc:
            self.general_error.setText(str(exc))
            self.general_error.show()
            return
        for entry in entries:
            item = QStandardItem(self._label(entry))
            item.setData(entry, Qt.ItemDataRole.UserRole)
            item.setToolTip(entry.address)
            self.results.appendRow(item)
        self._show_count()

    @staticmethod
    def _label(entry: AuthorityChoice) -> str:
        """One line: the name and where it is ("Bundeskriminalamt — 65173 Wiesbaden")."""
        place = entry.place or place_of(entry.address)
        if not entry.address:
            label = _("{name} (address to be added)").format(name=entry.name)
            return f"{label} — {place}" if place else label
        return f"{entry.name} — {place}" if place else entry.name

    def _show_count(self) -> None:
        count, search = self.results.rowCount(), self.search.text().strip()
        if count:
            self.found.setText(
                ngettext("{n} authority found.", "{n} authorities found.", count).format(n=count)
            )
        elif search:
            self.found.setText(_("Nothing found for “{search}”.").format(search=search))
        else:
            self.found.setText(_("The directory has no entries for this jurisdiction yet."))

    def _chosen(self, index: QModelIndex) -> None:
        entry = index.data(Qt.ItemDataRole.UserRole)
        if not isinstance(entry, AuthorityChoice):
            return
        self.authority_id = entry.authority_id
        self.name.setText(entry.name)
        self.address.setPlainText(entry.address)
        self.postal_code.clear()
        self.caution.setVisible(bool(entry.address) and not entry.verified)
        if not entry.address:
            self.address.setFocus()  # the one thing left to type

    def _enter_by_hand(self) -> None:
        """Not in the directory: a new entry, typed below (stored in the user's directory)."""
        self.list.clearSelection()
        self.authority_id = None
        self.name.clear()
        self.address.clear()
        self.postal_code.clear()
        self.caution.hide()
        self.name.setFocus()

    def retranslate(self) -> None:
        self.setTitle(_("The authority"))
        self.setSubTitle(_("Pick the authority that holds your data, or type its name and address."))
        self.retranslate_labels()
        self.list.setAccessibleName(_("Authorities found"))
        self.search.setPlaceholderText(_("Name, town or abbreviation"))
        self.not_found.setText(_("N&ot found? Enter it below"))
        self.caution.setText(
            _("This address comes from old data: check it on the authority's website before sending.")
        )
        self.hint.setText(
            _(
                "Not in the list? Type the name and postal address from the authority's "
                "letterhead or website; it is added to your directory."
            )
        )
        if self.isVisible() or self.results.rowCount():
            self._show_count()


DELETION_GROUND_HINT = N_("Why should the data be deleted?")
RESTRICTION_TEXT = N_("Where the law bars deletion, ask for restriction instead")


class RightsPage(FormPage):
    section = "rights"

    def __init__(self, services: WizardServices, values: Values) -> None:
        super().__init__(services, values)
        self.rights = CheckList(self)
        self.add_row("rights", N_("What do you ask for?"), self.rights)
        self.correction_box = QGroupBox(self)
        self.deletion_box = QGroupBox(self)
        self.wrong, self.correct, self.evidence = _plain(self), _plain(self), _plain(self, 2)
        self.grounds = CheckList(self)
        self.explanation = _plain(self)
        self.restriction = QCheckBox(self)
        self.restriction.setChecked(True)
        self._grounds_for: tuple[str, str, str] | None = None  # (jurisdiction, context, regime) shown
        layout = self.page_layout()
        layout.addLayout(self.grid)
        for box, rows in (
            (
                self.correction_box,
                (
                    ("correction.wrong", N_("What is &wrong?"), self.wrong),
                    ("correction.correct", N_("What is &right?"), self.correct),
                    ("correction.evidence", N_("&Evidence:"), self.evidence),
                ),
            ),
            (
                self.deletion_box,
                (
                    ("deletion.grounds", DELETION_GROUND_HINT, self.grounds),
                    ("deletion.explanation", N_("&Explain:"), self.explanation),
                    ("deletion.restriction_fallback", N_("Fallback:"), self.restriction),
                ),
            ),
        ):
            grid = QGridLayout(box)
            grid.setColumnStretch(1, 1)
            for key, msgid, widget in rows:
                self.add_row(key, msgid, widget, grid=grid)
            layout.addWidget(box)
        layout.addWidget(self.general_error)
        layout.addWidget(self.required_note)
        layout.addStretch(1)
        self.rights.changed.connect(self._show_groups)
        self.retranslate()

    def initializePage(self) -> None:
        """The rights and deletion grounds of the law that applies (the situation page chose it).

        Grounds are the regime's own (``[[ground]]`` in the law data), listed in the UI language;
        a ground checked under another law is dropped, so the letter never meets one it lacks.
        """
        values = self._all_values()
        code, context = str(values.get("jurisdiction", "")), str(values.get("context", ""))
        regime = str(values.get("regime", ""))
        try:
            available = self.services.advisor.rights(code, context) if code and context else []
            grounds = self.services.deletion_grounds(code, context, regime) if code else []
        except HabeasError as exc:
            self.general_error.setText(str(exc))
            self.general_error.show()
            return
        self._grounds_for = (code, context, regime)
        used = self.used_mnemonics()
        self.rights.set_items([(r, right_label(r)) for r in available], used)
        self.grounds.set_items(grounds, used)
        self.restriction.setText(with_mnemonic(_(RESTRICTION_TEXT), set(used)))
        self._show_groups()

    def _show_groups(self) -> None:
        chosen = set(self.rights.value())
        self.correction_box.setVisible("correction" in chosen)
        self.deletion_box.setVisible("deletion" in chosen)

    def retranslate(self) -> None:
        self.setTitle(_("Your rights"))
        self.setSubTitle(_("Choose one or more. Each right gets its own letter."))
        self.retranslate_labels()
        self.correction_box.setTitle(_("Correction"))
        self.deletion_box.setTitle(_("Deletion"))
        used = self.used_mnemonics()
        self.rights.set_texts({key: right_label(key) for key in self.rights.boxes}, used)
        if self._grounds_for is not None:
            code, context, regime = self._grounds_for
            with contextlib.suppress(HabeasError):  # the list stays; initializePage reports it
                self.grounds.set_texts(dict(self.services.deletion_grounds(code, context, regime)), used)
        self.restriction.setText(with_mnemonic(_(RESTRICTION_TEXT), used))
