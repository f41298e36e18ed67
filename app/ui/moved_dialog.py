"""The deadlines that moved when the law data, a holiday schedule or Habeas changed.

Like a court calendar after a rule change: each open deadline whose date changed, old → new, the
ones that became certain (a provisional holiday schedule confirmed) and why, newest first. Enter
or a double click opens the case.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from app.i18n import N_, _, format_date
from app.services.kept import MovedDeadline
from app.ui.table_model import RECORD_ROLE, Column, RecordTableModel, table_view_defaults


def _day(value: object) -> str:
    return format_date(value, "medium") if value is not None else "–"  # type: ignore[arg-type]


def _now(item: MovedDeadline) -> str:
    change = item.change
    if change.new_due is None:
        return _("no longer applies")
    text = _day(change.new_due)
    if item.now_certain:
        return _("{date} (now certain)").format(date=text)
    if change.new_provisional:
        return _("{date} (provisional)").format(date=text)
    return text


class MovedDialog(QDialog):
    """Signals:
    open_case(int): a row was activated; the dialog stays open.
    """

    open_case = Signal(int)

    def __init__(self, items: Sequence[MovedDeadline], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Deadlines that moved"))
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setText(
            _(
                "These deadlines were computed again because the law data, a holiday schedule or "
                "Habeas changed, and their date changed. Check each case: a letter or a reminder "
                "may now be due on another day."
            )
            if items
            else _("No deadline has moved.")
        )
        self.model: RecordTableModel[MovedDeadline] = RecordTableModel(
            [
                Column(N_("Case"), lambda i: i.case_title),
                Column(N_("Deadline"), lambda i: i.title or i.change.key),
                Column(N_("Was"), lambda i: _day(i.change.old_due)),
                Column(N_("Now"), _now),
                Column(N_("Why"), lambda i: i.change.reason),
                Column(N_("Recorded"), lambda i: format_date(i.change.changed.date(), "medium")),
            ],
            self,
        )
        self.model.set_records(list(items))
        self.table = QTableView(self)
        self.table.setModel(self.model)
        table_view_defaults(self.table)
        self.table.setAccessibleName(_("Deadlines that moved"))
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column in (0, 1, 4)
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.table.activated.connect(self._activated)
        self.table.setVisible(bool(items))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 420)

    def _activated(self, index: QModelIndex) -> None:
        item = index.data(RECORD_ROLE)
        if isinstance(item, MovedDeadline):
            self.open_case.emit(item.case_id)
