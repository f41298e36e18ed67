"""Kept request states equal a from-scratch derivation: after every kind of event, as days pass,
after a change of the law data or of a holiday schedule (with what moved recorded), and after an
import; on SQLite and PostgreSQL (the ``store`` fixture runs both).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.cases.draft import RequestDraft
from app.cases.records import Page
from app.law import KnowledgeBase, load_knowledge_base
from app.services import CaseworkService
from app.services.kept import KeptStates
from app.store import DatabaseConfig, Store, open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DAYS = (date(2026, 2, 1), date(2026, 3, 20), date(2026, 5, 15), date(2026, 9, 1), date(2027, 2, 1))


def kb_with(calendars: Path) -> KnowledgeBase:
    return load_knowledge_base(calendars, packs=())


def listed(service: CaseworkService, today: date, kept: bool) -> list[tuple[object, ...]]:
    report = service.deadlines(today) if kept else service.deadlines_explained(today)
    assert report.failed == ()
    return [
        (r.case_id, r.jurisdiction, r.authority, dataclasses.replace(r.deadline, notes=(), flags=()))
        for r in report.rows
    ]


def case_list(service: CaseworkService, today: date, kept: bool) -> list[object]:
    """The case list's entries (status, next date, overdue...); the kept list carries no deadline texts."""
    page = Page(0, 1000)
    listing = service.case_list(page, today) if kept else service.list_cases(page, today)
    return [dataclasses.replace(entry, deadlines=()) for entry in listing.entries]


def assert_kept_equals_derived(service: CaseworkService) -> None:
    for today in DAYS:
        assert listed(service, today, kept=True) == listed(service, today, kept=False), today
        assert case_list(service, today, kept=True) == case_list(service, today, kept=False), today


def open_requests(service: CaseworkService, kb: KnowledgeBase) -> list[int]:
    ids = []
    for path in sorted(EXAMPLES.glob("*.json")):
        draft = RequestDraft.from_json(json.loads(path.read_text(encoding="utf-8")), kb)
        draft = dataclasses.replace(draft, date=date(2026, 1, 12))
        ids += [r.id or 0 for r in service.open_case([draft]).requests]
    return ids


def test_after_every_kind_of_event(store: Store, tmp_path: Path) -> None:
    kb = kb_with(tmp_path / "calendars")
    service = CaseworkService(store, kb)
    ids = open_requests(service, kb)
    outcomes = ("refused", "partly_granted", "no_data", "granted", "answered", None)
    today = date(2027, 3, 1)
    for n, rid in enumerate(ids):
        service.record_event(rid, "sent", date(2026, 1, 12), today=today, method="registered-mail")
        service.record_event(rid, "received", date(2026, 1, 14), today=today, method="registered-mail")
        if n % 3 == 0:
            service.record_event(rid, "clarification_requested", date(2026, 1, 20), today=today)
            service.record_event(rid, "clarification_given", date(2026, 1, 26), today=today)
        if n % 4 == 1:
            service.record_event(rid, "acknowledged", date(2026, 1, 16), today=today)
        outcome = outcomes[n % len(outcomes)]
        if outcome is not None:
            service.record_event(rid, outcome, date(2026, 2, 10), today=today)
        assert_kept_equals_derived(service)
    # Steps filed and decided, one request at a time: the next windows open.
    for rid in ids[:6]:
        steps = service.overview(rid, date(2026, 3, 1)).state.steps
        first = next((s for s in steps if str(s.state) == "open"), None)
        if first is None:
            continue
        spec = kb.step_kind(first.step.kind)
        service.record_event(rid, spec.filed_by, date(2026, 3, 2), today=today, step=first.step.id)
        assert_kept_equals_derived(service)
        service.record_event(
            rid, "decision_received", date(2026, 4, 1), today=today, step=first.step.id, outcome="refused"
        )
        assert_kept_equals_derived(service)
    service.record_event(ids[-1], "closed", date(2026, 6, 1), today=today)
    assert_kept_equals_derived(service)


def test_a_new_holiday_schedule_moves_deadlines_and_says_why(store: Store, tmp_path: Path) -> None:
    calendars = tmp_path / "calendars"
    kb = kb_with(calendars)
    service = CaseworkService(store, kb)
    draft = RequestDraft.from_json(json.loads((EXAMPLES / "cn-access.json").read_text(encoding="utf-8")), kb)
    (request,) = service.open_case([dataclasses.replace(draft, date=date(2026, 12, 14))]).requests
    rid = request.id or 0
    today = date(2026, 12, 20)
    service.record_event(rid, "sent", date(2026, 12, 14), today=today)
    service.record_event(rid, "received", date(2026, 12, 16), today=today)
    (before,) = service.deadlines(today).rows
    assert before.deadline.provisional  # 20 working days reach into 2027: no official schedule yet
    # An official-looking 2027 schedule (test data) with a day off on 8 January.
    calendars.mkdir()
    (calendars / "CN-2027.json").write_text(
        json.dumps(
            {
                "jurisdiction": "CN",
                "year": 2027,
                "source": "test schedule",
                "holidays": [
                    {"start": "2027-01-01", "end": "2027-01-03", "name": "New Year's Day"},
                    {"start": "2027-01-08", "name": "Test day off"},
                ],
                "makeup_workdays": [],
            }
        ),
        encoding="utf-8",
    )
    service = CaseworkService(store, kb_with(calendars))
    (after,) = service.deadlines(today).rows
    assert not after.deadline.provisional and after.deadline.due == before.deadline.due + timedelta(days=1)
    (change,) = service.deadline_changes()
    assert (change.request_id, change.key) == (rid, "response")
    assert (change.old_due, change.new_due) == (before.deadline.due, after.deadline.due)
    assert change.old_provisional and not change.new_provisional
    assert "holiday schedules changed" in change.reason
    assert_kept_equals_derived(service)


def test_a_new_version_derives_everything_again_and_nothing_moves(store: Store, tmp_path: Path) -> None:
    kb = kb_with(tmp_path / "calendars")
    service = CaseworkService(store, kb)
    ids = open_requests(service, kb)
    for rid in ids[:4]:
        service.record_event(rid, "sent", date(2026, 1, 12), today=date(2026, 2, 1))
    assert service.deadlines(date(2026, 2, 1)).rows
    again = KeptStates(store, kb, version="9.9.9")
    assert again.refresh(date(2026, 2, 1)).derived == len(ids)  # every request of an open case
    assert again.refresh(date(2026, 2, 1)).derived == 0  # current now: nothing to do
    assert store.deadline_changes() == []  # same law, same dates: nothing moved


def test_after_an_import(store: Store, tmp_path: Path) -> None:
    kb = kb_with(tmp_path / "calendars")
    service = CaseworkService(store, kb)
    for rid in open_requests(service, kb):
        service.record_event(rid, "sent", date(2026, 1, 12), today=date(2026, 2, 1))
    data = store.export_data()
    other = open_store(DatabaseConfig.sqlite(tmp_path / "imported.sqlite3"))
    try:
        other.import_data(json.loads(json.dumps(data, default=str)))
        imported = CaseworkService(other, kb)
        assert listed(imported, date(2026, 3, 20), kept=True) == listed(service, date(2026, 3, 20), kept=True)
        assert_kept_equals_derived(imported)
    finally:
        other.close()


@pytest.mark.parametrize("today", DAYS)
def test_an_empty_store_lists_nothing(store: Store, tmp_path: Path, today: date) -> None:
    assert CaseworkService(store, kb_with(tmp_path / "calendars")).deadlines(today).rows == ()


def test_the_case_list_of_cases_with_several_requests_and_closed_cases(store: Store, tmp_path: Path) -> None:
    kb = kb_with(tmp_path / "calendars")
    service = CaseworkService(store, kb)

    def drafts(*names: str) -> list[RequestDraft]:
        out = []
        for name in names:
            data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
            out.append(dataclasses.replace(RequestDraft.from_json(data, kb), date=date(2026, 1, 12)))
        return out

    today = date(2027, 3, 1)
    # A case whose two requests stand differently: the list shows the more urgent status and the
    # earlier date of the two.
    both = service.open_case(drafts("de-access.json", "de-deletion.json"))
    first, second = (r.id or 0 for r in both.requests)
    service.record_event(first, "sent", date(2026, 1, 12), today=today)
    service.record_event(second, "sent", date(2026, 2, 20), today=today)
    service.record_event(first, "refused", date(2026, 2, 2), today=today)
    service.record_event(second, "acknowledged", date(2026, 2, 23), today=today)
    # A closed case keeps its requests' history but shows no date.
    closed = service.open_case(drafts("gb-eng-access.json"))
    service.record_event(closed.requests[0].id or 0, "sent", date(2026, 1, 12), today=today)
    assert_kept_equals_derived(service)  # the kept states exist now, the case still open
    store.update_case(dataclasses.replace(closed.case, closed=True))
    assert_kept_equals_derived(service)
    entries = {e.case_id: e for e in case_list(service, date(2026, 3, 20), kept=True)}
    assert str(entries[both.case.id].status) == "acknowledged" and entries[both.case.id].next_due is not None
    assert str(entries[closed.case.id].status) == "closed" and entries[closed.case.id].next_due is None
