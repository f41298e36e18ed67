"""Translations and locale-aware formatting (gettext catalogs in ``locales/``, Babel for dates).

Every module imports ``_``, ``ngettext`` and ``N_`` from here; nothing is put into builtins.
``_`` translates into the *current* UI language at call time, so never call it at import time:
mark module-level strings with ``N_`` and translate them where they are shown.

Letters are written in the authority's language, not the UI's: code that needs a fixed language
asks for ``translator(lang)`` and uses its methods.

Catalog workflow (see README):
    pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 -o locales/habeas.pot app
    pybabel update -i locales/habeas.pot -d locales -D habeas
    pybabel compile -d locales -D habeas
"""

from __future__ import annotations

import gettext
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date as _babel_format_date

from app.paths import locales_dir

DOMAIN = "habeas"
LANGUAGES: tuple[str, ...] = ("en", "zh_CN", "de")
DEFAULT_LANGUAGE = "en"

# Native names, shown in the language picker; deliberately untranslated.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "zh_CN": "简体中文", "de": "Deutsch"}


def normalize_language(lang: str | None) -> str:
    """Map ``zh``, ``zh-CN``, ``zh_Hans_CN``, ``de_DE.UTF-8``… to one of LANGUAGES (else English)."""
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.split(".")[0].replace("-", "_")
    lowered = code.lower()
    if lowered.startswith("zh"):
        return "zh_CN"
    if lowered.startswith("de"):
        return "de"
    return DEFAULT_LANGUAGE


def system_language() -> str:
    """The UI language the environment asks for (LC_ALL, LC_MESSAGES, LANG, LANGUAGE), else English."""
    import os

    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return normalize_language(value)
    return DEFAULT_LANGUAGE


class Translator:
    """Translations and formatting for one language."""

    def __init__(self, lang: str) -> None:
        self.lang = normalize_language(lang)
        self._catalog = gettext.translation(
            DOMAIN, localedir=str(locales_dir()), languages=[self.lang], fallback=True
        )
        self.locale = Locale.parse(self.lang)

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def format_date(self, value: date, format: str = "long") -> str:
        """``2026年3月11日`` / ``11. März 2026`` / ``11 March 2026`` (format: short, medium, long, full)."""
        if self.lang == "en" and format == "long":
            # CLDR's en "long" is US style (March 11, 2026); letters and the UI use the day-first form.
            return f"{value.day} {_babel_format_date(value, 'MMMM', locale='en')} {value.year}"
        return _babel_format_date(value, format=format, locale=self.locale)


@cache
def translator(lang: str) -> Translator:
    return Translator(normalize_language(lang))


_global_language = DEFAULT_LANGUAGE


def set_language(lang: str) -> str:
    """Switch the UI language for every thread; returns the normalised code."""
    global _global_language
    _global_language = normalize_language(lang)
    return _global_language


def current_language() -> str:
    return _global_language


def current() -> Translator:
    return translator(current_language())


def _(message: str) -> str:
    return current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return current().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def format_date(value: date, format: str = "long") -> str:
    return current().format_date(value, format)
