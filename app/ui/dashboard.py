"""The start page: overdue requests, those due within 7 days, and the ones further ahead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QTableView, QVBoxLayout, QWidget

from app.i18n import N_, _, format_date
from app.ui.caselist_model import SOON_DAYS, CaseRow, status_label
from app.ui.table_model import RECORD_ROLE, Column, RecordTableModel, table_view_defaults

BUCKETS: tuple[tuple[str, str], ...] = (
    ("overdue", N_("Overdue")),
    ("soon", N_("Due within 7 days")),
    ("later", N_("Upcoming")),
)


def bucket_of(due: date, today: date) -> str:
    if due < today:
        return "overdue"
    return "soon" if due <= today + timedelta(days=SOON_DAYS) else "later"


class DashboardPage(QWidget):
    """Signals:
    open_case(int): a deadline row was activated.
    """

    open_case = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = date.today()
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.heading.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        self.models: dict[str, RecordTableModel[CaseRow]] = {}
        self.boxes: dict[str, QGroupBox] = {}
        self.views: dict[str, QTableView] = {}
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        for key, _label in BUCKETS:
            model: RecordTableModel[CaseRow] = RecordTableModel(
                [
                    Column(N_("Due"), lambda r: format_date(r.next_due, "medium") if r.next_due else ""),
                    Column(N_("Days"), self._days),
                    Column(N_("Case"), lambda r: r.title),
                    Column(N_("Client"), lambda r: r.client),
                    Column(N_("Authority"), lambda r: r.authority),
                    Column(N_("Status"), lambda r: status_label(r.status)),
                ],
                self,
            )
            view = QTableView(self)
            view.setModel(model)
            table_view_defaults(view)
            view.activated.connect(self._activated)
            box = QGroupBox(self)
            QVBoxLayout(box).addWidget(view)
            layout.addWidget(box, 1)
            self.models[key], self.views[key], self.boxes[key] = model, view, box
        layout.addWidget(self.empty)
        self.retranslate()

    def _days(self, row: CaseRow) -> str:
        if row.next_due is None:
            return ""
        days = (row.next_due - self.today).days
        return _("{n} days late").format(n=-days) if days < 0 else _("in {n} days").format(n=days)

    def set_rows(self, rows: Sequence[CaseRow], today: date) -> None:
        self.today = today
        dated = sorted((r for r in rows if r.next_due is not None), key=lambda r: r.next_due or date.max)
        for key, model in self.models.items():
            model.set_records([r for r in dated if r.next_due and bucket_of(r.next_due, today) == key])
        self.retranslate()

    def _activated(self, index: QModelIndex) -> None:
        row = index.data(RECORD_ROLE)
        if isinstance(row, CaseRow):
            self.open_case.emit(row.case_id)

    def retranslate(self) -> None:
        self.heading.setText(_("Deadlines"))
        total = 0
        for key, label in BUCKETS:
            count = self.models[key].rowCount()
            total += count
            self.boxes[key].setTitle(f"{_(label)} ({count})")
            self.views[key].setAccessibleName(_(label))
            self.models[key].retranslate()
        self.empty.setText(
            _("No open deadlines. When you record that a letter was sent, its reply deadline appears here.")
            if total == 0
            else ""
        )
        self.empty.setVisible(total == 0)
