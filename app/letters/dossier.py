"""The case dossier: one PDF with the chronology, each deadline's calculation and the letters sent.

Made for a complaint or a court filing: per request, the events in date order (with how receipt is
proved), the response period as computed (and whether the answer came in time), every open
escalation window with its calculation trace, the notices; then each generated letter exactly as
it was stored (its PDF pages appended with pypdf), so what the authority received is what the
reader sees. The whole file is PDF/A-2b (see ``pdfa``), every font embedded.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from app.cases.deadlines import Deadline
from app.cases.lifecycle import Overdue, event_label, overdue_label, status_label
from app.cases.records import RECEIPT_METHOD_LABELS, Case, Client, GeneratedLetter
from app.cases.service import RequestOverview, one_line
from app.contract import read_day
from app.i18n import _, current_language, ngettext
from app.law import KnowledgeBase
from app.letters.cjk import CJKParagraph
from app.letters.fonts import CJK, choose_family
from app.letters.pdfa import ArchiveInfo, archival_pdf, obstacles

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DossierInput:
    case: Case
    client: Client
    requests: tuple[RequestOverview, ...]
    letters: tuple[GeneratedLetter, ...]
    today: date
    kb: KnowledgeBase  # names the events that filed escalation steps


def render_dossier(data: DossierInput) -> bytes:
    """The dossier PDF: summary pages, then the stored letters' own pages."""
    texts = _all_text(data)
    # The summary speaks the UI language: its font must draw that language's headings too.
    family = choose_family(current_language(), [("dossier", t) for t in texts])
    styles = _styles(family.regular, cjk=family is CJK)
    story: list[object] = []
    p = styles
    story.append(CJKParagraph(escape(_("Dossier: case {id}").format(id=data.case.id)), p["title"]))
    story.append(CJKParagraph(escape(data.case.title), p["body"]))
    story.append(CJKParagraph(escape(_("Data subject: {name}").format(name=data.client.name)), p["body"]))
    if data.case.reference:
        story.append(CJKParagraph(escape(_("Reference: {ref}").format(ref=data.case.reference)), p["body"]))
    story.append(CJKParagraph(escape(_("Prepared on {day}.").format(day=data.today.isoformat())), p["small"]))
    for overview in data.requests:
        story += _request_part(overview, data, p)
    story.append(CJKParagraph(escape(_("Letters")), p["h1"]))
    if not data.letters:
        story.append(CJKParagraph(escape(_("No letters are stored for this case.")), p["body"]))
    for letter in data.letters:
        story.append(CJKParagraph(escape(letter_line(letter, data.requests)), p["body"]))
    if any(letter.pdf for letter in data.letters):
        story.append(CJKParagraph(escape(_("The letters follow, as generated.")), p["small"]))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=_("Dossier: case {id}").format(id=data.case.id),
        author="Habeas",
        initialFontName=family.regular,  # or reportlab leaves an unembedded Helvetica (tooling.md § 0)
    )
    doc.build(story)
    return _append_letters(buffer.getvalue(), data.letters)


def letter_line(letter: GeneratedLetter, requests: Sequence[RequestOverview]) -> str:
    """A letter in the list: by the date it bears where the store knows it, else the day it was written.

    A request letter bears the date of its request (the input's ``date``). An escalation letter's
    own date (``habeas request letter --date``) is not stored, only the moment it was written; the
    line says so rather than pass that day off as the letter's date.
    """
    # The title names the kind of letter in its own language; raw codes are not shown.
    if letter.kind == "request":
        request = next((o.request for o in requests if o.request.id == letter.request_id), None)
        # Kept as {"draft": <the request input>, "form": …}, read as replies.original_draft reads it.
        stored = request.draft.get("draft", request.draft) if request is not None else None
        dated = read_day(stored.get("date")) if isinstance(stored, dict) else None
        if dated is not None:
            return _("{day}: request {rid} — {title}").format(
                day=dated.isoformat(), rid=letter.request_id, title=letter.title
            )
    written = letter.created.astimezone().date()  # stored in UTC; the day as the user lived it
    return _("Written on {day}: request {rid} — {title}").format(
        day=written.isoformat(), rid=letter.request_id, title=letter.title
    )


def _request_part(
    overview: RequestOverview, data: DossierInput, p: dict[str, ParagraphStyle]
) -> list[object]:
    req, state = overview.request, overview.state
    authority = one_line(overview.authority.name) if overview.authority else "-"
    out: list[object] = [
        CJKParagraph(
            escape(
                _("Request {id}: {code} · {regime} · {rights} · {authority}").format(
                    id=req.id,
                    code=req.jurisdiction,
                    regime=req.regime,
                    rights=", ".join(req.rights),
                    authority=authority,
                )
            ),
            p["h1"],
        )
    ]
    status = status_label(state.status)
    if state.overdue is not Overdue.NO:
        status += f" ({overdue_label(state.overdue)})"
    out.append(
        CJKParagraph(
            escape(_("Status on {day}: {status}").format(day=data.today.isoformat(), status=status)),
            p["body"],
        )
    )
    out.append(CJKParagraph(escape(_("Chronology")), p["h2"]))
    rows = [[_("Date"), _("Event"), _("How / reference / note")]]
    for e in overview.events:
        how = _(RECEIPT_METHOD_LABELS[e.receipt_method]) if e.receipt_method in RECEIPT_METHOD_LABELS else ""
        rows.append(
            [
                e.date.isoformat(),
                event_label(e.kind, data.kb),
                "; ".join(x for x in (how, e.receipt_reference, e.note) if x),
            ]
        )
    out.append(_table(rows, p["cell"]))
    period = state.response_period
    if period is not None:
        out.append(CJKParagraph(escape(_("Response period")), p["h2"]))
        out += _deadline(period, p)
        answer = next(
            (
                e
                for e in overview.events
                if e.kind in ("answered", "granted", "partly_granted", "refused", "no_data")
            ),
            None,
        )
        if answer is not None:
            late = (answer.date - period.due).days
            verdict = (
                ngettext(
                    "Answered on {day}, {n} day after the due date.",
                    "Answered on {day}, {n} days after the due date.",
                    late,
                ).format(day=answer.date.isoformat(), n=late)
                if late > 0
                else _("Answered on {day}, within the period.").format(day=answer.date.isoformat())
            )
            out.append(CJKParagraph(escape(verdict), p["body"]))
    others = [d for d in state.deadlines if d.key != "response"]
    if others:
        out.append(CJKParagraph(escape(_("Escalation windows")), p["h2"]))
        for d in others:
            out += _deadline(d, p)
    if state.notices:
        out.append(CJKParagraph(escape(_("Notices")), p["h2"]))
        out += [CJKParagraph(escape(n), p["body"]) for n in state.notices]
    return out


def _deadline(d: Deadline, p: dict[str, ParagraphStyle]) -> list[object]:
    head = f"{d.due.isoformat()} — {d.title}" + (f" [{d.rule_id}]" if d.rule_id else "")
    out: list[object] = [CJKParagraph(escape(head), p["h3"])]
    if d.citations:
        out.append(CJKParagraph(escape("; ".join(d.citations)), p["small"]))
    out += [CJKParagraph(escape("! " + f), p["small"]) for f in d.flags]
    out += [CJKParagraph(escape(t), p["small"]) for t in d.trace]
    out.append(Spacer(1, 2 * mm))
    return out


def _table(rows: Sequence[Sequence[str]], style: ParagraphStyle) -> Table:
    cells = [[CJKParagraph(escape(str(c)), style) for c in row] for row in rows]
    # splitInRow: a row taller than a page (a very long note) continues on the next page.
    table = Table(cells, colWidths=[25 * mm, 45 * mm, 100 * mm], repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                # Cells hold Paragraphs, but Table still sets its cell font: keep it embedded.
                ("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize),
                ("GRID", (0, 0), (-1, -1), 0.3, "#888888"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
            ]
        )
    )
    return table


def _styles(font: str, *, cjk: bool) -> dict[str, ParagraphStyle]:
    # Chinese has no spaces to break at: the CJK wrapper breaks between characters (and keeps
    # punctuation in place); Latin text breaks at spaces, and a token longer than the line is cut.
    base = ParagraphStyle("base", fontName=font, bulletFontName=font, wordWrap="CJK" if cjk else None)
    return {
        "title": ParagraphStyle("title", base, fontSize=16, leading=20, spaceAfter=6),
        "h1": ParagraphStyle("h1", base, fontSize=13, leading=16, spaceBefore=10, spaceAfter=4),
        "h2": ParagraphStyle("h2", base, fontSize=11, leading=14, spaceBefore=6, spaceAfter=3),
        "h3": ParagraphStyle("h3", base, fontSize=10, leading=13, spaceBefore=3),
        "body": ParagraphStyle("body", base, fontSize=10, leading=13, spaceAfter=2),
        "small": ParagraphStyle("small", base, fontSize=8.5, leading=11, leftIndent=4 * mm),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11),
    }


def _all_text(data: DossierInput) -> list[str]:
    """Everything drawn, so the font check (choose_family) sees it before rendering."""
    out = [data.case.title, data.client.name, data.case.reference]
    for o in data.requests:
        out += [o.authority.name if o.authority else ""]
        out += [f"{e.note} {e.receipt_reference}" for e in o.events]
        for d in (*o.state.deadlines, *([o.state.response_period] if o.state.response_period else [])):
            out += [d.title, *d.trace, *d.flags, *d.citations]
        out += list(o.state.notices)
    out += [f"{letter.title} {letter.language}" for letter in data.letters]
    return [t for t in out if t]


def _append_letters(summary: bytes, letters: Sequence[GeneratedLetter]) -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(summary)))
    for letter in letters:
        if letter.pdf:
            writer.append(PdfReader(io.BytesIO(letter.pdf)))
    _distinct_subset_tags(writer)
    # Letters stored by Habeas conform; one imported from elsewhere may not, and then the dossier
    # says nothing it cannot keep.
    problems = obstacles(writer)
    if problems:
        log.warning("dossier written without the PDF/A claim: %s", "; ".join(problems[:5]))
    info = ArchiveInfo(_("Habeas dossier"), current_language().replace("_", "-"))
    pdf = archival_pdf(writer, info, claim=not problems)
    log.info("dossier rendered with %d letter(s)", len(letters))
    return pdf


def _distinct_subset_tags(writer: PdfWriter) -> None:
    """Give every embedded font subset its own tag: each letter's subsets start at AAAAAA+, and
    subsets of one font in one file must differ in tag (ISO 32000-1 § 9.6.4)."""
    tags = ("".join(chr(65 + (n // 26**k) % 26) for k in range(5, -1, -1)) for n in itertools.count())
    seen: set[int] = set()
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for ref in (fonts.get_object() if fonts is not None else {}).values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", ""))
            if id(font) in seen or not re.match(r"^/[A-Z]{6}\+", name):
                continue
            seen.add(id(font))
            renamed = NameObject(f"/{next(tags)}+{name[8:]}")
            font[NameObject("/BaseFont")] = renamed
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None:
                descriptor.get_object()[NameObject("/FontName")] = renamed
