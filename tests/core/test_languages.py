"""The language registry: loading and validation, law-pack languages, and a fourth UI language
that renders every deadline explanation (English text where it has no catalog, its own dates)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from app import i18n, languages
from app.errors import DataFileError
from app.languages import clear_language_cache, language, load_registry, registry
from app.law import KnowledgeBase, Unit, calendar_for, due_date, load_knowledge_base
from app.law.calendars import ChinaCalendar, build_calendar
from app.law.dates import translated_date
from app.law.model import CalendarSpec
from app.paths import resources_dir

FRENCH = """
[[language]]
code = "fr"
native_name = "Français"
babel_locale = "fr_FR"
list_separator = " ; "
item_separator = ", "
quotes = ["« ", " »"]
brackets = [" (", ")"]
holiday_languages = ["fr"]
script = "latin"
citation_style = "en"
fonts = ["serif", "cjk"]
"""

START = date(2026, 2, 5)  # Spring Festival and make-up working days ahead in CN


@pytest.fixture(autouse=True)
def _fresh_registry() -> Iterator[None]:
    clear_language_cache()
    yield
    clear_language_cache()  # the next test must not see this test's packs


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def _pack(tmp_path: Path, text: str, name: str = "pack") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "languages.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A law pack on HABEAS_LAW_PATH that adds French (no catalog)."""
    folder = _pack(tmp_path, FRENCH)
    monkeypatch.setenv("HABEAS_LAW_PATH", str(folder))
    clear_language_cache()
    return folder


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _shipped_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (resources_dir() / "languages.toml").read_text(encoding="utf-8")
    assert old in text
    return _write(tmp_path / "languages.toml", text.replace(old, new, 1))


# --- the shipped registry --------------------------------------------------------------------------


def test_the_shipped_languages() -> None:
    reg = registry()
    assert reg.codes == ("en", "en_US", "zh_CN", "de")
    assert reg.ui_codes == ("en", "zh_CN", "de")  # en_US is a variant: English text, US dates
    assert reg.problems == ()
    assert list(i18n.LANGUAGES) == ["en", "zh_CN", "de"]
    assert dict(i18n.LANGUAGE_NAMES) == {
        "en": "English",
        "en_US": "English (United States)",
        "zh_CN": "简体中文",
        "de": "Deutsch",
    }
    zh = language("zh_CN")
    assert (zh.cjk, zh.list_separator, zh.item_separator, zh.in_brackets("x")) == (True, "；", "、", "（x）")
    assert language("de").quoted("x") == "„x“"
    assert language("en").holiday_languages == ("en_GB", "en_US")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("zh", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("zh_Hans_CN", "zh_CN"),
        ("zh_TW", "zh_CN"),
        ("de_DE.UTF-8", "de"),
        ("de-AT", "de"),
        ("en_US", "en_US"),
        ("en-us", "en_US"),
        ("en_GB", "en"),
        ("fr_FR", "en"),
        ("C", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_codes_are_normalised_and_unknown_ones_get_english(raw: str | None, expected: str) -> None:
    assert language(raw).code == expected


def test_a_variant_uses_its_base_catalog() -> None:
    us = language("en_US")
    assert (us.variant_of, us.catalog, us.babel_locale) == ("en", "en", "en_US")
    assert us.list_separator == language("en").list_separator  # inherited
    assert i18n.normalize_language("en_US") == "en"
    assert i18n.translator("en_US").format_date(date(2026, 3, 11)) == "11 March 2026"
    assert i18n.format_date_in(us, date(2026, 3, 11)) == "March 11, 2026"


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "key", "reason"),
    [
        ('script = "cjk"', 'script = "arabic"', "language[zh_CN].script", "unknown value 'arabic'"),
        ('babel_locale = "de_DE"', 'babel_locale = "xx_YY"', "language[de].babel_locale", "Babel"),
        ('native_name = "Deutsch"\n', "", "language[de].native_name", "missing"),
        ('fonts = ["cjk"]', 'fonts = ["comic"]', "language[zh_CN].fonts", "unknown font family"),
        ('quotes = ["„", "“"]', 'quotes = ["„"]', "language[de].quotes", "expected 2 texts"),
        (
            'long = "d MMMM y"',
            'long = "d MMMM y"\nlongest = "y"',
            "language[en].date_style.longest",
            "unknown",
        ),
        ('variant_of = "en"', 'variant_of = "es"', "language[en_US].variant_of", "'es' is not a language"),
        ('code = "de"', 'code = "zh_CN"', "language[zh_CN].code", "already defined"),
        ('citation_style = "de"', 'citation_stile = "de"', "language[de].citation_stile", "unknown key"),
    ],
)
def test_a_broken_file_names_file_and_key(tmp_path: Path, old: str, new: str, key: str, reason: str) -> None:
    path = _shipped_with(tmp_path, old, new)
    with pytest.raises(DataFileError) as caught:
        load_registry(shipped=path)
    assert (caught.value.file, caught.value.key) == (str(path), key)
    assert reason in caught.value.reason


def test_english_is_required_and_toml_errors_are_reported(tmp_path: Path) -> None:
    only_french = _write(tmp_path / "fr.toml", FRENCH)
    with pytest.raises(DataFileError, match="English"):
        load_registry(shipped=only_french)
    broken = _write(tmp_path / "broken.toml", "[[language]\n")
    with pytest.raises(DataFileError, match="not valid TOML") as caught:
        load_registry(shipped=broken)
    assert caught.value.file == str(broken)


def test_a_broken_pack_file_is_skipped_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _pack(tmp_path, FRENCH, "good")
    bad = _pack(tmp_path, FRENCH.replace('code = "fr"', 'code = "es"').replace('"fr_FR"', '"nowhere"'), "bad")
    redefines = _pack(tmp_path, FRENCH.replace('code = "fr"', 'code = "de"'), "redefines")
    folders = (bad, good, redefines, tmp_path / "absent")
    monkeypatch.setenv("HABEAS_LAW_PATH", os.pathsep.join(str(p) for p in folders))
    clear_language_cache()
    reg = registry()
    assert reg.codes == ("en", "en_US", "zh_CN", "de", "fr")
    assert language("de").native_name == "Deutsch"  # a pack cannot replace a shipped language
    assert [(p.file, p.key) for p in reg.problems] == [
        (str(bad / "languages.toml"), "language[es].babel_locale"),
        (str(redefines / "languages.toml"), "language[de].code"),
    ]


# --- a fourth UI language --------------------------------------------------------------------------


def test_a_registered_language_without_catalog_is_english_text(french: Path) -> None:
    assert i18n.normalize_language("fr_FR.UTF-8") == "fr"
    assert "fr" in registry().codes
    assert "fr" not in i18n.LANGUAGES  # no catalog: not offered in the picker
    assert i18n.LANGUAGE_NAMES["fr"] == "Français"
    i18n.set_language("fr")
    assert i18n._("No problems found.") == "No problems found."
    assert i18n.format_date(date(2026, 3, 11)) == "11 mars 2026"
    assert language("fr").file == str(french / "languages.toml")


def test_every_trace_renders_in_a_language_without_catalog(french: Path, kb: KnowledgeBase) -> None:
    dates = _date_words("en_GB") | _date_words("fr_FR")
    cited = set().union(*(_words(f"{p.citation_en} {p.citation_original}") for p in kb.provisions.values()))
    rendered: set[str] = set()
    for key, rule in kb.rules.items():
        code = kb.rule_jurisdictions.get(key)
        if code not in kb.jurisdictions:
            continue  # shared law (EU) is rendered through the jurisdictions that use it
        for start in (START, date(2026, 12, 21), date(2036, 9, 29)):  # across a year; estimated CN
            extended = rule.extension_count is not None
            english = due_date(code, start, rule=rule, kb=kb, lang="en", extended=extended).explain()
            french_lines = due_date(code, start, rule=rule, kb=kb, lang="fr", extended=extended).explain()
            assert len(french_lines) == len(english), (key, start)
            for fr_line, en_line in zip(french_lines, english, strict=True):
                # The same English words; only the names of months and days differ (some English
                # text names days: "an end on a Saturday, Sunday or public holiday"), and citations
                # (English readers of GB-ENG get the original form, others the English one).
                assert _words(fr_line) ^ _words(en_line) <= dates | cited, (fr_line, en_line)
            weekday = format_skeleton("EEE", start, locale="fr_FR")
            long = format_date(start, "long", locale="fr_FR")
            assert any(line.startswith(f"Start: {long} ({weekday}) (") for line in french_lines), key
            rendered.add(code)
    assert rendered == set(kb.jurisdictions)


def _words(line: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", line))


def _date_words(locale: str) -> set[str]:
    """Every word of the locale's month and weekday names (not the one-letter narrow forms)."""
    parsed = Locale.parse(locale)
    names: set[str] = set()
    for table in (parsed.months, parsed.days):
        for context in ("format", "stand-alone"):
            for width in ("abbreviated", "wide", "short"):
                names.update(table[context].get(width, {}).values())
    return set().union(*(_words(name) for name in names))


def test_a_language_with_its_catalog_becomes_a_ui_language(
    french: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kb: KnowledgeBase
) -> None:
    locales = tmp_path / "locales"
    catalog = Catalog(locale="fr", domain="habeas")
    catalog.add("Due: {date}", "Échéance : {date}")
    (locales / "fr" / "LC_MESSAGES").mkdir(parents=True)
    with (locales / "fr" / "LC_MESSAGES" / "habeas.mo").open("wb") as fh:
        write_mo(fh, catalog)
    monkeypatch.setattr(languages, "locales_dir", lambda: locales)
    monkeypatch.setattr(i18n, "locales_dir", lambda: locales)
    clear_language_cache()
    assert registry().ui_codes == ("en", "fr")  # the shipped catalogs are not in this folder
    result = due_date("DE", date(2026, 3, 2), count=1, unit=Unit.MONTHS, kb=kb, lang="fr")
    assert "Échéance : 2 avril 2026 (jeu.)" in result.explain()


def test_holiday_names_fall_back_to_english(french: Path, kb: KnowledgeBase) -> None:
    easter_monday = date(2026, 4, 6)
    assert calendar_for("DE", kb=kb).holiday_name(easter_monday, "fr") == "Easter Monday"
    assert calendar_for("DE", kb=kb).holiday_name(easter_monday, "de") == "Ostermontag"
    assert calendar_for("GB-ENG", kb=kb).holiday_name(easter_monday, "fr") == "Easter Monday"
    cn = calendar_for("CN", kb=kb)
    assert cn.holiday_name(date(2026, 2, 17), "fr") == "Spring Festival"
    assert cn.holiday_name(date(2040, 1, 1), "fr") == "New Year's Day"  # estimated by holidays
    assert cn.holiday_name(date(2040, 1, 1), "zh") == "元旦"


def test_dates_in_an_unknown_language_do_not_crash() -> None:
    day = date(2026, 3, 11)
    assert i18n.translator("xx_YY").format_date(day) == "11 March 2026"
    assert translated_date(day, "klingon") == "11 March 2026"
    i18n.set_language("tlh")
    assert i18n.current_language() == "en"
    assert i18n.format_date(day, "medium") == "Mar 11, 2026"


def test_the_china_calendar_takes_its_codes_from_the_data() -> None:
    cal = build_calendar("XX", CalendarSpec("china", "CN", None, None), None)
    assert isinstance(cal, ChinaCalendar)
    assert (cal.code, cal.spec.country) == ("XX", "CN")
    assert not cal.is_working_day(date(2026, 2, 17))
    assert cal.is_working_day(date(2026, 2, 14))  # a make-up working Saturday
