"""Working-day calendars built on maintained packages (no hand-written holiday tables).

- China: ``chinesecalendar`` is primary (it has the State Council's make-up working days,
  调休上班日); ``holidays.China`` gives localised names and a best estimate for years the package
  does not cover. Tests cross-check the two for 2025-2026 (law.md E).
- Germany, England & Wales, United States: ``holidays`` (DE nationwide, optional Land; UK subdiv
  ENG; US legal public holidays as observed, 5 U.S.C. § 6103 and EO 11582).
A user schedule file (app.law.schedules) for a year replaces the package data for that year.

Caching (profiled: building ``holidays`` tables on every call made ``due_date`` cost ~9 ms): the
package's holiday tables are cached per country, subdivision, language and *year* as immutable
mappings (the package files a holiday observed in the previous year, e.g. 31 Dec for a Saturday
1 Jan, under the year that was asked for, so one year's table answers every day of that year);
calendars are cached per jurisdiction, subdivision, user calendars directory and the names, sizes
and modification times of that directory's schedule files, so a schedule the user adds, edits or
removes is seen on the next call. Calendar objects hold no mutable state and can be shared between
threads. ``app.law.clear_caches()`` empties everything (tests; a file edited twice within the
file system's time resolution without changing its size).
"""

from __future__ import annotations

import logging
import os
from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import holidays
from chinese_calendar import constants as cn_constants

from app.errors import InputError
from app.languages import ENGLISH, Language, language, registry
from app.law.model import CalendarSpec, KnowledgeBase
from app.law.schedules import Schedule, load_schedules

log = logging.getLogger(__name__)

# Years for which rule-based calendars (DE, GB, US) are trusted: the holidays package derives them
# from statutory rules; one-off proclamations far ahead cannot be known, hence the upper bound.
RULE_BASED_YEARS = range(1990, 2101)
# The language prefix of chinesecalendar's own holiday names (``Holiday.chinese``).
_CHINESE = "zh"


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

    def holiday_name(self, day: date, lang: str = ENGLISH) -> str | None:
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


@lru_cache(maxsize=4096)
def holiday_table(
    country: str,
    year: int,
    *,
    subdivision: str | None = None,
    language: str | None = None,
    observed: bool | None = None,
    categories: tuple[str, ...] | None = None,
) -> Mapping[date, str]:
    """One year of the ``holidays`` package's table, as an immutable day -> name mapping.

    Arguments left at None are not passed to the package (its defaults apply).
    """
    options: dict[str, Any] = {"years": year}
    for name, value in (
        ("subdiv", subdivision),
        ("language", language),
        ("observed", observed),
        ("categories", categories),
    ):
        if value is not None:
            options[name] = value
    table = holidays.country_holidays(country, **options)
    return MappingProxyType({day: str(name) for day, name in table.items()})


@cache
def holiday_class(country: str) -> type[holidays.HolidayBase]:
    """The package's class for ``country`` (languages, subdivisions), without building a table each time."""
    return type(holidays.country_holidays(country))


@lru_cache(maxsize=256)
def china_rest_days(year: int) -> frozenset[date]:
    """The days of ``year`` that are not working days by ``chinese_calendar``'s data.

    ``chinese_calendar.is_workday`` scans its whole table on every call (about 35 µs, most of a warm
    working-day count), so its rule is applied here once per year to the same public tables: a
    listed make-up working day works, otherwise Monday to Friday work unless listed as a holiday.
    tests/law/test_calendars.py checks this against ``is_workday`` for every year the package has.
    """
    day, rest = date(year, 1, 1), set()
    while day.year == year:
        if day not in cn_constants.workdays and (day.weekday() > 4 or day in cn_constants.holidays):
            rest.add(day)
        day += timedelta(days=1)
    return frozenset(rest)


def package_language(country: str, lang: str) -> str:
    """The ``holidays`` language giving ``country``'s holiday names in ``lang``.

    The first of the language's ``holiday_languages`` the package has for the country, else
    English's, else the package's default: a language the package lacks gets English names.
    """
    return _package_language(country, language(lang), registry().english)


@lru_cache(maxsize=256)
def _package_language(country: str, wanted: Language, english: Language) -> str:
    cls = holiday_class(country)
    supported = getattr(cls, "supported_languages", ())
    for candidate in (*wanted.holiday_languages, *english.holiday_languages):
        if candidate in supported:
            return candidate
    return str(getattr(cls, "default_language", None) or english.holiday_languages[0])


class ChinaCalendar(WorkingCalendar):
    """Working days by the State Council's schedules, including make-up weekend working days (调休上班日).

    Chosen by calendar kind "china" in the law data; ``spec.country`` names the ``holidays``
    country whose rule-based table estimates years that ``chinesecalendar`` does not cover.
    """

    def __init__(self, code: str, spec: CalendarSpec, schedules: dict[int, Schedule]) -> None:
        super().__init__(code, schedules)
        self.spec = spec
        keys = cn_constants.holidays.keys()
        self._years = range(min(keys).year, max(keys).year + 1)
        self._english = package_language(spec.country, ENGLISH)

    @property
    def package_years(self) -> range:
        return self._years

    @property
    def package_source(self) -> str:
        return f"chinesecalendar {_version('chinesecalendar')}"

    def _estimate(self, day: date, package_lang: str) -> Mapping[date, str]:
        # Outside chinesecalendar's years: the holidays package's rule-based festival dates, without
        # make-up days. Results using it are provisional (the engine says so).
        return holiday_table(self.spec.country, day.year, language=package_lang)

    def _package_is_working_day(self, day: date) -> bool:
        if day.year in self._years:
            return day not in china_rest_days(day.year)
        return day.weekday() < 5 and day not in self._estimate(day, self._english)

    def _package_holiday_name(self, day: date, lang: str) -> str | None:
        if day.year not in self._years:
            name = self._estimate(day, package_language(self.spec.country, lang)).get(day)
            return name if name else None
        if day not in cn_constants.holidays:
            return None
        english = str(cn_constants.holidays[day])
        # chinesecalendar names its holidays in English and (simplified) Chinese only.
        if any(code.startswith(_CHINESE) for code in language(lang).holiday_languages):
            for member in cn_constants.Holiday:
                if member.value == english:
                    return str(member.chinese)
        return english


class HolidaysCalendar(WorkingCalendar):
    """Weekends plus the public holidays of the ``holidays`` package (observed dates included)."""

    def __init__(self, code: str, spec: CalendarSpec, schedules: dict[int, Schedule]) -> None:
        super().__init__(code, schedules)
        self.spec = spec
        # Working days are decided on the English table (every day of the engine's count asks).
        self._english = package_language(spec.country, ENGLISH)

    @property
    def package_years(self) -> range:
        return RULE_BASED_YEARS

    @property
    def package_source(self) -> str:
        subdivision = f"/{self.spec.subdivision}" if self.spec.subdivision else ""
        return f"holidays {_version('holidays')} ({self.spec.country}{subdivision})"

    def _table(self, language: str, year: int) -> Mapping[date, str]:
        return holiday_table(
            self.spec.country, year, subdivision=self.spec.subdivision, language=language, observed=True
        )

    def _package_is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._table(self._english, day.year)

    def _package_holiday_name(self, day: date, lang: str) -> str | None:
        package_lang = self._english if lang == ENGLISH else package_language(self.spec.country, lang)
        name = self._table(package_lang, day.year).get(day)
        return name if name else None

    def closure_name(self, day: date) -> str | None:
        if self.spec.closures_category is None or day.weekday() >= 5:
            return None
        closures = holiday_table(
            self.spec.country, day.year, categories=(self.spec.closures_category,), observed=True
        )
        name = closures.get(day)
        if not name or not self.is_working_day(day):
            return None
        return name


def build_calendar(code: str, spec: CalendarSpec, user_calendars_dir: Path | None) -> WorkingCalendar:
    schedules = load_schedules(user_calendars_dir, code)
    if spec.kind == "china":
        return ChinaCalendar(code, spec, schedules)
    if spec.kind == "holidays":
        return HolidaysCalendar(code, spec, schedules)
    raise ValueError(f"unknown calendar kind {spec.kind!r}")  # the loader validates kinds


CALENDAR_KINDS = frozenset({"china", "holidays"})


def calendar_for(
    jurisdiction: str,
    user_calendars_dir: Path | None = None,
    subdivision: str | None = None,
    *,
    kb: KnowledgeBase,
) -> WorkingCalendar:
    """The working calendar of ``jurisdiction`` in ``kb`` (``subdivision``: e.g. a German Land, "BY")."""
    from app.i18n import _

    base = kb
    j = base.jurisdiction(jurisdiction)
    spec = j.calendar_spec
    if subdivision:
        cls = holiday_class(spec.country)
        if subdivision not in getattr(cls, "subdivisions", ()):
            raise InputError(
                _("Unknown subdivision {subdivision} for {code}.").format(
                    subdivision=subdivision, code=j.code
                )
            )
        spec = CalendarSpec(spec.kind, spec.country, subdivision, spec.closures_category)
    directory = user_calendars_dir if user_calendars_dir is not None else base.user_calendars_dir
    return _cached_calendar(j.code, spec, directory, schedule_files_state(directory, j.code))


def schedule_files_state(directory: Path | None, code: str) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time (ns) of each schedule file of ``code``: part of the cache key."""
    if directory is None:
        return ()
    try:
        entries = list(os.scandir(directory))
    except OSError:  # no calendars folder (yet): no user schedules, as load_schedules decides
        return ()
    state = []
    for entry in entries:
        if entry.name.startswith(f"{code}-") and entry.name.endswith(".json"):
            try:
                info = entry.stat()
            except OSError:
                continue  # removed meanwhile
            state.append((entry.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(state))


@lru_cache(maxsize=64)
def _cached_calendar(
    code: str, spec: CalendarSpec, directory: Path | None, files: tuple[tuple[str, int, int], ...]
) -> WorkingCalendar:
    # ``files`` only keys the cache: a changed schedule file yields a new calendar.
    return build_calendar(code, spec, directory)


def clear_calendar_caches() -> None:
    """Forget cached calendars and holiday tables (app.law.clear_caches calls this)."""
    _cached_calendar.cache_clear()
    _package_language.cache_clear()
    holiday_table.cache_clear()
    china_rest_days.cache_clear()
    holiday_class.cache_clear()


@cache
def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"
