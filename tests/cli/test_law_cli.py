"""``habeas deadline`` and ``habeas law``: first line is the ISO date; bad input exits 2 with a message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.law.loader import shipped_knowledge_base


def test_deadline_cn_spring_festival(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["deadline", "--jurisdiction", "CN", "--working-days", "20", "--from", "2026-02-05"])
    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert out[0] == "2026-03-11"
    assert "15–23 Feb: Spring Festival; Sat 14 Feb, Sat 28 Feb: official working days" in out
    assert any(line.startswith("Alternative date: 10 March 2026") for line in out)


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["--jurisdiction", "DE", "--months", "1", "--from", "2026-03-04"], "2026-04-07"),
        (["--jurisdiction", "US", "--calendar-days", "90", "--from", "2026-01-05"], "2026-04-05"),
        (["--rule", "CN-OGI-33", "--extended", "--from", "2026-02-05"], "2026-04-09"),
        (
            ["--rule", "GB-DPA-54", "--from", "2026-03-10", "--pause", "2026-03-16:2026-03-25:waiting"],
            "2026-04-20",
        ),
        (
            ["--jurisdiction", "DE", "--subdivision", "BY", "--working-days", "1", "--from", "2026-01-05"],
            "2026-01-07",
        ),
    ],
)
def test_deadline_variants(capsys: pytest.CaptureFixture[str], args: list[str], first: str) -> None:
    assert main(["deadline", *args]) == 0
    assert capsys.readouterr().out.splitlines()[0] == first


def test_deadline_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "--rule", "DE-BDSG-REF", "--from", "2026-01-31", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == "2026-03-02"  # 28 Feb 2026 is a Saturday -> Monday (BGB § 193)
    assert data["statutory"] is False
    assert data["jurisdiction"] == "DE"
    assert data["trace"][1]["kind"] == "reference"


def test_user_calendar_dir_is_used(capsys: pytest.CaptureFixture[str], habeas_home: Path) -> None:
    calendars = habeas_home / "data" / "calendars"
    calendars.mkdir(parents=True)
    (calendars / "CN-2027.json").write_text(
        '{"jurisdiction": "CN", "year": 2027, "source": "invented test schedule",'
        ' "holidays": [{"start": "2027-01-01", "name": "New Year\'s Day"}]}',
        encoding="utf-8",
    )
    assert (
        main(["deadline", "--jurisdiction", "CN", "--working-days", "3", "--from", "2026-12-30", "--json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == "2027-01-05"  # 31 Dec; 1 Jan holiday; 2-3 weekend; 4, 5 Jan
    assert data["provisional"] is False


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--jurisdiction", "XX", "--working-days", "20", "--from", "2026-02-05"], "Unknown jurisdiction XX"),
        (["--jurisdiction", "CN", "--working-days", "20", "--from", "2026-02-30"], "--from"),
        (["--jurisdiction", "CN", "--working-days", "twenty", "--from", "2026-02-05"], "--working-days"),
        (["--jurisdiction", "CN", "--months", "0", "--from", "2026-02-05"], "--months"),
        (["--rule", "CN-NOPE", "--from", "2026-02-05"], "Unknown deadline rule"),
        (["--rule", "CN-PIPL-REF", "--extended", "--from", "2026-02-05"], "no extension"),
        (["--rule", "CN-OGI-33", "--jurisdiction", "DE", "--from", "2026-02-05"], "belongs to CN"),
        (["--jurisdiction", "CN", "--working-days", "5", "--from", "2026-02-05", "--pause", "x"], "--pause"),
    ],
)
def test_bad_input_exits_2_with_message(
    capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    status = main(["deadline", *args])
    captured = capsys.readouterr()
    assert status == 2
    assert needle in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_law_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["law", "list"]) == 0
    listing = capsys.readouterr().out
    for code in shipped_knowledge_base().codes:
        assert f"\n{code}  " in "\n" + listing
    assert main(["law", "show", "CN"]) == 0
    shown = capsys.readouterr().out
    assert "《中华人民共和国个人信息保护法》第四十五条第一款 | PIPL art. 45(1) [V]" in shown
    assert "(cite only up to 2025-12-31)" in shown
    assert "CN-ARL-20: 60 calendar days" in shown
    assert main(["law", "show", "FR"]) == 2


def test_law_show_in_german_uses_the_german_law_texts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert main(["law", "show", "DE"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "DE  Deutschland"
    assert "policing -> bdsg-part3: Verhütung, Ermittlung oder Verfolgung von Straftaten" in out
    assert "administrative -> gdpr: Sonstige polizeiliche Aufgaben" in out
    assert "Untätigkeitsklage" in out and "Keine Ablehnungsfiktion" in out
    assert "Prevention, investigation" not in out and "Other police tasks" not in out


def test_law_list_in_chinese_names_jurisdictions_and_regimes_in_chinese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert main(["law", "list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("CN  中华人民共和国  ")  # not "中华人民共和国 (中华人民共和国)"
    assert "ogi: 《政府信息公开条例》" in out
    assert "People's Republic of China" not in out
