"""Babel date formatting for deadline explanations, cached.

Profiling showed formatting dominating a warm ``due_date``: each ``format_skeleton`` call matches
the skeleton against the locale's patterns again (about 1 ms). Here the matched pattern is cached
per (skeleton, locale) and every formatted text per (date, locale, skeleton or format). The
results are exactly Babel's: ``format_skeleton`` itself resolves the skeleton to a pattern and
hands it to ``format_datetime``, as ``skeleton_date`` does.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from babel import Locale
from babel.dates import format_datetime, format_interval, match_skeleton

from app.i18n import format_date_in, normalize_language
from app.languages import Language, language

# Enough for every day of a few years in every language and skeleton a dashboard shows.
_CACHE_SIZE = 16_384


@lru_cache(maxsize=256)
def _skeleton_pattern(skeleton: str, locale: str) -> str:
    """The locale's pattern for ``skeleton`` (the closest one if it has no exact match), as Babel picks it."""
    parsed = Locale.parse(locale)
    if skeleton not in parsed.datetime_skeletons:
        skeleton = match_skeleton(skeleton, parsed.datetime_skeletons) or skeleton
    # The pattern's text; Babel parses it back into the same pattern (and caches that).
    return str(parsed.datetime_skeletons[skeleton].pattern)


@lru_cache(maxsize=_CACHE_SIZE)
def skeleton_date(skeleton: str, day: date, locale: str) -> str:
    """``babel.dates.format_skeleton(skeleton, day, locale=locale)``, cached."""
    return format_datetime(day, _skeleton_pattern(skeleton, locale), locale=locale)


@lru_cache(maxsize=_CACHE_SIZE)
def interval(first: date, last: date, skeleton: str, locale: str) -> str:
    """``babel.dates.format_interval(first, last, skeleton=skeleton, locale=locale)``, cached."""
    return format_interval(first, last, skeleton=skeleton, locale=locale)


@lru_cache(maxsize=_CACHE_SIZE)
def language_date(day: date, lang: Language, format: str = "long") -> str:
    """``app.i18n.format_date_in(lang, day, format)``, cached (it depends on Babel data only)."""
    return format_date_in(lang, day, format)


def translated_date(day: date, lang: str, format: str = "long") -> str:
    """``translator(lang).format_date(day, format)``, cached: the date in the UI language ``lang``."""
    return language_date(day, language(normalize_language(lang)), format)


def clear_date_caches() -> None:
    for cached in (_skeleton_pattern, skeleton_date, interval, language_date):
        cached.cache_clear()
