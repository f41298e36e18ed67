"""Date fields that accept exactly the dates of the input contract (app.contract).

Qt's QDateEdit allows 1752 to 9999 by default; a date the store would refuse should not be
enterable in the first place, and every date field shows the same unambiguous ISO form.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from app.contract import EARLIEST, LATEST


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(value: date, parent: QWidget) -> QDateEdit:
    """A date field with a calendar popup, ISO display, limited to the contract's dates."""
    edit = QDateEdit(qdate(value), parent)
    edit.setDateRange(qdate(EARLIEST), qdate(LATEST))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")  # unambiguous in every UI language
    return edit
