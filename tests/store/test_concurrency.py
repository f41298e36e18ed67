"""Concurrent editors lose nothing, rules hold under concurrent writers, and a user action that
writes several rows is one transaction (issue 12). Each test runs on SQLite and on PostgreSQL.

The editors are separate processes, as in a clinic: each opens its own store and does
read-modify-write edits of one record, retrying when told that someone else saved first.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cases.records import Authority, Case, Client, GeneratedLetter, Request
from app.errors import EditConflictError, InputError
from app.store import DatabaseConfig, Store, open_store
from app.store.models import AuthorityRow, CaseRow, ClientRow, GeneratedLetterRow, RequestRow

WRITERS, EDITS = 8, 25
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _config(backend: str, where: str) -> DatabaseConfig:
    return DatabaseConfig.sqlite(Path(where)) if backend == "sqlite" else DatabaseConfig.from_url(where, None)


def _edit_counter(backend: str, where: str, client_id: int, start: Any) -> tuple[int, int]:
    """EDITS read-modify-write increments of the client's counter; (saves, conflicts seen)."""
    store = open_store(_config(backend, where))
    saves = conflicts = 0
    start.wait()
    try:
        while saves < EDITS:
            client = store.get_client(client_id)
            try:
                store.update_client(dataclasses.replace(client, notes=str(int(client.notes or "0") + 1)))
            except EditConflictError:
                conflicts += 1
                continue
            saves += 1
    finally:
        store.close()
    return saves, conflicts


def _record_sent(backend: str, where: str, request_id: int, start: Any) -> str:
    from app.law import load_knowledge_base
    from app.services import CaseworkService

    store = open_store(_config(backend, where))
    service = CaseworkService(store, load_knowledge_base())
    start.wait()
    try:
        service.lifecycle().record_event(request_id, "sent", date(2026, 3, 2), today=date(2026, 3, 3))
        return "stored"
    except InputError:
        return "refused"
    finally:
        store.close()


def _run(worker: Any, *args: Any) -> list[Any]:
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(WRITERS)
        with context.Pool(WRITERS) as pool:
            return pool.starmap(worker, [(*args, start)] * WRITERS)


def _target(store: Store) -> tuple[str, str]:
    config = store.config
    if config.backend == "sqlite":
        return config.backend, str(config.sqlite_file)
    return config.backend, config.sqlalchemy_url().render_as_string(hide_password=False)


def test_eight_concurrent_editors_of_one_record_lose_nothing(store: Store) -> None:
    client = store.add_client(Client(name="Erika Probe", notes="0"))
    results = _run(_edit_counter, *_target(store), client.id)
    saved = sum(s for s, _c in results)
    final = store.get_client(client.id or 0)
    assert saved == WRITERS * EDITS
    # Every reported save is in the counter: no update was lost.
    assert int(final.notes) == saved
    assert final.version == 1 + saved


def test_eight_concurrent_sent_events_store_exactly_one(store: Store) -> None:
    from app.cases.draft import RequestDraft
    from app.law import load_knowledge_base
    from app.services import CaseworkService

    kb = load_knowledge_base()
    raw = json.loads((EXAMPLES / "gb-eng-access.json").read_text(encoding="utf-8"))
    opened = CaseworkService(store, kb).open_case([RequestDraft.from_json(raw, kb)])
    request_id = opened.requests[0].id or 0
    results = _run(_record_sent, *_target(store), request_id)
    assert sorted(results) == ["refused"] * (WRITERS - 1) + ["stored"]
    assert [e.kind for e in store.list_events(request_id)] == ["sent"]


def test_a_stale_edit_is_refused_with_both_versions(store: Store) -> None:
    case_owner = store.add_client(Client(name="Jan Beispiel"))
    case = store.add_case(Case(title="Löschung", client_id=case_owner.id or 0, created=T0, updated=T0))
    mine = dataclasses.replace(case, title="Löschung (mein Titel)")
    theirs = store.update_case(dataclasses.replace(case, title="Löschung (ihr Titel)", reference="K-7"))
    with pytest.raises(EditConflictError) as conflict:
        store.update_case(mine)
    assert conflict.value.mine == mine and conflict.value.theirs == theirs
    assert set(conflict.value.fields) == {"title", "reference"}
    assert store.get_case(case.id or 0).title == "Löschung (ihr Titel)"


def test_adding_a_request_does_not_conflict_with_editing_its_case(store: Store) -> None:
    owner = store.add_client(Client(name="Jan Beispiel"))
    case = store.add_case(Case(title="Auskunft", client_id=owner.id or 0, created=T0, updated=T0))
    store.add_request(
        Request(case_id=case.id or 0, jurisdiction="DE", regime="bdsg3", rights=("access",), created=T0)
    )
    assert store.update_case(dataclasses.replace(case, title="Auskunft BKA")).title == "Auskunft BKA"


def _counts(store: Store) -> tuple[int, ...]:
    with store.transaction() as session:
        return tuple(
            int(session.scalar(select(func.count()).select_from(row)) or 0)
            for row in (ClientRow, AuthorityRow, CaseRow, RequestRow, GeneratedLetterRow)
        )


def test_a_failure_midway_through_a_new_case_leaves_nothing(store: Store) -> None:
    """Client, authority, case, requests and letters: one transaction. A letter that cannot be
    stored (here: over the size limit, as a full disk or a killed process would fail) leaves no
    orphan client, authority, case or request, so a retry cannot duplicate them."""
    before = _counts(store)
    good = GeneratedLetter(request_id=0, kind="request", language="de", created=T0, pdf=b"%PDF")
    bad = dataclasses.replace(good, text="x" * 2_000_000)
    request = Request(case_id=0, jurisdiction="DE", regime="bdsg3", rights=("access",), created=T0)
    with pytest.raises(InputError):
        store.add_case_with_requests(
            Client(name="Jan Beispiel"),
            Authority(name="Landeskriminalamt Beispiel", jurisdiction="DE"),
            Case(title="Auskunft", client_id=0, created=T0, updated=T0),
            [request, dataclasses.replace(request, rights=("deletion",))],
            [good, bad],
        )
    assert _counts(store) == before
    case, requests, letters = store.add_case_with_requests(
        Client(name="Jan Beispiel"),
        Authority(name="Landeskriminalamt Beispiel", jurisdiction="DE"),
        Case(title="Auskunft", client_id=0, created=T0, updated=T0),
        [request],
        [good],
    )
    assert _counts(store) == tuple(n + 1 for n in before)
    assert letters[0].request_id == requests[0].id and requests[0].case_id == case.id


def test_a_draft_saved_elsewhere_is_not_overwritten(store: Store) -> None:
    from app.cases.records import DraftRecord

    first = store.save_draft(DraftRecord(None, "DE · access", {"values": {"a": 1}}, T0, T0))
    theirs = store.save_draft(dataclasses.replace(first, payload={"values": {"a": 2}}))
    # Saving unchanged content is not an edit: no conflict, no new version.
    assert store.save_draft(dataclasses.replace(first, payload=theirs.payload)).version == theirs.version
    with pytest.raises(EditConflictError):
        store.save_draft(dataclasses.replace(first, payload={"values": {"a": 3}}))
    assert store.get_draft(first.id or 0).payload == {"values": {"a": 2}}


def test_the_window_shows_both_versions_of_each_differing_field(store: Store) -> None:
    from app.ui.messages import describe

    owner = store.add_client(Client(name="Jan Beispiel"))
    case = store.add_case(Case(title="Auskunft", client_id=owner.id or 0, created=T0, updated=T0))
    store.update_case(dataclasses.replace(case, title="Auskunft LKA"))
    with pytest.raises(EditConflictError) as conflict:
        store.update_case(dataclasses.replace(case, title="Auskunft BKA"))
    head, details = describe(conflict.value)
    assert "title" in head and "not saved" in head
    assert details == "• title: yours “Auskunft BKA”, saved “Auskunft LKA”"
