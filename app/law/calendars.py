"""Working-day calendars built on maintained packages (no hand-written holiday tables).

- China: ``chinesecalendar`` is primary (it has the State Council's make-up working days,
  调休上班日); ``holidays.China`` gives localised names and a best estimate for years the package
  does not cover. Tests cross-check the two for 2025-2026 (law.md E).
- Germany, England & Wales, United States: ``holidays`` (DE nationwide, optional Land; UK subdiv
  ENG; US legal public holidays as observed, 5 U.S.C. § 6103 and EO 11582).
A user schedule file (app.law.schedules) for a year replaces the package data for that year.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Collection
from datetime import date
from functools import cache
from pathlib import Path

import chinese_calendar
import holidays
from chinese_calendar import constants as cn_constants

from app.errors import InputError
from app.law.model import CalendarSpec, KnowledgeBase
from app.law.schedules import Schedule, load_schedules

log = logging.getLogger(__name__)

# Years for which rule-based calendars (DE, GB, US) are trusted: the holidays package derives them
# from statutory rules; one-off proclamations far ahead cannot be known, hence the upper bound.
RULE_BASED_YEARS = range(1990, 2101)


class WorkingCalendar(ABC):
    """Which days are working days in one jurisdiction, and why the others are not."""

    def __init__(self, code: str, schedules: dict[int, Schedule]) -> None:
        self.code = code
        self.schedules = schedules

    @abstractmethod
    def _package_is_working_day(self, day: date) -> bool: ...

    @abstractmethod
    def _package_holiday_name(self, day: date, lang: str) -> str | None: ...

    @property
    @abstractmethod
    def package_years(self) -> Collection[int]: ...

    @property
    @abstractmethod
    def package_source(self) -> str: ...

    def is_working_day(self, day: date) -> bool:
        schedule = self.schedules.get(day.year)
        if schedule is not None:
            return schedule.is_working_day(day)
        return self._package_is_working_day(day)

    def holiday_name(self, day: date, lang: str = "en") -> str | None:
        """The public holiday on ``day`` in ``lang`` where the data have it, else English; None if none."""
        schedule = self.schedules.get(day.year)
        if schedule is not None:
            return schedule.holiday_name(day, lang)
        return self._package_holiday_name(day, lang)

    def is_makeup_workday(self, day: date) -> bool:
        """A Saturday or Sunday that is an official working day (China's 调休上班日)."""
        return day.weekday() >= 5 and self.is_working_day(day)

    def closure_name(self, day: date) -> str | None:
        """A closure that is not a legal holiday (US executive orders); counted as a working day."""
        return None

    def has_official_data(self, year: int) -> bool:
        return year in self.schedules or year in self.package_years

    @property
    def years_with_data(self) -> frozenset[int]:
        return frozenset(self.package_years) | frozenset(self.schedules)

    def source_of(self, year: int) -> str:
        schedule = self.schedules.get(year)
        if schedule is not None:
            return f"{Path(schedule.file).name} ({schedule.source})"
        return self.package_source


class ChinaCalendar(WorkingCalendar):
    """PRC working days including make-up weekend working days (调休上班日)."""

    def __init__(self, schedules: dict[int, Schedule]) -> None:
        super().__init__("CN", schedules)
        keys = cn_constants.holidays.keys()
        self._years = range(min(keys).year, max(keys).year + 1)
        self._estimates: dict[str, holidays.HolidayBase] = {}

    @property
    def package_years(self) -> range:
        return self._years

    @property
    def package_source(self) -> str:
        return f"chinesecalendar {_version('chinesecalendar')}"

    def _estimate(self, lang: str) -> holidays.HolidayBase:
        # Outside chinesecalendar's years: holidays.China's rule-based festival dates, without
        # make-up days. Results using it are provisional (the engine says so).
        language = "zh_CN" if lang == "zh_CN" else "en_US"
        if language not in self._estimates:
            self._estimates[language] = holidays.country_holidays("CN", language=language)
        return self._estimates[language]

    def _package_is_working_day(self, day: date) -> bool:
        if day.year in self._years:
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5 and day not in self._estimate("en")

    def _package_holiday_name(self, day: date, lang: str) -> str | None:
        if day.year not in self._years:
            name = self._estimate(lang).get(day)
            return str(name) if name else None
        if day not in cn_constants.holidays:
            return None
        english = str(cn_constants.holidays[day])
        if lang == "zh_CN":
            for member in cn_constants.Holiday:
                if member.value == english:
                    return str(member.chinese)
        return english


class HolidaysCalendar(WorkingCalendar):
    """Weekends plus the public holidays of the ``holidays`` package (observed dates included)."""

    def __init__(self, code: str, spec: CalendarSpec, schedules: dict[int, Schedule]) -> None:
        super().__init__(code, schedules)
        self.spec = spec
        self._by_language: dict[str, holidays.HolidayBase] = {}
        self._closures: holidays.HolidayBase | None = None

    @property
    def package_years(self) -> range:
        return RULE_BASED_YEARS

    @property
    def package_source(self) -> str:
        subdivision = f"/{self.spec.subdivision}" if self.spec.subdivision else ""
        return f"holidays {_version('holidays')} ({self.spec.country}{subdivision})"

    def _table(self, lang: str) -> holidays.HolidayBase:
        cls = holidays.country_holidays(self.spec.country).__class__
        supported = getattr(cls, "supported_languages", ())
        wanted = {"zh_CN": "zh_CN", "de": "de", "en": "en_GB" if self.spec.country == "GB" else "en_US"}
        language = wanted.get(lang, "en_US")
        if language not in supported:
            language = "en_GB" if "en_GB" in supported and self.spec.country == "GB" else "en_US"
            if language not in supported:
                language = getattr(cls, "default_language", None) or "en_US"
        if language not in self._by_language:
            self._by_language[language] = holidays.country_holidays(
                self.spec.country, subdiv=self.spec.subdivision, language=language, observed=True
            )
        return self._by_language[language]

    def _package_is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._table("en")

    def _package_holiday_name(self, day: date, lang: str) -> str | None:
        name = self._table(lang).get(day)
        return str(name) if name else None

    def closure_name(self, day: date) -> str | None:
        if self.spec.closures_category is None or day.weekday() >= 5:
            return None
        if self._closures is None:
            self._closures = holidays.country_holidays(
                self.spec.country, categories=(self.spec.closures_category,), observed=True
            )
        name = self._closures.get(day)
        if not name or not self.is_working_day(day):
            return None
        return str(name)


def build_calendar(code: str, spec: CalendarSpec, user_calendars_dir: Path | None) -> WorkingCalendar:
    schedules = load_schedules(user_calendars_dir, code)
    if spec.kind == "china":
        return ChinaCalendar(schedules)
    if spec.kind == "holidays":
        return HolidaysCalendar(code, spec, schedules)
    raise ValueError(f"unknown calendar kind {spec.kind!r}")  # the loader validates kinds


CALENDAR_KINDS = frozenset({"china", "holidays"})


def calendar_for(
    jurisdiction: str,
    user_calendars_dir: Path | None = None,
    subdivision: str | None = None,
    *,
    kb: KnowledgeBase | None = None,
) -> WorkingCalendar:
    """The working calendar of ``jurisdiction`` (``subdivision``: e.g. a German Land, "BY")."""
    from app.i18n import _
    from app.law.loader import shipped_knowledge_base

    base = kb if kb is not None else shipped_knowledge_base()
    j = base.jurisdiction(jurisdiction)
    spec = j.calendar_spec
    if subdivision:
        cls = holidays.country_holidays(spec.country).__class__
        if subdivision not in getattr(cls, "subdivisions", ()):
            raise InputError(
                _("Unknown subdivision {subdivision} for {code}.").format(
                    subdivision=subdivision, code=j.code
                )
            )
        spec = CalendarSpec(spec.kind, spec.country, subdivision, spec.closures_category)
    directory = user_calendars_dir if user_calendars_dir is not None else base.user_calendars_dir
    return build_calendar(j.code, spec, directory)


@cache
def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"
