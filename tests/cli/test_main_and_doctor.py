from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring.backends.fail
import pytest

from app import __version__
from app.cli.doctor_cmd import summary as doctor_summary
from app.cli.main import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"Habeas {__version__}"


def test_unknown_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_doctor_reports_each_fact_on_its_own_line(
    capsys: pytest.CaptureFixture[str], habeas_home: Path
) -> None:
    status = main(["doctor"])
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert any(line.startswith("Data directory:") and str(habeas_home.resolve()) in line for line in lines)
    database = next(line for line in lines if line.startswith("Database:"))
    assert "sqlite" in database and "schema revision" in database and "none" not in database
    keyring_line = next(line for line in lines if line.startswith("Keyring:"))
    assert "secure OS store" in keyring_line
    font = next(line for line in lines if line.startswith("CJK font for letters:"))
    assert font.endswith(".ttc")
    assert status == 0
    assert not any(line.startswith("Problem: ") for line in lines)
    warnings = sum(line.startswith("Warning: ") for line in lines)
    assert lines[-1] == ("No problems found." if not warnings else doctor_summary(0, warnings))


def test_doctor_is_honest_about_an_insecure_keyring(capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    status = main(["doctor"])
    out = capsys.readouterr().out
    assert "not a secure store" in out
    assert "Warning: no secure keyring was found" in out
    assert status == 0  # a missing keyring is a warning: secrets are asked for instead


def test_doctor_fails_on_an_unreachable_database(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--database", "postgresql+psycopg://nobody:secret@127.0.0.1:1/none", "doctor"])
    out = capsys.readouterr().out
    assert status == 1
    assert "Problem:" in out
    assert "secret" not in out  # the password never appears


def test_python_dash_m_app_runs(habeas_home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "--version"], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.startswith("Habeas ")


def test_a_reader_that_stops_early_gets_no_traceback(habeas_home: Path) -> None:
    # ``habeas request add … | head -1`` where the reader has gone before habeas writes: the read
    # end of the pipe is closed before the child starts, so its first write fails with EPIPE.
    read_end, write_end = os.pipe()
    os.close(read_end)
    example = Path(__file__).resolve().parents[2] / "examples" / "cn-access.json"
    # A child process has no memory keyring: its store is protected by a passphrase.
    env = {**os.environ, "HABEAS_PASSPHRASE": "a passphrase for the test"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "app", "request", "add", "--input", str(example)],
            env=env,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert b"Traceback" not in result.stderr and b"BrokenPipe" not in result.stderr
    assert result.returncode == 0
    # The request was stored all the same.
    shown = subprocess.run(
        [sys.executable, "-m", "app", "request", "show", "1"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert shown.returncode == 0 and "Request 1" in shown.stdout
