"""The dossier's list of letters: each dated by the date it bears, and "the letters follow" only
when some do."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _text(path: Path) -> str:
    """The dossier's own pages (before the appended letters), spaces squeezed."""
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in pages))


def _add(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["request", "add", "--input", str(EXAMPLES / "gb-eng-access.json"), *extra]) == 0
    rid = capsys.readouterr().out.splitlines()[0]
    return rid


def _dossier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    out = tmp_path / "dossier.pdf"
    assert main(["dossier", "1", "--out", str(out), "--today", "2026-05-01"]) == 0
    capsys.readouterr()
    return _text(out)


def test_a_case_without_letters_says_so_and_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _add(capsys)
    text = _dossier(tmp_path, capsys)
    assert "No letters are stored for this case." in text
    assert "The letters follow" not in text


def test_the_request_letter_is_dated_by_its_own_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rid = _add(capsys, "--with-letter")  # the example's letter is dated 2026-03-02
    text = _dossier(tmp_path, capsys)
    assert f"2026-03-02: request {rid} — Subject access request" in text
    assert "No letters are stored" not in text
    assert "The letters follow, as generated." in text


def test_an_escalation_letter_is_listed_by_the_day_it_was_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rid = _add(capsys, "--with-letter")
    assert main(["request", "event", rid, "sent", "--date", "2026-03-02", "--today", "2026-04-20"]) == 0
    letter = [
        "request", "letter", rid, "GB-REMINDER", "--date", "2026-04-20", "--out", str(tmp_path / "r.pdf"),
        "--to-name", "Data Protection Officer", "--to-address", "1 High Street\\nLondon",
    ]  # fmt: skip
    assert main(letter) == 0
    capsys.readouterr()
    text = _dossier(tmp_path, capsys)
    # The store keeps no date for it but the moment it was written: said as such, never as its date.
    assert f"Written on {date.today().isoformat()}: request {rid} — Reminder" in text
    assert f"2026-03-02: request {rid} — Subject access request" in text
