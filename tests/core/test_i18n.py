from __future__ import annotations

from datetime import date

import pytest

from app import i18n


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh-Hans-CN", "zh_CN"),
        ("de_DE", "de"),
        ("en_US", "en"),  # a variant of English: same catalog
        ("fr_FR", "en"),
        (None, "en"),
    ],
)
def test_language_codes_are_normalised(raw: str | None, expected: str) -> None:
    assert i18n.normalize_language(raw) == expected


def test_dates_follow_the_language() -> None:
    day = date(2026, 3, 11)
    assert i18n.translator("zh_CN").format_date(day) == "2026年3月11日"
    assert i18n.translator("de").format_date(day) == "11. März 2026"
    assert i18n.translator("en").format_date(day) == "11 March 2026"


def test_switching_language_changes_translations() -> None:
    i18n.set_language("de")
    assert i18n._("No problems found.") == "Keine Probleme gefunden."
    i18n.set_language("zh_CN")
    assert i18n._("No problems found.") == "未发现问题。"
    i18n.set_language("en")
    assert i18n._("No problems found.") == "No problems found."
