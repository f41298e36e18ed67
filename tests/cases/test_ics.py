"""The calendar export parsed back with icalendar: dates, alarms, stable UIDs, no personal data."""

from __future__ import annotations

from datetime import date, timedelta

from icalendar import Calendar

from app.cases.deadlines import request_state
from app.cases.ics import deadlines_calendar
from app.cases.service import DeadlineRow
from app.law import KnowledgeBase

from .builders import make_events, make_request

STORE = "6f1c2a9e-0b7d-4e35-9c1a-3d5e7f9a1b2c"


def rows(kb: KnowledgeBase, today: date) -> list[DeadlineRow]:
    request = make_request("CN", "ogi", "access", "administrative", rid=12)
    state = request_state(kb, request, make_events(("sent", "2026-02-02"), ("received", "2026-02-05")), today)
    return [DeadlineRow(d, 3, "CN", "北京市公安局朝阳分局") for d in state.deadlines]


def test_ics_round_trip(kb: KnowledgeBase) -> None:
    today = date(2026, 3, 20)
    data = deadlines_calendar(rows(kb, today), today, STORE)
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
    assert str(events[1]["uid"]) == f"request-12-step-CN-RECONSIDERATION.{STORE}@habeas.invalid"
    assert "Administrative Reconsideration Law art. 20" in str(events[1]["description"])


def test_ics_uids_are_stable_and_output_reproducible(kb: KnowledgeBase) -> None:
    today = date(2026, 3, 20)
    first = deadlines_calendar(rows(kb, today), today, STORE)
    assert first == deadlines_calendar(rows(kb, today), today, STORE)
    later = Calendar.from_ical(deadlines_calendar(rows(kb, date(2026, 3, 25)), date(2026, 3, 25), STORE))
    assert {str(e["uid"]) for e in later.walk("VEVENT")} == {
        str(e["uid"]) for e in Calendar.from_ical(first).walk("VEVENT")
    }


def test_uids_are_unique_per_store_and_sequence_follows_the_revision(kb: KnowledgeBase) -> None:
    """A personal and a clinic store both have a request 12: their events must not replace each
    other's; a newer revision of a request carries a higher SEQUENCE, so it replaces the older."""
    today = date(2026, 3, 20)
    other = "0b8e9c1e-6f1a-4a57-9d1e-2f7c3b1a9e40"
    mine = Calendar.from_ical(deadlines_calendar(rows(kb, today), today, STORE, {12: 2}))
    theirs = Calendar.from_ical(deadlines_calendar(rows(kb, today), today, other, {12: 5}))
    uids = [str(e["uid"]) for e in mine.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert not set(uids) & {str(e["uid"]) for e in theirs.walk("VEVENT")}
    assert {int(e["sequence"]) for e in mine.walk("VEVENT")} == {2}
    assert {int(e["sequence"]) for e in theirs.walk("VEVENT")} == {5}
