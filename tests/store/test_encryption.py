"""Encrypted at rest (issue 14): the canary test, keys from the keyring or a passphrase, wrong and
missing keys, the migration of a plaintext store, key rotation and its resumption.

The keyring is the memory keyring of tests/conftest.py unless a test sets its own backend: a locked
one (raises KeyringLocked), the 'fail' backend (no keyring at all) or a plaintext one.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest
from stdnum.cn import ric
from stdnum.iso7064 import mod_11_2

from app.cases.records import Attachment
from app.cli.main import main
from app.keystore import Keystore
from app.paths import app_paths
from app.store import DatabaseConfig, crypto, open_store
from app.store.crypto import SQLITE_HEADER, CipherKey
from app.store.keys import Passphrases, key_entry, pending_entry, rotate, unlock
from app.store.migrate import backups_of, known_revisions
from tests.store.keyed import user_store_key

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FIXTURES = Path(__file__).parent / "fixtures"
PASSPHRASE = "a long test passphrase"

# Invented canary values: a name nobody has, a checksum-valid but fake resident ID number.
CANARY_NAME = "檀雨萱测"
CANARY_ID_BODY = "11010519900307123"
CANARY_ID = CANARY_ID_BODY + mod_11_2.calc_check_digit(CANARY_ID_BODY)
assert ric.is_valid(CANARY_ID)
CANARY_EMAIL = "tan.canary.q7x@example.org"
CANARY_PHONE = "13987650123"
CANARY_NOTE = "金丝雀备注ZQ"


class LockedKeyring(keyring.backend.KeyringBackend):
    """A secure keyring whose unlock prompt the user dismissed: every call fails."""

    priority = 10  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def database() -> Path:
    return app_paths().database_file


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The temp folder Habeas sees (TMPDIR and tempfile), separate from the test's own files."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder


def test_canary_values_are_in_no_file(
    capsys: pytest.CaptureFixture[str], habeas_home: Path, tmp_path: Path, private_tmp: Path
) -> None:
    """A request with canary values, a kept letter, events with notes, an ID copy attached, a backup:
    then no canary
    byte (UTF-8 or UTF-16) in any file under HABEAS_HOME or the temp folder, WAL and shm included,
    and the store does not start like a SQLite file."""
    data = json.loads((EXAMPLES / "cn-access.json").read_text(encoding="utf-8"))
    data["requester"] |= {
        "name": CANARY_NAME,
        "id_number": CANARY_ID,
        "birth_date": "1990-03-07",
        "email": CANARY_EMAIL,
        "phone": CANARY_PHONE,
    }
    request = tmp_path / "input" / "canary.json"  # the user's own input file, outside both folders
    request.parent.mkdir()
    request.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, out, err = run(capsys, "request", "add", "--input", str(request), "--with-letter")
    assert status == 0, err
    rid = out.split()[1] if out.startswith("Request ") else out.split()[0]
    for kind, day in (("sent", "2026-03-03"), ("received", "2026-03-05")):
        status, _out, err = run(capsys, "request", "event", rid, kind, "--date", day, "--note", CANARY_NOTE)
        assert status == 0, err
    # An ID copy kept with the case: attachments live inside the store (a table since 0001).
    keyed = DatabaseConfig.sqlite(database(), user_store_key(database()))
    store = open_store(keyed)
    try:
        (case,) = store.list_cases()
        assert case.id is not None
        scan = f"ID copy of {CANARY_NAME}, {CANARY_ID}".encode()
        store.add_attachment(Attachment(case.id, "id-copy.txt", "text/plain", scan, datetime(2026, 3, 2)))
    finally:
        store.close()
    backups = habeas_home / "backups"
    backups.mkdir()
    status, _out, err = run(capsys, "backup", "--out", str(backups / "cases.hbk"))
    assert status == 0, err

    # While a connection is open the -wal and -shm files exist: they are checked too.
    store = open_store(DatabaseConfig.sqlite(database(), user_store_key(database())))
    try:
        assert CANARY_NAME in {client.name for client in store.list_clients()}  # the data is there
        assert CANARY_ID.encode() in store.list_attachments(case.id)[0].content
        files = [p for folder in (habeas_home, private_tmp) for p in folder.rglob("*") if p.is_file()]
        names = {p.name for p in files}
        assert {"habeas.sqlite3", "habeas.sqlite3-wal", "habeas.sqlite3-shm", "cases.hbk"} <= names
        canaries = [CANARY_NAME, CANARY_ID, CANARY_EMAIL, CANARY_PHONE, CANARY_NOTE]
        patterns = [c.encode(enc) for c in canaries for enc in ("utf-8", "utf-16-le", "utf-16-be")]
        assert all(c.encode() in request.read_bytes() for c in canaries[:4])  # the search would see them
        for file in files:
            content = file.read_bytes()
            found = [p for p in patterns if p in content]
            assert not found, f"{file.name} holds canary bytes"
    finally:
        store.close()
    assert database().read_bytes()[:16] != SQLITE_HEADER
    backup_body = (backups / "cases.hbk").read_bytes()
    assert SQLITE_HEADER not in backup_body


def test_the_default_store_is_encrypted_with_a_key_in_the_keyring(
    capsys: pytest.CaptureFixture[str], memory_keyring: object
) -> None:
    assert run(capsys, "request", "add", "--input", str(EXAMPLES / "de-access.json"))[0] == 0
    assert crypto.file_state(database()) == "encrypted"
    stored = Keystore().read(key_entry(database()))
    assert stored is not None and len(stored) == 64  # 256 bits, hex
    assert crypto.opens_with(database(), CipherKey.from_hex(stored))
    assert not crypto.opens_with(database(), CipherKey.generate())


def test_without_a_secure_keyring_a_passphrase_is_required(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    status, _out, err = run(capsys, "request", "list")
    assert status == 2 and "passphrase" in err and "Traceback" not in err
    assert not database().exists()  # never a plaintext store instead
    monkeypatch.setenv("HABEAS_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "request", "add", "--input", str(EXAMPLES / "de-access.json"))[0] == 0
    assert crypto.opens_with(database(), CipherKey.from_passphrase(PASSPHRASE))


def test_a_plaintext_keyring_counts_as_none(capsys: pytest.CaptureFixture[str]) -> None:
    class PlaintextKeyring(keyring.backend.KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            raise AssertionError("a key must never go into a plaintext keyring")

        def delete_password(self, service: str, username: str) -> None:
            return None

    PlaintextKeyring.__module__ = "keyrings.alt.file"  # what Keystore checks: the backend's name
    keyring.set_keyring(PlaintextKeyring())
    status, _out, err = run(capsys, "request", "list")
    assert status == 2 and "No secure system keyring" in err


def test_a_wrong_passphrase_exits_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.setenv("HABEAS_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "request", "add", "--input", str(EXAMPLES / "de-access.json"))[0] == 0
    before = snapshot(database().parent)
    monkeypatch.setenv("HABEAS_PASSPHRASE", "not the passphrase")
    status, _out, err = run(capsys, "request", "list")
    assert status == 2
    assert "The passphrase does not open the case store" in err and "Traceback" not in err
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("still not it\n", encoding="utf-8")
    status, _out, err = run(capsys, "--passphrase-file", str(wrong), "request", "list")
    assert status == 2 and "does not open" in err
    assert snapshot(database().parent) == before
    right = tmp_path / "right.txt"
    right.write_text(PASSPHRASE + "\n", encoding="utf-8")
    status, out, _err = run(capsys, "--passphrase-file", str(right), "request", "list")
    assert status == 0 and "Bundeskriminalamt" in out


def test_a_locked_keyring_exits_1_and_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "request", "add", "--input", str(EXAMPLES / "de-access.json"))[0] == 0
    before = snapshot(database().parent)
    keyring.set_keyring(LockedKeyring())
    status, _out, err = run(capsys, "request", "list")
    assert status == 1
    assert "keyring did not answer" in err and "Traceback" not in err
    assert snapshot(database().parent) == before


def test_a_locked_keyring_never_makes_a_new_key(capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(LockedKeyring())
    status, _out, err = run(capsys, "request", "list")
    assert status == 1 and "keyring did not answer" in err
    assert not database().exists()


def test_a_key_gone_from_the_keyring_exits_1_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], memory_keyring: object
) -> None:
    assert run(capsys, "request", "add", "--input", str(EXAMPLES / "de-access.json"))[0] == 0
    before = snapshot(database().parent)
    keyring.get_keyring().delete_password("Habeas", key_entry(database()))
    status, _out, err = run(capsys, "request", "list")
    assert status == 1
    assert "is not in the system keyring" in err and "Traceback" not in err
    assert snapshot(database().parent) == before
    assert Keystore().read(key_entry(database())) is None  # no new key was made over the old store


def test_a_store_from_another_computer_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "request", "add", "--input", str(EXAMPLES / "de-access.json"))[0] == 0
    Keystore().store(key_entry(database()), CipherKey.generate().secret)  # this keyring's key differs
    status, _out, err = run(capsys, "request", "list")
    assert status == 1 and "does not open the case store" in err


def _plaintext_store_with_a_backup(path: Path) -> Path:
    """A store of an older Habeas: plaintext, upgraded once (so with a plaintext automatic backup)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / f"habeas-{min(known_revisions())}.sqlite3", path)
    open_store(DatabaseConfig.sqlite(path)).close()
    (backup,) = backups_of(path)
    assert crypto.file_state(path) == crypto.file_state(backup) == "plain"
    return backup


def test_a_plaintext_store_is_encrypted_at_start_with_its_backups(capsys: pytest.CaptureFixture[str]) -> None:
    backup = _plaintext_store_with_a_backup(database())
    before = open_store(DatabaseConfig.sqlite(database()))
    clients = [c.name for c in before.list_clients()]
    before.close()
    scratch = crypto.scratch_of(database())
    scratch.write_bytes(b"half of a killed rewrite")  # a leftover is removed, the store untouched
    status, _out, err = run(capsys, "request", "list")
    assert status == 0, err
    assert "Encrypting the case store" in err and "now encrypted" in err
    assert not scratch.exists()
    key = user_store_key(database())
    assert crypto.file_state(database()) == crypto.file_state(backup) == "encrypted"
    assert crypto.opens_with(backup, key)
    store = open_store(DatabaseConfig.sqlite(database(), key))
    try:
        assert [c.name for c in store.list_clients()] == clients
    finally:
        store.close()
    status, out, _err = run(capsys, "store", "encrypt")
    assert status == 0 and "already encrypted" in out


def test_only_a_habeas_store_is_encrypted(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text)")
    connection.close()
    before = other.read_bytes()
    with pytest.raises(Exception, match="not a Habeas case store"):
        unlock(DatabaseConfig.sqlite(other), Keystore(), Passphrases(given=PASSPHRASE))
    assert other.read_bytes() == before


def test_rekey_with_the_keyring_rotates_the_key_and_the_backups(capsys: pytest.CaptureFixture[str]) -> None:
    backup = _plaintext_store_with_a_backup(database())
    assert run(capsys, "request", "list")[0] == 0
    old = user_store_key(database())
    status, out, err = run(capsys, "store", "rekey")
    assert status == 0, err
    assert "system keyring" in out and "1 automatic backup" in out
    new = user_store_key(database())
    assert new != old
    for file in (database(), backup):
        assert crypto.opens_with(file, new) and not crypto.opens_with(file, old)
    assert Keystore().read(pending_entry(database())) is None


def test_rekey_to_a_passphrase_and_back(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert run(capsys, "request", "add", "--input", str(EXAMPLES / "de-access.json"))[0] == 0
    new = tmp_path / "new.txt"
    new.write_text(PASSPHRASE + "\n", encoding="utf-8")
    status, out, err = run(capsys, "store", "rekey", "--passphrase", "--new-passphrase-file", str(new))
    assert status == 0, err
    assert Keystore().read(key_entry(database())) is None  # the keyring no longer holds a key for it
    assert crypto.opens_with(database(), CipherKey.from_passphrase(PASSPHRASE))
    status, _out, err = run(capsys, "request", "list")
    assert status == 1 and "is not in the system keyring" in err  # a script is not asked
    monkeypatch.setenv("HABEAS_PASSPHRASE", PASSPHRASE)
    assert run(capsys, "store", "rekey", "--keyring")[0] == 0
    monkeypatch.delenv("HABEAS_PASSPHRASE")
    status, out, _err = run(capsys, "request", "list")
    assert status == 0 and "Bundeskriminalamt" in out


@pytest.mark.parametrize("reached_store", [False, True])
def test_an_interrupted_rotation_is_finished_or_dropped(reached_store: bool) -> None:
    """The state a kill leaves between the steps of ``rotate``: the next start sorts it out."""
    path = database()
    backup = _plaintext_store_with_a_backup(path)
    keystore = Keystore()
    config = unlock(DatabaseConfig.sqlite(path), keystore, Passphrases())
    old = config.key
    assert old is not None
    new = CipherKey.generate()
    keystore.store(pending_entry(path), new.secret)
    if reached_store:
        crypto.rewrite_database(path, old, new)  # killed before the backups and the keyring followed
    reopened = unlock(DatabaseConfig.sqlite(path), keystore, Passphrases())
    expected = new if reached_store else old
    assert reopened.key == expected
    assert keystore.read(key_entry(path)) == expected.secret
    assert keystore.read(pending_entry(path)) is None
    assert crypto.opens_with(backup, expected)


def test_rotate_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    first = CipherKey.from_passphrase(PASSPHRASE)
    store = open_store(DatabaseConfig.sqlite(path, first))
    store.close()
    second = CipherKey.from_passphrase("another long passphrase")
    rotate(path, first, second, Keystore())
    assert not crypto.opens_with(path, first)
    open_store(DatabaseConfig.sqlite(path, second)).close()


def test_a_terminal_user_is_asked_and_may_retype(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal: a new passphrase is typed twice; a wrong one may be typed again, three tries."""
    import getpass
    import sys

    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    typed: list[str] = [PASSPHRASE, PASSPHRASE + "!", PASSPHRASE, PASSPHRASE]
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": typed.pop(0))
    status, _out, err = run(capsys, "request", "add", "--input", str(EXAMPLES / "de-access.json"))
    assert status == 0, err
    assert "The two passphrases differ" in err and not typed
    typed[:] = ["wrong one", PASSPHRASE]
    status, out, err = run(capsys, "request", "list")
    assert status == 0 and "Bundeskriminalamt" in out
    assert "does not open" in err  # told why it is asked again
    typed[:] = ["wrong one", "wrong two", "wrong three"]
    status, _out, err = run(capsys, "request", "list")
    assert status == 2 and "does not open" in err and not typed
