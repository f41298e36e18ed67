"""Calendar export (.ics): every open deadline and escalation window as an all-day event with alarms.

Privacy: a calendar is often synced to third-party servers, so an event carries only what the user
needs to recognise the matter — the request and case numbers, the jurisdiction, the authority's
name (an institution, not a person) and the kind of deadline with its legal calculation. Never the
client's name, identity number, address or the request's free text.

UIDs are stable and unique: the request id and deadline key, and the store's identity (a personal
store and a clinic store both have a "request 1"), so re-importing an updated file updates the
events instead of duplicating them or overwriting another store's. SEQUENCE is the request's
revision (its events plus its recorded deadline moves), which grows whenever a date can change,
so calendar programs take the newer file's event over the older one (RFC 5545 3.8.7.4).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event

from app import __version__
from app.cases.service import DeadlineRow
from app.i18n import _

log = logging.getLogger(__name__)

ALARM_DAYS: tuple[int, ...] = (7, 1)  # reminders before each date
UID_DOMAIN = "habeas.invalid"  # RFC 2606 reserved: the UID names no real host


def deadline_uid(row: DeadlineRow, store_id: str) -> str:
    key = row.deadline.key.replace(":", "-")
    return f"request-{row.deadline.request_id}-{key}.{store_id}@{UID_DOMAIN}"


def deadlines_calendar(
    rows: Sequence[DeadlineRow], today: date, store_id: str, revisions: Mapping[int, int] | None = None
) -> bytes:
    """The .ics bytes for ``rows``; ``today`` stamps the events (DTSTAMP) so output is reproducible.

    ``store_id``: the store's identity (``Store.identity``); ``revisions``: per request id, its
    revision (``Store.request_revisions``), the events' SEQUENCE.
    """
    cal = Calendar()
    cal.add("prodid", f"-//Habeas//Habeas {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("Habeas deadlines"))
    stamp = datetime.combine(today, time(0, 0), tzinfo=UTC)
    for row in rows:
        d = row.deadline
        event = Event()
        event.add("uid", deadline_uid(row, store_id))
        event.add("sequence", (revisions or {}).get(d.request_id, 0))
        event.add("dtstamp", stamp)
        event.add("dtstart", d.due)
        event.add("dtend", d.due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add(
            "summary",
            _("Request {rid} ({code}, {authority}): {title}").format(
                rid=d.request_id, code=row.jurisdiction, authority=row.authority or "-", title=d.title
            ),
        )
        lines = [_("Case {case}, request {rid}.").format(case=row.case_id, rid=d.request_id)]
        if d.citations:
            lines.append("; ".join(d.citations))
        lines += list(d.flags) + list(d.trace)
        event.add("description", "\n".join(lines))
        event.add("categories", ["Habeas", d.kind])
        for days in ALARM_DAYS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", d.title)
            alarm.add("trigger", timedelta(days=-days))
            event.add_component(alarm)
        cal.add_component(event)
    log.info("calendar with %d deadline(s) written", len(rows))
    return bytes(cal.to_ical())
