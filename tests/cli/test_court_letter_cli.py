"""``habeas request letter`` for the waiting-period steps: Untätigkeitsklage (DE) and s.166 (GB-ENG)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def text_of(path: Path) -> str:
    return re.sub(
        r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    )


def request_with(capsys: pytest.CaptureFixture[str], example: str, *events: list[str]) -> str:
    assert main(["request", "add", "--input", str(EXAMPLES / example)]) == 0
    rid = capsys.readouterr().out.splitlines()[0]
    for argv in events:
        assert main(["request", "event", rid, *argv, "--today", "2026-04-30"]) == 0
    capsys.readouterr()
    return rid


def test_untaetigkeitsklage(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rid = request_with(
        capsys, "de-access.json", ["sent", "--date", "2026-03-02"], ["received", "--date", "2026-03-04"]
    )
    out = tmp_path / "klage.pdf"
    base = ["request", "letter", rid, "DE-UNTAETIGKEITSKLAGE", "--out", str(out)]
    court = [
        "--to-name",
        "Verwaltungsgericht Wiesbaden",
        "--to-address",
        "Mainzer Straße 124\\n65189 Wiesbaden",
    ]
    # No defendant: a clear message, nothing written.
    assert main([*base, *court, "--date", "2026-06-10"]) == 2
    assert "defendant: required for this letter" in capsys.readouterr().err
    # Three months from receipt on 4 March end with 4 June (§§ 187, 188 BGB): not on that day.
    assert main([*base, *court, "--date", "2026-06-04", "--defendant", "Bundesrepublik Deutschland"]) == 2
    assert "2026-06-04" in capsys.readouterr().err
    assert not out.exists()
    defendant = ["--defendant", "Bundesrepublik <Deutschland>", "--represented-by", "das BKA & andere"]
    assert main([*base, *court, "--date", "2026-06-10", *defendant]) == 0
    text = text_of(out)
    assert "§75VwGO" in text and "§57Abs.1BDSG" in text and "§82" not in text
    assert "Bundesrepublik<Deutschland>,vertretendurchdasBKA&andere" in text
    assert "mitAblaufdes4.Juni2026verstrichen" in text


def test_tribunal_application(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rid = request_with(
        capsys,
        "gb-eng-access.json",
        ["sent", "--date", "2026-03-02"],
        ["received", "--date", "2026-03-04"],
        # Issue 10: recorded against the complaint to the Commissioner (the Tribunal step follows it);
        # on 20 April 2026 the complaint to the force (s.164A) was not yet in force.
        ["complaint", "--date", "2026-04-20", "--reference", "IC-401234-X7Y8", "--step", "GB-ICO-COMPLAINT"],
    )
    out = tmp_path / "tribunal.pdf"
    argv = ["request", "letter", rid, "GB-TRIBUNAL", "--out", str(out), "--to-name", "First-tier Tribunal"]
    assert main([*argv, "--date", "2026-08-03"]) == 0
    text = text_of(out)
    assert "DataProtectionAct2018,s.166" in text and "DataProtectionAct2018,s.165" in text
    assert "20April2026,referenceIC-401234-X7Y8" in text  # the reference recorded with the complaint
    assert "endedon20July2026" in text
    assert "s.45" not in text and "s.54" not in text.split("Annex")[0]
    # The reference typed for the letter wins over the one recorded with the event.
    assert main([*argv, "--date", "2026-08-03", "--complaint-reference", "IC-9 <b>"]) == 0
    assert "referenceIC-9<b>" in text_of(out)
