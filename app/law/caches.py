"""One call to empty every cache of app.law (calendars, holiday tables, formatted dates).

Not needed in normal use: calendars notice added, edited or removed user schedule files by their
names, sizes and modification times. Call it in tests that swap package data, or after a schedule
file was rewritten within the file system's time resolution without changing its size.
"""

from __future__ import annotations

from app.law.calendars import clear_calendar_caches
from app.law.dates import clear_date_caches


def clear_caches() -> None:
    clear_calendar_caches()
    clear_date_caches()
