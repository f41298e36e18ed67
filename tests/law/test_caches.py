"""The law caches change nothing but speed: cached tables equal the packages' answers, and a user
schedule file that is added, edited or removed is seen without restarting."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import holidays
import pytest
from babel.dates import format_interval, format_skeleton
from chinese_calendar import constants as cn_constants

from app.i18n import translator
from app.law import KnowledgeBase, calendar_for, clear_caches, due_date
from app.law.calendars import china_rest_days, holiday_table
from app.law.dates import interval, skeleton_date, translated_date
from app.law.loader import shipped_knowledge_base

SCHEDULE = {
    "jurisdiction": "CN",
    "year": 2027,
    "source": "test schedule (invented for the test, not the official notice)",
    "holidays": [{"start": "2027-02-08", "end": "2027-02-12", "name": "Spring Festival"}],
    "makeup_workdays": [],
}


def _year(year: int) -> list[date]:
    day, days = date(year, 1, 1), []
    while day.year == year:
        days.append(day)
        day += timedelta(days=1)
    return days


def test_china_rest_days_follow_is_workday_in_every_year_the_package_has() -> None:
    first, last = min(cn_constants.holidays).year, max(cn_constants.holidays).year
    wrong = [
        d
        for year in range(first, last + 1)
        for d in _year(year)
        if (d in china_rest_days(year)) == chinese_calendar.is_workday(d)
    ]
    assert wrong == []


# (country, subdivision, language): the tables the calendars ask for.
TABLES = [
    ("US", None, "en_US"),
    ("GB", "ENG", "en_GB"),
    ("DE", None, "de"),
    ("DE", "BY", "en_US"),
    ("CN", None, "zh_CN"),
]


@pytest.mark.parametrize(("country", "subdivision", "language"), TABLES)
def test_one_year_tables_equal_a_table_holding_neighbouring_years(
    country: str, subdivision: str | None, language: str
) -> None:
    """A lazily grown package table holds each day under its own year, whatever else it holds; so one
    table per year answers exactly like the shared table the calendars used to keep."""
    for year in (1990, 2021, 2022, 2025, 2026, 2027, 2033, 2100):
        shared = holidays.country_holidays(
            country, subdiv=subdivision, language=language, observed=True, years=range(year - 1, year + 2)
        )
        from_shared = {d: str(n) for d, n in shared.items() if d.year == year}
        one = holiday_table(country, year, subdivision=subdivision, language=language, observed=True)
        assert dict(one) == from_shared, year
        assert all(d.year == year for d in one)


def test_us_new_year_observed_on_31_december_is_in_the_earlier_year() -> None:
    # 1 Jan 2022 was a Saturday: the holiday was observed on Friday 31 Dec 2021 (5 U.S.C. 6103(b)).
    assert "observed" in holiday_table("US", 2021, language="en_US", observed=True)[date(2021, 12, 31)]
    assert not calendar_for("US", kb=shipped_knowledge_base()).is_working_day(date(2021, 12, 31))


def test_calendars_are_reused_until_caches_are_cleared(kb: KnowledgeBase) -> None:
    first = calendar_for("US", kb=kb)
    assert calendar_for("US", kb=kb) is first
    assert calendar_for("DE", kb=kb, subdivision="BY") is not calendar_for("DE", kb=kb)
    clear_caches()
    again = calendar_for("US", kb=kb)
    assert again is not first
    assert [again.is_working_day(d) for d in _year(2026)] == [first.is_working_day(d) for d in _year(2026)]


def test_a_schedule_file_added_edited_or_removed_is_seen(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = tmp_path / "CN-2027.json"
    before = calendar_for("CN", tmp_path, kb=kb)
    assert not before.has_official_data(2027)

    path.write_text(json.dumps(SCHEDULE), encoding="utf-8")
    added = calendar_for("CN", tmp_path, kb=kb)
    assert added.has_official_data(2027) and not added.is_working_day(date(2027, 2, 8))

    edited = dict(
        SCHEDULE, holidays=[{"start": "2027-02-09", "end": "2027-02-12", "name": "Spring Festival"}]
    )
    path.write_text(json.dumps(edited), encoding="utf-8")
    changed = calendar_for("CN", tmp_path, kb=kb)
    assert changed.is_working_day(date(2027, 2, 8))

    # Same size, different content: the modification time alone tells the change.
    same_size = json.dumps(SCHEDULE).replace("02-08", "02-10")
    assert len(same_size) == len(json.dumps(SCHEDULE))
    stat = path.stat()
    path.write_text(same_size, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert calendar_for("CN", tmp_path, kb=kb).is_working_day(date(2027, 2, 8))

    path.unlink()
    assert not calendar_for("CN", tmp_path, kb=kb).has_official_data(2027)


def test_due_dates_follow_a_new_schedule_file(tmp_path: Path) -> None:
    from app.law import load_knowledge_base

    kb = load_knowledge_base(tmp_path)
    without = due_date("CN", date(2027, 2, 5), count=3, unit="working_days", kb=kb)
    (tmp_path / "CN-2027.json").write_text(json.dumps(SCHEDULE), encoding="utf-8")
    with_file = due_date("CN", date(2027, 2, 5), count=3, unit="working_days", kb=kb)
    assert without.provisional and not with_file.provisional
    assert with_file.due == date(2027, 2, 17)  # 8-12 Feb are holidays, 13-14 a weekend


LOCALES = ("en_GB", "de_DE", "zh_CN")
SKELETONS = ("EEE", "MMMd", "yMMMd", "MMMEd", "yMMMEd")


def test_cached_formatting_equals_babel() -> None:
    days = [date(2024, 12, 30) + timedelta(days=k * 11) for k in range(40)]
    for locale in LOCALES:
        for skeleton in SKELETONS:
            for day in days:
                assert skeleton_date(skeleton, day, locale) == format_skeleton(skeleton, day, locale=locale)
        for first, last in zip(days, days[3:], strict=False):
            for skeleton in ("MMMd", "yMMMd"):
                assert interval(first, last, skeleton, locale) == format_interval(
                    first, last, skeleton=skeleton, locale=locale
                )
    for lang in ("en", "de", "zh_CN"):
        for day in days:
            assert translated_date(day, lang) == translator(lang).format_date(day)
