"""User-supplied official holiday schedules (one JSON file per jurisdiction and year).

China publishes next year's holidays and make-up working days (调休上班日) each November; until the
``chinesecalendar`` package is updated, the user can drop the schedule into the user calendars
directory (``app_paths().calendars_dir``). The file then replaces the package's data for that year
and makes working-day results for that year non-provisional.

File name: ``<CODE>-<YEAR>.json``, e.g. ``CN-2027.json``. Content::

    {
      "jurisdiction": "CN",
      "year": 2027,
      "source": "国务院办公厅关于2027年部分节假日安排的通知 (国办发明电〔2026〕N号)",
      "holidays": [
        {"start": "2027-01-01", "end": "2027-01-03", "name": "New Year's Day",
         "names": {"zh_CN": "元旦", "de": "Neujahr"}},
        {"start": "2027-04-05", "name": "Tomb-sweeping Day"}
      ],
      "makeup_workdays": [
        {"date": "2027-02-20", "name": "Spring Festival"}
      ]
    }

Rules (checked on load, errors name the file and the key):
- ``jurisdiction`` and ``year`` must match the file name; ``source`` names the official notice.
- ``holidays``: list of periods; ``end`` is inclusive and optional (one day); every date lies in
  ``year``; ``name`` is English, ``names`` optionally gives it in other registered languages
  (``zh_CN``, ``de``…: resources/languages.toml and law packs' languages.toml).
- ``makeup_workdays``: Saturdays or Sundays that are official working days; not inside a holiday.
- The file lists the *whole* year: days it does not name follow the weekday/weekend rule.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from app.contract import EARLIEST, LATEST, MAX_DATA_FILE, json_problem, read_limited
from app.errors import DataFileError, InputError
from app.languages import language, registry
from app.law.fields import Table

log = logging.getLogger(__name__)

FILE_PATTERN = re.compile(r"^(?P<code>[A-Z]{2}(?:-[A-Z]{2,3})?)-(?P<year>\d{4})\.json$")


@dataclass(frozen=True)
class Schedule:
    """One year's official schedule for one jurisdiction, from a user file."""

    jurisdiction: str
    year: int
    source: str
    file: str
    holidays: Mapping[date, tuple[str, Mapping[str, str]]]  # day -> (English name, other languages)
    makeup_workdays: Mapping[date, str]

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def holiday_name(self, day: date, lang: str) -> str | None:
        entry = self.holidays.get(day)
        if entry is None:
            return None
        english, names = entry
        spoken = language(lang)
        return names.get(spoken.code) or names.get(spoken.catalog) or english


def load_schedule(path: Path) -> Schedule:
    """Read and validate one schedule file; DataFileError names the file, key and reason."""
    file = str(path)
    match = FILE_PATTERN.match(path.name)
    if match is None:
        raise DataFileError(file, "", "file name must look like CN-2027.json")
    try:
        data = json.loads(read_limited(path, MAX_DATA_FILE).decode("utf-8"))
    except (InputError, UnicodeDecodeError) as exc:
        raise DataFileError(file, "", f"cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(file, f"line {exc.lineno}", f"not valid JSON: {exc.msg}") from None
    except (RecursionError, ValueError):  # nested thousands deep, a number of 4,301+ digits
        raise DataFileError(file, "", "not valid JSON: nested too deeply or a number too long") from None
    problem = json_problem(data, text_limit=MAX_DATA_FILE)  # the input contract (app.contract)
    if problem:
        raise DataFileError(file, problem.path, problem.message)
    top = Table(file, "", data)
    top.check_keys({"jurisdiction", "year", "source", "holidays", "makeup_workdays", "note"})
    code = top.text("jurisdiction")
    year = top.integer("year", minimum=EARLIEST.year, maximum=LATEST.year)
    assert year is not None
    if code != match["code"]:
        top.fail("jurisdiction", f"{code!r} does not match the file name ({match['code']})")
    if year != int(match["year"]):
        top.fail("year", f"{year} does not match the file name ({match['year']})")
    source = top.text("source")

    holidays: dict[date, tuple[str, Mapping[str, str]]] = {}
    for item in top.tables("holidays", required=True):
        item.check_keys({"start", "end", "name", "names"})
        start = item.day("start", required=True)
        end = item.day("end") or start
        assert start is not None and end is not None
        if end < start:
            item.fail("end", "is before start")
        for key, day in (("start", start), ("end", end)):
            if day.year != year:
                item.fail(key, f"{day.isoformat()} is not in {year}")
        name = item.text("name")
        names: dict[str, str] = {}
        names_table = item.table("names", required=False)
        if names_table is not None:
            known = registry().codes  # any registered language (app.languages)
            for lang in names_table.data:
                if lang not in known:
                    names_table.fail(lang, f"unknown language (allowed: {', '.join(known)})")
                names[lang] = names_table.text(lang)
        day = start
        while day <= end:
            if day in holidays:
                item.fail("start", f"{day.isoformat()} is listed twice")
            holidays[day] = (name, names)
            day += timedelta(days=1)

    makeup: dict[date, str] = {}
    for item in top.tables("makeup_workdays"):
        item.check_keys({"date", "name"})
        found = item.day("date", required=True)
        assert found is not None
        day = found
        if day.year != year:
            item.fail("date", f"{day.isoformat()} is not in {year}")
        if day.weekday() < 5:
            item.fail(
                "date", f"{day.isoformat()} is a weekday; make-up working days are Saturdays or Sundays"
            )
        if day in holidays:
            item.fail("date", f"{day.isoformat()} is also listed as a holiday")
        if day in makeup:
            item.fail("date", f"{day.isoformat()} is listed twice")
        makeup[day] = item.text("name", required=False)
    log.info("loaded holiday schedule %s", path.name)
    return Schedule(code, year, source, file, holidays, makeup)


def load_schedules(directory: Path | None, jurisdiction: str) -> dict[int, Schedule]:
    """All valid schedule files for ``jurisdiction`` in ``directory`` (missing directory: none)."""
    if directory is None or not directory.is_dir():
        return {}
    found: dict[int, Schedule] = {}
    for path in sorted(directory.glob(f"{jurisdiction}-*.json")):
        match = FILE_PATTERN.match(path.name)
        if match is None or match["code"] != jurisdiction:
            continue
        schedule = load_schedule(path)
        found[schedule.year] = schedule
    return found
