"""Chinese line breaking for the PDF: closing punctuation never starts a line (禁则, GB/T 15834 usage).

reportlab's CJK wrapper cuts between any two characters and keeps only a short list of ASCII and
Japanese closers off the start of a line: a full-width ，；：！？ or a closing ” 》 can open a new line,
and of a run like ”； only the first character is kept back. ``break_positions`` chooses the breaks
instead (moving the last character(s) of a line down with the punctuation that follows them, so no line
is wider than the frame), and ``CJKParagraph`` hands them to reportlab as explicit line breaks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import _handleBulletWidth

log = logging.getLogger(__name__)

# May not start a line: closing brackets and quotes, pause and stop marks (full- and half-width).
CANNOT_START = frozenset("，。、；：！？）》〉」』】〕〗］｝’”％…,.;:!?)]}%\u3001\u3002")
# May not end a line: opening brackets and quotes.
CANNOT_END = frozenset("（《〈「『【〔〖［｛‘“([{")
_FUZZ = 1e-6


def _latin(char: str) -> bool:
    """Part of a Latin word or number (e-mail address, ID number, "GB/T"): not broken inside."""
    return ord(char) < 0x2E80 and not char.isspace()


def _can_break(text: str, at: int, *, words: bool = True) -> bool:
    before, after = text[at - 1], text[at]
    if after in CANNOT_START or before in CANNOT_END or after.isspace():
        return False
    return not (words and _latin(before) and _latin(after))


def break_positions(
    text: str, widths: Sequence[float], max_widths: Sequence[float], forced: Sequence[int] = ()
) -> list[int]:
    """Indexes at which new lines start so that each line fits its width (``max_widths[line]``, the
    last repeating) and no line starts with closing or ends with opening punctuation.

    ``widths[i]`` is the width of ``text[i]``; ``forced`` are explicit line breaks (not returned). A
    line that cannot be broken by the rules (one long Latin word) is cut where it overflows, as
    reportlab would.
    """
    hard = set(forced)
    breaks: list[int] = []
    line = start = 0
    used = 0.0
    i = 0
    while i < len(text):
        if i in hard and i > start:
            line, start, used = line + 1, i, 0.0
        limit = max_widths[min(line, len(max_widths) - 1)]
        used += widths[i]
        if used > limit + _FUZZ and i > start:
            at = _best_break(text, start, i)
            breaks.append(at)
            line, start, used, i = line + 1, at, 0.0, at
            continue
        i += 1
    return breaks


def _best_break(text: str, start: int, overflow: int) -> int:
    """Where to end a line that overflows at ``overflow``: the nearest break (looking back at most
    half the line) that keeps Latin words whole and punctuation in place; failing that one that
    keeps punctuation in place (a word longer than the line is cut); failing that a knife cut."""
    floor = start + max(1, (overflow - start) // 2)
    for words in (True, False):
        at = overflow
        while at > floor and not _can_break(text, at, words=words):
            at -= 1
        if _can_break(text, at, words=words):
            return at
    return overflow


def fit_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (points) in ``font`` at ``size``.

    For text drawn straight onto the canvas (the DIN 5008 head, window and information block), where
    no Paragraph wraps: breaks after spaces, never before closing punctuation, and cuts a token
    longer than the line (an e-mail address, a reference, a long run of Chinese) where it overflows,
    so nothing is drawn past ``width``. Explicit newlines are kept; each line is stripped of trailing
    spaces.
    """
    lines: list[str] = []
    for raw in text.split("\n"):
        widths = [float(stringWidth(c, font, size)) for c in raw]
        cuts = [0, *break_positions(raw, widths, [width]), len(raw)]
        lines += [raw[a:b].rstrip() for a, b in pairwise(cuts)]
    return lines


class CJKParagraph(Paragraph):  # type: ignore[misc]  # reportlab ships no type information
    """A Paragraph whose CJK line breaks follow ``break_positions``."""

    frags: list[Any]

    def breakLinesCJK(self, max_widths: Any) -> Any:  # reportlab's method name; called positionally
        widths = list(max_widths) if isinstance(max_widths, (list, tuple)) else [max_widths]
        frags = self.frags
        if getattr(self, "_splitpara", 0) or not frags or any(hasattr(f, "cbDefn") for f in frags):
            return super().breakLinesCJK(max_widths)
        _handleBulletWidth(self.bulletText, self.style, widths)
        text, owner, forced = self._flatten(frags)
        widths_of = [float(stringWidth(c, f.fontName, f.fontSize)) for c, f in zip(text, owner, strict=True)]
        positions = break_positions(text, widths_of, widths, forced)
        if not positions:
            return super().breakLinesCJK(max_widths)
        original = self.frags
        self.frags = self._with_breaks(frags, set(positions))
        try:
            return super().breakLinesCJK(max_widths)
        finally:
            self.frags = original

    @staticmethod
    def _flatten(frags: Sequence[Any]) -> tuple[str, list[Any], list[int]]:
        text: list[str] = []
        owner: list[Any] = []
        forced: list[int] = []
        for frag in frags:
            if hasattr(frag, "lineBreak"):
                forced.append(len(text))
            for char in getattr(frag, "text", "") or "":
                text.append(char)
                owner.append(frag)
        return "".join(text), owner, forced

    @staticmethod
    def _with_breaks(frags: Sequence[Any], positions: set[int]) -> list[Any]:
        """``frags`` with an explicit line-break fragment before each character index in ``positions``."""
        out: list[Any] = []
        pos = 0
        for frag in frags:
            piece = getattr(frag, "text", "") or ""
            if not piece or hasattr(frag, "lineBreak"):
                out.append(frag)
                continue
            cut = 0
            for k in range(len(piece)):
                if pos + k in positions and (k > 0 or (out and not hasattr(out[-1], "lineBreak"))):
                    if k > cut:
                        out.append(frag.clone(text=piece[cut:k]))
                    out.append(frag.clone(text="", lineBreak=True, _selfClosingTag="br"))
                    cut = k
            out.append(frag.clone(text=piece[cut:]))
            pos += len(piece)
        return out
