"""The case dossier: one PDF with the chronology, each deadline's calculation and the letters sent.

Made for a complaint or a court filing: per request, the events in date order (with how receipt is
proved), the response period as computed (and whether the answer came in time), every open
escalation window with its calculation trace, the notices; then each generated letter exactly as
it was stored (its PDF pages appended with pypdf), so what the authority received is what the
reader sees.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.cases.deadlines import Deadline
from app.cases.lifecycle import Overdue, event_label, overdue_label, status_label
from app.cases.records import RECEIPT_METHOD_LABELS, Case, Client, GeneratedLetter
from app.cases.service import RequestOverview, one_line
from app.i18n import _, ngettext
from app.law import KnowledgeBase
from app.letters.fonts import choose_family

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
    family = choose_family("en", [("dossier", t) for t in texts])
    styles = _styles(family.regular)
    story: list[object] = []
    p = styles
    story.append(Paragraph(escape(_("Dossier: case {id}").format(id=data.case.id)), p["title"]))
    story.append(Paragraph(escape(data.case.title), p["body"]))
    story.append(Paragraph(escape(_("Data subject: {name}").format(name=data.client.name)), p["body"]))
    if data.case.reference:
        story.append(Paragraph(escape(_("Reference: {ref}").format(ref=data.case.reference)), p["body"]))
    story.append(Paragraph(escape(_("Prepared on {day}.").format(day=data.today.isoformat())), p["small"]))
    for overview in data.requests:
        story += _request_part(overview, data, p)
    story.append(Paragraph(escape(_("Letters")), p["h1"]))
    if not data.letters:
        story.append(Paragraph(escape(_("No letters are stored for this case.")), p["body"]))
    for letter in data.letters:
        # The title names the kind of letter in its own language; raw codes are not shown.
        line = _("{day}: request {rid} — {title}").format(
            day=letter.created.date().isoformat(), rid=letter.request_id, title=letter.title
        )
        story.append(Paragraph(escape(line), p["body"]))
    story.append(Paragraph(escape(_("The letters follow, as generated.")), p["small"]))
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
        lang="en",
    )
    doc.build(story)
    return _append_letters(buffer.getvalue(), data.letters)


def _request_part(
    overview: RequestOverview, data: DossierInput, p: dict[str, ParagraphStyle]
) -> list[object]:
    req, state = overview.request, overview.state
    authority = one_line(overview.authority.name) if overview.authority else "-"
    out: list[object] = [
        Paragraph(
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
        Paragraph(
            escape(_("Status on {day}: {status}").format(day=data.today.isoformat(), status=status)),
            p["body"],
        )
    )
    out.append(Paragraph(escape(_("Chronology")), p["h2"]))
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
        out.append(Paragraph(escape(_("Response period")), p["h2"]))
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
            out.append(Paragraph(escape(verdict), p["body"]))
    others = [d for d in state.deadlines if d.key != "response"]
    if others:
        out.append(Paragraph(escape(_("Escalation windows")), p["h2"]))
        for d in others:
            out += _deadline(d, p)
    if state.notices:
        out.append(Paragraph(escape(_("Notices")), p["h2"]))
        out += [Paragraph(escape(n), p["body"]) for n in state.notices]
    return out


def _deadline(d: Deadline, p: dict[str, ParagraphStyle]) -> list[object]:
    head = f"{d.due.isoformat()} — {d.title}" + (f" [{d.rule_id}]" if d.rule_id else "")
    out: list[object] = [Paragraph(escape(head), p["h3"])]
    if d.citations:
        out.append(Paragraph(escape("; ".join(d.citations)), p["small"]))
    out += [Paragraph(escape("! " + f), p["small"]) for f in d.flags]
    out += [Paragraph(escape(t), p["small"]) for t in d.trace]
    out.append(Spacer(1, 2 * mm))
    return out


def _table(rows: Sequence[Sequence[str]], style: ParagraphStyle) -> Table:
    cells = [[Paragraph(escape(str(c)), style) for c in row] for row in rows]
    table = Table(cells, colWidths=[25 * mm, 45 * mm, 100 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, "#888888"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
            ]
        )
    )
    return table


def _styles(font: str) -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=font, fontSize=16, leading=20, spaceAfter=6),
        "h1": ParagraphStyle("h1", fontName=font, fontSize=13, leading=16, spaceBefore=10, spaceAfter=4),
        "h2": ParagraphStyle("h2", fontName=font, fontSize=11, leading=14, spaceBefore=6, spaceAfter=3),
        "h3": ParagraphStyle("h3", fontName=font, fontSize=10, leading=13, spaceBefore=3),
        "body": ParagraphStyle("body", fontName=font, fontSize=10, leading=13, spaceAfter=2),
        "small": ParagraphStyle("small", fontName=font, fontSize=8.5, leading=11, leftIndent=4 * mm),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11),
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
    writer.add_metadata({"/Title": _("Habeas dossier"), "/Producer": "Habeas"})
    out = io.BytesIO()
    writer.write(out)
    log.info("dossier rendered with %d letter(s)", len(letters))
    return out.getvalue()
