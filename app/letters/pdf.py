"""PDF rendering of a composed ``Letter`` with reportlab (the only module family that imports it).

Every string is escaped before it reaches paragraph markup, so user text such as ``<b>``, ``&`` or
``<img src=…>`` prints literally and can never inject markup or make reportlab open a file.
Fonts are embedded TrueType subsets; ``initialFontName`` keeps reportlab from adding Helvetica.
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
from reportlab.lib.utils import simpleSplit
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

from app.errors import InputError, Problem
from app.i18n import _
from app.languages import language
from app.letters.cjk import CJKParagraph
from app.letters.fonts import FontFamily, choose_family
from app.letters.model import Letter, Section

log = logging.getLogger(__name__)

# DIN 5008 form B geometry (mm from the top-left corner of an A4 sheet).
DIN_WINDOW_LEFT = 25.0  # text start inside the 20 mm address field edge (5 mm inner margin)
DIN_RETURN_LINE = 60.0  # Rücksendeangabe: bottom line of the 17.7 mm Zusatz- und Vermerkzone (45–62.7)
DIN_ADDRESS_TOP = 62.7  # Anschriftzone: 27.3 mm, at most 9 lines
DIN_ADDRESS_LINES = 9
DIN_INFO_LEFT = 125.0  # Informationsblock
DIN_INFO_TOP = 50.0
DIN_BODY_TOP = 98.5  # Betreff two lines below the address field (ends at 90 mm)
DIN_FOLD_MARKS = (105.0, 210.0)
DIN_PUNCH_MARK = 148.5


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
    first_top = DIN_BODY_TOP * mm if letter.layout == "din5008" else margin
    first = Frame(
        left, bottom, frame_width, height - first_top - bottom, id="first", leftPadding=0, rightPadding=0
    )
    on_first: Callable[[Canvas, Any], None] = _nothing
    if letter.layout == "din5008":
        address = _window_lines(letter, family)
        on_first = _din_first_page(letter, family, address)
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
    return buffer.getvalue()


def _nothing(canvas: Canvas, doc: Any) -> None:
    return None


def _window_lines(letter: Letter, family: FontFamily) -> list[str]:
    """The addressee wrapped to the 85 mm window; too many lines is the user's to fix."""
    lines: list[str] = []
    for line in letter.addressee_lines:
        lines += simpleSplit(line, family.regular, 10, (85 - 2 * (DIN_WINDOW_LEFT - 20)) * mm)
    if len(lines) > DIN_ADDRESS_LINES:
        raise InputError(
            _("The letter cannot be laid out."),
            [
                Problem(
                    "authority.address",
                    _("too long for the window envelope address field (at most {n} lines)").format(
                        n=DIN_ADDRESS_LINES - 1
                    ),
                )
            ],
        )
    return lines


def _din_first_page(letter: Letter, family: FontFamily, address: list[str]) -> Callable[[Canvas, Any], None]:
    def draw(canvas: Canvas, doc: Any) -> None:
        _, height = doc.pagesize
        top = height
        canvas.saveState()
        # Briefkopf: the sender, right-aligned at the top.
        y = top - 16 * mm
        for n, line in enumerate(letter.sender_lines):
            canvas.setFont(family.bold if n == 0 else family.regular, 10 if n == 0 else 9)
            canvas.drawRightString(doc.pagesize[0] - 20 * mm, y, line)
            y -= 4.2 * mm
        # Rücksendeangabe, small and underlined, visible in the window.
        canvas.setFont(family.regular, 7)
        x = DIN_WINDOW_LEFT * mm
        return_line = simpleSplit(letter.return_address, family.regular, 7, 80 * mm)[0]
        canvas.drawString(x, top - DIN_RETURN_LINE * mm, return_line)
        canvas.setLineWidth(0.3)
        w = canvas.stringWidth(return_line, family.regular, 7)
        canvas.line(x, top - DIN_RETURN_LINE * mm - 1.2, x + w, top - DIN_RETURN_LINE * mm - 1.2)
        # Anschriftzone.
        canvas.setFont(family.regular, 10)
        y = top - DIN_ADDRESS_TOP * mm - 4.23 * mm
        for line in address:
            canvas.drawString(x, y, line)
            y -= 4.23 * mm
        # Informationsblock: references and the date, on the right.
        y = top - DIN_INFO_TOP * mm - 3.5 * mm
        rows = [*letter.reference_rows, (letter.date_label, letter.place_date)]
        for label, value in rows:
            canvas.setFont(family.regular, 8)
            canvas.drawString(DIN_INFO_LEFT * mm, y, label)
            canvas.setFont(family.regular, 10)
            canvas.drawString(DIN_INFO_LEFT * mm, y - 4 * mm, value)
            y -= 9 * mm
        # Falz- und Lochmarken at the left edge.
        canvas.setLineWidth(0.4)
        for mark in DIN_FOLD_MARKS:
            canvas.line(4 * mm, top - mark * mm, 8 * mm, top - mark * mm)
        canvas.line(4 * mm, top - DIN_PUNCH_MARK * mm, 10 * mm, top - DIN_PUNCH_MARK * mm)
        canvas.restoreState()

    return draw


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
