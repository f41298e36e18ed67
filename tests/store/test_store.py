"""Repository behaviour on every backend: add/get/update/list, filters and paging, refusals."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from app.cases.lifecycle import known_event_kinds
from app.cases.records import (
    Case,
    CaseFilter,
    Client,
    Note,
    Page,
    Request,
    RequestEvent,
)
from app.errors import InputError
from app.law.loader import shipped_knowledge_base
from app.store import NotFoundError, Store
from app.store.migrate import head_revision

from .sample import FAKE_CN_IDS, PDF_BYTES, T0, populate


def test_new_store_is_empty_and_at_head(store: Store) -> None:
    assert store.is_empty()
    assert store.schema_revision() == head_revision()
    assert store.backend in ("sqlite", "postgresql")


def test_records_round_trip_through_the_store(store: Store) -> None:
    ids = populate(store)
    assert not store.is_empty()
    client = store.get_client(ids["client"])
    assert client.name == "王小明"
    assert client.id_number == FAKE_CN_IDS[0]
    assert client.birth_date == date(1990, 3, 7)
    request = store.get_request(ids["request_cn"])
    assert request.rights == ("correction", "access")
    assert request.draft["nested"] == [1, 2.5, None, True]
    assert request.created == T0 and request.created.tzinfo is not None
    events = store.list_events(ids["request_cn"])
    assert [e.kind for e in events] == ["sent", "partly_granted"]
    assert events[0].receipt_method == "registered_mail"
    assert events[1].data["refused"] == [{"ground": "PIPL art. 35"}]
    letters = store.list_letters(case_id=ids["case_cn"])
    assert len(letters) == 1 and letters[0].pdf == PDF_BYTES
    assert store.list_letters(case_id=ids["case_de"]) == []
    assert store.list_attachments(ids["case_cn"])[0].content.endswith(b"\x00\xff")
    assert store.list_notes(ids["case_de"])[0].text == "Rückruf am Montag"


def test_update_changes_only_that_record(store: Store) -> None:
    ids = populate(store)
    client = store.get_client(ids["client"])
    updated = store.update_client(dataclasses.replace(client, phone="+86 10 5555 0199"))
    assert store.get_client(ids["client"]) == updated
    assert updated.phone.endswith("0199") and updated.name == client.name
    case = store.get_case(ids["case_cn"])
    closed = store.update_case(dataclasses.replace(case, closed=True))
    assert closed.closed and closed.updated > case.updated
    assert store.get_case(ids["case_de"]).closed is False


def test_adding_to_a_case_marks_it_changed(store: Store) -> None:
    ids = populate(store)
    before = store.get_case(ids["case_de"]).updated
    store.add_event(RequestEvent(request_id=ids["request_de"], kind="acknowledged", date=date(2026, 3, 9)))
    assert store.get_case(ids["case_de"]).updated > before
    assert store.list_cases()[0].id == ids["case_de"]


def test_event_created_is_filled_in(store: Store) -> None:
    ids = populate(store)
    event = store.add_event(
        RequestEvent(request_id=ids["request_de"], kind="received", date=date(2026, 3, 5))
    )
    assert event.id is not None and event.created is not None
    assert abs(event.created - datetime.now(UTC)) < timedelta(hours=1)


@pytest.mark.parametrize("kind", ["sent", "clarification_requested", "court_filed"])
def test_known_event_kinds_are_accepted(store: Store, kind: str) -> None:
    ids = populate(store)
    assert kind in known_event_kinds(shipped_knowledge_base())
    assert (
        store.add_event(RequestEvent(request_id=ids["request_de"], kind=kind, date=date(2026, 4, 1))).kind
        == kind
    )


def test_bad_records_are_refused_and_nothing_is_written(store: Store) -> None:
    ids = populate(store)
    with pytest.raises(InputError) as bad_kind:
        # The store checks the form of a kind; which kinds exist is the law data's (a step kind).
        store.add_event(RequestEvent(request_id=ids["request_de"], kind="Teleported!", date=date(2026, 4, 1)))
    assert bad_kind.value.problems[0].path == "kind"
    with pytest.raises(InputError) as bad_method:
        store.add_event(
            RequestEvent(
                request_id=ids["request_de"], kind="sent", date=date(2026, 4, 1), receipt_method="pigeon"
            )
        )
    assert bad_method.value.problems[0].path == "receipt_method"
    with pytest.raises(InputError):
        store.add_client(Client(name="  "))
    with pytest.raises(InputError) as no_rights:
        store.add_request(
            Request(case_id=ids["case_de"], jurisdiction="DE", regime="gdpr", rights=(), created=T0)
        )
    assert no_rights.value.problems[0].path == "rights"
    assert len(store.list_events(ids["request_de"])) == 1
    assert len(store.list_clients()) == 2


def test_unknown_ids_raise_not_found(store: Store) -> None:
    ids = populate(store)
    with pytest.raises(NotFoundError):
        store.get_case(9999)
    with pytest.raises(NotFoundError) as missing_parent:
        store.add_note(Note(case_id=9999, text="x", created=T0))
    assert missing_parent.value.problems[0].path == "case_id"
    with pytest.raises(NotFoundError) as missing_authority:
        store.add_request(
            Request(
                case_id=ids["case_de"],
                jurisdiction="DE",
                regime="gdpr",
                rights=("access",),
                authority_id=424242,
                created=T0,
            )
        )
    assert missing_authority.value.problems[0].path == "authority_id"
    with pytest.raises(NotFoundError):
        store.update_note(Note(case_id=ids["case_de"], text="x", created=T0, id=9999))
    assert isinstance(NotFoundError("x"), InputError)  # the CLI turns it into exit status 2


def _many_cases(store: Store, count: int) -> list[int]:
    client = store.add_client(Client(name="Test Person"))
    ids = []
    for i in range(count):
        stamp = T0 + timedelta(minutes=i)
        case = store.add_case(
            Case(
                title=f"Case {i:03d}",
                client_id=client.id or 0,
                created=stamp,
                updated=stamp,
                closed=i % 5 == 0,
                reference="100%" if i == 7 else "",
            )
        )
        store.add_request(
            Request(
                case_id=case.id or 0,
                jurisdiction="CN" if i % 2 else "DE",
                regime="pipl",
                rights=("access",),
                created=stamp,
            )
        )
        ids.append(case.id or 0)
    return ids


def test_list_cases_filters_and_pages(store: Store) -> None:
    _many_cases(store, 30)
    assert store.count_cases() == 30
    assert store.count_cases(CaseFilter(closed=True)) == 6
    assert store.count_cases(CaseFilter(jurisdiction="CN")) == 15
    assert store.count_cases(CaseFilter(jurisdiction="CN", closed=False)) == 15 - 3
    first = store.list_cases(page=Page(0, 10))
    second = store.list_cases(page=Page(10, 10))
    assert len(first) == len(second) == 10
    assert not {c.id for c in first} & {c.id for c in second}
    updated = [c.updated for c in first + second]
    assert updated == sorted(updated, reverse=True)  # adding the request touched each case in order
    # Every word must occur, anywhere in the case's text: "01" is in "Case 001" too.
    assert [c.title for c in store.list_cases(CaseFilter(search="case 01"))] == [
        *(f"Case {i:03d}" for i in range(19, 9, -1)),
        "Case 001",
    ]
    assert [c.title for c in store.list_cases(CaseFilter(search="CASE 013"))] == ["Case 013"]
    # "%" is a literal character in a search, not a wildcard.
    assert [c.reference for c in store.list_cases(CaseFilter(search="100%"))] == ["100%"]
    assert store.count_cases(CaseFilter(search="test person")) == 30  # matches the client's name
    assert store.count_cases(CaseFilter(search="nobody")) == 0


def test_list_requests_and_authorities_filter(store: Store) -> None:
    ids = populate(store)
    assert [r.id for r in store.list_requests(case_id=ids["case_cn"])] == [ids["request_cn"]]
    assert [r.jurisdiction for r in store.list_requests(jurisdiction="DE")] == ["DE"]
    assert [a.name for a in store.list_authorities(jurisdiction="CN")] == ["示例市公安局"]
    assert [a.jurisdiction for a in store.list_authorities(search="landeskriminal")] == ["DE"]
    assert [c.name for c in store.list_clients(search="Erika")] == ["Erika Beispiel-Weber"]


def test_sqlite_connection_settings(tmp_path: object) -> None:
    from pathlib import Path

    from app.store import DatabaseConfig, open_store

    path = Path(str(tmp_path)) / "pragmas.sqlite3"
    store = open_store(DatabaseConfig.sqlite(path))
    try:
        with store.transaction() as session:
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        store.close()
    assert path.stat().st_mode & 0o777 == 0o600  # personal data: owner only


def test_reopening_keeps_data_and_makes_no_backup(db_config: object) -> None:
    from app.store import DatabaseConfig, open_store

    assert isinstance(db_config, DatabaseConfig)
    first = open_store(db_config)
    populate(first)
    first.close()
    again = open_store(db_config)
    try:
        assert again.count_cases() == 2
    finally:
        again.close()
    if db_config.sqlite_file is not None:
        assert not list(db_config.sqlite_file.parent.glob("*.bak"))
