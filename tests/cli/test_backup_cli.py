"""habeas backup / restore (issue 14): one encrypted file with a checksum, restored only into an
empty store; a backup with its own passphrase moves to another computer (another keyring)."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest

from app.cli.main import main
from app.paths import app_paths
from app.store.backup import MAGIC, read_header
from app.store.crypto import SQLITE_HEADER
from tests.conftest import MemoryKeyring

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BACKUP_PASSPHRASE = "backup passphrase for the test"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _store_with_a_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "request", "add", "--input", str(EXAMPLES / "de-access.json"))[0] == 0


def _move_to_an_empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("HABEAS_HOME", str(tmp_path / name))


def test_backup_and_restore_into_an_empty_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_with_a_request(capsys)
    backup = tmp_path / "cases.hbk"
    status, out, err = run(capsys, "backup", "--out", str(backup))
    assert status == 0, err
    assert backup.read_bytes().startswith(MAGIC) and SQLITE_HEADER not in backup.read_bytes()
    assert read_header(backup).key == "store"
    # A backup never overwrites.
    status, _out, err = run(capsys, "backup", "--out", str(backup))
    assert status == 2 and "already exists" in err
    # Into the same store: refused, it holds cases.
    status, _out, err = run(capsys, "restore", str(backup))
    assert status == 2 and "already holds cases" in err
    # The store is lost (its key stays in this computer's keyring): restored into a new empty one.
    database = app_paths().database_file
    for file in database.parent.glob(database.name + "*"):
        file.unlink()
    status, out, err = run(capsys, "restore", str(backup))
    assert status == 0, err
    status, out, _err = run(capsys, "request", "list")
    assert status == 0 and "Bundeskriminalamt" in out


def test_a_damaged_backup_is_refused_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_with_a_request(capsys)
    backup = tmp_path / "cases.hbk"
    assert run(capsys, "backup", "--out", str(backup))[0] == 0
    data = bytearray(backup.read_bytes())
    data[-100] ^= 0x01
    damaged = tmp_path / "damaged.hbk"
    damaged.write_bytes(bytes(data))
    truncated = tmp_path / "truncated.hbk"
    truncated.write_bytes(backup.read_bytes()[:-4096])
    _move_to_an_empty_home(tmp_path, monkeypatch, "fresh")
    for bad in (damaged, truncated):
        status, _out, err = run(capsys, "restore", str(bad))
        assert status == 2 and "damaged or incomplete" in err and "Traceback" not in err
    status, _out, err = run(capsys, "restore", str(EXAMPLES / "de-access.json"))
    assert status == 2 and "is not a Habeas backup" in err
    status, out, _err = run(capsys, "request", "list")
    assert status == 0 and "Bundeskriminalamt" not in out


def test_a_backup_with_its_own_passphrase_moves_to_another_computer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_with_a_request(capsys)
    own = tmp_path / "cases-own.hbk"
    plain = tmp_path / "cases.hbk"
    monkeypatch.setenv("HABEAS_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)
    assert run(capsys, "backup", "--passphrase", "--out", str(own))[0] == 0
    assert run(capsys, "backup", "--out", str(plain))[0] == 0
    assert read_header(own).key == "passphrase"
    keyring.set_keyring(MemoryKeyring())  # another computer: another keyring
    _move_to_an_empty_home(tmp_path, monkeypatch, "elsewhere")
    status, _out, err = run(capsys, "restore", str(plain))
    assert status == 1 and "key of another case store" in err
    monkeypatch.setenv("HABEAS_BACKUP_PASSPHRASE", "not the backup passphrase")
    status, _out, err = run(capsys, "restore", str(own))
    assert status == 2 and "does not open the backup" in err
    monkeypatch.setenv("HABEAS_BACKUP_PASSPHRASE", BACKUP_PASSPHRASE)
    status, _out, err = run(capsys, "restore", str(own))
    assert status == 0, err
    status, out, _err = run(capsys, "request", "list")
    assert status == 0 and "Bundeskriminalamt" in out


def test_export_warns_that_its_file_is_plaintext(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _store_with_a_request(capsys)
    status, _out, err = run(capsys, "export", "--out", str(tmp_path / "cases.json"))
    assert status == 0
    assert "not encrypted" in err and "habeas backup" in err
    assert app_paths().database_file.read_bytes()[:16] != SQLITE_HEADER
