"""Case search through the database's text index (app.store.search), on SQLite and PostgreSQL.

The index is derived data: after every kind of write it must equal a rebuild from scratch, and a
search must find a case by any of its words (folded: case, accents, width), all words required.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import select, text

from app.cases.records import CaseFilter, Note, RequestEvent
from app.errors import InputError
from app.store import Store
from app.store import search as search_module
from app.store.models import CaseRow, CaseSearchRow
from tests.store.sample import T0, populate


def found(store: Store, words: str) -> list[int]:
    return sorted(c.id or 0 for c in store.list_cases(CaseFilter(search=words)))


def assert_index_current(store: Store) -> None:
    """The kept search rows equal the texts derived now, and the FTS5 index agrees with them."""
    with store.transaction() as session:
        ids = list(session.scalars(select(CaseRow.id)))
        kept = dict(session.execute(select(CaseSearchRow.case_id, CaseSearchRow.body)).all())
        assert kept == search_module.texts(session, ids)
        if store.backend == "sqlite":
            # FTS5's own check: the index matches its external content table row for row.
            session.execute(
                text("INSERT INTO case_search_fts(case_search_fts, rank) VALUES ('integrity-check', 1)")
            )


def test_fold_makes_case_accents_and_width_irrelevant() -> None:
    assert search_module.fold("  Müller\tGROẞ  Ｋ－７ ") == "muller gross k-7"
    assert search_module.words("Weber weber  WEBER 王") == ["weber", "王"]
    assert search_module.words("   ") == []


def test_a_case_is_found_by_every_kind_of_text(store: Store) -> None:
    ids = populate(store)
    cn, de = ids["case_cn"], ids["case_de"]
    assert_index_current(store)
    assert found(store, "户籍记录") == [cn]  # title, three characters and more: the trigram index
    assert found(store, "王小") == [cn]  # client, two characters: a scan of the folded texts
    assert found(store, "示例市公安局") == [cn]  # authority
    assert found(store, "xa123456789") == [cn]  # the authority's receipt reference
    assert found(store, "k-7") == [de]  # the clinic's reference
    assert found(store, "RUCKRUF") == [de]  # a note, without its umlaut
    assert found(store, "beispiel-weber landeskriminalamt") == [de]  # words from two fields
    assert found(store, "weber 公安局") == []  # every word must match
    assert found(store, "") == sorted([cn, de])
    assert found(store, "100%") == [] and found(store, "_") == []  # no wildcards
    assert found(store, 'a"b') == []  # an FTS5 quote in a search is a character, not syntax


def test_the_index_follows_every_edit(store: Store) -> None:
    ids = populate(store)
    cn, de = ids["case_cn"], ids["case_de"]
    client = store.get_client(ids["client"])
    store.update_client(dataclasses.replace(client, name="李华"))
    assert found(store, "王小明") == [] and found(store, "李华") == [cn]
    authority = store.get_authority(ids["authority"])
    store.update_authority(dataclasses.replace(authority, name="样例区公安分局"))
    assert found(store, "示例市公安局") == [] and found(store, "公安分局") == [cn]
    case = store.get_case(de)
    store.update_case(dataclasses.replace(case, reference="AZ-2026-17"))
    assert found(store, "k-7") == [] and found(store, "az-2026") == [de]
    note = store.list_notes(de)[0]
    store.update_note(dataclasses.replace(note, text="Antwort angemahnt"))
    assert found(store, "ruckruf") == [] and found(store, "angemahnt") == [de]
    store.add_note(Note(case_id=cn, text="电话已联系", created=T0))
    assert found(store, "已联系") == [cn]
    store.add_event(
        RequestEvent(
            request_id=ids["request_de"],
            kind="received",
            date=date(2026, 3, 9),
            receipt_method="registered_mail",
            receipt_reference="RR998877665DE",
            created=T0,
        )
    )
    assert found(store, "rr998877665") == [de]
    assert_index_current(store)


def test_an_import_is_indexed(store: Store) -> None:
    populate(store)
    data = store.export_data()
    with store.transaction(write=True) as session:  # empty the store again, children first
        for table in (
            *("case_search", "notes", "attachments", "letters", "request_events"),
            *("request_states", "kept_deadlines", "deadline_changes"),
            *("requests", "cases", "clients", "authorities", "drafts"),
        ):
            session.execute(text(f"DELETE FROM {table}"))
    assert found(store, "王小") == []
    store.import_data(data)
    assert len(found(store, "王小")) == 1 and len(found(store, "ruckruf")) == 1
    assert_index_current(store)


def test_a_search_longer_than_a_search_box_is_refused_by_name(store: Store) -> None:
    populate(store)
    assert store.search_case_ids("王" * search_module.MAX_SEARCH) == []
    with pytest.raises(InputError, match="at most 200 characters"):
        store.search_case_ids("王" * (search_module.MAX_SEARCH + 1))
