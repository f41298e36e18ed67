"""The start page: one row per open deadline — the authorities' reply periods and the escalation
windows — overdue first, then those due within 7 days, then the ones further ahead."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, format_date, ngettext
from app.ui.colours import Tone, text_tone
from app.ui.labels import days_text, in_brackets
from app.ui.table_model import RECORD_ROLE, Column, RecordTableModel, fit_to_rows, table_view_defaults

if TYPE_CHECKING:
    from app.ui.views import DeadlineItem

SOON_DAYS = 7
BUCKETS: tuple[tuple[str, str], ...] = (
    ("overdue", N_("Overdue")),
    ("soon", N_("Due within 7 days")),
    ("later", N_("Upcoming")),
)
# Columns that carry the description stretch; dates and day counts take what they need.
STRETCH_COLUMNS = (2, 3, 4)


def bucket_of(item: DeadlineItem, today: date) -> str:
    deadline = item.deadline
    if deadline.is_overdue(today):
        return "overdue"
    return "soon" if deadline.due <= today + timedelta(days=SOON_DAYS) else "later"


def sort_items(items: Sequence[DeadlineItem], today: date) -> list[DeadlineItem]:
    """Overdue first (longest overdue first), then by date — as ``habeas deadlines`` lists them."""
    return sorted(
        items,
        key=lambda i: (
            not i.deadline.is_overdue(today),
            i.deadline.due,
            i.deadline.request_id,
            i.deadline.key,
        ),
    )


class DashboardPage(QWidget):
    """Signals:
    open_case(int): a deadline row was activated (Enter or double click).
    show_moved(): the user asked to see the deadlines that moved (law data or calendars changed).
    """

    open_case = Signal(int)
    show_moved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = date.today()
        self.items: list[DeadlineItem] = []
        self.failed: list[tuple[int, str]] = []
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.heading.setFont(font)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        # While kept states are derived again (law data, calendars or Habeas changed): how far.
        self.progress_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress_label.setBuddy(self.progress)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        # After that: how many deadlines moved, and the way to see them.
        self.moved_label = QLabel(self)
        self.moved_label.setWordWrap(True)
        self.moved_button = QPushButton(self)
        self.moved_button.clicked.connect(self.show_moved.emit)
        moved_row = QHBoxLayout()
        moved_row.addWidget(self.moved_label, 1)
        moved_row.addWidget(self.moved_button)
        layout.addLayout(moved_row)
        self._progress: tuple[int, int] | None = None
        self._moved = 0
        self.models: dict[str, RecordTableModel[DeadlineItem]] = {}
        self.boxes: dict[str, QLabel] = {}
        self.views: dict[str, QTableView] = {}
        for key, _label in BUCKETS:
            model: RecordTableModel[DeadlineItem] = RecordTableModel(
                [
                    Column(N_("Due"), lambda i: format_date(i.deadline.due, "medium")),
                    Column(N_("Days"), lambda i: days_text(i.deadline.due, self.today)),
                    Column(N_("Deadline"), lambda i: i.deadline.title),
                    Column(N_("Case"), lambda i: i.case_title),
                    Column(N_("Authority"), lambda i: i.row.authority),
                ],
                self,
            )
            view = QTableView(self)
            view.setModel(model)
            table_view_defaults(view)
            header = view.horizontalHeader()
            header.setStretchLastSection(False)
            for column in range(model.columnCount()):
                mode = (
                    QHeaderView.ResizeMode.Stretch
                    if column in STRETCH_COLUMNS
                    else QHeaderView.ResizeMode.ResizeToContents
                )
                header.setSectionResizeMode(column, mode)
            view.setWordWrap(False)  # one line a deadline; the tooltip has the full text
            view.activated.connect(self._activated)
            box = QLabel(self)  # the bucket's heading; its table is only as tall as its rows
            font = box.font()
            font.setBold(True)
            box.setFont(font)
            box.setBuddy(view)
            layout.addWidget(box)
            layout.addWidget(view, 1)
            self.models[key], self.views[key], self.boxes[key] = model, view, box
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        text_tone(self.problems, Tone.ERROR)
        layout.addWidget(self.problems)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        # Takes the space the tables do not need: each table is only as tall as its rows.
        self.filler = QWidget(self)
        layout.addWidget(self.filler, 1)
        self.retranslate()

    # -- data ----------------------------------------------------------------------------------
    def set_items(
        self, items: Sequence[DeadlineItem], today: date, failed: Sequence[tuple[int, str]] = ()
    ) -> None:
        self.today = today
        self.items = sort_items(items, today)
        self.failed = list(failed)
        for key, model in self.models.items():
            model.set_records([i for i in self.items if bucket_of(i, today) == key])
        self._show_counts()

    def show_progress(self, done: int, total: int) -> None:
        """Kept states are being derived again: ``done`` of ``total`` requests so far."""
        self._progress = (done, total) if done < total else None
        self._show_progress()

    def set_moved(self, count: int) -> None:
        """``count`` deadlines moved when they were derived again (0 hides the notice)."""
        self._moved = count
        self._show_progress()

    def _show_progress(self) -> None:
        busy = self._progress is not None
        if self._progress is not None:
            done, total = self._progress
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress_label.setText(
                _(
                    "Updating the deadlines of {total} requests after a change of the law data, the "
                    "holiday schedules or Habeas: {done} done. The list below may still change."
                ).format(total=total, done=done)
            )
        self.progress_label.setVisible(busy)
        self.progress.setVisible(busy)
        self.moved_label.setText(
            ngettext(
                "{n} deadline moved when the deadlines were updated.",
                "{n} deadlines moved when the deadlines were updated.",
                self._moved,
            ).format(n=self._moved)
        )
        self.moved_button.setText(_("&What moved…"))
        self.moved_label.setVisible(self._moved > 0)
        self.moved_button.setVisible(self._moved > 0)

    def retranslate(self) -> None:
        self._show_progress()
        self.heading.setText(_("Deadlines"))
        for key, label in BUCKETS:
            self.views[key].setAccessibleName(_(label))
            self.models[key].retranslate()
        self._show_counts()

    def counts(self) -> dict[str, int]:
        return {key: model.rowCount() for key, model in self.models.items()}

    def _activated(self, index: QModelIndex) -> None:
        item = index.data(RECORD_ROLE)
        case_id = getattr(item, "case_id", None)
        if isinstance(case_id, int):
            self.open_case.emit(case_id)

    # -- language ------------------------------------------------------------------------------
    def _show_counts(self) -> None:
        """The headings, summary and notices for the rows the tables hold now (in the current language)."""
        total = 0
        for key, label in BUCKETS:
            count = self.models[key].rowCount()
            total += count
            self.boxes[key].setText(_(label) + in_brackets(str(count)))
            self.boxes[key].setVisible(count > 0)
            self.views[key].setVisible(count > 0)
        counts = self.counts()
        self.summary.setText(
            _("{overdue} overdue, {soon} due within 7 days, {later} later. Enter opens the case.").format(
                overdue=counts["overdue"], soon=counts["soon"], later=counts["later"]
            )
            if total
            else ""
        )
        self.summary.setVisible(total > 0)
        self.problems.setText(
            ngettext(
                "The deadlines of {n} request cannot be computed: {reason}",
                "The deadlines of {n} requests cannot be computed, e.g.: {reason}",
                len(self.failed),
            ).format(n=len(self.failed), reason=self.failed[0][1])
            if self.failed
            else ""
        )
        self.problems.setVisible(bool(self.failed))
        self.empty.setText(
            _("No open deadlines. When you record that a letter was sent, its reply deadline appears here.")
            if total == 0
            else ""
        )
        self.empty.setVisible(total == 0)
        for view in self.views.values():
            fit_to_rows(view)
