"""``Store.import_file``: the export read as a stream (app.store.streaming), checked like a whole
document, all or nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cases.lifecycle import known_event_kinds
from app.errors import InputError
from app.law.loader import shipped_knowledge_base
from app.store import DatabaseConfig, Store, open_store, streaming
from app.store.exchange import export_to_file, write_export_file

from .sample import populate, without_timestamp
from .test_exchange import _DELETE, _edit, _empty_twin, _valid_export

KINDS = known_event_kinds(shipped_knowledge_base())


def _file(tmp_path: Path, data: Any, name: str = "export.json", **dump: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, **dump), encoding="utf-8")
    return path


@pytest.mark.parametrize("chunk", [streaming._CHUNK, 7], ids=["1 MiB pieces", "7-character pieces"])
def test_a_streamed_import_is_lossless(
    store: Store, db_config: DatabaseConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # Tiny pieces put every record, string, number and escape across a refill of the buffer.
    monkeypatch.setattr(streaming, "_CHUNK", chunk)
    populate(store)
    first = store.export_data()
    path = tmp_path / "export.json"
    export_to_file(store, path)
    store.close()
    twin = _empty_twin(db_config, tmp_path)
    try:
        assert twin.import_file(path, KINDS) == 2
        assert without_timestamp(twin.export_data()) == without_timestamp(json.loads(json.dumps(first)))
        assert [c.id for c in twin.list_cases()] and twin.search_case_ids("王小")  # search texts written
    finally:
        twin.close()


@pytest.mark.parametrize(
    ("key", "index", "field", "value", "expected_path"),
    [
        ("events", 1, "date", "30.03.2026", "events[1].date"),
        ("events", 0, "date", _DELETE, "events[0].date"),
        ("cases", 0, "client_id", 999, "cases[0].client_id"),
        ("letters", 0, "pdf", "not base64!", "letters[0].pdf"),
        ("events", 2, "kind", "vanished", "events[2].kind"),
        ("clients", 1, "id", 1, "clients[1].id"),  # duplicate id
        ("notes", 0, "text", "a\x00b", "notes[0].text"),
    ],
)
def test_a_bad_record_anywhere_leaves_the_store_empty(
    store: Store, tmp_path: Path, key: str, index: int, field: str, value: Any, expected_path: str
) -> None:
    path = _file(tmp_path, _edit(_valid_export(tmp_path), key, index, field, value), indent=1)
    with pytest.raises(InputError) as error:
        store.import_file(path, KINDS)
    assert expected_path in [p.path for p in error.value.problems]
    assert store.is_empty()


def test_many_problems_are_summarised(store: Store, tmp_path: Path) -> None:
    data = _valid_export(tmp_path)
    data["notes"] = [{"id": i} for i in range(40)]
    with pytest.raises(InputError) as error:
        store.import_file(_file(tmp_path, data), KINDS)
    assert len(error.value.problems) == 26
    assert "more problems" in error.value.problems[-1].message
    assert store.is_empty()


def test_a_missing_table_and_a_wrong_header_are_named(store: Store, tmp_path: Path) -> None:
    data = _valid_export(tmp_path)
    del data["notes"]
    with pytest.raises(InputError) as error:
        store.import_file(_file(tmp_path, data), KINDS)
    assert [p.path for p in error.value.problems] == ["notes"]
    data = _valid_export(tmp_path)
    data["format_version"] = 99
    with pytest.raises(InputError, match="version 99 is not supported"):
        store.import_file(_file(tmp_path, data), KINDS)
    assert store.is_empty()


def test_a_broken_file_is_refused_with_its_line(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streaming, "_CHUNK", 64)
    text = json.dumps(_valid_export(tmp_path), indent=1)
    lines = text.splitlines()
    # Line 40 loses its closing quote or bracket: the JSON error names that line.
    broken = "\n".join([*lines[:39], lines[39].rstrip(",").rstrip('"') + " ,,", *lines[40:]])
    path = tmp_path / "broken.json"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(InputError, match=r"not valid JSON \(line (39|40|41),"):
        store.import_file(path, KINDS)
    truncated = tmp_path / "truncated.json"
    truncated.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        store.import_file(truncated, KINDS)
    assert store.is_empty()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "must contain a JSON object"),
        (b"[]", "must contain a JSON object"),
        (b"\x00" * 100, "must contain a JSON object"),
        (b'{"format": "habeas-export", "format_version": 3} extra', "Extra data"),
        (b'{"format": "habeas-\xff"}', "not a UTF-8"),
        (b'{"format": "habeas-export", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
        (b'{"format": "habeas-export", "x": 1' + b"0" * 5000 + b"}", "number too long"),
    ],
)
def test_unreadable_files(store: Store, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        store.import_file(path, KINDS)
    with pytest.raises(InputError, match="Cannot read"):
        store.import_file(tmp_path / "missing.json", KINDS)
    assert store.is_empty()


def test_a_file_in_another_order_is_read_whole(store: Store, tmp_path: Path) -> None:
    # Sorted keys put "attachments" before "clients" and "format": valid, just not streamable.
    path = _file(tmp_path, _valid_export(tmp_path), sort_keys=True)
    assert store.import_file(path, KINDS) == 2
    assert len(store.list_cases()) == 2


def test_only_into_an_empty_store(store: Store, tmp_path: Path) -> None:
    populate(store)
    path = tmp_path / "export.json"
    write_export_file(path, _valid_export(tmp_path))
    with pytest.raises(InputError, match="not empty"):
        store.import_file(path, KINDS)


def test_the_size_limit_holds_while_streaming(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(DatabaseConfig.sqlite(tmp_path / "s.sqlite3"))
    try:
        path = _file(tmp_path, _valid_export(tmp_path))
        monkeypatch.setattr(streaming, "MAX_EXPORT_FILE", 1000)
        monkeypatch.setattr(streaming, "_CHUNK", 100)
        with pytest.raises(InputError, match="is larger than"):
            store.import_file(path, KINDS)
        assert store.is_empty()
    finally:
        store.close()
