"""The case page's status text is readable on a dark palette: a date not overdue takes the text colour."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextDocument

from app.cases.deadlines import Deadline
from app.ui.request_text import _deadline_html


def _deadline(due: date) -> Deadline:
    return Deadline(
        request_id=1,
        key="response",
        kind="response",
        title="Reply due from the authority",
        due=due,
        start=date(2026, 3, 2),
        rule_id=None,
        step_id=None,
        step_kind=None,
        statutory=True,
        provisional=False,
        alternative=None,
        citations=(),
    )


def _date_colour(html: str, palette_text: QColor) -> QColor:
    """The colour the date is drawn in: its own, or the palette's text colour where it sets none."""
    document = QTextDocument()
    document.setHtml(html)
    found = document.find("2026")
    assert not found.isNull()
    brush = found.charFormat().foreground()
    return brush.color() if brush.style() != Qt.BrushStyle.NoBrush else palette_text


def test_a_date_not_overdue_is_drawn_in_the_palettes_text_colour(qapp) -> None:
    light_text = QColor("#eff0f1")  # Breeze Dark's text; "color:inherit" drew the date black on it
    html = _deadline_html(_deadline(date(2026, 4, 1)), date(2026, 3, 10))
    assert _date_colour(html, light_text) == light_text
    overdue = _deadline_html(_deadline(date(2026, 4, 1)), date(2026, 4, 20))
    assert _date_colour(overdue, light_text) != light_text  # the overdue tone
