"""Date fields accept only the contract's dates: typing a year the store would refuse is not taken."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateTimeEdit

from app.contract import EARLIEST, LATEST
from app.ui.dates import to_date
from app.ui.event_dialog import EventDialog

pytestmark = pytest.mark.gui


def _typed_year(qtbot: Any, knowledge_base: Any, year: str) -> date:
    """Click into a fresh dialog's "until" field, type a year over the year, leave the field."""
    dialog = EventDialog(7, "sent", date(2026, 3, 10), knowledge_base)
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.until
    QTest.mouseClick(edit.lineEdit(), Qt.MouseButton.LeftButton)
    edit.setSelectedSection(QDateTimeEdit.Section.YearSection)  # what a double click on the year selects
    QTest.keyClicks(edit, year)
    QTest.keyClick(edit, Qt.Key.Key_Tab)
    return to_date(edit.date())


@pytest.mark.parametrize("year", ["9999", "1850", "0001"])
def test_typing_a_year_outside_the_contract_is_not_taken(qtbot: Any, knowledge_base: Any, year: str) -> None:
    typed = _typed_year(qtbot, knowledge_base, year)
    assert EARLIEST <= typed <= LATEST and typed.year != int(year)


def test_a_year_inside_the_contract_is_taken(qtbot: Any, knowledge_base: Any) -> None:
    assert _typed_year(qtbot, knowledge_base, "2031") == date(2031, 4, 9)
