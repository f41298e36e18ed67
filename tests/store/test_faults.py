"""The store under faults: files that are not a Habeas store are left byte for byte as they were,
a full disk and a damaged file say so (the latter naming the newest backup and how to put it
back), a new store is made only where no file exists, and the files are the user's only.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from app.cases.records import Client
from app.cli.main import main
from app.errors import StoreError
from app.paths import app_paths
from app.store import DatabaseConfig, crypto, open_store
from app.store import engine as engine_module
from app.store import migrate as migrate_module
from app.store import opener as opener_module
from app.store.engine import store_error
from app.store.migrate import backups_of, head_revision, known_revisions
from tests.store.keyed import connect_user_store

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file in ``folder``: its bytes, modification time (ns) and permissions."""
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns, _mode(p))
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _foreign_database(path: Path, journal_mode: str) -> None:
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA journal_mode = {journal_mode}")
    connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO recipes (name) VALUES ('dumplings')")
    connection.commit()
    connection.close()


# -- files that are not a Habeas store: refused, untouched ----------------------------------------


def test_a_zero_length_file_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "habeas.sqlite3"
    path.touch()
    path.chmod(0o644)
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    before = _snapshot(tmp_path)
    with pytest.raises(StoreError) as info:
        open_store(DatabaseConfig.sqlite(path))
    assert f"The database file {path} is empty (0 bytes)" in str(info.value)
    assert "move the empty file away" in str(info.value)
    assert _snapshot(tmp_path) == before  # size 0, same time, same mode, no -wal or -shm


def test_a_zero_length_file_at_the_default_location(
    habeas_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = app_paths().database_file
    database.parent.mkdir(parents=True)
    database.touch()
    before = _snapshot(database.parent)
    assert main(["request", "list"]) == 1
    err = capsys.readouterr().err
    assert "is empty (0 bytes)" in err and "Traceback" not in err
    assert _snapshot(database.parent) == before


@pytest.mark.parametrize("journal_mode", ["delete", "truncate", "wal"])
def test_a_foreign_sqlite_file_is_left_byte_for_byte(tmp_path: Path, journal_mode: str) -> None:
    path = tmp_path / "recipes.sqlite3"
    _foreign_database(path, journal_mode)
    path.chmod(0o644)
    before = _snapshot(tmp_path)
    assert set(before) <= {"recipes.sqlite3", "recipes.sqlite3-journal"}  # TRUNCATE keeps an empty one
    with pytest.raises(StoreError, match="not a Habeas case store"):
        open_store(DatabaseConfig.sqlite(path))
    # Not switched to WAL (header bytes 18-19), no -wal or -shm left, not even made private.
    assert _snapshot(tmp_path) == before


def test_another_programs_alembic_database_is_not_taken_for_a_newer_habeas(tmp_path: Path) -> None:
    path = tmp_path / "other-app.sqlite3"
    _foreign_database(path, "delete")
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES ('3f2a9c1b7d4e')")
    connection.close()
    before = _snapshot(tmp_path)
    with pytest.raises(StoreError, match="not a Habeas case store"):
        open_store(DatabaseConfig.sqlite(path))
    assert _snapshot(tmp_path) == before


def test_an_empty_sqlite_database_is_not_made_a_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("VACUUM")  # writes the header: a valid database without tables
    connection.close()
    assert path.stat().st_size > 0
    before = _snapshot(tmp_path)
    with pytest.raises(StoreError, match="an empty SQLite database, not a Habeas case store"):
        open_store(DatabaseConfig.sqlite(path))
    assert _snapshot(tmp_path) == before


def test_a_file_that_is_not_sqlite_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "habeas.sqlite3"
    path.write_bytes(b"%PDF-1.7 a letter saved under the wrong name\n")
    before = _snapshot(tmp_path)
    with pytest.raises(StoreError, match="is not a Habeas database"):
        open_store(DatabaseConfig.sqlite(path))
    assert _snapshot(tmp_path) == before


# -- a new store only where no file exists ---------------------------------------------------------


def test_a_new_store_appears_complete_and_alone(tmp_path: Path) -> None:
    path = tmp_path / "habeas.sqlite3"
    store = open_store(DatabaseConfig.sqlite(path))
    try:
        assert store.schema_revision() == head_revision()
    finally:
        store.close()
    assert [p.name for p in tmp_path.iterdir()] == ["habeas.sqlite3"]  # no scratch file left


def test_a_crash_while_making_a_store_leaves_no_half_made_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "habeas.sqlite3"
    real_upgrade = opener_module.upgrade_to_head

    def interrupted(*args: Any) -> str:
        raise OperationalError("CREATE TABLE", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(opener_module, "upgrade_to_head", interrupted)
    with pytest.raises(StoreError, match="disk I/O error"):
        open_store(DatabaseConfig.sqlite(path))
    assert list(tmp_path.iterdir()) == []  # neither the store's name nor a scratch file

    monkeypatch.setattr(opener_module, "upgrade_to_head", real_upgrade)
    open_store(DatabaseConfig.sqlite(path)).close()  # the next start makes it as if nothing happened
    assert [p.name for p in tmp_path.iterdir()] == ["habeas.sqlite3"]


def test_a_store_made_meanwhile_by_another_process_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "habeas.sqlite3"
    other = tmp_path / "made-elsewhere.sqlite3"
    store = open_store(DatabaseConfig.sqlite(other))
    store.add_client(Client(name="Erika Beispiel"))
    store.close()
    real_link = os.link

    def racing_link(source: Path, target: Path) -> None:
        shutil.move(other, target)  # the other process wins the race
        real_link(source, target)

    monkeypatch.setattr(opener_module.os, "link", racing_link)
    store = open_store(DatabaseConfig.sqlite(path))
    try:
        assert [c.name for c in store.list_clients()] == ["Erika Beispiel"]
    finally:
        store.close()
    assert [p.name for p in tmp_path.iterdir()] == ["habeas.sqlite3"]


def test_a_database_url_into_a_missing_folder_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "Documets" / "clinic"  # a typo in the path
    config = DatabaseConfig.from_url(f"sqlite:///{missing}/habeas.sqlite3", None)
    with pytest.raises(StoreError) as info:
        open_store(config)
    assert f"The folder {missing} does not exist" in str(info.value)
    assert not (tmp_path / "Documets").exists()
    assert main(["--database", f"sqlite:///{missing}/habeas.sqlite3", "request", "list"]) == 1
    assert f"The folder {missing} does not exist" in capsys.readouterr().err
    assert not (tmp_path / "Documets").exists()


def test_the_default_location_is_still_created(tmp_path: Path) -> None:
    default = tmp_path / "home" / "data" / "habeas.sqlite3"
    config = DatabaseConfig.from_url("", None, sqlite_default=default)
    open_store(config).close()
    assert default.is_file()
    assert _mode(default.parent) == 0o700


# -- a full disk -----------------------------------------------------------------------------------


def test_a_full_disk_says_so_and_saves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real SQLITE_FULL: the connection may not grow the file past its current size."""
    path = tmp_path / "habeas.sqlite3"
    open_store(DatabaseConfig.sqlite(path)).close()
    pages = path.stat().st_size // 4096
    real_hook: Callable[[Any, Any], None] = engine_module._on_sqlite_connect

    def no_room_to_grow(dbapi_connection: Any, record: Any) -> None:
        real_hook(dbapi_connection, record)
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    monkeypatch.setattr(engine_module, "_on_sqlite_connect", no_room_to_grow)
    store = open_store(DatabaseConfig.sqlite(path))
    try:
        with pytest.raises(StoreError) as info:
            for n in range(100):
                store.add_client(Client(name=f"Client {n}", notes="x" * 4000))
        assert str(info.value) == (
            f"The disk holding the database file {path} is full. Free some space, then try again; "
            "a change that failed was not saved."
        )
        saved = len(store.list_clients())
    finally:
        store.close()
    monkeypatch.undo()
    store = open_store(DatabaseConfig.sqlite(path))
    try:
        assert len(store.list_clients()) == saved  # what was saved is there, the failed one is not
    finally:
        store.close()


def test_an_io_error_says_the_disk_may_be_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = DatabaseConfig.sqlite(tmp_path / "habeas.sqlite3")
    error = store_error(sqlite3.OperationalError("disk I/O error"), config)
    assert str(tmp_path / "habeas.sqlite3") in str(error)
    assert "The disk may be full" in str(error)

    class NearlyFull:
        free = 4096

    # No room left: SQLite failed to grow its -shm file even to read. Then it is a full disk.
    monkeypatch.setattr(engine_module.shutil, "disk_usage", lambda _path: NearlyFull())
    error = store_error(sqlite3.OperationalError("disk I/O error"), config)
    assert str(error).startswith(f"The disk holding the database file {tmp_path / 'habeas.sqlite3'} is full.")


def test_a_read_only_disk_is_named_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "habeas.sqlite3"
    config = DatabaseConfig.sqlite(path)
    unable = sqlite3.OperationalError("unable to open database file")  # what SQLite says on a ro mount
    assert "check that its folder exists and is writable" in str(store_error(unable, config))

    class ReadOnlyMount:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr(engine_module.os, "statvfs", lambda _path: ReadOnlyMount())
    assert str(store_error(unable, config)) == (
        f"The database file {path} cannot be written: Habeas needs to write to it and to its folder "
        f"{tmp_path} (a read-only disk, or permissions)."
    )


def test_a_server_out_of_space_says_so() -> None:
    class DiskFull(Exception):
        sqlstate = "53100"

    config = DatabaseConfig.from_url("postgresql+psycopg://clinic@db.example.org/habeas", None)
    error = store_error(DiskFull('could not extend file "base/16384/2619"'), config)
    assert "is out of disk space" in str(error) and "db.example.org" in str(error)


# -- a damaged file: which backup, and how -------------------------------------------------------


def _store_from_fixture(path: Path) -> None:
    """A store upgraded from the oldest released schema: the upgrade leaves a real automatic backup."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / f"habeas-{min(known_revisions())}.sqlite3", path)
    open_store(DatabaseConfig.sqlite(path)).close()


def _damage(path: Path, table: str, how: str) -> None:
    """Damage the root page of ``table``: ``zero`` it, or claim it holds no rows (``empty``).

    An encrypted store (the user's, made by the CLI) is damaged through its ciphertext: any
    changed byte fails the page's HMAC, which SQLCipher reports as a malformed page.
    """
    encrypted = crypto.file_state(path) == "encrypted"
    connection = connect_user_store(path) if encrypted else sqlite3.connect(path)
    (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    (page_size,) = connection.execute(
        "PRAGMA cipher_page_size" if encrypted else "PRAGMA page_size"
    ).fetchone()
    page_size = int(page_size)
    connection.close()
    assert not path.with_name(path.name + "-wal").exists()  # every page is in the file itself
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    if encrypted:
        data[start + 100 : start + 102] = bytes(b ^ 0xFF for b in data[start + 100 : start + 102])
    elif how == "zero":
        data[start : start + page_size] = bytes(page_size)
    else:
        data[start + 3 : start + 5] = b"\x00\x00"  # the page header's cell count
    path.write_bytes(bytes(data))


def test_a_damaged_page_points_to_the_newest_backup(tmp_path: Path) -> None:
    path = tmp_path / "habeas.sqlite3"
    _store_from_fixture(path)
    (backup,) = backups_of(path)
    _damage(path, "clients", "zero")
    store = open_store(DatabaseConfig.sqlite(path))
    try:
        with pytest.raises(StoreError) as info:
            store.get_client(3)
    finally:
        store.close()
    message = str(info.value)
    assert message.startswith(f"The database file {path} is damaged.")
    assert f"The newest automatic backup is {backup}" in message
    assert f"close Habeas, move the damaged file and any {path}-wal and {path}-shm" in message
    assert f"then copy the backup to {path}" in message
    # Following the instructions works: the backup opens, with the fixture's client.
    path.unlink()
    shutil.copy(backup, path)
    store = open_store(DatabaseConfig.sqlite(path))
    try:
        assert store.get_client(3).name == "李建华"
    finally:
        store.close()


def test_a_damaged_file_without_a_backup_says_so(tmp_path: Path) -> None:
    path = tmp_path / "habeas.sqlite3"
    store = open_store(DatabaseConfig.sqlite(path))
    store.add_client(Client(name="Erika Beispiel"))
    store.close()
    _damage(path, "clients", "zero")
    store = open_store(DatabaseConfig.sqlite(path))
    try:
        with pytest.raises(StoreError, match="is damaged, and there is no automatic backup next to it"):
            store.list_clients()
    finally:
        store.close()


def test_a_row_lost_to_a_damaged_page_is_not_reported_as_a_wrong_id(
    habeas_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged page can read as "no request with id 11": the CLI checks the pages before saying so."""
    database = app_paths().database_file
    _store_from_fixture(database)
    (backup,) = backups_of(database)
    assert main(["request", "show", "11"]) == 0
    capsys.readouterr()
    _damage(database, "requests", "empty")
    assert main(["request", "show", "11"]) == 1
    err = capsys.readouterr().err
    assert "no request with id" not in err
    assert f"The database file {database} is damaged. The newest automatic backup is {backup}" in err
    # A truly unknown id on an intact store stays a usage error.
    shutil.copy(backup, database)
    assert main(["request", "show", "999"]) == 2


def test_a_damaged_file_is_not_upgraded_nor_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "habeas.sqlite3"
    shutil.copy(FIXTURES / f"habeas-{min(known_revisions())}.sqlite3", path)
    _damage(path, "clients", "empty")
    with pytest.raises(StoreError, match="is damaged"):
        open_store(DatabaseConfig.sqlite(path))
    assert backups_of(path) == []  # a damaged copy never becomes "the newest backup"


def test_a_backup_that_cannot_be_written_stops_the_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "habeas.sqlite3"
    oldest = min(known_revisions())
    shutil.copy(FIXTURES / f"habeas-{oldest}.sqlite3", path)

    def full_disk(*_args: object) -> Path:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(migrate_module, "_new_backup_file", full_disk)
    with pytest.raises(StoreError) as info:
        open_store(DatabaseConfig.sqlite(path))
    assert str(info.value) == (
        f"Before upgrading {path}, Habeas backs it up next to it, and that failed: the disk is full. "
        "Nothing was changed."
    )
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(oldest,)]
    connection.close()
    assert [p.name for p in tmp_path.iterdir()] == ["habeas.sqlite3"]


def test_doctor_checks_the_pages(habeas_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = app_paths().database_file
    _store_from_fixture(database)
    assert main(["doctor"]) == 0
    capsys.readouterr()
    _damage(database, "requests", "empty")
    assert main(["doctor"]) == 1
    assert f"Problem: The database file {database} is damaged." in capsys.readouterr().out


# -- private files ---------------------------------------------------------------------------------


def test_a_database_copied_in_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "habeas.sqlite3"
    _store_from_fixture(path)
    (backup,) = backups_of(path)
    for file in (path, backup):
        file.chmod(0o644)  # as ``cp`` leaves it under the usual umask
    store = open_store(DatabaseConfig.sqlite(path))
    try:
        store.list_clients()  # a connection is open: the -wal and -shm files exist
        for name in ("habeas.sqlite3", "habeas.sqlite3-wal", "habeas.sqlite3-shm"):
            assert _mode(tmp_path / name) == 0o600, name
        assert _mode(backup) == 0o600
    finally:
        store.close()


def test_the_doctor_reports_files_others_can_read(
    habeas_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["doctor"]) == 0
    assert "folders 0700, files 0600" in capsys.readouterr().out
    # A repair that cannot happen (a file owned by someone else): doctor says so.
    settings_file = app_paths().settings_file
    settings_file.write_text("{}", encoding="utf-8")
    os.chmod(settings_file, 0o644)

    def not_the_owner(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("app.paths.Path.chmod", not_the_owner)
    assert main(["doctor"]) == 0  # a warning, not a failure
    out = capsys.readouterr().out
    assert f"readable by others: {settings_file}" in out
    assert _mode(settings_file) == 0o644
