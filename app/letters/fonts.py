"""The fonts embedded in letters, registered once per process, and the glyph-coverage check.

reportlab never falls back to another font: a character missing from the font is drawn as
nothing. So every character is checked against the font before rendering (tooling.md § 3).
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.errors import InputError, Problem
from app.i18n import _
from app.languages import FONT_FAMILIES
from app.languages import language as registered_language
from app.paths import resources_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FontFamily:
    """A regular and a bold face registered with reportlab under ``regular``/``bold``."""

    key: str
    regular: str
    bold: str
    regular_file: str
    bold_file: str
    subfont_index: int = 0


SERIF = FontFamily(
    "serif", "HabeasSerif", "HabeasSerif-Bold", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"
)
# WenQuanYi Micro Hei has no bold face; headings use size, not weight.
CJK = FontFamily("cjk", "HabeasCJK", "HabeasCJK", "wqy-microhei.ttc", "wqy-microhei.ttc")

# The embedded families by the names the language registry uses (``fonts`` in languages.toml: the
# preferred family first, the others tried when the text needs them, e.g. a German letter for a
# requester whose name is written in Chinese characters).
FAMILIES: dict[str, FontFamily] = {family.key: family for family in (SERIF, CJK)}
assert set(FAMILIES) == FONT_FAMILIES, "app.languages.FONT_FAMILIES must name the embedded families"

_lock = threading.Lock()
_IGNORED = {"\n", "\r", "\t"}


@cache
def _font(name: str, file: str, subfont_index: int) -> TTFont:
    path = resources_dir() / "fonts" / file
    return TTFont(name, str(path), subfontIndex=subfont_index)


def register(family: FontFamily) -> FontFamily:
    """Register ``family`` with reportlab (idempotent, thread-safe)."""
    with _lock:
        if family.regular not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(_font(family.regular, family.regular_file, family.subfont_index))
            if family.bold != family.regular:
                pdfmetrics.registerFont(_font(family.bold, family.bold_file, family.subfont_index))
            # <b> in paragraph markup maps to the bold face (or the same face where there is none).
            addMapping(family.regular, 0, 0, family.regular)
            addMapping(family.regular, 1, 0, family.bold)
            addMapping(family.regular, 0, 1, family.regular)
            addMapping(family.regular, 1, 1, family.bold)
            log.debug("registered font family %s", family.key)
    return family


def missing(family: FontFamily, text: str) -> str | None:
    """The first character of ``text`` that ``family`` cannot draw, or None."""
    faces = [_font(family.regular, family.regular_file, family.subfont_index).face]
    if family.bold != family.regular:
        faces.append(_font(family.bold, family.bold_file, family.subfont_index).face)
    for ch in text:
        if ch in _IGNORED:
            continue
        if any(ord(ch) not in face.charToGlyph for face in faces):
            return ch
    return None


def choose_family(language: str, texts: Iterable[tuple[str, str]]) -> FontFamily:
    """The first family for ``language`` that can draw every text; InputError naming the field if none.

    ``texts`` are (where, text) pairs: user key paths first, so a problem names the user's field.
    """
    items = list(texts)
    families = tuple(FAMILIES[name] for name in registered_language(language).fonts)
    for family in families:
        if all(missing(family, text) is None for _where, text in items):
            return register(family)
    preferred = families[0]
    # Name the characters no font can draw; if each font lacks something different, name the
    # characters the preferred font lacks.
    hopeless = [(w, t) for w, t in items if all(missing(f, t) is not None for f in families)]
    problems = []
    reported: set[str] = set()  # user fields come first: a character is named once, at its source
    for where, text in hopeless or items:
        ch = missing(preferred, text)
        if ch is not None and ch not in reported:
            reported.add(ch)
            name = unicodedata.name(ch, "")
            problems.append(
                Problem(
                    where,
                    _(
                        "the character {char} (U+{code:04X} {name}) cannot be printed with the letter fonts"
                    ).format(char=ch, code=ord(ch), name=name),
                )
            )
    raise InputError(_("The letter contains characters the fonts cannot print."), problems)
