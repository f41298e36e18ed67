"""Case list: a table model fed in chunks (canFetchMore/fetchMore) and a filtering sort proxy.

The rows are ``CaseRow`` summaries loaded off the GUI thread (see ``workspace``); the model only
hands them to the view a chunk at a time, so a 10,000-case store opens as fast as a small one.
Sorting or filtering first asks the model for all its rows, so results never miss unloaded cases.
Sorting and filtering happen in the model, in Python, in one pass: a proxy sorting or filtering
10,000 rows calls back into Python for every comparison or row (seconds, or tens of milliseconds
per keystroke, on the GUI thread). The proxy only forwards the user's choices. A text search is
the database's (app.store.search, off the GUI thread); the model keeps the cases it found.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from app.i18n import N_, _, format_date
from app.ui.labels import days_text

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex

# Statuses shown in the list (the values of ``app.cases.lifecycle.Status``, derived by the lifecycle
# engine); capitalised labels for table cells, msgids translated at display time.
STATUS_LABELS: dict[str, str] = {
    "draft": N_("Draft"),
    "sent": N_("Sent"),
    "received": N_("Delivered"),
    "acknowledged": N_("Acknowledged"),
    "extended": N_("Extended"),
    "clarification": N_("Clarification asked"),
    "answered": N_("Answered"),
    "granted": N_("Granted"),
    "partly_granted": N_("Partly granted"),
    "refused": N_("Refused"),
    "no_data": N_("No data held"),
    "escalated": N_("Escalated"),
    "closed": N_("Closed"),
}


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status]) if status in STATUS_LABELS else status


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list (no personal data beyond what the user sees anyway)."""

    case_id: int
    title: str
    client: str
    jurisdiction: str
    authority: str
    status: str
    next_due: date | None  # the earliest open deadline: the authority's reply or an escalation window
    opened: date
    overdue: bool = False  # the earliest deadline has passed (a waiting period never counts)


COLUMNS: tuple[str, ...] = (
    N_("Case"),
    N_("Client"),
    N_("Jurisdiction"),
    N_("Authority"),
    N_("Status"),
    N_("Next deadline"),
    N_("Opened"),
)
COL_TITLE, COL_CLIENT, COL_JURIS, COL_AUTHORITY, COL_STATUS, COL_DUE, COL_OPENED = range(len(COLUMNS))

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


class CaseTableModel(QAbstractTableModel):
    """All loaded case summaries; exposes them to views ``chunk`` rows at a time."""

    def __init__(self, parent: Any = None, *, chunk: int = 500) -> None:
        super().__init__(parent)
        self._loaded: list[CaseRow] = []  # in the order they arrived (most recently changed first)
        self._rows: list[CaseRow] = []  # in the order shown: _loaded, or sorted by a column
        self._order: tuple[int, Qt.SortOrder] | None = None
        self._accept: Callable[[CaseRow], bool] | None = None  # the filters; None shows every row
        self._visible = 0
        self._chunk = chunk
        self.today = date.today()

    # -- loading -------------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[CaseRow], today: date | None = None) -> None:
        self.beginResetModel()
        self._loaded = list(rows)
        if today is not None:
            self.today = today
        self._rows = self._ordered(self._loaded)
        self._visible = self._initially_visible()
        self.endResetModel()

    def append_rows(self, rows: Sequence[CaseRow]) -> None:
        """More summaries arrived from the background loader; views fetch them as they scroll."""
        self._loaded.extend(rows)
        if self._order is None and self._accept is None:
            self._rows.extend(rows)
            if self._visible < self._chunk:
                self.fetchMore()
            return
        # Sorted or filtered: every row is shown already; the new ones that pass the filters take
        # their places among them.
        accept = self._accept
        self._rows.extend(r for r in rows if accept is None or accept(r))
        self.fetch_all()
        self._reorder()

    def set_filter(self, accept: Callable[[CaseRow], bool] | None) -> None:
        """Show only the rows ``accept`` passes (None: all), in the current order."""
        self.beginResetModel()
        self._accept = accept
        self._rows = self._ordered(self._loaded)
        self._visible = self._initially_visible()
        self.endResetModel()

    def _initially_visible(self) -> int:
        # Chunks only while the list is in load order and unfiltered: a sorted or filtered list
        # is a result, shown whole (its rows are already in memory).
        if self._order is None and self._accept is None:
            return min(self._chunk, len(self._rows))
        return len(self._rows)

    # -- sorting -------------------------------------------------------------------------------
    def sort_rows(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order every row by ``column`` (stable); column -1 goes back to the order they arrived in."""
        self._order = None if column < 0 else (column, order)
        self.fetch_all()
        self._reorder()

    def _ordered(self, rows: list[CaseRow]) -> list[CaseRow]:
        accept = self._accept
        rows = list(rows) if accept is None else [r for r in rows if accept(r)]
        if self._order is None:
            return rows
        column, order = self._order
        return sorted(
            rows,
            key=lambda row: self._sort_key(row, column),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )

    def _reorder(self) -> None:
        """Rows change places: views keep their selection and current row (persistent indexes)."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        moved = [(index.row(), index.column()) for index in before]
        old_rows = [self._rows[row] if 0 <= row < len(self._rows) else None for row, _col in moved]
        self._rows = self._ordered(self._loaded)
        place = {id(row): number for number, row in enumerate(self._rows)}
        after = [
            self.index(place[id(row)], column) if row is not None and id(row) in place else QModelIndex()
            for row, (_old, column) in zip(old_rows, moved, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def total_rows(self) -> int:
        """Every loaded case, whatever the filters show."""
        return len(self._loaded)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt signature
        return not parent.isValid() and self._visible < len(self._rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        extra = min(self._chunk, len(self._rows) - self._visible)
        if extra <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._visible, self._visible + extra - 1)
        self._visible += extra
        self.endInsertRows()

    def fetch_all(self) -> None:
        if self._visible < len(self._rows):
            self.beginInsertRows(QModelIndex(), self._visible, len(self._rows) - 1)
            self._visible = len(self._rows)
            self.endInsertRows()

    def row_at(self, row: int) -> CaseRow:
        return self._rows[row]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._visible:
            self.dataChanged.emit(self.index(0, 0), self.index(self._visible - 1, len(COLUMNS) - 1))

    # -- Qt model interface --------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._visible

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= self._visible:
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DUE and row.next_due is not None:
            from app.ui.colours import Tone, tone_colour

            if row.overdue:
                return tone_colour(Tone.OVERDUE)  # readable on the palette's rows, light or dark
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_DUE and row.next_due is not None:
            return self._due_hint(row.next_due)
        return None

    def _display(self, row: CaseRow, col: int) -> str:
        if col == COL_TITLE:
            return row.title
        if col == COL_CLIENT:
            return row.client
        if col == COL_JURIS:
            return row.jurisdiction
        if col == COL_AUTHORITY:
            return row.authority
        if col == COL_STATUS:
            return status_label(row.status)
        if col == COL_DUE:
            return format_date(row.next_due, "medium") if row.next_due else "—"
        return format_date(row.opened, "medium")

    def _due_hint(self, due: date) -> str:
        return days_text(due, self.today)

    @staticmethod
    def _sort_key(row: CaseRow, col: int) -> Any:
        if col == COL_DUE:
            # Cases without a deadline sort after every dated one.
            return (row.next_due or date.max).isoformat()
        if col == COL_OPENED:
            return row.opened.isoformat()
        if col == COL_STATUS:
            return status_label(row.status).casefold()
        text = (row.title, row.client, row.jurisdiction, row.authority)[col]
        return text.casefold()


DUE_ALL, DUE_OVERDUE, DUE_SOON, DUE_OPEN = "all", "overdue", "soon", "open"
SOON_DAYS = 7


class CaseFilterProxy(QSortFilterProxyModel):
    """Forwards sorting (typed keys) and the filters by status, jurisdiction, authority, deadline and
    the cases a search found to the case model, which applies them in one pass."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def set_filters(
        self,
        *,
        status: str = "",
        jurisdiction: str = "",
        authority: str = "",
        due: str = DUE_ALL,
        matching: frozenset[int] | None = None,
    ) -> None:
        """``matching``: the cases a search found in the database (app.store.search); None: no search."""
        source = self.sourceModel()
        if not isinstance(source, CaseTableModel):
            return
        today = source.today
        if not (status or jurisdiction or authority or matching is not None) and due == DUE_ALL:
            source.set_filter(None)
            return

        def accept(row: CaseRow) -> bool:
            return (
                (not status or row.status == status)
                and (not jurisdiction or row.jurisdiction == jurisdiction)
                and (not authority or row.authority == authority)
                and (due == DUE_ALL or _due_matches(due, row.next_due, today))
                and (matching is None or row.case_id in matching)
            )

        source.set_filter(accept)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, CaseTableModel):
            source.sort_rows(column, order)  # the proxy keeps the source's order
        else:
            super().sort(column, order)


def _due_matches(kind: str, due: date | None, today: date) -> bool:
    if due is None:
        return False
    if kind == DUE_OVERDUE:
        return due < today
    if kind == DUE_SOON:
        return today <= due <= today + timedelta(days=SOON_DAYS)
    return True  # DUE_OPEN: any open deadline
