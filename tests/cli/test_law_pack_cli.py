"""A law pack on HABEAS_LAW_PATH works in every command exactly like the shipped data it copies.

The pack is England and Wales under the new code XW (``law_packs`` in tests/conftest.py): no code
knows XW, so whatever works here works for a clinic's own pack too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.law import load_knowledge_base


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.fixture
def xw(law_packs: Any) -> Path:
    pack = law_packs.copy("GB-ENG", "XW", "Testland (a copy of England and Wales)")
    law_packs.use(pack)
    return pack


def test_the_pack_is_a_jurisdiction_like_the_shipped_ones(xw: Path) -> None:
    kb = load_knowledge_base(packs=(xw,))
    assert kb.codes == tuple(sorted((*load_knowledge_base(packs=()).codes, "XW")))
    assert kb.problems == ()
    copy, shipped = kb.jurisdiction("XW"), kb.jurisdiction("GB-ENG")
    assert copy.letters_dir == xw / "letters" / "XW"
    assert len(kb.routes_of("XW")) == len(kb.routes_of("GB-ENG"))
    # The same local ids in both folders are two provisions, each with its own key.
    assert kb.provision("GB-DPA-45", within="XW").key == "XW:GB-DPA-45"
    assert kb.provision("GB-DPA-45", within="GB-ENG").key == "GB-ENG:GB-DPA-45"
    assert [d.id for d in copy.identity_documents] == [d.id for d in shipped.identity_documents]


def test_deadline_and_law_commands(xw: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "law", "list")
    assert status == 0 and "XW  Testland (a copy of England and Wales)" in out
    status, out, _ = run(capsys, "law", "show", "XW")
    assert status == 0 and "dpa-part3" in out
    counts = {}
    for code in ("GB-ENG", "XW"):
        status, out, err = run(
            capsys, "deadline", "--jurisdiction", code, "--months", "1", "--from", "2026-12-24"
        )
        assert status == 0, err
        counts[code] = out.splitlines()[0]
    assert counts["XW"] == counts["GB-ENG"] == "2027-01-25"  # bank holidays and weekend skipped
    # A rule id both folders have is ambiguous on its own, and names both ways to write it.
    status, _, err = run(capsys, "deadline", "--rule", "GB-DPA-54", "--from", "2026-03-02")
    assert status == 2 and "GB-ENG:GB-DPA-54" in err and "XW:GB-DPA-54" in err
    for argv in (("--rule", "XW:GB-DPA-54"), ("--rule", "GB-DPA-54", "--jurisdiction", "XW")):
        status, out, err = run(capsys, "deadline", *argv, "--from", "2026-03-02")
        assert status == 0, err
        assert out.splitlines()[0] == "2026-04-02"


def test_letter_is_the_shipped_letter(
    xw: Path, law_packs: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = {}
    for code, example in (("GB-ENG", "gb-eng-access.json"), ("XW", "gb-eng-access.json")):
        source = law_packs.example(code, example, tmp_path / f"{code}.json")
        status, out, err = run(capsys, "letter", "--input", str(source), "--text")
        assert status == 0, err
        texts[code] = out
    assert texts["XW"] == texts["GB-ENG"]
    assert "Data Protection Act 2018" in texts["XW"]


def test_request_add_event_show(
    xw: Path, law_packs: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = law_packs.example("XW", "gb-eng-access.json", tmp_path / "xw.json")
    status, out, err = run(capsys, "request", "add", "--input", str(source))
    assert status == 0, err
    rid = out.splitlines()[0]
    for kind, day in (("sent", "2026-03-02"), ("received", "2026-03-03")):
        status, _, err = run(capsys, "request", "event", rid, kind, "--date", day, "--today", "2026-03-10")
        assert status == 0, err
    status, out, err = run(capsys, "request", "show", rid, "--today", "2026-04-20")
    assert status == 0, err
    # One month beginning with receipt; 3 April (Good Friday) and 6 April are bank holidays: as GB-ENG.
    assert "2026-04-07  OVERDUE 13 days  Reply due from the authority  [GB-DPA-54]" in out
    status, out, err = run(capsys, "request", "event", rid, "complaint", "--date", "2026-04-21")
    assert status == 0, err
    status, out, _ = run(capsys, "deadlines", "--json", "--today", "2026-04-22")
    assert status == 0
    rows = json.loads(out)
    assert any(row["jurisdiction"] == "XW" for row in rows)


def test_a_broken_pack_is_skipped_and_reported(
    law_packs: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = law_packs.copy("GB-ENG", "XW", "Testland")
    broken = tmp_path / "broken"
    (broken / "law" / "XB").mkdir(parents=True)
    (broken / "law" / "XB" / "jurisdiction.toml").write_text('code = "XB"\n', encoding="utf-8")
    (broken / "law" / "XB" / "provisions.toml").write_text("[[instrument]\n", encoding="utf-8")
    law_packs.use(broken, good)
    status, out, _ = run(capsys, "law", "list")
    assert status == 0 and "XW" in out and "GB-ENG" in out and "XB" not in out
    status, out, _ = run(capsys, "doctor")
    assert "law pack skipped" in out and "XB" in out


def test_a_filing_names_its_step(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--step`` files one step of a kind; a step of another kind is refused and nothing is stored."""
    example = Path(__file__).resolve().parents[2] / "examples" / "cn-access.json"
    status, out, err = run(capsys, "request", "add", "--input", str(example))
    assert status == 0, err
    rid = out.splitlines()[0]
    for kind, day in (("sent", "2026-03-02"), ("received", "2026-03-04")):
        assert run(capsys, "request", "event", rid, kind, "--date", day, "--today", "2026-03-10")[0] == 0
    # Issue 10: the OGI route has no direct suit any more (ARL (2023) art 23); its only court step is the
    # suit after reconsideration, so a court filing naming the reconsideration is refused and names it.
    wrong = ("request", "event", rid, "court-filed", "--date", "2026-05-20", "--step", "CN-RECONSIDERATION")
    status, _, err = run(capsys, *wrong)
    assert status == 2 and "--step" in err and "CN-SUIT-AFTER-RECONSIDERATION" in err
    right = (
        "request",
        "event",
        rid,
        "reconsideration-filed",
        "--date",
        "2026-05-20",
        "--step",
        "CN-RECONSIDERATION",
    )
    status, _, err = run(capsys, *right)
    assert status == 0, err
    exported = tmp_path / "export.json"
    assert run(capsys, "export", "--out", str(exported))[0] == 0
    events = json.loads(exported.read_text(encoding="utf-8"))["events"]
    assert [e["data"] for e in events if e["kind"] == "reconsideration_filed"] == [
        {"step": "CN-RECONSIDERATION"}
    ]
