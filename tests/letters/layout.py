"""Where the words of a PDF are drawn: ``pdftotext -bbox`` (poppler-utils, a test dependency)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

MM = 72 / 25.4  # points per millimetre

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)"')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>')


@dataclass(frozen=True)
class Word:
    page: int
    page_width: float
    page_height: float
    x0: float  # points from the left edge
    y0: float  # points from the top edge
    x1: float
    y1: float
    text: str


def words(pdf: bytes) -> list[Word]:
    """Every word of every page with its box, in the order pdftotext reads them."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    out: list[Word] = []
    page, width, height = 0, 0.0, 0.0
    for line in html.splitlines():
        if m := _PAGE.search(line):
            page, width, height = page + 1, float(m[1]), float(m[2])
        elif m := _WORD.search(line):
            x0, y0, x1, y1 = (float(m[i]) for i in range(1, 5))
            out.append(Word(page, width, height, x0, y0, x1, y1, unescape(m[5])))
    return out


def outside(found: list[Word], *, left: float, right: float, top: float, bottom: float) -> list[Word]:
    """The words not wholly inside the text area (margins in mm; half a point of rounding allowed)."""
    slack = 0.5
    return [
        w
        for w in found
        if w.x0 < left * MM - slack
        or w.x1 > w.page_width - right * MM + slack
        or w.y0 < top * MM - slack
        or w.y1 > w.page_height - bottom * MM + slack
    ]


def overlapping(found: list[Word]) -> list[tuple[Word, Word]]:
    """Pairs of words on one page whose boxes overlap (one part of the page drawn over another).

    Boxes are shrunk by a point: the font's ascent and descent may touch the next line's.
    """
    shrink = 1.0
    pairs = []
    by_page: dict[int, list[Word]] = {}
    for w in found:
        by_page.setdefault(w.page, []).append(w)
    for page_words in by_page.values():
        ordered = sorted(page_words, key=lambda w: w.y0)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if b.y0 + shrink >= a.y1 - shrink:
                    break
                if a.x0 + shrink < b.x1 - shrink and b.x0 + shrink < a.x1 - shrink:
                    pairs.append((a, b))
    return pairs
