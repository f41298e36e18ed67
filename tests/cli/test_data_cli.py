"""``habeas export`` / ``habeas import`` end to end in a temporary HABEAS_HOME."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import bootstrap
from app.cases.records import Case, Client, utc_now
from app.cli.main import main

FAKE_CN_ID = "510107199302010417"  # GB 11643 checksum-valid, invented


def _populate_current_home() -> None:
    store = bootstrap.open_store(bootstrap.load_environment())
    try:
        client = store.add_client(Client(name="赵雨桐", id_type="cn_ric", id_number=FAKE_CN_ID))
        now = utc_now()
        store.add_case(Case(title="访问申请", client_id=client.id or 0, created=now, updated=now))
    finally:
        store.close()


def _export(out: Path) -> dict[str, object]:
    assert main(["export", "--out", str(out)]) == 0
    data: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    data.pop("exported_at")
    return data


def test_export_then_import_into_a_new_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HABEAS_HOME", str(tmp_path / "first"))
    _populate_current_home()
    out = tmp_path / "export.json"
    first = _export(out)
    captured = capsys.readouterr()
    assert "Exported 1 case" in captured.out
    assert "personal data" in captured.err
    assert out.stat().st_mode & 0o777 == 0o600
    assert FAKE_CN_ID not in (tmp_path / "first" / "logs" / "habeas.log").read_text(encoding="utf-8")

    monkeypatch.setenv("HABEAS_HOME", str(tmp_path / "second"))
    assert main(["import", str(out)]) == 0
    assert "Imported 1 case" in capsys.readouterr().out
    assert _export(tmp_path / "again.json") == first

    # A second import into the now non-empty store is refused with status 2.
    assert main(["import", str(out)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert _export(tmp_path / "after-refusal.json") == first


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "habeas-export", "format_version": 1, "clients": [', "not valid JSON"),
        ('{"format": "habeas-export", "format_version": 99}', "version 99 is not supported"),
        (
            '{"format": "habeas-export", "format_version": 1, "clients": [{"id": 1}], "authorities": [], '
            '"cases": [], "requests": [], "events": [], "letters": [], "attachments": [], "notes": []}',
            "clients[0].name: missing",
        ),
    ],
)
def test_bad_import_files_exit_2_and_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    store = bootstrap.open_store(bootstrap.load_environment())
    try:
        assert store.is_empty()
    finally:
        store.close()


def test_missing_import_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "nope.json")]) == 2
    assert "Cannot read" in capsys.readouterr().err


def test_unreachable_database_exits_1_without_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql+psycopg://clinic:Very-Secret-9@127.0.0.1:9/habeas"
    assert main(["--database", url, "export", "--out", str(tmp_path / "x.json")]) == 1
    err = capsys.readouterr().err
    assert "Cannot reach the database server" in err
    assert "Very-Secret-9" not in err
    assert not (tmp_path / "x.json").exists()
