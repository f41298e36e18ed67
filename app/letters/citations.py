"""Citation phrases as a lawyer writes them: one instrument named once for consecutive pinpoints.

``《中华人民共和国政府信息公开条例》第二十七条、第二十九条`` rather than the instrument twice;
``§ 57 Abs. 1 und § 59 Abs. 2 BDSG``; ``Data Protection Act 2018, ss.47(1), 48 and 54``;
``GDPR arts. 17(1) and 12(3)``; ``5 U.S.C. § 552a(d)(1) and (d)(2)``.

The citation strings come from the law data. Each is split into instrument and pinpoint by an explicit,
anchored pattern for the letter language's citation style (``citation_style`` in
resources/languages.toml: "zh", "de" or "en", the last also reading US Code citations); a citation
that matches no pattern (``Art. 12 der Richtlinie (EU) 2016/680``, ``§§ 187, 188, 193 BGB``,
``GB/T 35273-2020 cl. 8.7``, pinpoints that are themselves lists) is printed as it is and never
merged, so grouping can only shorten a phrase, never change a citation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.languages import language as registered_language

# Chinese: 《instrument》 then an article pinpoint 第…条[第…款][第（…）项]. A prefix such as
# （GB/T 35273—2020） or a pinpoint listing several items (、) does not match.
_ZH_NUM = "〇一二三四五六七八九十百千零"
_ZH = re.compile(
    rf"^(?P<inst>《[^《》]+》)(?P<pin>第[{_ZH_NUM}0-9]+条(?:第[{_ZH_NUM}]+款)?(?:第（[{_ZH_NUM}]+）项)?)$"
)
# German: pinpoint "Art. 17 Abs. 1" / "§ 57 Abs. 1 Satz 2 Nr. 3" then ONE trailing abbreviation.
_DE = re.compile(
    r"^(?P<pin>(?:Art\.|§) \d+[a-z]?(?: Abs\. \d+[a-z]?)?(?: Satz \d+)?(?: Nr\. \d+[a-z]?)?"
    r"(?: (?:lit\.|Buchst\.) [a-z])?) (?P<inst>[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{1,11})$"
)
# US Code / CFR: "5 U.S.C. § 552a(d)(1)": the section is the instrument, the subdivisions the pinpoint.
_US = re.compile(r"^(?P<inst>\d+ (?:U\.S\.C\.|CFR) § \d+[a-z]?(?:\.\d+)?)(?P<pin>(?:\([0-9A-Za-z]+\))+)$")
# English: leading instrument, "art." / "Article" / "s." / "§", then one simple pinpoint:
# "GDPR art. 17(1)", "Data Protection Act 2018, s.47(1)", "UK GDPR, Article 12A", "BDSG § 57(1)".
_EN = re.compile(
    r"^(?P<inst>[^,;()§]+?(?: \(\d{4}\))?)(?P<comma>,?) (?P<kw>art\.|Article|s\.|§)(?P<gap> ?)"
    r"(?P<pin>\d+[A-Z]?(?:\([0-9A-Za-z]+\))*)$"
)
_PLURAL = {"art.": "arts.", "Article": "Articles", "s.": "ss.", "§": "§§"}
# Joins the final group when a group lists several pinpoints (see join_citations).
_FINAL_JOINER = {"de": " sowie ", "en": ", and "}


@dataclass(frozen=True)
class Parsed:
    """A citation split into what is named once (``key``) and what is listed (``pin``)."""

    key: tuple[str, ...]
    pin: str


def _style(language: str) -> str:
    """The letter language's ``citation_style`` in the language registry (resources/languages.toml)."""
    return registered_language(language).citation_style


def parse(citation: str, language: str) -> Parsed | None:
    """Instrument and pinpoint of ``citation`` in a ``language`` letter; None when no pattern fits."""
    style = _style(language)
    if style == "zh":
        m = _ZH.match(citation)
        return Parsed(("zh", m["inst"]), m["pin"]) if m else None
    if style == "de":
        m = _DE.match(citation)
        return Parsed(("de", m["inst"]), m["pin"]) if m else None
    m = _US.match(citation)
    if m:
        return Parsed(("us", m["inst"]), m["pin"])
    m = _EN.match(citation)
    if m:
        return Parsed(("en", m["inst"], m["comma"], m["kw"], m["gap"]), m["pin"])
    return None


def _series(items: Sequence[str], sep: str, last: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return sep.join(items[:-1]) + last + items[-1]


def _group_text(key: tuple[str, ...], pins: Sequence[str], language: str) -> str:
    style = key[0]
    if style == "zh":
        return key[1] + "、".join(pins)
    if style == "de":
        return _series(pins, ", ", " und ") + " " + key[1]
    if style == "us":
        return key[1] + _series(pins, ", ", " and ")
    _, inst, comma, kw, gap = key
    word = kw if len(pins) == 1 else _PLURAL[kw]
    return f"{inst}{comma} {word}{gap}" + _series(pins, ", ", " and ")


def join_citations(citations: Sequence[str], language: str, sep: str, last: str) -> str:
    """``citations`` as one phrase: consecutive pinpoints of one instrument share its name.

    ``sep``/``last`` join the groups (the template's list separators). When a group lists several
    pinpoints, German and English join the final group with "sowie" / ", and" so that the "und"/"and"
    inside a group is not read as joining instruments.
    """
    groups: list[tuple[tuple[str, ...] | None, list[str]]] = []
    for citation in citations:
        parsed = parse(citation, language)
        if parsed is not None and groups and groups[-1][0] == parsed.key:
            groups[-1][1].append(parsed.pin)
        elif parsed is not None:
            groups.append((parsed.key, [parsed.pin]))
        else:
            groups.append((None, [citation]))
    texts = [pins[0] if key is None else _group_text(key, pins, language) for key, pins in groups]
    if len(texts) > 1 and any(len(pins) > 1 for _k, pins in groups):
        last = _FINAL_JOINER.get(_style(language), last)
    return _series(texts, sep, last)


def with_item(citation: str, item: str, language: str) -> str:
    """``citation`` narrowed to ``item`` (a letter, number or subparagraph of the provision).

    German puts the item inside the pinpoint, before the trailing abbreviation ("Art. 17 Abs. 1
    Buchst. a DSGVO"); Chinese and English append it ("第四十七条第一款第（一）项", "GDPR art. 17(1)(a)").
    A German citation without a trailing abbreviation keeps the item after a comma (unambiguous).
    """
    if not item:
        return citation
    if _style(language) == "de":
        m = _DE.match(citation)
        if m is None:
            return f"{citation}, {item}"
        return f"{m['pin']} {item} {m['inst']}"
    return citation + item
