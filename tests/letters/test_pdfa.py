"""Every PDF Habeas writes is PDF/A-2b with every font embedded (issue 12): request letters in each
layout, escalation letters, the "what happens next" sheet and the dossier."""

from __future__ import annotations

import dataclasses
import io
import logging
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from app.cases.draft import RequestDraft
from app.i18n import _, set_language
from app.law import KnowledgeBase, due_date
from app.law.loader import shipped_knowledge_base
from app.letters import compose, next_steps, render_next_steps, render_pdf
from app.letters.dossier import render_dossier
from app.letters.escalation import EscalationFacts, compose_escalation
from app.letters.fonts import SERIF, register
from app.letters.pdfa import ArchiveInfo, archival_pdf

from .pdfa_check import pdfa_problems, xmp_value
from .pdfcheck import EXAMPLE_NAMES, example
from .stored import stored_case


def pdffonts(pdf: bytes, folder: Path) -> list[str]:
    """``pdffonts`` rows (poppler-utils): one per font, "yes" in the emb column when embedded."""
    path = folder / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[2:]


def assert_archival(pdf: bytes, folder: Path) -> None:
    assert pdfa_problems(pdf) == []
    rows = pdffonts(pdf, folder)
    assert rows and all(row.split()[-5] == "yes" for row in rows), rows  # the emb column
    assert not any("Helvetica" in row for row in rows)


def _draft(name: str) -> RequestDraft:
    return RequestDraft.from_json(example(name), shipped_knowledge_base())


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_request_letters_are_pdfa_2b(kb: KnowledgeBase, tmp_path: Path, name: str) -> None:
    letter = compose(dataclasses.replace(_draft(name), courtesy_copy_en=name.endswith("access")), kb)
    pdf = render_pdf(letter)
    assert_archival(pdf, tmp_path)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None and reader.metadata["/Title"] == letter.meta_title
    assert reader.trailer["/Root"]["/Lang"] == letter.language.replace("_", "-")
    assert xmp_value(pdf, ".//dc:language/rdf:Bag/rdf:li") == letter.language.replace("_", "-")


@pytest.mark.parametrize(
    ("name", "step_id"), [("cn-access", "CN-RECONSIDERATION"), ("de-access", "DE-UNTAETIGKEITSKLAGE")]
)
def test_escalation_letters_are_pdfa_2b(kb: KnowledgeBase, tmp_path: Path, name: str, step_id: str) -> None:
    draft = _draft(name)
    context = draft.context or next(iter(kb.jurisdiction(draft.jurisdiction).contexts))
    route = kb.route_for(draft.jurisdiction, context, draft.right)
    step = next(s for s in route.escalation if s.id == step_id)
    assert draft.date is not None and step.deadline is not None
    response = due_date(draft.jurisdiction, draft.date, rule=route.deadline, kb=kb)
    facts = EscalationFacts(
        request_date=draft.date,
        received=draft.date,
        response=response,
        outcome="silence",
        window=due_date(draft.jurisdiction, draft.date, rule=step.deadline, kb=kb),
        defendant="Bundesrepublik Deutschland",
        defendant_representative="das Bundesministerium des Innern",
        step_facts="事实。",
    )
    court = dataclasses.replace(draft.authority, name="Gericht", address="Straße 1\nStadt")
    letter = compose_escalation(
        draft, kb, step, facts, letter_date=response.due + timedelta(days=200), addressee=court
    )
    assert_archival(render_pdf(letter), tmp_path)


@pytest.mark.parametrize(("name", "lang"), [("de-access", "de"), ("cn-access", "zh_CN"), ("us-access", "en")])
def test_the_next_steps_sheet_is_pdfa_2b(kb: KnowledgeBase, tmp_path: Path, name: str, lang: str) -> None:
    assert_archival(render_next_steps(next_steps(_draft(name), kb, lang, request_id=3)), tmp_path)


def test_the_dossier_is_pdfa_2b_with_every_font_embedded(kb: KnowledgeBase, tmp_path: Path) -> None:
    data = stored_case(kb, tmp_path)
    pdf = render_dossier(data)
    assert_archival(pdf, tmp_path)
    # The summary's font and the stored letter's fonts are each their own subset, with their own tag.
    names = [row.split()[0] for row in pdffonts(pdf, tmp_path)]
    assert len(names) == len(set(names)) >= 2, names


def test_the_dossier_in_a_chinese_ui_draws_its_headings_in_the_chinese_font(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    set_language("zh_CN")
    data = stored_case(kb, tmp_path, "gb-eng-access")
    # Without requests nothing but the headings is in Chinese: they alone must choose the font.
    pdf = render_dossier(dataclasses.replace(data, requests=()))
    assert_archival(pdf, tmp_path)
    summary = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = {str(f.get_object()["/BaseFont"]) for f in summary["/Resources"]["/Font"].values()}
    assert fonts and all("WenQuanYi" in f for f in fonts), fonts
    assert _("Letters") != "Letters" and _("Letters") in summary.extract_text()


def test_a_dossier_with_a_stored_letter_that_cannot_conform_does_not_claim_pdfa(
    kb: KnowledgeBase, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A letter imported from elsewhere, drawn in an unembedded Helvetica, is appended as it is; the
    dossier then says nothing about PDF/A rather than something untrue."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)  # reportlab's default font: Helvetica, not embedded
    canvas.drawString(100, 700, "A letter from elsewhere")
    canvas.save()
    data = stored_case(kb, tmp_path)
    foreign = dataclasses.replace(data.letters[0], pdf=buffer.getvalue())
    with caplog.at_level(logging.WARNING, logger="app.letters.dossier"):
        pdf = render_dossier(dataclasses.replace(data, letters=(*data.letters, foreign)))
    assert "without the PDF/A claim" in caplog.text and "Helvetica" in caplog.text
    problems = pdfa_problems(pdf, claim=False)
    assert problems and all("Helvetica" in p for p in problems), problems
    assert xmp_value(pdf, ".//pdfaid:part") is None


def test_archive_metadata_is_escaped_and_dated_consistently(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName=register(SERIF).regular)
    canvas.showPage()
    canvas.save()
    moment = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    title = 'Antrag <b>&</b> "Auskunft" \x07 — 申请'
    pdf = archival_pdf(buffer.getvalue(), ArchiveInfo(title, "de", subject="Betreff", created=moment))
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20260302093000+01'00'"
    assert xmp_value(pdf, ".//xmp:CreateDate") == "2026-03-02T09:30:00+01:00"
    assert xmp_value(pdf, ".//dc:title/rdf:Alt/rdf:li") == title.replace("\x07", "")
    # XML cannot hold the control character: both XMP and /Title drop it, so the two still agree.
    assert reader.metadata["/Title"] == title.replace("\x07", "")
    assert pdfa_problems(pdf) == []
