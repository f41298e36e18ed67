"""Hypothesis properties of the engine over all four calendars."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.law import KnowledgeBase, Unit, calendar_for, due_date
from app.law.conventions import add_months
from app.law.loader import shipped_knowledge_base

CODES = st.sampled_from(shipped_knowledge_base().codes)  # every shipped jurisdiction, whatever they are
STARTS = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))
UNITS = st.sampled_from(list(Unit))
SETTINGS = settings(max_examples=60, deadline=None)


def _kb() -> KnowledgeBase:
    return shipped_knowledge_base()


@SETTINGS
@given(CODES, STARTS, st.integers(1, 90), UNITS)
def test_due_is_never_before_start(code: str, start: date, count: int, unit: Unit) -> None:
    result = due_date(
        code, start, count=min(count, 24) if unit is Unit.MONTHS else count, unit=unit, kb=_kb()
    )
    assert result.due > start
    if result.alternative is not None:
        assert result.alternative >= start


@SETTINGS
@given(CODES, STARTS, st.integers(1, 60), st.integers(1, 20), UNITS)
def test_more_days_never_give_an_earlier_date(
    code: str, start: date, count: int, more: int, unit: Unit
) -> None:
    if unit is Unit.MONTHS:
        count, more = min(count, 12), min(more, 12)
    shorter = due_date(code, start, count=count, unit=unit, kb=_kb())
    longer = due_date(code, start, count=count + more, unit=unit, kb=_kb())
    assert longer.due >= shorter.due


@SETTINGS
@given(CODES, STARTS, st.integers(1, 60))
def test_working_day_result_is_a_working_day(code: str, start: date, count: int) -> None:
    result = due_date(code, start, count=count, unit=Unit.WORKING_DAYS, kb=_kb())
    assert calendar_for(code, kb=_kb()).is_working_day(result.due)


@SETTINGS
@given(st.sampled_from(["CN", "DE", "GB-ENG"]), STARTS, st.integers(1, 24))
def test_rolled_results_are_working_days(code: str, start: date, months: int) -> None:
    result = due_date(code, start, count=months, unit=Unit.MONTHS, kb=_kb())
    assert calendar_for(code, kb=_kb()).is_working_day(result.due)
    assert result.due - add_months(start, months) < timedelta(days=12)  # longest CN holiday block + weekend


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 400))
def test_months_clamp_to_month_end(start: date, months: int) -> None:
    end = add_months(start, months)
    assert (end.year - start.year) * 12 + end.month - start.month == months
    last = calendar.monthrange(end.year, end.month)[1]
    assert end.day == min(start.day, last)


@SETTINGS
@given(STARTS, st.integers(1, 24))
def test_us_calendar_periods_do_not_roll(start: date, months: int) -> None:
    result = due_date("US", start, count=months, unit=Unit.MONTHS, kb=_kb())
    assert result.due == add_months(start, months)
