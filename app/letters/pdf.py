"""PDF rendering of a composed ``Letter`` with reportlab (the only module family that imports it).

Every string is escaped before it reaches paragraph markup, so user text such as ``<b>``, ``&`` or
``<img src=…>`` prints literally and can never inject markup or make reportlab open a file.
Fonts are embedded TrueType subsets; ``initialFontName`` keeps reportlab from adding Helvetica. The
first page of a DIN 5008 letter is laid out in ``din5008``; the finished file is made PDF/A-2b in
``pdfa``.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.languages import language
from app.letters.cjk import CJKParagraph
from app.letters.din5008 import DinFirstPage
from app.letters.fonts import FontFamily, choose_family
from app.letters.model import Letter, Section
from app.letters.pdfa import ArchiveInfo, archival_pdf

log = logging.getLogger(__name__)


def esc(text: str) -> str:
    """Plain text → paragraph markup: escape &, <, > and keep line breaks."""
    return escape(text).replace("\n", "<br/>")


class _Styles:
    def __init__(self, family: FontFamily, lang: str) -> None:
        cjk = language(lang).cjk  # CJK line breaking, first-line indents, larger type
        size, leading = (12.0, 20.0) if cjk else (11.0, 14.5)
        base = ParagraphStyle(
            "body",
            fontName=family.regular,
            fontSize=size,
            leading=leading,
            spaceAfter=leading * 0.45,
            wordWrap="CJK" if cjk else None,
            alignment=TA_LEFT,
            bulletFontName=family.regular,
        )
        self.family = family
        self.cjk = cjk
        self.body = base
        self.indented = ParagraphStyle("indented", base, firstLineIndent=2 * size if cjk else 0)
        self.numbered = ParagraphStyle(
            "numbered", base, leftIndent=2 * size, bulletIndent=size * 0.6 if cjk else 0
        )
        self.title = ParagraphStyle(
            "title",
            base,
            fontName=family.bold,
            fontSize=size + 7,
            leading=size + 14,
            alignment=TA_CENTER,
            spaceAfter=leading,
        )
        self.heading = ParagraphStyle(
            "heading",
            base,
            fontName=family.bold,
            fontSize=size + (1.5 if cjk else 0),
            spaceBefore=leading * 0.4,
            spaceAfter=leading * 0.25,
        )
        self.subject = ParagraphStyle("subject", base, fontName=family.bold, spaceAfter=leading)
        self.right = ParagraphStyle("right", base, alignment=TA_RIGHT, spaceAfter=0)
        self.tight = ParagraphStyle("tight", base, spaceAfter=0)
        self.small = ParagraphStyle(
            "small",
            base,
            fontSize=size - 2,
            leading=(size - 2) * 1.35,
            spaceAfter=2,
        )
        self.small_numbered = ParagraphStyle("small_numbered", self.small, leftIndent=14, bulletIndent=0)
        self.note = ParagraphStyle("note", self.small, alignment=TA_CENTER, spaceAfter=leading)


class _PartMarker(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """Zero-size flowable that tells the canvas a new part (letter, courtesy copy) starts on this page."""

    def __init__(self, label: str, font: str) -> None:
        super().__init__()
        self.label, self.font = label, font
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv.habeas_parts.append((self.canv.getPageNumber(), self.label, self.font))


def _canvas_class() -> type[Canvas]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Defers page decoration until the page count is known ("Seite 1 von 2")."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.habeas_parts: list[tuple[int, str, str]] = []
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            parts = sorted(self.habeas_parts)
            starts = [p[0] for p in parts] + [len(self._pages) + 1]
            for state in self._pages:
                self.__dict__.update(state)
                number = self.getPageNumber()
                index = max(i for i, (first, _l, _f) in enumerate(parts) if first <= number) if parts else -1
                if index >= 0:
                    first, label, font = parts[index]
                    total = starts[index + 1] - first
                    self.saveState()
                    self.setFont(font, 8.5)
                    width = self._pagesize[0]
                    self.drawCentredString(
                        width / 2, 11 * mm, label.format(page=number - first + 1, pages=total)
                    )
                    self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def render_pdf(letter: Letter) -> bytes:
    """The letter (and its courtesy copy) as PDF bytes. InputError if a character cannot be printed."""
    family = choose_family(letter.language, [*letter.user_fields, *letter.all_text()])
    copy_family = None
    if letter.courtesy_copy is not None:
        copy_family = choose_family(
            "en", [*letter.courtesy_copy.user_fields, *letter.courtesy_copy.all_text()]
        )
    page = LETTER if letter.paper == "Letter" else A4
    width, height = page
    margin = 25.4 * mm if letter.paper == "Letter" else 20 * mm
    left = margin if letter.paper == "Letter" else 25 * mm
    frame_width = width - left - margin
    bottom = margin + 4 * mm
    later = Frame(
        left, bottom, frame_width, height - margin - bottom, id="later", leftPadding=0, rightPadding=0
    )
    first_top = margin
    on_first: Callable[[Canvas, Any], None] = _nothing
    if letter.layout == "din5008":
        din = DinFirstPage(letter, family, (left + frame_width) / mm, height / mm)
        first_top, on_first = din.body_top * mm, din
    first = Frame(
        left, bottom, frame_width, height - first_top - bottom, id="first", leftPadding=0, rightPadding=0
    )
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=page,
        title=letter.meta_title,
        author="",
        subject=letter.meta_title,
        creator="Habeas",
        producer="Habeas",
        lang=letter.language.replace("_", "-"),
        displayDocTitle=True,
        initialFontName=family.regular,
        invariant=False,  # real creation date; deterministic bytes are not needed
        pageTemplates=[
            PageTemplate("first", [first], onPage=on_first, autoNextPageTemplate="later"),
            PageTemplate("later", [later]),
        ],
    )
    story = _story(letter, _Styles(family, letter.language), frame_width)
    if letter.courtesy_copy is not None and copy_family is not None:
        story += [PageBreak()]
        story += _story(letter.courtesy_copy, _Styles(copy_family, "en"), frame_width, courtesy=True)
    doc.build(story, canvasmaker=_canvas_class())
    log.info("rendered %s letter (%s, %s)", letter.kind, letter.language, letter.layout)
    # Courts and regulators archive letters as they archive dossiers: PDF/A-2b too.
    return archival_pdf(buffer.getvalue(), ArchiveInfo(letter.meta_title, letter.language.replace("_", "-")))


def _nothing(canvas: Canvas, doc: Any) -> None:
    return None


def _story(letter: Letter, st: _Styles, width: float, *, courtesy: bool = False) -> list[Flowable]:
    story: list[Flowable] = [_PartMarker(letter.page_label, st.family.regular)]
    layout = letter.layout if not courtesy else "business-uk"
    if courtesy and letter.courtesy_note:
        story.append(CJKParagraph(esc(letter.courtesy_note), st.note))
    if layout == "zh-petition":
        story.append(CJKParagraph(esc(letter.title), st.title))
        story.append(CJKParagraph(esc(letter.salutation), st.tight))
        story.append(Spacer(1, st.body.leading * 0.5))
    elif layout == "din5008":
        story.append(CJKParagraph(esc(letter.subject), st.subject))
        story.append(CJKParagraph(esc(letter.salutation), st.body))
    else:
        story += _business_head(letter, st, layout)
    for section in letter.sections:
        story += _section(section, st, width)
    story += _signature(letter, st, layout)
    story += _list(letter.enclosures_heading, letter.enclosures, st)
    if letter.citations:
        story += _list(letter.citations_heading, letter.citations, st, small=True)
    if letter.annex:
        story.append(PageBreak())
        story.append(CJKParagraph(esc(letter.annex_heading), st.heading))
        story += [CJKParagraph(esc(line), st.small) for line in letter.annex]
    return story


def _business_head(letter: Letter, st: _Styles, layout: str) -> list[Flowable]:
    side = st.right if layout == "business-uk" else st.tight
    out: list[Flowable] = [
        CJKParagraph(esc("\n".join(letter.sender_lines)), side),
        Spacer(1, st.body.leading),
        CJKParagraph(esc(letter.place_date), side),
        Spacer(1, st.body.leading),
    ]
    out += [CJKParagraph(esc("\n".join(letter.addressee_lines)), st.tight), Spacer(1, st.body.leading)]
    for label, value in letter.reference_rows:
        out.append(CJKParagraph(esc(f"{label}: {value}"), st.tight))
    if letter.reference_rows:
        out.append(Spacer(1, st.body.leading))
    if layout == "business-us":
        out += [CJKParagraph(esc(letter.subject), st.subject), CJKParagraph(esc(letter.salutation), st.body)]
    else:
        out += [CJKParagraph(esc(letter.salutation), st.body), CJKParagraph(esc(letter.subject), st.subject)]
    return out


def _section(section: Section, st: _Styles, width: float) -> list[Flowable]:
    out: list[Flowable] = []
    if section.heading:
        out.append(CJKParagraph(esc(section.heading), st.heading))
    if section.rows:
        label_width = max(st.body.fontSize * 7.5, width * 0.24)
        data = [
            [CJKParagraph(esc(label), st.tight), CJKParagraph(esc(value), st.tight)]
            for label, value in section.rows
        ]
        table = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    # Cells hold Paragraphs, but Table still sets its cell font: keep it embedded.
                    ("FONT", (0, 0), (-1, -1), st.family.regular, st.body.fontSize),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        out += [table, Spacer(1, st.body.spaceAfter)]
    out += [CJKParagraph(esc(p), st.indented) for p in section.paragraphs]
    for n, item in enumerate(section.numbered, start=1):
        bullet = f"{n}．" if st.cjk else f"{n}."
        out.append(CJKParagraph(esc(item), st.numbered, bulletText=bullet))
    return out


def _signature(letter: Letter, st: _Styles, layout: str) -> list[Flowable]:
    block: list[Flowable] = [Spacer(1, st.body.leading * 0.5)]
    if layout == "zh-petition":
        if letter.closing:
            block.append(
                CJKParagraph(
                    esc(letter.closing[0]), ParagraphStyle("c1", st.tight, leftIndent=2 * st.body.fontSize)
                )
            )
            block += [CJKParagraph(esc(line), st.tight) for line in letter.closing[1:]]
        block.append(Spacer(1, st.body.leading * 1.2))
        block.append(CJKParagraph(esc(f"{letter.signature_label}"), st.right))
        block.append(Spacer(1, st.body.leading * 1.6))
        block.append(CJKParagraph(esc(letter.signature_name), st.right))
        block += [CJKParagraph(esc(line), st.right) for line in letter.signature_extra]
        block.append(CJKParagraph(esc(letter.place_date), st.right))
    else:
        block += [CJKParagraph(esc(line), st.tight) for line in letter.closing]
        block.append(Spacer(1, 16 * mm))
        block.append(CJKParagraph(esc("_" * 32), st.tight))
        block.append(CJKParagraph(esc(letter.signature_name), st.tight))
        block += [CJKParagraph(esc(line), st.tight) for line in letter.signature_extra]
        if letter.signature_label:
            block.append(CJKParagraph(esc(letter.signature_label), st.small))
    return [CondPageBreak(60 * mm), KeepTogether(block)]


def _list(heading: str, items: tuple[str, ...], st: _Styles, *, small: bool = False) -> list[Flowable]:
    if not items:
        return []
    style = st.small_numbered if small else st.numbered
    block: list[Flowable] = [CJKParagraph(esc(heading), st.small if small else st.heading)]
    for n, item in enumerate(items, start=1):
        block.append(CJKParagraph(esc(item), style, bulletText=f"{n}．" if st.cjk else f"{n}."))
    # Heading and items stay on one page (no single orphaned line of a citations list).
    return [Spacer(1, st.body.leading * 0.5), KeepTogether(block)]
