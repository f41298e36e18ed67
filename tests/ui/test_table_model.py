"""The small record table model: cell texts are computed once, and again after a language switch."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.i18n import current_language, format_date, set_language
from app.ui.table_model import Column, RecordTableModel

DAY = date(2026, 12, 3)


def test_cell_texts_are_computed_once_and_again_in_a_new_language(qtbot) -> None:
    calls: list[date] = []

    def due(day: date) -> str:
        calls.append(day)
        return format_date(day, "long")

    model: RecordTableModel[date] = RecordTableModel([Column("Due", due)])
    model.set_records([DAY])
    index = model.index(0, 0)
    before = current_language()
    try:
        set_language("en")
        english = index.data(Qt.ItemDataRole.DisplayRole)
        assert index.data(Qt.ItemDataRole.ToolTipRole) == english and len(calls) == 1
        set_language("de")
        assert index.data(Qt.ItemDataRole.DisplayRole) == english  # cached until told
        model.retranslate()
        german = index.data(Qt.ItemDataRole.DisplayRole)
        assert german != english and "Dezember" in german
        model.set_records([date(2026, 1, 5)])
        assert "Januar" in model.index(0, 0).data(Qt.ItemDataRole.DisplayRole)
    finally:
        set_language(before)
