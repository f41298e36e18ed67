"""The language registry: what each language needs besides its translations, read from data.

Dates, separators, brackets, holiday-name languages, fonts and citation style used to be tables
spread over i18n, the deadline explanations, the calendars and the letters, each listing the same
three languages; a fourth UI language crashed the explanations. They now come from
``resources/languages.toml`` plus a ``languages.toml`` at the root of each law pack folder
(``$HABEAS_LAW_PATH``), so adding a UI language is its catalog plus one entry there.

Every lookup goes through ``language(code)``, which never fails: an unknown code gets English (the
source language of the catalogs and data files). A pack's broken file is skipped and kept in
``registry().problems`` for ``habeas doctor``; a broken shipped file raises DataFileError.
Pure Python (Babel only validates locales and patterns): the core and the window both use it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import parse_pattern

from app.errors import DataFileError
from app.paths import law_pack_dirs, locales_dir, resources_dir

log = logging.getLogger(__name__)

ENGLISH = "en"  # the source language of the catalogs and data files, and the fallback
CATALOG_DOMAIN = "habeas"  # locales/CODE/LC_MESSAGES/habeas.mo
FILE_NAME = "languages.toml"
SCRIPTS = frozenset({"latin", "cjk"})
# The grammars app/letters/citations.py knows, and the families app/letters/fonts.py embeds.
CITATION_STYLES = frozenset({"en", "de", "zh"})
FONT_FAMILIES = frozenset({"serif", "cjk"})
DATE_FORMATS = ("short", "medium", "long", "full")

_KEYS = frozenset(
    {
        "code",
        "native_name",
        "variant_of",
        "babel_locale",
        "date_style",
        "list_separator",
        "item_separator",
        "quotes",
        "brackets",
        "holiday_languages",
        "script",
        "citation_style",
        "fonts",
    }
)
_REQUIRED = _KEYS - {"variant_of", "date_style"}


@dataclass(frozen=True)
class DateStyle:
    """Babel locale of the named date formats, and patterns replacing some of them."""

    locale: str
    patterns: tuple[tuple[str, str], ...] = ()  # (format name, Babel pattern)

    def pattern(self, format: str) -> str:
        """The pattern overriding ``format`` ("long" -> "d MMMM y"), or ``format`` itself."""
        return dict(self.patterns).get(format, format)


@dataclass(frozen=True)
class Language:
    """One registry entry (see resources/languages.toml for what each field means)."""

    code: str
    native_name: str
    babel_locale: str
    date_style: DateStyle
    list_separator: str
    item_separator: str
    quotes: tuple[str, str]
    brackets: tuple[str, str]
    holiday_languages: tuple[str, ...]
    script: str
    citation_style: str
    fonts: tuple[str, ...]
    variant_of: str | None = None
    file: str = ""

    def __hash__(self) -> int:
        # Cheap, for the caches keyed by language; equal entries share code and file.
        return hash((self.code, self.file))

    @property
    def catalog(self) -> str:
        """The gettext catalog of this language's text: its own, or its base language's."""
        return self.variant_of or self.code

    @property
    def cjk(self) -> bool:
        return self.script == "cjk"

    def join(self, items: Iterable[str]) -> str:
        """A short list in running text: "a, b" / "a、b"."""
        return self.item_separator.join(items)

    def join_list(self, items: Iterable[str]) -> str:
        """Clauses or citations: "a; b" / "a；b"."""
        return self.list_separator.join(items)

    def in_brackets(self, text: str) -> str:
        """ " (text)" / "（text）"."""
        return f"{self.brackets[0]}{text}{self.brackets[1]}"

    def quoted(self, text: str) -> str:
        return f"{self.quotes[0]}{text}{self.quotes[1]}"


class Registry:
    """The languages in load order, their problems, and code normalisation."""

    def __init__(self, languages: Iterable[Language], problems: Iterable[DataFileError] = ()) -> None:
        self.languages: Mapping[str, Language] = {lang.code: lang for lang in languages}
        if ENGLISH not in self.languages:
            raise ValueError("the registry needs English, the source language")
        self.problems: tuple[DataFileError, ...] = tuple(problems)
        self._lowered = {code.lower(): lang for code, lang in self.languages.items()}
        self._found: dict[str, Language | None] = {}

    @property
    def english(self) -> Language:
        return self.languages[ENGLISH]

    @property
    def codes(self) -> tuple[str, ...]:
        """Every registered code, variants included."""
        return tuple(self.languages)

    @cached_property
    def ui_codes(self) -> tuple[str, ...]:
        """Languages the UI offers: English and every non-variant with a compiled catalog."""
        return tuple(
            code
            for code, lang in self.languages.items()
            if lang.variant_of is None and (code == ENGLISH or _has_catalog(code))
        )

    def get(self, code: str | None) -> Language | None:
        """The language ``code`` means (``zh``, ``zh-Hans-CN``, ``de_DE.UTF-8``…), None if not registered."""
        if not code:
            return None
        if code not in self._found:  # a benign race at worst: both threads store the same answer
            self._found[code] = self._match(code)
        return self._found[code]

    def language(self, code: str | None) -> Language:
        """Like ``get``, but English for a code that is not registered."""
        return self.get(code) or self.english

    def _match(self, code: str) -> Language | None:
        parts = code.split(".")[0].split("@")[0].replace("-", "_").lower().split("_")
        # Longest prefix first: zh_hans_cn, zh_hans, zh.
        for n in range(len(parts), 0, -1):
            found = self._lowered.get("_".join(parts[:n]))
            if found is not None:
                return found
        # Only the language part matched nothing exactly: the first entry of that language,
        # preferring a full language to a variant ("zh_TW" -> "zh_CN").
        same = [lang for lang in self.languages.values() if lang.code.lower().split("_")[0] == parts[0]]
        same.sort(key=lambda lang: lang.variant_of is not None)
        return same[0] if same else None


def _has_catalog(code: str) -> bool:
    return (locales_dir() / code / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.mo").is_file()


# Pack folders named by the entry point (bootstrap: $HABEAS_LAW_PATH plus the settings); None: read
# $HABEAS_LAW_PATH alone. Like the UI language in app.i18n, one value per process.
_pack_dirs: tuple[Path, ...] | None = None


def use_pack_dirs(folders: Iterable[Path] | None) -> None:
    """Take the languages of these law-pack folders from now on (bootstrap calls this once).

    None goes back to reading ``$HABEAS_LAW_PATH`` alone.
    """
    global _pack_dirs
    _pack_dirs = tuple(folders) if folders is not None else None
    clear_language_cache()


@cache
def registry() -> Registry:
    """The shipped languages plus those of the law packs in use (cached)."""
    return load_registry(_pack_dirs if _pack_dirs is not None else law_pack_dirs())


def language(code: str | None) -> Language:
    """The registered language ``code`` means; English when it is not registered. Never raises."""
    return registry().language(code)


def clear_language_cache() -> None:
    """Read the language files again on next use (tests; a changed ``$HABEAS_LAW_PATH``)."""
    registry.cache_clear()


def load_registry(pack_dirs: Iterable[Path] = (), shipped: Path | None = None) -> Registry:
    """Shipped languages (errors raise) and each pack's ``languages.toml`` (errors are kept)."""
    languages = load_languages(shipped or resources_dir() / FILE_NAME, {})
    if ENGLISH not in languages:
        raise DataFileError(
            str(shipped or resources_dir() / FILE_NAME), "language", "English (en) is missing"
        )
    problems: list[DataFileError] = []
    for folder in pack_dirs:
        path = folder / FILE_NAME
        if not path.is_file():
            continue  # a pack need not add languages
        try:
            languages.update(load_languages(path, languages))
        except DataFileError as exc:
            log.warning("skipped the languages of law pack %s: %s", folder, exc)
            problems.append(exc)
    return Registry(languages.values(), problems)


def load_languages(path: Path, known: Mapping[str, Language]) -> dict[str, Language]:
    """The entries of one file, in order; ``known`` are the languages loaded before it.

    A code may be defined once; ``variant_of`` names a language of this file or of ``known``.
    """
    file = str(path)
    # app.contract speaks through app.i18n, which needs this module first: imported on use.
    from app.contract import MAX_DATA_FILE, loads_toml, read_limited
    from app.errors import InputError

    try:
        raw = read_limited(path, MAX_DATA_FILE).decode("utf-8")
    except (InputError, UnicodeDecodeError) as exc:
        raise DataFileError(file, "", f"cannot read: {exc}") from None
    # Nesting, huge numbers, NUL: a message naming the file, never a RecursionError (app.contract).
    data = loads_toml(raw, file, lambda reason: DataFileError(file, "", f"not valid TOML: {reason}"))
    unknown = sorted(set(data) - {"language"})
    if unknown:
        raise DataFileError(file, unknown[0], "unknown key (allowed: language)")
    entries = data.get("language")
    if not isinstance(entries, list) or not entries:
        raise DataFileError(file, "language", "expected one or more [[language]] tables")
    out: dict[str, Language] = {}
    for index, entry in enumerate(entries):
        lang = _entry(_Entry(file, f"language[{index}]", entry), {**known, **out})
        out[lang.code] = lang
    return out


class _Entry:
    """One ``[[language]]`` table, failing with DataFileError(file, key, reason)."""

    def __init__(self, file: str, path: str, data: Any) -> None:
        self.file = file
        self.path = path
        if not isinstance(data, Mapping):
            raise DataFileError(file, path, f"expected a table, got {type(data).__name__}")
        self.data: Mapping[str, Any] = data

    def fail(self, key: str, reason: str) -> DataFileError:
        return DataFileError(self.file, f"{self.path}.{key}" if key else self.path, reason)

    def text(self, key: str, *, strip: bool = True) -> str:
        value = self.data[key]
        if not isinstance(value, str) or (strip and not value.strip()) or not value:
            raise self.fail(key, f"expected non-empty text, got {value!r}")
        return value

    def texts(self, key: str, *, length: int | None = None) -> tuple[str, ...]:
        value = self.data[key]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, f"expected a list of non-empty texts, got {value!r}")
        if length is not None and len(value) != length:
            raise self.fail(key, f"expected {length} texts, got {len(value)}")
        return tuple(value)

    def choice(self, key: str, allowed: frozenset[str]) -> str:
        value = self.text(key)
        if value not in allowed:
            raise self.fail(key, f"unknown value {value!r} (allowed: {', '.join(sorted(allowed))})")
        return value

    def locale(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not value:
            raise self.fail(key, f"expected a Babel locale such as de_DE, got {value!r}")
        try:
            Locale.parse(value)
        except (ValueError, UnknownLocaleError):
            raise self.fail(key, f"Babel does not know the locale {value!r}") from None
        return value


def _entry(entry: _Entry, known: Mapping[str, Language]) -> Language:
    if "code" not in entry.data:
        raise entry.fail("code", "missing")
    code = entry.text("code")
    entry.path = f"language[{code}]"  # errors name the entry by its code from here on
    for key in entry.data:
        if key not in _KEYS:
            raise entry.fail(key, f"unknown key (allowed: {', '.join(sorted(_KEYS))})")
    if code in known:
        raise entry.fail("code", f"{code!r} is already defined in {known[code].file}")
    base: Language | None = None
    if "variant_of" in entry.data:
        base_code = entry.text("variant_of")
        base = known.get(base_code)
        if base is None or base.variant_of is not None:
            raise entry.fail("variant_of", f"{base_code!r} is not a language defined before this entry")
    else:
        missing = sorted(_REQUIRED - set(entry.data))
        if missing:
            raise entry.fail(missing[0], "missing")
    readers: dict[str, Callable[[], object]] = {
        "native_name": lambda: entry.text("native_name"),
        "babel_locale": lambda: entry.locale("babel_locale", entry.data["babel_locale"]),
        "list_separator": lambda: entry.text("list_separator", strip=False),
        "item_separator": lambda: entry.text("item_separator", strip=False),
        "quotes": lambda: _pair(entry.texts("quotes", length=2)),
        "brackets": lambda: _pair(entry.texts("brackets", length=2)),
        "holiday_languages": lambda: entry.texts("holiday_languages"),
        "script": lambda: entry.choice("script", SCRIPTS),
        "citation_style": lambda: entry.choice("citation_style", CITATION_STYLES),
        "fonts": lambda: _fonts(entry),
    }
    values: dict[str, Any] = {key: read() for key, read in readers.items() if key in entry.data}
    babel_locale = values.get("babel_locale") or (base.babel_locale if base else "")
    if "date_style" in entry.data:
        values["date_style"] = _date_style(entry, babel_locale)
    elif base is None:
        values["date_style"] = DateStyle(babel_locale)
    if base is None:
        return Language(code=code, file=entry.file, **values)
    # A variant inherits every key it omits from its base language.
    return replace(base, code=code, variant_of=base.code, file=entry.file, **values)


def _pair(texts: tuple[str, ...]) -> tuple[str, str]:
    return texts[0], texts[1]


def _fonts(entry: _Entry) -> tuple[str, ...]:
    fonts = entry.texts("fonts")
    for name in fonts:
        if name not in FONT_FAMILIES:
            raise entry.fail(
                "fonts", f"unknown font family {name!r} (allowed: {', '.join(sorted(FONT_FAMILIES))})"
            )
    return fonts


def _date_style(entry: _Entry, babel_locale: str) -> DateStyle:
    table = entry.data["date_style"]
    if not isinstance(table, Mapping):
        raise entry.fail("date_style", "expected a table")
    allowed = {"locale", *DATE_FORMATS}
    patterns: list[tuple[str, str]] = []
    for key, value in table.items():
        if key not in allowed:
            raise entry.fail(f"date_style.{key}", f"unknown key (allowed: {', '.join(sorted(allowed))})")
        if key == "locale":
            continue
        if not isinstance(value, str) or not value.strip():
            raise entry.fail(f"date_style.{key}", "expected a Babel date pattern such as 'd MMMM y'")
        try:
            parse_pattern(value)
        except (ValueError, KeyError) as exc:
            raise entry.fail(f"date_style.{key}", f"not a Babel date pattern: {exc}") from None
        patterns.append((key, value))
    locale = entry.locale("date_style.locale", table.get("locale", babel_locale))
    return DateStyle(locale, tuple(patterns))
