"""The first page of a DIN 5008 form B letter: letterhead, return line, window address, information block.

These parts are drawn straight onto the canvas at fixed places, so no Paragraph wraps them: every line
is broken here (``fit_lines``) to the width of its zone, long tokens included (an e-mail address, a
400-character reference, a run of Chinese). The window address must stay inside the 27.3 mm
Anschriftzone, so it shrinks from 10 pt to 8 pt before it is refused; the letterhead and the
information block on the right may grow downwards, and the body then starts lower.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.errors import InputError, Problem
from app.i18n import _
from app.letters.cjk import fit_lines
from app.letters.fonts import FontFamily
from app.letters.model import Letter

log = logging.getLogger(__name__)

# DIN 5008 form B geometry, in mm from the top-left corner of an A4 sheet.
WINDOW_LEFT = 25.0  # text start inside the 20 mm address field edge (5 mm inner margin)
WINDOW_WIDTH = 75.0  # the 85 mm address field less 5 mm inner margin on each side
RETURN_LINE = 60.0  # Rücksendeangabe: its bottom line, in the 17.7 mm Zusatz- und Vermerkzone (45–62.7)
RETURN_ZONE_TOP = 45.0
ADDRESS_TOP = 62.7  # Anschriftzone: 27.3 mm
ADDRESS_HEIGHT = 27.3
INFO_LEFT = 125.0  # Informationsblock
INFO_TOP = 50.0
BODY_TOP = 98.5  # Betreff two lines below the address field (ends at 90 mm)
FOLD_MARKS = (105.0, 210.0)
PUNCH_MARK = 148.5
HEAD_TOP = 16.0  # first baseline of the letterhead (the sender, right-aligned)
HEAD_WIDTH = 85.0  # the right half: the window column stays free below 45 mm
HEAD_PITCH = 4.2
# The window address shrinks until it fits its zone: (font size, leading) in points, largest first.
ADDRESS_SIZES = ((10.0, 12.0), (9.0, 10.5), (8.0, 9.2))
RETURN_SIZE, RETURN_PITCH = 7.0, 2.8
LABEL_SIZE, LABEL_PITCH = 8.0, 3.4
VALUE_SIZE, VALUE_PITCH = 10.0, 4.23
BODY_MIN_HEIGHT = 60.0  # the body must keep at least this much of the first page


def address_capacity(size: float, leading: float) -> int:
    """How many lines of ``size``/``leading`` fit in the Anschriftzone (descenders included)."""
    return int((ADDRESS_HEIGHT * mm - 0.25 * size) // leading)


ADDRESS_LINES = address_capacity(*ADDRESS_SIZES[-1])


@dataclass(frozen=True)
class _Line:
    text: str
    font: str
    size: float
    y: float  # baseline, mm from the top of the page


class DinFirstPage:
    """Lays out the fixed parts of a DIN 5008 first page and draws them (a ``PageTemplate`` onPage).

    ``right`` is the right edge of the text area in mm. ``body_top`` (mm from the top) is where the
    flowing body may start: 98.5 mm, or lower when the letterhead or the references need the room.
    Raises InputError naming the user's field if the address does not fit the window or the head
    leaves no room for the body.
    """

    def __init__(self, letter: Letter, family: FontFamily, right: float, page_height: float) -> None:
        self.family = family
        self.right = right
        self.head = self._head(letter)
        self.return_lines = self._return_lines(letter)
        self.address = self._address(letter)
        self.info = self._info(letter)
        last = max(line.y for line in [*self.head, *self.info])
        self.body_top = max(BODY_TOP, last + 8.5)
        if self.body_top > page_height - BODY_MIN_HEIGHT:
            texts = [*letter.sender_lines, *(t for row in letter.reference_rows for t in row)]
            raise InputError(
                _("The letter cannot be laid out."),
                [Problem(_field(letter, texts, "reference"), _("too long for the head of the letter"))],
            )

    def _head(self, letter: Letter) -> list[_Line]:
        out: list[_Line] = []
        for n, text in enumerate(letter.sender_lines):
            font, size = (self.family.bold, 10.0) if n == 0 else (self.family.regular, 9.0)
            for line in fit_lines(text, font, size, HEAD_WIDTH * mm):
                out.append(_Line(line, font, size, HEAD_TOP + len(out) * HEAD_PITCH))
        return out

    def _return_lines(self, letter: Letter) -> list[_Line]:
        font = self.family.regular
        lines = fit_lines(letter.return_address, font, RETURN_SIZE, (WINDOW_WIDTH + 5) * mm)
        room = int((RETURN_LINE - RETURN_ZONE_TOP - RETURN_PITCH) // RETURN_PITCH) + 1
        if len(lines) > room:
            # The Rücksendeangabe only repeats the letterhead; left out rather than cut or crammed.
            log.warning("return address left out: %d lines do not fit the window's top zone", len(lines))
            return []
        first = RETURN_LINE - (len(lines) - 1) * RETURN_PITCH
        return [_Line(t, font, RETURN_SIZE, first + n * RETURN_PITCH) for n, t in enumerate(lines)]

    def _address(self, letter: Letter) -> list[_Line]:
        font = self.family.regular
        for size, leading in ADDRESS_SIZES:
            width = WINDOW_WIDTH * mm
            lines = [line for text in letter.addressee_lines for line in fit_lines(text, font, size, width)]
            if len(lines) <= address_capacity(size, leading):
                pitch = leading / mm
                return [_Line(t, font, size, ADDRESS_TOP + (n + 1) * pitch) for n, t in enumerate(lines)]
        raise InputError(
            _("The letter cannot be laid out."),
            [
                Problem(
                    _field(letter, letter.addressee_lines, "authority.address"),
                    _("too long for the window envelope address field (at most {n} lines)").format(
                        n=ADDRESS_LINES
                    ),
                )
            ],
        )

    def _info(self, letter: Letter) -> list[_Line]:
        width = (self.right - INFO_LEFT) * mm
        regular = self.family.regular
        y = INFO_TOP + 3.5
        if self.head:  # a letterhead grown past 46 mm pushes the block down
            y = max(y, self.head[-1].y + 7.0)
        out: list[_Line] = []
        for label, value in [*letter.reference_rows, (letter.date_label, letter.place_date)]:
            labels = fit_lines(label, regular, LABEL_SIZE, width) if label else []
            for n, text in enumerate(labels):
                out.append(_Line(text, regular, LABEL_SIZE, y + n * LABEL_PITCH))
            if labels:
                y += (len(labels) - 1) * LABEL_PITCH + 4.0
            values = fit_lines(value, regular, VALUE_SIZE, width)
            for n, text in enumerate(values):
                out.append(_Line(text, regular, VALUE_SIZE, y + n * VALUE_PITCH))
            y += (len(values) - 1) * VALUE_PITCH + 5.0
        return out

    def __call__(self, canvas: Canvas, doc: Any) -> None:
        height = doc.pagesize[1]
        canvas.saveState()
        for line in self.head:
            canvas.setFont(line.font, line.size)
            canvas.drawRightString(self.right * mm, height - line.y * mm, line.text)
        # Rücksendeangabe, small and underlined, visible in the window.
        canvas.setLineWidth(0.3)
        x = WINDOW_LEFT * mm
        for line in self.return_lines:
            canvas.setFont(line.font, line.size)
            y = height - line.y * mm
            canvas.drawString(x, y, line.text)
            canvas.line(x, y - 1.2, x + canvas.stringWidth(line.text, line.font, line.size), y - 1.2)
        for left, lines in ((WINDOW_LEFT, self.address), (INFO_LEFT, self.info)):
            for line in lines:
                canvas.setFont(line.font, line.size)
                canvas.drawString(left * mm, height - line.y * mm, line.text)
        # Falz- und Lochmarken at the left edge.
        canvas.setLineWidth(0.4)
        for mark in FOLD_MARKS:
            canvas.line(4 * mm, height - mark * mm, 8 * mm, height - mark * mm)
        canvas.line(4 * mm, height - PUNCH_MARK * mm, 10 * mm, height - PUNCH_MARK * mm)
        canvas.restoreState()


def _field(letter: Letter, drawn: Iterable[str], default: str) -> str:
    """The key path of the longest user text printed in ``drawn`` (the likeliest culprit), or ``default``."""
    text = "\n".join(drawn)
    found = [
        (len(value), path)
        for path, value in letter.user_fields
        if value.strip() and all(part.strip() in text for part in value.splitlines() if part.strip())
    ]
    return max(found)[1] if found else default
