"""Wizard steps 4-6: the requester (and representative), details and enclosures, the review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import HabeasError, Problem
from app.i18n import N_, _, current_language
from app.law import Enclosure, IdentityDocument, Jurisdiction, LetterOption
from app.ui.wizard.base import FormPage, WizardServices
from app.ui.wizard.binder import CheckList, mnemonic_of, with_mnemonic
from app.ui.wizard.form import enclosures_offered, form_to_drafts, section_problems
from app.ui.wizard.pages_start import _plain
from app.ui.wizard.review import counting_html, summary_html

Values = Callable[[], dict[str, Any]]


class YouPage(FormPage):
    section = "requester"

    def __init__(self, services: WizardServices, values: Values) -> None:
        super().__init__(services, values)
        self.name = QLineEdit(self)
        self.id_type = QComboBox(self)  # the documents of the request's jurisdiction: initializePage
        self.id_type.addItem("", "")
        self.id_number = QLineEdit(self)
        # Optional, so a line edit rather than app.ui.dates.date_edit: a QDateEdit always holds a
        # date and "not given" would need a sentinel. Typed as ISO (what form.py reads and the store
        # keeps); the hint is the language's own form of it (glossary: JJJJ-MM-TT, 年-月-日).
        self.birth_date = QLineEdit(self)
        self.birth_place = QLineEdit(self)
        self.address = _plain(self, 3)
        self.postal_code = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.email = QLineEdit(self)
        for key, msgid, widget in (
            ("requester.name", N_("Full &name:"), self.name),
            ("requester.id_type", N_("Identity &document:"), self.id_type),
            ("requester.id_number", N_("Document n&umber:"), self.id_number),
            ("requester.birth_date", N_("Date of &birth:"), self.birth_date),
            ("requester.birth_place", N_("Place of b&irth:"), self.birth_place),
            ("requester.address", N_("Postal &address:"), self.address),
            ("requester.postal_code", N_("P&ostal code:"), self.postal_code),
            ("requester.phone", N_("&Telephone:"), self.phone),
            ("requester.email", N_("&E-mail:"), self.email),
        ):
            self.add_row(key, msgid, widget)
        self.rep_box = QGroupBox(self)
        self.rep_box.setCheckable(True)
        self.rep_box.setChecked(False)
        self.binder.bind("representative.enabled", self.rep_box)
        rep_grid = QGridLayout(self.rep_box)
        rep_grid.setColumnStretch(1, 1)
        self.rep_name, self.rep_org = QLineEdit(self), QLineEdit(self)
        self.rep_address = _plain(self, 2)
        self.power_of_attorney = QCheckBox(self)
        rep_rows: tuple[tuple[str, str, QWidget], ...] = (
            ("representative.name", N_("Name:"), self.rep_name),
            ("representative.organisation", N_("Organisation:"), self.rep_org),
            ("representative.address", N_("Address:"), self.rep_address),
            ("representative.power_of_attorney", N_("Power of attorney:"), self.power_of_attorney),
        )
        for key, msgid, rep_widget in rep_rows:
            self.add_row(key, msgid, rep_widget, grid=rep_grid)
        layout = self.page_layout()
        layout.addLayout(self.grid)
        layout.addWidget(self.rep_box)
        layout.addWidget(self.general_error)
        layout.addWidget(self.required_note)
        layout.addStretch(1)
        self._documents: dict[str, IdentityDocument] = {}
        self.retranslate()

    def initializePage(self) -> None:
        """Offer the identity documents the law data list for the chosen jurisdiction."""
        jurisdiction = self.services.advisor.kb.jurisdictions.get(
            str(self._all_values().get("jurisdiction", ""))
        )
        documents = jurisdiction.identity_documents if jurisdiction is not None else ()
        current = self.id_type.currentData()
        self.id_type.blockSignals(True)
        while self.id_type.count() > 1:
            self.id_type.removeItem(1)
        for document in documents:
            self.id_type.addItem("", document.id)
        # Only this jurisdiction's documents; where the law data name the usual one (CN: the
        # resident identity card), it is proposed, otherwise "None given".
        default = jurisdiction.default_identity_document if jurisdiction is not None else None
        if not current and default is not None and not self.id_number.text().strip():
            current = default.id
        self.id_type.setCurrentIndex(max(0, self.id_type.findData(current)))
        self.id_type.blockSignals(False)
        self._documents = {d.id: d for d in documents}
        self.retranslate()

    def problems(self) -> list[Problem]:
        values = self._all_values()
        kb = self.services.advisor.kb
        return section_problems(values, "requester", kb) + section_problems(values, "representative", kb)

    def retranslate(self) -> None:
        self.setTitle(_("About you"))
        self.setSubTitle(_("The authority needs to know who you are to find your data."))
        self.retranslate_labels()
        self.birth_date.setPlaceholderText(_("YYYY-MM-DD"))
        self.id_type.setItemText(0, _("None given"))
        lang = current_language()
        documents = self._documents
        for i in range(1, self.id_type.count()):
            document = documents.get(str(self.id_type.itemData(i)))
            self.id_type.setItemText(i, document.text_in("label", lang) if document else "")
        used = self.used_mnemonics()
        self.rep_box.setTitle(with_mnemonic(_("A representative (e.g. a legal clinic) acts for me"), used))
        self.power_of_attorney.setText(with_mnemonic(_("A signed power of attorney is enclosed"), used))


class DetailsPage(FormPage):
    section = "details"

    def __init__(self, services: WizardServices, values: Values) -> None:
        super().__init__(services, values)
        self.details = _plain(self, 5)
        self.case_numbers = _plain(self, 2)
        self.reference = QLineEdit(self)
        self.standard = CheckList(self)  # the enclosures that fit the rights chosen: initializePage
        self._enclosures: dict[str, Enclosure] = {}
        self.other = _plain(self, 2)
        self.courtesy = QCheckBox(self)
        for key, msgid, widget in (
            ("details", N_("&Which data, which incidents?"), self.details),
            ("case_numbers", N_("&Case numbers (one a line):"), self.case_numbers),
            ("reference", N_("Your &reference:"), self.reference),
            ("enclosures.standard", N_("Enclosures:"), self.standard),
            ("enclosures", N_("&Other enclosures (one a line):"), self.other),
            ("courtesy_copy_en", N_("Copy:"), self.courtesy),
        ):
            label = self.add_row(key, msgid, widget)
        self.courtesy_label = label
        # The jurisdiction's letter options (a fee waiver, printing the ID number...), from the law data.
        self.options_box = QGroupBox(self)
        self.options_form = QFormLayout(self.options_box)
        self._options: list[tuple[LetterOption, QWidget]] = []
        layout = self.page_layout()
        layout.addLayout(self.grid)
        layout.addWidget(self.options_box)
        layout.addWidget(self.general_error)
        layout.addWidget(self.required_note)
        layout.addStretch(1)
        self.retranslate()

    def initializePage(self) -> None:
        """The enclosures the law data offer for the rights chosen, the English courtesy copy only
        where the law data offer one and the letter is not in English, and the letter options of
        the jurisdiction that apply to the rights chosen."""
        values = self._all_values()
        kb = self.services.advisor.kb
        self._enclosures = {e.id: e for e in enclosures_offered(values, kb)}
        lang = current_language()
        self.standard.set_items(
            [(e.id, e.text_in("text", lang)) for e in self._enclosures.values()], self.used_mnemonics()
        )
        jurisdiction = kb.jurisdictions.get(str(values.get("jurisdiction", "")))
        letter_language = str(values.get("language", "")) or (
            jurisdiction.letter_language if jurisdiction is not None else ""
        )
        offered = (
            jurisdiction is not None
            and "en" in jurisdiction.courtesy_copy_languages
            and letter_language != "en"
        )
        if not offered:
            self.courtesy.setChecked(False)
        self.courtesy.setVisible(offered)
        self.courtesy_label.setVisible(offered)
        self._build_options(values, jurisdiction)

    def _build_options(self, values: dict[str, Any], jurisdiction: Jurisdiction | None) -> None:
        kept = {key: value for key, value in self.binder.values().items() if key.startswith("options.")}
        for option, _widget in self._options:
            self.binder.widgets.pop(f"options.{option.id}", None)
        while self.options_form.rowCount():
            self.options_form.removeRow(0)
        self._options = []
        self.options_box.setVisible(False)
        if jurisdiction is None:
            return
        rights = [str(r) for r in values.get("rights", []) or []]
        context = str(values.get("context", "")) or next(iter(jurisdiction.contexts))
        for option in jurisdiction.letter_options:
            regimes = set()
            for right in rights:
                try:
                    regimes.add(self.services.advisor.kb.route_for(jurisdiction.code, context, right).regime)
                except HabeasError:
                    continue
            if not any(option.applies(regime, right) for regime in regimes for right in rights):
                continue
            widget: QWidget
            key = f"options.{option.id}"
            if option.type == "flag":
                box = QCheckBox(self.options_box)
                box.setChecked(bool(kept.get(key, values.get(key, option.default))))
                widget = box
            else:
                edit = QLineEdit(self.options_box)
                edit.setText(str(kept.get(key, values.get(key, "")) or ""))
                widget = edit
            self.binder.bind(key, widget)
            self._options.append((option, widget))
            self.options_form.addRow(QLabel(self.options_box), widget)
        self.options_box.setVisible(bool(self._options))
        self._retranslate_options()

    def _retranslate_options(self) -> None:
        lang = current_language()
        used = self.used_mnemonics() | {mnemonic_of(box.text()) for box in self.standard.boxes.values()}
        used.add(mnemonic_of(self.courtesy.text()))
        self.options_box.setTitle(_("Options for the letter"))
        for row, (option, widget) in enumerate(self._options):
            label = self.options_form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            text = option.text_in("label", lang)
            tip = option.text_in("help", lang)
            if isinstance(widget, QCheckBox):
                widget.setText(with_mnemonic(text, used))
            elif label is not None and isinstance(label.widget(), QLabel):
                label_widget = label.widget()
                assert isinstance(label_widget, QLabel)
                label_widget.setText(text)
                label_widget.setBuddy(widget)
            widget.setToolTip(tip)
            widget.setAccessibleName(text)
            widget.setAccessibleDescription(tip)

    def retranslate(self) -> None:
        self.setTitle(_("Details and enclosures"))
        self.setSubTitle(_("Dates, places and case numbers help the authority find the records."))
        self.retranslate_labels()
        used = self.used_mnemonics()
        lang = current_language()
        self.standard.set_texts({key: e.text_in("text", lang) for key, e in self._enclosures.items()}, used)
        self.courtesy.setText(with_mnemonic(_("Add an English courtesy copy of each letter"), used))
        self._retranslate_options()


class ReviewPage(FormPage):
    """The request in plain words; the arithmetic behind "How was this counted?"."""

    section = ""

    def __init__(self, services: WizardServices, values: Values) -> None:
        super().__init__(services, values)
        self.summary = QTextBrowser(self)
        self.summary.setOpenLinks(False)
        self.counted_button = QPushButton(self)
        self.counted_button.setCheckable(True)
        self.counted_button.setAutoDefault(False)
        self.counting = QTextBrowser(self)
        self.counting.setOpenLinks(False)
        self.counting.hide()
        self.counted_button.toggled.connect(self._show_counting)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 3)
        layout.addWidget(self.counted_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.counting, 2)
        layout.addWidget(self.general_error)
        self.setFinalPage(True)
        self.retranslate()

    def initializePage(self) -> None:
        values = self._all_values()
        self.summary.setHtml(summary_html(values, self.services))
        self.counting.setHtml(counting_html(values, self.services))

    def _show_counting(self, shown: bool) -> None:
        self.counting.setVisible(shown)
        self.counted_button.setText(_("Hide the counting") if shown else _("How was this &counted?"))

    def problems(self) -> list[Problem]:
        drafts, problems = form_to_drafts(self._all_values(), self.services.advisor.kb)
        for draft in drafts:
            problems += draft.problems(self.services.advisor.kb)
        unique: list[Problem] = []
        for problem in problems:  # one form makes several drafts: each problem once
            if problem not in unique:
                unique.append(problem)
        return unique

    def retranslate(self) -> None:
        self.setTitle(_("Review"))
        self.setSubTitle(
            _("Check what will be asked. “Generate letters” stores the case and shows the letters.")
        )
        self.summary.setAccessibleName(_("Summary of the request"))
        self.counting.setAccessibleName(_("How was this counted?").replace("&", ""))
        self._show_counting(self.counted_button.isChecked())
        if self.wizard() is not None and self.wizard().currentPage() is self:
            self.initializePage()
