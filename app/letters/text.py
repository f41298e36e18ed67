"""Plain-text rendering of a ``Letter``, for e-mail bodies and web forms (no markup, no escaping)."""

from __future__ import annotations

import textwrap

from app.languages import language
from app.letters.model import Letter, Section

WIDTH = 78


def render_text(letter: Letter) -> str:
    """The letter as plain text; the courtesy copy (if any) follows after a separator line."""
    parts = [_letter(letter)]
    if letter.courtesy_copy is not None:
        parts.append("=" * WIDTH)
        parts.append(_letter(letter.courtesy_copy))
    return "\n\n".join(parts).rstrip() + "\n"


def _wrap(text: str, *, cjk: bool, indent: str = "", hanging: str = "") -> str:
    if cjk:  # Chinese has no spaces to break at; mail clients wrap it themselves.
        return "\n".join(indent + line for line in text.splitlines()) if text else ""
    lines = []
    for n, raw in enumerate(text.splitlines() or [""]):
        first = indent if n == 0 else hanging or indent
        lines.append(
            textwrap.fill(raw, WIDTH, initial_indent=first, subsequent_indent=hanging or indent) or first
        )
    return "\n".join(lines)


def _section(section: Section, cjk: bool) -> list[str]:
    out: list[str] = []
    if section.heading:
        out.append(section.heading)
    if section.rows:
        width = max(len(label) for label, _v in section.rows)
        out.append("\n".join(f"{label.ljust(width)}  {value}" for label, value in section.rows))
    out += [_wrap(p, cjk=cjk, indent="　　" if cjk else "") for p in section.paragraphs]
    items = []
    for n, item in enumerate(section.numbered, start=1):
        bullet = f"{n}．" if cjk else f"{n}. "
        items.append(_wrap(item, cjk=cjk, indent=bullet, hanging=" " * len(bullet)))
    if items:
        out.append("\n".join(items))
    return out


def _letter(letter: Letter) -> str:
    cjk = language(letter.language).cjk
    blocks: list[str] = []
    if letter.courtesy_note:
        blocks.append(letter.courtesy_note)
    if letter.layout == "zh-petition":
        blocks += [letter.title, letter.salutation]
    else:
        blocks.append("\n".join(letter.sender_lines))
        rows = [*letter.reference_rows]
        date_line = f"{letter.date_label}: {letter.place_date}" if letter.date_label else letter.place_date
        blocks.append("\n".join([*(f"{label}: {value}" for label, value in rows), date_line]))
        blocks.append("\n".join(letter.addressee_lines))
        if letter.layout == "business-uk":
            blocks += [letter.salutation, letter.subject]
        elif letter.layout == "business-us":
            blocks += [letter.subject, letter.salutation]
        else:  # DIN 5008: subject, then salutation
            blocks += [letter.subject, letter.salutation]
    for section in letter.sections:
        blocks += _section(section, cjk)
    if letter.layout == "zh-petition":
        closing = ["　　" + letter.closing[0], *letter.closing[1:]] if letter.closing else []
        blocks.append("\n".join(closing))
        blocks.append(
            "\n".join(
                [letter.signature_label, letter.signature_name, *letter.signature_extra, letter.place_date]
            )
        )
    else:
        blocks.append("\n".join(letter.closing))
        blocks.append("\n".join([letter.signature_name, *letter.signature_extra]))
    if letter.enclosures:
        items = [f"{n}. {item}" for n, item in enumerate(letter.enclosures, start=1)]
        blocks.append("\n".join([letter.enclosures_heading, *items]))
    if letter.citations:
        items = [f"{n}. {item}" for n, item in enumerate(letter.citations, start=1)]
        blocks.append("\n".join([letter.citations_heading, *items]))
    if letter.annex:
        blocks.append("\n".join([letter.annex_heading, *letter.annex]))
    return "\n\n".join(b for b in blocks if b.strip())
