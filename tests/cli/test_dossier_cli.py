"""``habeas request letter`` (escalation letters) and ``habeas dossier`` end to end."""

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


def refused_request(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["request", "add", "--input", str(EXAMPLES / "cn-access.json"), "--with-letter"]) == 0
    rid = capsys.readouterr().out.splitlines()[0]
    for argv in (
        ["sent", "--date", "2026-03-02", "--method", "registered-mail", "--reference", "RR123456789CN"],
        ["received", "--date", "2026-03-04"],
        ["refused", "--date", "2026-04-08"],
    ):
        assert main(["request", "event", rid, *argv, "--today", "2026-04-20"]) == 0
    capsys.readouterr()
    return rid


def test_reconsideration_letter_and_dossier(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    rid = refused_request(capsys)
    letter = tmp_path / "recon.pdf"
    assert (
        main(
            [
                "request",
                "letter",
                rid,
                "CN-RECONSIDERATION",
                "--out",
                str(letter),
                "--to-name",
                "北京市朝阳区人民政府",
                "--to-address",
                "北京市朝阳区日坛北路33号",
                "--date",
                "2026-04-20",
                # Issue 10: the 行政复议申请书 states its own facts (never the request's text).
                "--facts",
                "申请人所申请的信息系被申请人在办理户籍登记时制作的记录。",
            ]
        )
        == 0
    )
    text = text_of(letter)
    assert "行政复议申请书" in text and "北京市朝阳区人民政府" in text
    assert "《中华人民共和国行政复议法》第二十条" in text
    assert "2026年6月8日" in text  # 60 days from the refusal of 8 Apr: Sun 7 Jun → Mon 8 Jun
    dossier = tmp_path / "dossier.pdf"
    capsys.readouterr()
    assert main(["dossier", "1", "--out", str(dossier), "--today", "2026-04-20"]) == 0
    reader = PdfReader(io.BytesIO(dossier.read_bytes()))
    whole = text_of(dossier)
    assert "Chronology" in whole and "RR123456789CN" in whole
    assert "Legalbasis:OGIRegulationsart.33" in whole and "Answeredon2026-04-08,7daysafterthedue" in whole
    assert "Legalbasis:AdministrativeReconsiderationLawart.20" in whole
    # the stored letters follow: the request letter and the reconsideration application
    assert "政府信息公开申请书" in whole and "行政复议申请书" in whole
    assert len(reader.pages) >= 4


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("request", "letter", "1", "US-FOIA-APPEAL-STEP", "--out", "x.pdf"), "is not open for this request"),
        (("request", "letter", "1", "CN-OGI-COMPLAINT", "--out", "x.pdf"), "addressee: required"),
        (("dossier", "7", "--out", "x.pdf"), "there is no case with id 7"),
        (("dossier", "one", "--out", "x.pdf"), "CASE_ID: not a whole number"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: tuple[str, ...],
    message: str,
) -> None:
    refused_request(capsys)
    monkeypatch.chdir(tmp_path)
    assert main(list(argv)) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
