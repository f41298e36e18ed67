"""The authority directory editor: the list of addressees, and a form to add or correct one."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.cases.records import AUTHORITY_KINDS, Authority
from app.i18n import N_, _
from app.law import Jurisdiction
from app.ui.settings_dialog import jurisdiction_name
from app.ui.table_model import Column, RecordTableModel, table_view_defaults

KIND_LABELS = {
    "police": N_("Police"),
    "data_protection": N_("Data-protection authority"),
    "ministry": N_("Ministry"),
    "court": N_("Court"),
    "reviewing_body": N_("Reviewing body"),
    "other": N_("Other"),
}


class AuthoritiesPage(QWidget):
    """Signals:
    save(object): an Authority record to add (id None) or update.
    """

    save = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model: RecordTableModel[Authority] = RecordTableModel(
            [
                Column(N_("Name"), lambda a: a.name),
                Column(N_("Jurisdiction"), lambda a: a.jurisdiction),
                Column(N_("Kind"), lambda a: _(KIND_LABELS.get(a.kind, a.kind))),
                Column(N_("Address"), lambda a: a.address.replace("\n", ", ") or _("(address to be added)")),
            ],
            self,
        )
        self.table = QTableView(self)
        self.table.setModel(self.model)
        table_view_defaults(self.table)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.name = QLineEdit(self)
        self.jurisdiction = QComboBox(self)  # filled by set_jurisdictions once the law data are loaded
        self._jurisdictions: dict[str, Jurisdiction] = {}
        self.kind = QComboBox(self)
        for kind in AUTHORITY_KINDS:
            self.kind.addItem("", kind)
        self.address = QPlainTextEdit(self)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 14)
        self.email = QLineEdit(self)
        self.website = QLineEdit(self)
        self.form = QFormLayout()
        self._rows: list[tuple[QLabel, QWidget]] = []
        for widget in (self.name, self.jurisdiction, self.kind, self.address, self.email, self.website):
            label = QLabel(self)
            label.setBuddy(widget)
            self.form.addRow(label, widget)
            self._rows.append((label, widget))
        self.new_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.new_button.clicked.connect(self.clear_form)
        self.save_button.clicked.connect(self._save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        self.heading = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        self._editing: Authority | None = None
        self.retranslate()

    def set_authorities(self, authorities: list[Authority]) -> None:
        self.model.set_records(authorities)

    def _selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        rows = selected.indexes()
        if not rows:
            return
        a = self.model.record(rows[0].row())
        self._editing = a
        self.name.setText(a.name)
        self.jurisdiction.setCurrentIndex(max(0, self.jurisdiction.findData(a.jurisdiction)))
        self.kind.setCurrentIndex(max(0, self.kind.findData(a.kind)))
        self.address.setPlainText(a.address)
        self.email.setText(a.email)
        self.website.setText(a.website)

    def clear_form(self) -> None:
        self._editing = None
        self.table.clearSelection()
        for edit in (self.name, self.email, self.website):
            edit.clear()
        self.address.clear()
        self.name.setFocus()

    def _save(self) -> None:
        record = Authority(
            name=self.name.text().strip(),
            jurisdiction=str(self.jurisdiction.currentData() or ""),
            kind=str(self.kind.currentData()),
            address=self.address.toPlainText().strip(),
            email=self.email.text().strip(),
            website=self.website.text().strip(),
            notes=self._editing.notes if self._editing else "",
            id=self._editing.id if self._editing else None,
        )
        self.save.emit(record)

    def set_jurisdictions(self, jurisdictions: Mapping[str, Jurisdiction]) -> None:
        """The jurisdictions of the loaded law data, offered in the form."""
        current = self.jurisdiction.currentData()
        self._jurisdictions = dict(jurisdictions)
        self.jurisdiction.clear()
        for code in sorted(self._jurisdictions):
            self.jurisdiction.addItem(jurisdiction_name(self._jurisdictions[code]), code)
        self.jurisdiction.setCurrentIndex(max(0, self.jurisdiction.findData(current)))

    def retranslate(self) -> None:
        self.heading.setText(_("Authority directory"))
        labels = (
            _("&Name:"),
            _("&Jurisdiction:"),
            _("&Kind:"),
            _("&Address:"),
            _("&E-mail:"),
            _("&Website:"),
        )
        for (label, field), text in zip(self._rows, labels, strict=True):
            label.setText(text)
            field.setAccessibleName(text.replace("&", "").rstrip(":"))
        for i in range(self.jurisdiction.count()):
            self.jurisdiction.setItemText(
                i, jurisdiction_name(self._jurisdictions[str(self.jurisdiction.itemData(i))])
            )
        for i in range(self.kind.count()):
            self.kind.setItemText(i, _(KIND_LABELS.get(str(self.kind.itemData(i)), "")))
        self.new_button.setText(_("&New"))
        self.save_button.setText(_("&Save"))
        self.table.setAccessibleName(_("Authorities"))
        self.model.retranslate()
