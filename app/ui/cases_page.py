"""The case list page: search and filter bar above a sortable table (or an empty-state message)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.ui.caselist_model import (
    COL_AUTHORITY,
    COL_CLIENT,
    COL_TITLE,
    COLUMNS,
    DUE_ALL,
    DUE_OPEN,
    DUE_OVERDUE,
    DUE_SOON,
    ROW_ROLE,
    STATUS_LABELS,
    CaseFilterProxy,
    CaseRow,
    CaseTableModel,
)
from app.ui.empty_state import EmptyStateStack
from app.ui.table_model import RESIZE_PRECISION


class CasesPage(QWidget):
    """Signals:
    open_case(int): the user activated a case (double click / Enter).
    new_request(): the user asked for a new request from the empty state.
    search_requested(str): the search text settled; the owner answers with ``show_matches``.
    """

    open_case = Signal(int)
    new_request = Signal()
    search_requested = Signal(str)

    SEARCH_PAUSE_MS = 150  # typing "Brenner" asks the database once, not seven times
    MAX_SEARCH = 200  # characters (app.store.search.MAX_SEARCH)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseTableModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._loaded = False

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(self.MAX_SEARCH)
        self._matching: frozenset[int] | None = None  # the cases the current search found
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(self.SEARCH_PAUSE_MS)
        self._search_timer.timeout.connect(self._ask_search)
        self.status_filter = QComboBox(self)
        self.jurisdiction_filter = QComboBox(self)
        self.authority_filter = QComboBox(self)
        self.due_filter = QComboBox(self)
        self.count_label = QLabel(self)
        self.search_label = QLabel(self)
        self.search_label.setBuddy(self.search)

        bar = QHBoxLayout()
        bar.addWidget(self.search_label)
        bar.addWidget(self.search, 2)
        for combo in (self.status_filter, self.jurisdiction_filter, self.authority_filter, self.due_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            bar.addWidget(combo, 1)
        bar.addWidget(self.count_label)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep load order until the user sorts
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(RESIZE_PRECISION)
        # Names share the width; codes, statuses and dates take what their text needs.
        for column in range(len(COLUMNS)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column in (COL_TITLE, COL_CLIENT, COL_AUTHORITY)
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self.table.activated.connect(self._activated)

        self.stack = EmptyStateStack(self.table, self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self.search.textChanged.connect(self._search_changed)
        for combo in (self.status_filter, self.jurisdiction_filter, self.authority_filter, self.due_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.jurisdiction_filter)
        self.setTabOrder(self.jurisdiction_filter, self.authority_filter)
        self.setTabOrder(self.authority_filter, self.due_filter)
        self.setTabOrder(self.due_filter, self.table)
        self.retranslate()

    # -- data ----------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[CaseRow], today: date | None = None) -> None:
        self._loaded = True
        self.model.set_rows(rows, today)
        self._fill_value_filters(rows)
        self._update_state()
        if self._matching is not None:
            self._ask_search()  # the store changed: what the search finds may have too

    def show_matches(self, search: str, case_ids: frozenset[int]) -> None:
        """The cases the database found for ``search``; ignored if the user typed on since."""
        if search != self.search.text() or not search.strip():
            return
        self._matching = frozenset(case_ids)
        self._apply_filters()

    def _search_changed(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
            return
        self._search_timer.stop()
        self._matching = None
        self._apply_filters()

    def _ask_search(self) -> None:
        if self.search.text().strip():
            self.search_requested.emit(self.search.text())

    def set_loaded_total(self, _total: int) -> None:
        """Another page of rows was appended to the model by the loader."""
        self._loaded = True
        rows = [self.model.row_at(i) for i in range(self.model.total_rows())]
        self._fill_value_filters(rows)
        self._update_state()

    def _fill_value_filters(self, rows: Sequence[CaseRow]) -> None:
        for combo, values in (
            (self.jurisdiction_filter, sorted({r.jurisdiction for r in rows})),
            (self.authority_filter, sorted({r.authority for r in rows if r.authority})),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            status=self.status_filter.currentData() or "",
            jurisdiction=self.jurisdiction_filter.currentData() or "",
            authority=self.authority_filter.currentData() or "",
            due=self.due_filter.currentData() or DUE_ALL,
            matching=self._matching,
        )
        self._update_state()

    def _update_state(self) -> None:
        total = self.model.total_rows()
        if total == 0:
            self.stack.set_message(
                _(
                    "No cases yet.\n\nA case starts with a request: choose File → New request… "
                    "and the guide will help you write to the authority."
                ),
                _("New request…"),
                self.new_request.emit,
            )
        self.stack.show_empty(self._loaded and total == 0)
        filtered = self._filters_active()
        shown = self.proxy.rowCount() if filtered else total
        self.count_label.setText(
            _("{shown} of {total} cases").format(shown=shown, total=total)
            if filtered
            else _("{total} cases").format(total=total)
        )

    def _filters_active(self) -> bool:
        return bool(
            self.search.text().strip()
            or any(
                c.currentIndex() > 0
                for c in (
                    self.status_filter,
                    self.jurisdiction_filter,
                    self.authority_filter,
                    self.due_filter,
                )
            )
        )

    def _activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if isinstance(row, CaseRow):
            self.open_case.emit(row.case_id)

    # -- language ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.search_label.setText(_("&Search:"))
        self.search.setPlaceholderText(_("Case, client or authority"))
        self.search.setAccessibleName(_("Search cases"))
        self.table.setAccessibleName(_("Cases"))
        self._refill(
            self.status_filter,
            _("All statuses"),
            [(_(label), key) for key, label in STATUS_LABELS.items()],
            _("Filter by status"),
        )
        self._relabel_first(self.jurisdiction_filter, _("All jurisdictions"), _("Filter by jurisdiction"))
        self._relabel_first(self.authority_filter, _("All authorities"), _("Filter by authority"))
        self._refill(
            self.due_filter,
            _("Any deadline"),
            [
                (_("Overdue"), DUE_OVERDUE),
                (_("Due within 7 days"), DUE_SOON),
                (_("Open deadline"), DUE_OPEN),
            ],
            _("Filter by deadline"),
        )
        self.model.retranslate()
        self._update_state()

    @staticmethod
    def _refill(combo: QComboBox, first: str, items: list[tuple[str, str]], name: str) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(first, "")
        for text, key in items:
            combo.addItem(text, key)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.setAccessibleName(name)
        combo.blockSignals(False)

    @staticmethod
    def _relabel_first(combo: QComboBox, first: str, name: str) -> None:
        if combo.count() == 0:
            combo.addItem(first, "")
        else:
            combo.setItemText(0, first)
        combo.setAccessibleName(name)
