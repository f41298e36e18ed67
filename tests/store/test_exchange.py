"""Export/import: lossless round trips, and refusals that leave the store untouched."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from app.cases.lifecycle import known_event_kinds
from app.cases.records import Client, Note
from app.errors import InputError
from app.law.loader import shipped_knowledge_base
from app.store import DatabaseConfig, Store, open_store, read_export_file, write_export_file
from app.store import exchange as exchange_module

from .conftest import fresh_postgres
from .sample import T0, populate, without_timestamp


def _empty_twin(db_config: DatabaseConfig, tmp_path: Path) -> Store:
    """A second, empty store on the same backend."""
    if db_config.backend == "sqlite":
        return open_store(DatabaseConfig.sqlite(tmp_path / "twin.sqlite3"))
    fresh_postgres(db_config.sqlalchemy_url().render_as_string(hide_password=False))
    return open_store(db_config)


def test_round_trip_is_lossless(store: Store, db_config: DatabaseConfig, tmp_path: Path) -> None:
    populate(store)
    first = store.export_data()
    assert first["format"] == "habeas-export" and first["format_version"] == 3
    assert len(first["cases"]) == 2 and len(first["events"]) == 3 and len(first["drafts"]) == 2
    path = tmp_path / "export.json"
    write_export_file(path, first)
    store.close()
    twin = _empty_twin(db_config, tmp_path)
    try:
        twin.import_data(read_export_file(path))
        second = twin.export_data()
        assert without_timestamp(second) == without_timestamp(json.loads(json.dumps(first)))
        # Ids were kept, and new ids continue after them (PostgreSQL sequences were reset).
        assert twin.get_client(first["clients"][0]["id"]).name == first["clients"][0]["name"]
        new = twin.add_client(Client(name="Neue Person"))
        assert (new.id or 0) > max(c["id"] for c in first["clients"])
    finally:
        twin.close()


def test_import_across_backends(store: Store, tmp_path: Path) -> None:
    """From SQLite into the parametrized backend (PostgreSQL in CI) and compare."""
    source = open_store(DatabaseConfig.sqlite(tmp_path / "source.sqlite3"))
    try:
        populate(source)
        exported = source.export_data()
    finally:
        source.close()
    store.import_data(json.loads(json.dumps(exported)))
    assert without_timestamp(store.export_data()) == without_timestamp(exported)


def test_export_file_is_private_and_atomic(store: Store, tmp_path: Path) -> None:
    populate(store)
    path = tmp_path / "out.json"
    path.write_text("old content")
    path.chmod(0o644)
    write_export_file(path, store.export_data())
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_export_file(path)["format"] == "habeas-export"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _valid_export(tmp_path: Path) -> dict[str, Any]:
    source = open_store(DatabaseConfig.sqlite(tmp_path / "valid-source.sqlite3"))
    try:
        populate(source)
        return json.loads(json.dumps(source.export_data()))
    finally:
        source.close()


def _edit(data: dict[str, Any], key: str, index: int, field: str, value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    if value is _DELETE:
        del changed[key][index][field]
    else:
        changed[key][index][field] = value
    return changed


_DELETE = object()


@pytest.mark.parametrize(
    ("key", "index", "field", "value", "expected_path"),
    [
        ("events", 1, "date", "30.03.2026", "events[1].date"),
        ("events", 0, "date", _DELETE, "events[0].date"),
        ("requests", 0, "rights", "access", "requests[0].rights"),
        ("requests", 1, "rights", [], "requests[1].rights"),
        ("cases", 0, "client_id", 999, "cases[0].client_id"),
        ("cases", 1, "closed", "no", "cases[1].closed"),
        ("letters", 0, "pdf", "not base64!", "letters[0].pdf"),
        ("events", 2, "kind", "vanished", "events[2].kind"),
        ("notes", 0, "colour", "red", "notes[0].colour"),
        ("clients", 1, "id", 1, "clients[1].id"),  # duplicate id
        ("requests", 0, "authority_id", 77, "requests[0].authority_id"),
        ("events", 0, "created", None, "events[0].created"),
    ],
)
def test_bad_documents_are_refused_with_key_paths(
    store: Store, tmp_path: Path, key: str, index: int, field: str, value: Any, expected_path: str
) -> None:
    data = _edit(_valid_export(tmp_path), key, index, field, value)
    with pytest.raises(InputError) as error:
        store.import_data(data, known_event_kinds(shipped_knowledge_base()))
    assert expected_path in [p.path for p in error.value.problems]
    assert store.is_empty()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="something-else"), "not a Habeas export"),
        (
            lambda d: d.update(format_version=4),
            "version 4 is not supported; this Habeas reads versions 1 to 3",
        ),
        (lambda d: d.update(format_version=0), "version 0 is not supported"),
        (lambda d: d.update(format_version="2"), 'version "2" is not supported'),
        (lambda d: d.update(format_version=True), "version true is not supported"),
        (lambda d: d.pop("drafts"), "cannot be imported"),  # version 2 must have them
        (lambda d: d.pop("format_version"), "version null is not supported"),
        (lambda d: d.pop("notes"), "cannot be imported"),
    ],
)
def test_wrong_format_or_version_is_refused(store: Store, tmp_path: Path, change: Any, message: str) -> None:
    data = _valid_export(tmp_path)
    change(data)
    with pytest.raises(InputError, match=message):
        store.import_data(data)
    assert store.is_empty()


def test_a_version_1_file_still_imports(store: Store, tmp_path: Path) -> None:
    """Files written before drafts existed (format version 1) have no "drafts" list, no record
    versions and no store identity; their records start at version 1."""
    data = _old_format(_valid_export(tmp_path), 1)
    del data["drafts"]
    identity = store.identity()
    store.import_data(data)
    again = store.export_data()
    assert again["format_version"] == 3 and again["drafts"] == []
    assert again["store_uuid"] == identity
    assert {r["version"] for key in ("clients", "cases", "requests", "events") for r in again[key]} == {1}
    ignored = ("drafts", "format_version", "schema_revision", "store_uuid")
    assert {k: _unversioned(v) for k, v in without_timestamp(again).items() if k not in ignored} == {
        k: v for k, v in without_timestamp(data).items() if k not in ignored
    }


def test_a_version_3_file_keeps_versions_and_the_store_identity(store: Store, tmp_path: Path) -> None:
    data = _valid_export(tmp_path)
    data["cases"][0]["version"] = 7
    store.import_data(data)
    again = store.export_data()
    assert again["store_uuid"] == data["store_uuid"] and again["cases"][0]["version"] == 7


def _old_format(data: dict[str, Any], version: int) -> dict[str, Any]:
    data["format_version"] = version
    del data["store_uuid"]
    return {k: _unversioned(v) for k, v in data.items()}


def _unversioned(value: Any) -> Any:
    if isinstance(value, list):
        return [{k: v for k, v in item.items() if k != "version"} for item in value]
    return value


def test_version_1_file_with_drafts_keeps_them(store: Store, tmp_path: Path) -> None:
    """Nothing in a file is dropped silently: a list a version-1 file should not have is still read."""
    data = _valid_export(tmp_path)
    data["format_version"] = 1
    store.import_data(data)
    assert [d.title for d in store.list_drafts()] == [d["title"] for d in reversed(data["drafts"])]


def test_drafts_are_checked_like_other_records(store: Store, tmp_path: Path) -> None:
    data = _valid_export(tmp_path)
    data["drafts"][1]["payload"] = ["not", "an", "object"]
    data["drafts"][0]["updated"] = "yesterday"
    with pytest.raises(InputError) as error:
        store.import_data(data)
    assert {"drafts[0].updated", "drafts[1].payload"} <= {p.path for p in error.value.problems}
    assert store.is_empty()


def test_not_an_object_is_refused(store: Store) -> None:
    with pytest.raises(InputError, match="JSON object"):
        store.import_data([1, 2, 3])


def test_import_into_a_non_empty_store_is_refused(store: Store, tmp_path: Path) -> None:
    populate(store)
    before = without_timestamp(store.export_data())
    with pytest.raises(InputError, match="not empty"):
        store.import_data(_valid_export(tmp_path))
    assert without_timestamp(store.export_data()) == before


def test_import_is_all_or_nothing(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure after some tables were written rolls everything back."""
    data = _valid_export(tmp_path)
    real = exchange_module.row_values

    def failing(record: Any) -> dict[str, Any]:
        if isinstance(record, Note):
            raise RuntimeError("simulated failure while writing notes")
        return real(record)

    monkeypatch.setattr(exchange_module, "row_values", failing)
    with pytest.raises(RuntimeError):
        store.import_data(data)
    assert store.is_empty()
    monkeypatch.setattr(exchange_module, "row_values", real)
    store.import_data(data)
    assert store.count_cases() == 2


def test_many_problems_are_summarised(store: Store, tmp_path: Path) -> None:
    data = _valid_export(tmp_path)
    data["notes"] = [{"id": i} for i in range(40)]
    with pytest.raises(InputError) as error:
        store.import_data(data)
    assert len(error.value.problems) == 26
    assert "more problems" in error.value.problems[-1].message


@pytest.mark.parametrize(
    ("content", "message"),
    [(b'{"format": "habeas-export",', r"not valid JSON \(line 1"), (b"\xff\xfe\x00", "not a UTF-8")],
)
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_export_file(path)
    with pytest.raises(InputError, match="Cannot read"):
        read_export_file(tmp_path / "missing.json")


def test_timestamps_without_zone_are_read_as_utc(store: Store, tmp_path: Path) -> None:
    data = _valid_export(tmp_path)
    data["notes"][0]["created"] = "2026-03-02T08:30:00"
    store.import_data(data)
    assert store.list_notes(data["notes"][0]["case_id"])[0].created == T0


def test_the_streamed_export_is_the_same_document(
    store: Store, db_config: DatabaseConfig, tmp_path: Path
) -> None:
    """``export_to_file`` (record by record, memory flat) writes what ``export_data`` returns."""
    from app.store import export_to_file

    populate(store)
    path = tmp_path / "streamed.json"
    assert export_to_file(store, path) == 2
    streamed = json.loads(path.read_text(encoding="utf-8"))
    assert without_timestamp(streamed) == without_timestamp(json.loads(json.dumps(store.export_data())))
    assert path.stat().st_mode & 0o777 == 0o600
    twin = _empty_twin(db_config, tmp_path)
    try:
        twin.import_data(read_export_file(path))
        assert without_timestamp(twin.export_data()) == without_timestamp(streamed)
    finally:
        twin.close()
