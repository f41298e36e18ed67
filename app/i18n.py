"""Translations and locale-aware formatting (gettext catalogs in ``locales/``, Babel for dates).

Every module imports ``_``, ``ngettext`` and ``N_`` from here; nothing is put into builtins.
``_`` translates into the *current* UI language at call time, so never call it at import time:
mark module-level strings with ``N_`` and translate them where they are shown.

Letters are written in the authority's language, not the UI's: code that needs a fixed language
asks for ``translator(lang)`` and uses its methods.

Which languages exist, their dates and punctuation come from the language registry
(``app.languages``, ``resources/languages.toml``); a registered language without a catalog gets
English text and its own dates.

Catalog workflow (see README):
    pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 -o locales/habeas.pot app
    pybabel update -i locales/habeas.pot -d locales -D habeas
    pybabel compile -d locales -D habeas
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import overload

from babel.dates import format_date as _babel_format_date

from app.languages import CATALOG_DOMAIN, ENGLISH, Language, Registry, language, registry
from app.paths import locales_dir

DOMAIN = CATALOG_DOMAIN
DEFAULT_LANGUAGE = ENGLISH


class _UiLanguages(Sequence[str]):
    """The UI language codes (English first), read from the language registry on every use."""

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return registry().ui_codes[index]

    def __len__(self) -> int:
        return len(registry().ui_codes)

    def __iter__(self) -> Iterator[str]:
        return iter(registry().ui_codes)

    def __contains__(self, code: object) -> bool:
        return code in registry().ui_codes

    def __repr__(self) -> str:
        return repr(registry().ui_codes)


class _NativeNames(Mapping[str, str]):
    """Native names of the registered languages ("简体中文"), shown untranslated in the picker."""

    def __getitem__(self, code: str) -> str:
        found = registry().languages.get(code)
        if found is None:
            raise KeyError(code)
        return found.native_name

    def __iter__(self) -> Iterator[str]:
        return iter(registry().codes)

    def __len__(self) -> int:
        return len(registry().codes)


# Kept for the modules that import them; both follow the registry (resources/languages.toml).
LANGUAGES: Sequence[str] = _UiLanguages()
LANGUAGE_NAMES: Mapping[str, str] = _NativeNames()


def normalize_language(lang: str | None) -> str:
    """Map ``zh``, ``zh-CN``, ``zh_Hans_CN``, ``de_DE.UTF-8``… to a registered language (else English).

    The result names a catalog: a variant such as ``en_US`` maps to its base language ``en``.
    """
    return language(lang).catalog


def system_language() -> str:
    """The UI language the environment asks for, else English.

    Read as gettext reads it: first LANGUAGE, a priority list (``de:en``) that desktops set for the
    chosen display language while LANG keeps the regional formats (``en_US.UTF-8``), its first
    registered entry; then LC_ALL, LC_MESSAGES, LANG.
    """
    import os

    for entry in os.environ.get("LANGUAGE", "").split(":"):
        found = registry().get(entry)
        if found is not None:
            return found.catalog
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value and value not in ("C", "POSIX", "C.UTF-8"):
            return normalize_language(value)
    return DEFAULT_LANGUAGE


def format_date_in(lang: Language, value: date, format: str = "long") -> str:
    """``value`` in ``lang``'s date style (format: short, medium, long, full)."""
    style = lang.date_style
    return _babel_format_date(value, format=style.pattern(format), locale=style.locale)


class Translator:
    """Translations and formatting for one language (English text where it has no catalog)."""

    def __init__(self, lang: str | Language) -> None:
        self.language = lang if isinstance(lang, Language) else language(lang)
        self.lang = self.language.code
        self._catalog = gettext.translation(
            DOMAIN, localedir=str(locales_dir()), languages=[self.language.catalog], fallback=True
        )

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._catalog.ngettext(singular, plural, n)

    def format_date(self, value: date, format: str = "long") -> str:
        """``2026年3月11日`` / ``11. März 2026`` / ``11 March 2026`` (format: short, medium, long, full)."""
        return format_date_in(self.language, value, format)


def translator(lang: str) -> Translator:
    """The translator of the UI language ``lang`` means (a variant such as ``en_US`` gets its base)."""
    return _translator(lang, registry())


@lru_cache(maxsize=256)
def _translator(lang: str, languages: Registry) -> Translator:
    # Keyed by the registry too: after clear_language_cache() languages and catalogs are read again.
    return Translator(languages.language(languages.language(lang).catalog))


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
    """``value`` for the window: in the UI language, in the user's regional style where known.

    An English UI shows "11 Mar 2026" to a user in Britain (or Germany) and "Mar 11, 2026" in the
    United States; without a region (see ``set_region``) the language's own style. Letters never
    use this: they are dated in the style of the letter's language (``format_date_in``).
    """
    regional = _regional_locale(current_language(), _region)
    if regional is not None:
        return _babel_format_date(value, format=format, locale=regional)
    return current().format_date(value, format)


_region: str | None = None


def regional_locale(lang: str) -> str | None:
    """The locale code of ``lang`` in the user's region (``en_GB``), or None (see ``set_region``)."""
    return _regional_locale(lang, _region)


def set_region(territory: str | None) -> None:
    """The user's region for window dates (``GB``, ``US``, ``AT``…), from ``system_region``."""
    global _region
    _region = territory.upper() if territory else None


def system_region() -> str | None:
    """The territory of the environment's regional formats (LC_ALL, LC_TIME, LANG), if any."""
    import os

    for var in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(var, "")
        base = value.split(".")[0].split("@")[0]
        if "_" in base:
            territory = base.split("_", 1)[1]
            if territory.isalpha() and len(territory) == 2:
                return territory.upper()
        if value:
            return None  # the first variable set decides, as the C library reads them
    return None


@lru_cache(maxsize=64)
def _regional_locale(lang: str, territory: str | None) -> str | None:
    """The Babel locale of ``lang`` as written in ``territory`` (``en_GB``), if Babel has one."""
    if not territory:
        return None
    from babel import Locale, UnknownLocaleError

    code = f"{language(lang).catalog.split('_')[0]}_{territory}"
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None
    return code
