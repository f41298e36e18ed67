"""The "what happens next" sheet: for the user, in the UI language, one sheet of paper, fonts embedded."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cases.draft import RequestDraft
from app.i18n import set_language
from app.law import KnowledgeBase
from app.law.model import Confidence
from app.letters import next_steps, render_next_steps, route_guide
from app.letters.next_steps import draft_route

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TAG = re.compile(r"\[[^\[\]]*\b[VSMI](?:/[VSMI])*\]")


def _draft(kb: KnowledgeBase, name: str) -> RequestDraft:
    return RequestDraft.from_json(json.loads((EXAMPLES / name).read_text(encoding="utf-8")), kb)


@pytest.fixture(autouse=True)
def _english() -> object:
    yield
    set_language("en")


def test_the_sheet_says_what_to_do_and_what_follows(kb: KnowledgeBase) -> None:
    draft = _draft(kb, "us-access.json")
    sheet = next_steps(draft, kb, "en", request_id=7)
    todo = "\n".join(sheet.todo)
    assert "sign it by hand" in todo
    assert all(e in todo for e in draft.enclosures)
    assert "registered post" in todo
    assert "habeas request event 7 sent --date YYYY-MM-DD" in todo and "“Record event…” → “sent”" in todo
    route = draft_route(draft, kb)
    reply = "\n".join(sheet.reply)
    assert "30 March 2026" in reply  # the reference date the letter states too
    assert route.silence.split(";")[0] in reply
    assert sheet.guide.requirements == route.requirements
    assert [s.id for s in sheet.guide.steps] == [s.id for s in route.escalation]
    for guide, step in zip(sheet.guide.steps, route.escalation, strict=True):
        assert len(guide.warnings) == len(step.warnings)
        if step.deadline is not None:
            assert guide.window  # when the step's window closes (or opens, after a waiting period)
    assert "Habeas is not legal advice" in sheet.disclaimer
    assert not any(TAG.search(t) for t in sheet.all_text()), "tags are said in words"


def test_unverified_provisions_are_named_in_plain_words(kb: KnowledgeBase) -> None:
    draft = _draft(kb, "us-access.json")
    route = draft_route(draft, kb)
    assert draft.date is not None
    cited = (*route.provisions_in_force(draft.date), *route.fallback_in_force(draft.date))
    cited += tuple(kb.provision(p) for p in route.deadline.provisions)
    uncertain = {p.key: p for p in cited if p.confidence in (Confidence.MEMORY, Confidence.SECONDARY)}
    guide = route_guide(kb, route, "en", draft.date)
    assert len(guide.unverified) == len(uncertain)
    for p in uncertain.values():
        line = next(u for u in guide.unverified if u.startswith(p.citation_en))
        assert "not yet verified against the official text; check it before relying on it" in line
    assert route_guide(kb, route, "en").unverified == ()  # no letter date: nothing cited yet


def test_route_notes_and_step_warnings_are_shown(kb: KnowledgeBase) -> None:
    """Every route's notes and every step's warnings reach the user, their tags in words."""
    for code in kb.jurisdictions:
        for route in kb.routes_of(code):
            guide = route_guide(kb, route, "en")
            if route.notes:
                assert guide.notes and not TAG.search(guide.notes)
            for g, step in zip(guide.steps, route.escalation, strict=True):
                assert g.warnings == tuple(g.warnings)
                assert len(g.warnings) == len(step.warnings)
                if step.notes:
                    assert g.notes


@pytest.mark.parametrize(
    ("example", "lang", "expected"),
    [
        ("cn-access.json", "zh_CN", "后续步骤"),
        ("de-access.json", "de", "Wie es weitergeht"),
        ("gb-eng-access.json", "en", "What happens next"),
        ("us-access.json", "en", "What happens next"),
    ],
)
def test_the_sheet_fits_one_sheet_of_paper_in_the_ui_language_with_fonts_embedded(
    kb: KnowledgeBase, tmp_path: Path, example: str, lang: str, expected: str
) -> None:
    draft = _draft(kb, example)
    pdf = render_next_steps(next_steps(draft, kb, lang, request_id=3))
    reader = PdfReader(io.BytesIO(pdf))
    # One page for short chains; the full German and US chains (every step's warnings) need the back.
    assert len(reader.pages) <= 2
    text = re.sub(r"\s+", "", reader.pages[0].extract_text())
    assert re.sub(r"\s+", "", expected) in text
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), fonts  # every font embedded (no Helvetica)


def test_the_cli_writes_the_sheet_with_the_letter(tmp_path: Path) -> None:
    import sys

    letter, sheet = tmp_path / "letter.pdf", tmp_path / "sheet.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "letter",
            "--input",
            str(EXAMPLES / "de-access.json"),
            "--out",
            str(letter),
            "--sheet",
            str(sheet),
        ],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "HABEAS_HOME": str(tmp_path / "home")},
    )
    assert done.returncode == 0, done.stderr
    assert letter.read_bytes().startswith(b"%PDF") and sheet.read_bytes().startswith(b"%PDF")
    assert "What happens next" in PdfReader(str(sheet)).pages[0].extract_text()
    # The letter itself carries none of it.
    letter_text = "".join(p.extract_text() for p in PdfReader(str(letter)).pages)
    assert "What happens next" not in letter_text and "not legal advice" not in letter_text


def test_a_bad_folder_writes_nothing(tmp_path: Path) -> None:
    import os
    import sys

    letter = tmp_path / "letter.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "letter",
            "--input",
            str(EXAMPLES / "de-access.json"),
            "--out",
            str(letter),
            "--sheet",
            str(tmp_path / "missing" / "sheet.pdf"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "HABEAS_HOME": str(tmp_path / "home")},
    )
    assert done.returncode == 2
    assert not letter.exists()
