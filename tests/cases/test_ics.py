"""The calendar export parsed back with icalendar: dates, alarms, stable UIDs, no personal data."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from app.cases.deadlines import request_state
from app.cases.ics import deadlines_calendar
from app.cases.service import DeadlineRow
from app.law import KnowledgeBase

from .builders import make_events, make_request


def rows(kb: KnowledgeBase, today: date) -> list[DeadlineRow]:
    request = make_request("CN", "ogi", "access", "administrative", rid=12)
    state = request_state(kb, request, make_events(("sent", "2026-02-02"), ("received", "2026-02-05")), today)
    return [DeadlineRow(d, 3, "CN", "北京市公安局朝阳分局") for d in state.deadlines]


def test_ics_round_trip(kb: KnowledgeBase) -> None:
    today = date(2026, 3, 20)
    data = deadlines_calendar(rows(kb, today), today)
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    # The reply date and the 60-day reconsideration window; since the 2023 revision no direct suit
    # (行政复议法第二十三条: reconsideration first for OGI refusals and silence).
    assert [e.decoded("dtstart") for e in events] == [date(2026, 3, 11), date(2026, 5, 11)]
    for e in events:
        assert e.decoded("dtend") - e.decoded("dtstart") == timedelta(days=1)  # all-day
        assert sorted(a.decoded("trigger") for a in e.walk("VALARM")) == [
            timedelta(days=-7),
            timedelta(days=-1),
        ]
        assert "Request 12" in str(e["summary"]) and "北京市公安局朝阳分局" in str(e["summary"])
    assert str(events[1]["uid"]) == "request-12-step-CN-RECONSIDERATION@habeas.invalid"
    assert "Administrative Reconsideration Law art. 20" in str(events[1]["description"])


def test_ics_uids_are_stable_and_output_reproducible(kb: KnowledgeBase) -> None:
    today = date(2026, 3, 20)
    first = deadlines_calendar(rows(kb, today), today)
    assert first == deadlines_calendar(rows(kb, today), today)
    later = Calendar.from_ical(deadlines_calendar(rows(kb, date(2026, 3, 25)), date(2026, 3, 25)))
    assert {str(e["uid"]) for e in later.walk("VEVENT")} == {
        str(e["uid"]) for e in Calendar.from_ical(first).walk("VEVENT")
    }
