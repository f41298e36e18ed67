"""A small read-only table model over a list of records, with translated headers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.i18n import _

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
RECORD_ROLE = Qt.ItemDataRole.UserRole + 10


class Column(Generic[T]):
    def __init__(self, header: str, text: Callable[[T], str], sort: Callable[[T], Any] | None = None) -> None:
        self.header = header  # a msgid, translated when shown
        self.text = text
        self.sort = sort


class RecordTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[Column[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[T] = []
        # Each cell's text, computed once: a view asks for the same cells again on every paint,
        # resize and tooltip, and a text may format a date or look a label up.
        self._texts: dict[tuple[int, int], str] = {}

    def set_records(self, records: Sequence[T]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self._texts.clear()
        self.endResetModel()

    def record(self, row: int) -> T:
        return self.records[row]

    def retranslate(self) -> None:
        self._texts.clear()  # texts depend on the language (and on the day the page shows)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.records) - 1, len(self.columns) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].header)
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        record = self.records[row]
        column = self.columns[col]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, col)
        if role == Qt.ItemDataRole.UserRole + 1:  # sort role
            return column.sort(record) if column.sort else self._text(row, col)
        if role == RECORD_ROLE:
            return record
        return None

    def _text(self, row: int, col: int) -> str:
        text = self._texts.get((row, col))
        if text is None:
            text = self._texts[(row, col)] = self.columns[col].text(self.records[row])
        return text


# Columns sized to their contents measure the rows in view, not all of them (Qt's default is the
# first 1000): each measured cell is a call into Python, and while a worker holds the interpreter
# lock thousands of them stall the window for seconds. Texts scrolled into view that are wider than
# the column are elided; their tooltip shows them whole.
RESIZE_PRECISION = 0  # Qt: "0 means only the visible area"


def table_view_defaults(view: Any) -> None:
    from PySide6.QtWidgets import QAbstractItemView

    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    view.setWordWrap(False)  # one line a record; the tooltip shows the whole text


def fit_to_rows(view: Any, *, min_rows: int = 3) -> None:
    """As tall as the rows (short lists leave room for others), scrolling when space is short."""
    count = view.model().rowCount()
    rows = max(count, 1)
    # Rows are as tall as their font needs (CJK text is taller than the default section size).
    row_height = max(view.verticalHeader().defaultSectionSize(), view.sizeHintForRow(0) if count else 0)
    chrome = 2 * view.frameWidth() + view.horizontalHeader().sizeHint().height() + 2
    view.setMaximumHeight(chrome + row_height * rows)
    view.setMinimumHeight(chrome + row_height * min(rows, min_rows))
