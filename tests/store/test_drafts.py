"""Wizard drafts in the store: saved as they are (even incomplete), newest first, deleted on demand."""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, datetime

import pytest

from app.cases.records import DraftRecord
from app.errors import InputError
from app.store import NotFoundError, Store

from .sample import FAKE_CN_IDS, T0

# What the wizard holds after two pages: an unfinished form, with a value a finished one refuses.
PAYLOAD = {
    "jurisdiction": "CN",
    "rights": ["access", "correction"],
    "requester": {"name": "王小明", "id_number": FAKE_CN_IDS[0], "birth_date": "1990-03-07"},
    "details": "出生日期登记错误\nzweite Zeile",
    "authority": None,
    "step": 3,
    "ratio": 0.5,
    "consent": True,
    "email": "not an e-mail address",
}


def _draft(title: str = "CN · access, correction", payload: dict[str, object] | None = None) -> DraftRecord:
    return DraftRecord(
        id=None, title=title, payload=dict(PAYLOAD if payload is None else payload), created=T0, updated=T0
    )


def test_save_assigns_an_id_and_keeps_the_payload_as_is(store: Store) -> None:
    before = datetime.now(UTC)
    saved = store.save_draft(_draft())
    assert saved.id is not None
    assert saved.payload == PAYLOAD and saved.title == "CN · access, correction"
    assert saved.created == T0  # the caller's creation time is kept
    assert saved.updated >= before.replace(microsecond=0) and saved.updated.tzinfo is not None
    assert store.get_draft(saved.id) == saved


def test_saving_again_replaces_and_bumps_updated(store: Store) -> None:
    first = store.save_draft(_draft())
    changed = dataclasses.replace(first, title="CN · access", payload={"jurisdiction": "CN", "step": 4})
    second = store.save_draft(changed)
    assert second.id == first.id
    assert second.payload == {"jurisdiction": "CN", "step": 4} and second.title == "CN · access"
    assert second.updated >= first.updated and second.created == first.created
    assert len(store.list_drafts()) == 1


def test_updating_keeps_created_from_the_store(store: Store) -> None:
    first = store.save_draft(_draft())
    second = store.save_draft(dataclasses.replace(first, created=datetime(2030, 1, 1, tzinfo=UTC)))
    assert second.created == T0


def test_list_is_newest_saved_first(store: Store) -> None:
    a = store.save_draft(_draft("a"))
    b = store.save_draft(_draft("b"))
    c = store.save_draft(_draft("c"))
    assert store.list_drafts()[0].title == "c"
    store.save_draft(dataclasses.replace(a, payload={"step": 9}))  # a becomes the newest
    assert [d.id for d in store.list_drafts()] == [a.id, c.id, b.id]


def test_empty_and_nested_payloads(store: Store) -> None:
    empty = store.save_draft(_draft("", {}))
    assert store.get_draft(empty.id or 0).payload == {} and store.get_draft(empty.id or 0).title == ""
    nested = {"a": [1, [2, {"b": None}], "ü"], "z": {"y": {"x": []}}}
    assert store.get_draft(store.save_draft(_draft("n", nested)).id or 0).payload == nested


def test_delete(store: Store) -> None:
    keep = store.save_draft(_draft("keep"))
    gone = store.save_draft(_draft("gone"))
    store.delete_draft(gone.id or 0)
    assert [d.id for d in store.list_drafts()] == [keep.id]
    with pytest.raises(NotFoundError) as error:
        store.get_draft(gone.id or 0)
    assert error.value.problems[0].path == "id"
    with pytest.raises(NotFoundError):
        store.delete_draft(gone.id or 0)


def test_updating_a_missing_draft_is_refused(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.save_draft(dataclasses.replace(_draft(), id=4711))
    assert store.list_drafts() == []


def _nested(depth: int) -> object:
    value: object = "x"
    for _level in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("payload", "path"),
    [
        ({"when": datetime(2026, 1, 1)}, "payload"),
        ({"x": math.nan}, "payload.x"),
        ({"s": {1, 2}}, "payload"),
        ({"a": [{"b": "\x00"}]}, "payload.a[0].b"),
        ({"deep": _nested(40)}, "payload.deep"),
    ],
)
def test_a_payload_that_is_not_json_is_refused_with_its_path(
    store: Store, payload: dict[str, object], path: str
) -> None:
    with pytest.raises(InputError) as error:
        store.save_draft(_draft(payload=payload))
    assert [p.path.split("[")[0] for p in error.value.problems] == [path.split("[")[0]]
    assert store.list_drafts() == []


def test_drafts_make_the_store_non_empty(store: Store) -> None:
    assert store.is_empty()
    draft = store.save_draft(_draft())
    assert not store.is_empty()
    store.delete_draft(draft.id or 0)
    assert store.is_empty()
