"""The composed letter: plain-text blocks, no markup, no fonts — what to say, not how to draw it.

Every string here is plain text (user text included, unescaped); the PDF renderer escapes it and the
text renderer prints it as is.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """A headed part of the body: paragraphs, then an optional numbered list."""

    heading: str = ""
    paragraphs: tuple[str, ...] = ()
    numbered: tuple[str, ...] = ()
    # Label/value rows (申请人信息: 姓名 / 身份证号 …), printed as a two-column table.
    rows: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Letter:
    """One letter in one language, laid out by ``layout``."""

    kind: str  # "access", "correction", "deletion", "restriction", "sealing" (later: reminder...)
    language: str  # "zh_CN" | "de" | "en"
    layout: str  # "zh-petition" | "din5008" | "business-uk" | "business-us"
    paper: str  # "A4" | "Letter"
    meta_title: str  # PDF /Title: no personal data
    title: str  # centred document title (申请书); "" for layouts without one
    return_address: str  # DIN 5008 Rücksendeangabe: one line above the window address
    sender_lines: tuple[str, ...]
    addressee_lines: tuple[str, ...]
    date_label: str  # "Datum" in the DIN 5008 information block; "" elsewhere
    place_date: str  # "2 March 2026", "2. März 2026", "2026年3月2日"
    reference_rows: tuple[tuple[str, str], ...]  # info block: ("Unser Zeichen", "…")
    subject: str
    salutation: str
    sections: tuple[Section, ...]
    closing: tuple[str, ...]  # ("此致", "敬礼") / ("Mit freundlichen Grüßen",) / ("Yours faithfully,",)
    signature_label: str
    signature_name: str
    signature_extra: tuple[str, ...]  # representative, declaration lines under the name
    enclosures_heading: str
    enclosures: tuple[str, ...]
    citations_heading: str
    citations: tuple[str, ...]  # every provision cited, exactly as in the law data
    annex_heading: str
    annex: tuple[str, ...]  # the deadline calculation trace, one line each
    page_label: str  # "Page {page} of {pages}" / "Seite {page} von {pages}" / "第 {page} 页 共 {pages} 页"
    # (key path, user text) for every piece of user input in the letter: the coverage check names these.
    user_fields: tuple[tuple[str, str], ...] = ()
    courtesy_note: str = ""  # heading on an English courtesy copy
    courtesy_copy: Letter | None = field(default=None)

    def all_text(self) -> list[tuple[str, str]]:
        """(where, text) for every string that will be drawn (courtesy copy excluded)."""
        out: list[tuple[str, str]] = [
            ("title", self.title),
            ("return_address", self.return_address),
            ("place_date", self.place_date),
            ("place_date", self.date_label),
            ("subject", self.subject),
            ("salutation", self.salutation),
            ("signature", self.signature_label),
            ("signature", self.signature_name),
            ("enclosures", self.enclosures_heading),
            ("citations", self.citations_heading),
            ("annex", self.annex_heading),
            ("page_label", self.page_label),
            ("courtesy_note", self.courtesy_note),
        ]
        out += [("sender", s) for s in self.sender_lines]
        out += [("addressee", s) for s in self.addressee_lines]
        out += [("reference", s) for row in self.reference_rows for s in row]
        for n, section in enumerate(self.sections):
            where = f"sections[{n}]"
            out.append((where, section.heading))
            out += [(where, s) for s in (*section.paragraphs, *section.numbered)]
            out += [(where, s) for row in section.rows for s in row]
        out += [("closing", s) for s in self.closing]
        out += [("signature", s) for s in self.signature_extra]
        out += [("enclosures", s) for s in self.enclosures]
        out += [("citations", s) for s in self.citations]
        out += [("annex", s) for s in self.annex]
        return [(w, t) for w, t in out if t]
