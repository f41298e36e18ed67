"""Wizard steps 4-6: the requester (and representative), details and enclosures, the review."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import HabeasError, Problem
from app.i18n import N_, _, current_language, format_date, ngettext
from app.law import Jurisdiction, LetterOption
from app.letters.next_steps import RouteGuide, route_guide
from app.ui.advice import confidence_label
from app.ui.labels import right_label
from app.ui.wizard.base import FormPage, WizardServices
from app.ui.wizard.binder import CheckList
from app.ui.wizard.form import STANDARD_ENCLOSURES, form_to_drafts, section_problems
from app.ui.wizard.pages_start import _plain

Values = Callable[[], dict[str, Any]]


class YouPage(FormPage):
    section = "requester"

    def __init__(self, services: WizardServices, values: Values) -> None:
        super().__init__(services, values)
        self.name = QLineEdit(self)
        self.id_type = QComboBox(self)  # the documents of the request's jurisdiction: initializePage
        self.id_type.addItem("", "")
        self.id_number = QLineEdit(self)
        self.birth_date = QLineEdit(self)
        self.birth_date.setPlaceholderText("YYYY-MM-DD")
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
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid)
        layout.addWidget(self.rep_box)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
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
        self.id_type.setItemText(0, _("None given"))
        lang = current_language()
        documents = getattr(self, "_documents", {})
        for i in range(1, self.id_type.count()):
            document = documents.get(str(self.id_type.itemData(i)))
            self.id_type.setItemText(i, document.text_in("label", lang) if document else "")
        self.rep_box.setTitle(_("A representative (e.g. a legal clinic) acts for me"))
        self.power_of_attorney.setText(_("A signed power of attorney is enclosed"))


class DetailsPage(FormPage):
    section = "details"

    def __init__(self, services: WizardServices, values: Values) -> None:
        super().__init__(services, values)
        self.details = _plain(self, 5)
        self.case_numbers = _plain(self, 2)
        self.reference = QLineEdit(self)
        self.standard = CheckList(self)
        self.standard.set_items([(k, "") for k in STANDARD_ENCLOSURES])
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
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid)
        layout.addWidget(self.options_box)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        self.retranslate()

    def initializePage(self) -> None:
        """The English courtesy copy only where the law data offer one (letters not in English), and
        the letter options of the jurisdiction that apply to the rights chosen."""
        values = self._all_values()
        kb = self.services.advisor.kb
        jurisdiction = kb.jurisdictions.get(str(values.get("jurisdiction", "")))
        offered = jurisdiction is not None and "en" in jurisdiction.courtesy_copy_languages
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
        self.options_box.setTitle(_("Options for the letter"))
        for row, (option, widget) in enumerate(self._options):
            label = self.options_form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            text = option.text_in("label", lang)
            tip = option.text_in("help", lang)
            if isinstance(widget, QCheckBox):
                widget.setText(text)
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
        for key, box in self.standard.boxes.items():
            box.setText(_(STANDARD_ENCLOSURES[key]))
        self.courtesy.setText(_("Add an English courtesy copy of each letter"))
        self._retranslate_options()


class ReviewPage(FormPage):
    section = ""

    def __init__(self, services: WizardServices, values: Values) -> None:
        super().__init__(services, values)
        self.summary = QTextBrowser(self)
        self.summary.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.general_error)
        self.setFinalPage(True)
        self.retranslate()

    def initializePage(self) -> None:
        self.summary.setHtml(review_html(self._all_values(), self.services))

    def problems(self) -> list[Problem]:
        drafts, problems = form_to_drafts(self._all_values())
        for draft in drafts:
            problems += draft.problems(self.services.advisor.kb)
        return problems

    def retranslate(self) -> None:
        self.setTitle(_("Review"))
        self.setSubTitle(
            _("Check what will be asked. “Generate letters” stores the case and shows the letters.")
        )
        self.summary.setAccessibleName(_("Summary of the request"))
        if self.wizard() is not None and self.wizard().currentPage() is self:
            self.initializePage()


def review_html(values: dict[str, Any], services: WizardServices) -> str:
    """The plain-language summary: per right, what is asked, what is cited, when a reply is due, and
    what the user must know before sending (``guide_html``)."""
    drafts, _problems = form_to_drafts(values)
    code, context = str(values.get("jurisdiction", "")), str(values.get("context", ""))
    to_line = _("To: {name}").format(name=values.get("authority.name", ""))
    count_line = ngettext(
        "{n} letter will be generated.",
        "{n} letters will be generated, one for each right.",
        len(drafts),
    ).format(n=len(drafts))
    parts = [f"<h3>{escape(to_line)}</h3>", f"<p>{escape(count_line)}</p>"]
    for draft in drafts:
        if not draft.right or draft.date is None:
            continue
        parts.append(f"<h4>{escape(right_label(draft.right))}</h4>")
        try:
            plan = services.advisor.plan(code, context, draft.right, draft.date)
        except HabeasError as exc:
            parts.append(f"<p>{escape(str(exc))}</p>")
            continue
        parts.append("<p><b>" + escape(_("Provisions cited:")) + "</b></p><ul>")
        lang = _lang()
        for p in (*plan.provisions, *plan.fallback):
            parts.append(
                f"<li>{escape(p.citation_original)} — {escape(p.citation_en)}: "
                f"{escape(p.text_in('paraphrase', lang))} <i>[{escape(str(p.confidence))}: "
                f"{escape(confidence_label(str(p.confidence)))}]</i></li>"
            )
        parts.append("</ul>")
        if plan.reply is not None:
            due = format_date(plan.reply.due)
            lead = (
                _("Expected reply by {date}.")
                if plan.reply.statutory
                else _("The law sets no number of days; Habeas uses {date} as a reference date.")
            )
            parts.append(f"<p><b>{escape(lead.format(date=due))}</b></p><ul>")
            parts += [f"<li>{escape(line)}</li>" for line in plan.reply.explain(_lang())]
            parts.append("</ul>")
            if plan.reply.provisional:
                parts.append("<p>" + escape(plan.reply.provisional_reason) + "</p>")
        elif plan.reply_error:
            parts.append(f"<p>{escape(plan.reply_error)}</p>")
        parts += guide_html(route_guide(services.advisor.kb, plan.route, lang, draft.date))
    return "".join(parts)


WARNING_STYLE = "color:#8a3a00"


def guide_html(guide: RouteGuide) -> list[str]:
    """What the user must know before sending: the law's requirements, the route's notes, the facts
    not yet verified, and every next step with when it opens and its warnings (never in the letter)."""
    parts: list[str] = []

    def items(title: str, lines: Iterable[str], style: str = "") -> None:
        shown = [line for line in lines if line]
        if shown:
            attribute = f" style='{style}'" if style else ""
            parts.append(f"<p><b>{escape(title)}</b></p><ul>")
            parts.extend(f"<li{attribute}>{escape(line)}</li>" for line in shown)
            parts.append("</ul>")

    items(_("What the law asks of the request:"), guide.requirements)
    items(_("Good to know:"), (guide.notes,))
    items(_("Not yet verified — check before relying on it:"), guide.unverified, WARNING_STYLE)
    if guide.steps:
        heading = _("If the answer is a refusal, incomplete or late:")
        parts.append(f"<p><b>{escape(heading)}</b></p><ul>")
        for step in guide.steps:
            text = f"<b>{escape(step.name)}</b>"
            text += "".join(f"<br>{escape(line)}" for line in (step.when, step.window, step.notes) if line)
            text += "".join(f"<br><span style='{WARNING_STYLE}'>⚠ {escape(w)}</span>" for w in step.warnings)
            parts.append(f"<li>{text}</li>")
        parts.append("</ul>")
    return parts


def _lang() -> str:
    from app.i18n import current_language

    return current_language()
