"""``habeas letter``: PDF and text from a JSON request; bad input lists every problem, writes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def test_pdf_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "letter.pdf"
    status = main(["letter", "--input", str(EXAMPLES / "de-correction.json"), "--out", str(out)])
    assert status == 0
    assert out.read_bytes().startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Aylin Demir" in text
    assert [p.name for p in folder.iterdir()] == ["letter.pdf"]  # no temporary file left behind
    assert str(out) in capsys.readouterr().out


def test_text_goes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["letter", "--input", str(EXAMPLES / "cn-access.json"), "--text"])
    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith("政府信息公开申请书")
    assert "《中华人民共和国政府信息公开条例》第三十三条" in out
    assert "English courtesy translation" in out  # the example asks for the courtesy copy


def test_invalid_input_lists_every_problem_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((EXAMPLES / "us-access.json").read_text(encoding="utf-8"))
    data["date"] = "03/02/2026"
    data["requester"]["email"] = "nobody"
    del data["authority"]["address"]
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "letter.pdf"
    status = main(["letter", "--input", str(source), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert not out.exists()
    for line in (
        "date: not a date (YYYY-MM-DD)",
        "requester.email: not an e-mail address",
        "authority.address: required",
    ):
        assert line in err
    assert "Traceback" not in err


def test_existing_file_survives_a_failed_run(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    out.write_bytes(b"previous letter")
    data = json.loads((EXAMPLES / "gb-eng-deletion.json").read_text(encoding="utf-8"))
    data["details"] = "A face: \U0001f600"  # no letter font can print it
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    assert main(["letter", "--input", str(source), "--out", str(out)]) == 2
    assert out.read_bytes() == b"previous letter"


def test_broken_json_names_the_position(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "broken.json"
    source.write_text('{"jurisdiction": "CN",\n "right": }', encoding="utf-8")
    assert main(["letter", "--input", str(source), "--text"]) == 2
    assert "line 2" in capsys.readouterr().err


def test_missing_output_folder_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nowhere" / "letter.pdf"
    assert main(["letter", "--input", str(EXAMPLES / "us-deletion.json"), "--out", str(out)]) == 2
    assert not out.parent.exists()


def test_runs_as_a_program(tmp_path: Path) -> None:
    out = tmp_path / "l.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "app", "letter", "-i", str(EXAMPLES / "us-correction.json"), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000
