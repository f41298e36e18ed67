"""Calendars: chinesecalendar vs holidays cross-check, make-up days, official-data years, user files."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import holidays
import pytest

from app.errors import DataFileError
from app.law import KnowledgeBase, calendar_for
from app.law.schedules import load_schedule

# law.md E [V by running]: the official make-up working days (调休上班日).
MAKEUP_2025 = [date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11)]
MAKEUP_2026 = [
    date(2026, 1, 4),
    date(2026, 2, 14),
    date(2026, 2, 28),
    date(2026, 5, 9),
    date(2026, 9, 20),
    date(2026, 10, 10),
]


def _days(year_from: int, year_to: int) -> list[date]:
    day, out = date(year_from, 1, 1), []
    while day.year <= year_to:
        out.append(day)
        day += timedelta(days=1)
    return out


def test_chinesecalendar_and_holidays_agree_every_day_2025_2026() -> None:
    cn = holidays.China(years=[2025, 2026])
    disagreements = [d for d in _days(2025, 2026) if chinese_calendar.is_workday(d) != cn.is_working_day(d)]
    assert disagreements == []


def test_china_calendar_matches_both_packages(kb: KnowledgeBase) -> None:
    cal = calendar_for("CN", kb=kb)
    assert all(cal.is_working_day(d) == chinese_calendar.is_workday(d) for d in _days(2025, 2026))


def test_makeup_workdays_are_exactly_the_official_ones(kb: KnowledgeBase) -> None:
    cal = calendar_for("CN", kb=kb)
    found = [d for d in _days(2025, 2026) if cal.is_makeup_workday(d)]
    assert found == MAKEUP_2025 + MAKEUP_2026
    assert sorted(d for d in holidays.China(years=[2025, 2026]).weekend_workdays if d.year >= 2025) == found


def test_spring_festival_2026_and_names(kb: KnowledgeBase) -> None:
    cal = calendar_for("CN", kb=kb)
    festival = [date(2026, 2, 15) + timedelta(days=i) for i in range(9)]
    assert not any(cal.is_working_day(d) for d in festival)
    assert cal.holiday_name(date(2026, 2, 17), "zh_CN") == "春节"
    assert cal.holiday_name(date(2026, 2, 17), "en") == "Spring Festival"
    assert cal.holiday_name(date(2026, 2, 14), "en") is None  # a working Saturday, not a holiday


def test_official_data_years(kb: KnowledgeBase) -> None:
    cal = calendar_for("CN", kb=kb)
    assert cal.has_official_data(2025) and cal.has_official_data(2026)
    assert not cal.has_official_data(2027)  # law.md E: the 2027 notice was not found
    assert 2026 in cal.years_with_data and 2027 not in cal.years_with_data


def test_us_observed_and_closures(kb: KnowledgeBase) -> None:
    cal = calendar_for("US", kb=kb)
    assert not cal.is_working_day(date(2027, 6, 18))  # Juneteenth (Sat) observed Friday, § 6103(b)
    assert not cal.is_working_day(date(2027, 12, 31))  # New Year 2028 (Sat) observed Friday
    assert not cal.is_working_day(date(2027, 7, 5))  # Independence Day (Sun) observed Monday, EO 11582
    assert cal.is_working_day(date(2025, 12, 24))  # EO closure, not a legal public holiday (D.3)
    assert cal.closure_name(date(2025, 12, 24)) is not None
    assert cal.closure_name(date(2025, 12, 23)) is None


def test_england_and_germany(kb: KnowledgeBase) -> None:
    eng = calendar_for("GB-ENG", kb=kb)
    assert not eng.is_working_day(date(2026, 12, 28))  # Boxing Day (Sat) substitute
    assert not eng.is_working_day(date(2026, 8, 31))  # Late Summer Bank Holiday (E&W only)
    de = calendar_for("DE", kb=kb)
    assert de.holiday_name(date(2026, 4, 6), "de") == "Ostermontag"
    assert de.is_working_day(date(2026, 1, 6))  # Epiphany is a Land holiday only
    by = calendar_for("DE", kb=kb, subdivision="BY")
    assert not by.is_working_day(date(2026, 1, 6))


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


SCHEDULE_2027 = {
    "jurisdiction": "CN",
    "year": 2027,
    "source": "test schedule (invented for the test, not the official notice)",
    "holidays": [
        {"start": "2027-02-06", "end": "2027-02-12", "name": "Spring Festival", "names": {"zh_CN": "春节"}}
    ],
    "makeup_workdays": [{"date": "2027-02-13", "name": "Spring Festival"}],
}


def test_user_schedule_makes_a_year_official(tmp_path: Path, kb: KnowledgeBase) -> None:
    _write(tmp_path / "CN-2027.json", SCHEDULE_2027)
    cal = calendar_for("CN", tmp_path, kb=kb)
    assert cal.has_official_data(2027)
    assert cal.is_makeup_workday(date(2027, 2, 13))
    assert not cal.is_working_day(date(2027, 2, 8))
    assert cal.holiday_name(date(2027, 2, 8), "zh_CN") == "春节"
    assert "CN-2027.json" in cal.source_of(2027)


@pytest.mark.parametrize(
    ("change", "key", "reason"),
    [
        ({"year": 2028}, "year", "does not match"),
        ({"makeup_workdays": [{"date": "2027-02-15"}]}, "makeup_workdays[0].date", "is a weekday"),
        (
            {"holidays": [{"start": "2027-02-06", "end": "2027-02-01", "name": "X"}]},
            "holidays[0].end",
            "before start",
        ),
        ({"holidays": [{"start": "2026-12-31", "name": "X"}]}, "holidays[0].start", "not in 2027"),
        ({"holidays": [{"start": "2027-13-01", "name": "X"}]}, "holidays[0].start", "expected a date"),
        ({"extra": 1}, "extra", "unknown key"),
        (
            {"makeup_workdays": [{"date": "2027-02-06"}]},
            "makeup_workdays[0].date",
            "also listed as a holiday",
        ),
    ],
)
def test_broken_user_schedule_names_file_key_reason(
    tmp_path: Path, change: dict[str, object], key: str, reason: str
) -> None:
    path = _write(tmp_path / "CN-2027.json", {**SCHEDULE_2027, **change})
    with pytest.raises(DataFileError) as caught:
        load_schedule(path)
    assert caught.value.file == str(path)
    assert caught.value.key == key
    assert reason in caught.value.reason


def test_invalid_json_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "CN-2027.json"
    path.write_text('{\n "year": 2027,\n oops\n}', encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_schedule(path)
    assert caught.value.key == "line 3"
