"""A small PDF/A-2b structure check with pypdf, for want of veraPDF (a Java tool not packaged for
Debian or PyPI, so not installable here).

It checks the ISO 19005-2 rules a generator can get wrong: file header and identifier, no encryption,
the XMP packet (pdfaid part 2, conformance B; title, dates, creator tool and producer equal to the
information dictionary), the sRGB OutputIntent, every font embedded, TrueType fonts' encodings and
'cmap' (6.2.11.6) and widths (6.2.11.5), no transparency, no JavaScript or actions.
"""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from typing import Any

from pypdf import PdfReader, PdfWriter

from app.letters.pdfa import obstacles, srgb_profile

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def xmp_of(pdf: bytes) -> ET.Element:
    reader = PdfReader(io.BytesIO(pdf))
    return ET.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())


def xmp_value(pdf: bytes, path: str) -> str | None:
    """The text of the first XMP element at ``path`` (prefixes as in ``NS``), or None."""
    found = xmp_of(pdf).find(path, NS)
    return found.text if found is not None else None


def pdfa_problems(pdf: bytes, *, claim: bool = True) -> list[str]:
    """What keeps ``pdf`` from being PDF/A-2b; [] if nothing. ``claim=False``: the same, but the file
    must not declare conformance."""
    problems: list[str] = []
    if not pdf.startswith(b"%PDF-1.") or pdf[7:8] not in b"01234567":
        problems.append("header")
    if not all(b > 127 for b in pdf.split(b"\n")[1][1:5]):
        problems.append("the second line needs four bytes above 127")
    reader = PdfReader(io.BytesIO(pdf))
    trailer = reader.trailer
    if "/Encrypt" in trailer:
        problems.append("encrypted")
    ids = trailer.get("/ID")
    if not ids or len(ids) != 2 or not all(len(bytes(i.original_bytes)) >= 16 for i in ids):
        problems.append("no file identifier")
    root = trailer["/Root"]
    for key in ("/AA", "/OpenAction", "/OCProperties", "/AcroForm"):
        if key in root:
            problems.append(f"catalog has {key}")
    if "/Names" in root and "/JavaScript" in root["/Names"]:
        problems.append("JavaScript")
    problems += _metadata_problems(reader, claim=claim)
    problems += _output_intent_problems(root)
    problems += obstacles(PdfWriter(clone_from=reader))
    checked: set[int] = set()
    for page in reader.pages:
        if "/AA" in page or "/Annots" in page:
            problems.append("page actions or annotations")
        for font in _fonts(page):
            if id(font) not in checked:
                checked.add(id(font))
                problems += _truetype_problems(font)
    return problems


def _pdf_date(value: str) -> datetime:
    base = datetime.strptime(value[2:16], "%Y%m%d%H%M%S")
    sign = -1 if value[16] == "-" else 1
    hours, minutes = int(value[17:19]), int(value[20:22])
    return base.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))


def _metadata_problems(reader: PdfReader, *, claim: bool) -> list[str]:
    root = reader.trailer["/Root"]
    if "/Metadata" not in root:
        return ["no XMP metadata"]
    stream = root["/Metadata"].get_object()
    problems = []
    if stream.get("/Type") != "/Metadata" or stream.get("/Subtype") != "/XML":
        problems.append("metadata stream type")
    if "/Filter" in stream:
        problems.append("metadata stream is filtered")
    data = stream.get_data()
    head = data.split(b"?>", 1)[0]
    if not head.startswith(b"<?xpacket begin=") or b"bytes=" in head or b"encoding=" in head:
        problems.append("xpacket header")
    if not data.rstrip().endswith(b'<?xpacket end="w"?>'):
        problems.append("xpacket trailer")
    xmp = ET.fromstring(data)  # well-formed, or the test fails here
    info = reader.metadata or {}

    def one(path: str) -> str | None:
        found = xmp.find(path, NS)
        return found.text if found is not None else None

    part, conformance = one(".//pdfaid:part"), one(".//pdfaid:conformance")
    if claim and (part, conformance) != ("2", "B"):
        problems.append(f"pdfaid {part}/{conformance}")
    if not claim and (part or conformance):
        problems.append("claims conformance it cannot keep")
    titles = xmp.findall(".//dc:title/rdf:Alt/rdf:li", NS)
    if [(t.get(XML_LANG), t.text) for t in titles] != [("x-default", info.get("/Title"))]:
        problems.append("dc:title differs from /Title")
    subjects = xmp.findall(".//dc:description/rdf:Alt/rdf:li", NS)
    if [t.text for t in subjects] != ([info["/Subject"]] if "/Subject" in info else []):
        problems.append("dc:description differs from /Subject")
    pairs = {"/Creator": ".//xmp:CreatorTool", "/Producer": ".//pdf:Producer"}
    for key, path in pairs.items():
        if info.get(key) != one(path):
            problems.append(f"{path} differs from {key}")
    dates = {"/CreationDate": ".//xmp:CreateDate", "/ModDate": ".//xmp:ModifyDate"}
    for key, path in dates.items():
        value = one(path)
        if key in info and (value is None or _pdf_date(str(info[key])) != datetime.fromisoformat(value)):
            problems.append(f"{path} differs from {key}")
    for key in ("/Author", "/Keywords", "/Trapped"):
        if key in info:
            problems.append(f"{key} without its XMP counterpart")
    return problems


def _output_intent_problems(root: Any) -> list[str]:
    intents = root.get("/OutputIntents")
    if not intents or len(intents) != 1:
        return ["one OutputIntent expected"]
    intent = intents[0].get_object()
    problems = []
    if intent.get("/S") != "/GTS_PDFA1" or not intent.get("/OutputConditionIdentifier"):
        problems.append("OutputIntent subtype or condition")
    profile = intent["/DestOutputProfile"].get_object()
    data = profile.get_data()
    if profile.get("/N") != 3 or data != srgb_profile():
        problems.append("the OutputIntent's profile is not the shipped sRGB profile")
    if data[12:16] not in (b"mntr", b"prtr") or data[16:20] != b"RGB ":
        problems.append("profile class or colour space")
    return problems


def _fonts(page: Any) -> list[Any]:
    resources = page.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    return [ref.get_object() for ref in (fonts.get_object().values() if fonts is not None else [])]


def _truetype_problems(font: Any) -> list[str]:
    if font.get("/Subtype") != "/TrueType":
        return []
    name = str(font.get("/BaseFont"))
    descriptor = font["/FontDescriptor"].get_object()
    program = descriptor["/FontFile2"].get_object().get_data()
    tables = _tables(program)
    encodings, glyph_of = _cmap(program[tables["cmap"][0] :])
    problems = [] if glyph_of else [f"{name}: no format 0 or 6 'cmap' subtable"]
    if int(descriptor["/Flags"]) & 4:  # symbolic
        if "/Encoding" in font:
            problems.append(f"{name}: symbolic TrueType with an /Encoding")
        if len(encodings) != 1 and (3, 0) not in encodings:
            problems.append(f"{name}: symbolic TrueType cmap {encodings}")
    elif font.get("/Encoding") not in ("/WinAnsiEncoding", "/MacRomanEncoding"):
        problems.append(f"{name}: non-symbolic TrueType encoding")
    # 6.2.11.5: /Widths agree with the embedded glyphs' advance widths.
    units = struct.unpack(">H", program[tables["head"][0] + 18 : tables["head"][0] + 20])[0]
    metrics = struct.unpack(">H", program[tables["hhea"][0] + 34 : tables["hhea"][0] + 36])[0]
    hmtx = tables["hmtx"][0]
    first = int(font["/FirstChar"])
    for offset, width in enumerate(font["/Widths"]):
        glyph = glyph_of.get(first + offset)
        if glyph is None:
            continue
        entry = hmtx + 4 * min(glyph, metrics - 1)
        advance = struct.unpack(">H", program[entry : entry + 2])[0] * 1000 / units
        if abs(advance - float(width)) > 1:
            problems.append(f"{name}: width of code {first + offset} is {width}, the glyph's {advance:.0f}")
            break
    return problems


def _tables(program: bytes) -> dict[str, tuple[int, int]]:
    count = struct.unpack(">H", program[4:6])[0]
    out = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack(">4sIII", program[12 + 16 * i : 28 + 16 * i])
        out[tag.decode("latin-1").strip()] = (offset, length)
    return out


def _cmap(cmap: bytes) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """The (platform, encoding) pairs of a 'cmap' table, and the code → glyph map of its first
    format 0 or 6 subtable (reportlab writes one format 6 subtable for a subset: codes 0-255)."""
    count = struct.unpack(">H", cmap[2:4])[0]
    encodings: list[tuple[int, int]] = []
    glyph_of: dict[int, int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * i : 12 + 8 * i])
        encodings.append((platform, encoding))
        kind = struct.unpack(">H", cmap[offset : offset + 2])[0]
        if glyph_of:
            continue
        if kind == 0:
            glyph_of = {code: cmap[offset + 6 + code] for code in range(256)}
        elif kind == 6:
            first, entries = struct.unpack(">HH", cmap[offset + 6 : offset + 10])
            ids = struct.unpack(f">{entries}H", cmap[offset + 10 : offset + 10 + 2 * entries])
            glyph_of = {first + n: glyph for n, glyph in enumerate(ids)}
    return encodings, glyph_of
