"""PDF/A-2b for every PDF Habeas writes: letters, the dossier and the "what happens next" sheet.

Courts and regulators archive what they receive, and PDF/A-2b (ISO 19005-2, level B) is what their
archives accept. reportlab already embeds every font (TrueType subsets) and draws without
transparency; what the open-source reportlab cannot write is the rest, so the finished file passes
through pypdf once more (``archival_pdf``): XMP metadata that says PDF/A-2b and matches the document
information dictionary, an sRGB OutputIntent with its ICC profile (``resources/color``), a file
identifier, and a PDF 1.7 header.

``obstacles`` finds what would break the claim in pages that Habeas did not draw itself (a stored
letter imported from elsewhere, appended to a dossier): a font that is not embedded, transparency.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from app.paths import resources_dir

log = logging.getLogger(__name__)

PRODUCER = "Habeas"
SRGB_FILE = "sRGB.icc"
SRGB_CONDITION = "sRGB IEC61966-2.1"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0


@dataclass(frozen=True)
class ArchiveInfo:
    """What the file says about itself: in the information dictionary and, identically, in XMP."""

    title: str
    language: str  # BCP 47: "de", "zh-CN", "en"
    subject: str = ""
    created: datetime | None = None  # None: now; a naive time is taken as local time


@cache
def srgb_profile() -> bytes:
    return (resources_dir() / "color" / SRGB_FILE).read_bytes()


def archival_pdf(source: bytes | PdfWriter, info: ArchiveInfo, *, claim: bool = True) -> bytes:
    """``source`` as PDF/A-2b bytes. ``claim=False`` writes the same metadata without declaring
    conformance (for a dossier holding pages that cannot conform, see ``obstacles``)."""
    writer = source if isinstance(source, PdfWriter) else PdfWriter(clone_from=PdfReader(io.BytesIO(source)))
    moment = info.created or datetime.now()
    created = (moment if moment.tzinfo else moment.astimezone()).replace(microsecond=0)
    # XML cannot hold control characters; the information dictionary must say the same as XMP.
    info = replace(info, title=_CONTROL.sub("", info.title), subject=_CONTROL.sub("", info.subject))
    document: dict[str, str] = {"/Title": info.title}
    if info.subject:
        document["/Subject"] = info.subject
    document |= {
        "/Creator": PRODUCER,
        "/Producer": PRODUCER,
        "/CreationDate": _pdf_date(created),
        "/ModDate": _pdf_date(created),
    }
    writer.metadata = document  # replaces reportlab's (empty Author, Keywords; Trapped)
    metadata = StreamObject()  # XMP, unfiltered so that any tool can read it
    metadata.set_data(_xmp(info, created, claim=claim))
    metadata[NameObject("/Type")] = NameObject("/Metadata")
    metadata[NameObject("/Subtype")] = NameObject("/XML")
    root = writer.root_object
    root[NameObject("/Metadata")] = writer._add_object(metadata)
    root[NameObject("/Lang")] = TextStringObject(info.language)
    root[NameObject("/OutputIntents")] = ArrayObject([_output_intent(writer)])
    if not writer._ID:  # pypdf writes no /ID for a new document; PDF/A requires one
        writer.generate_file_identifiers()
    writer.pdf_header = "%PDF-1.7"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_date(moment: datetime) -> str:
    offset = moment.strftime("%z") or "+0000"
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{offset[0]}{offset[1:3]}'{offset[3:5]}'"


def _xmp_text(text: str) -> str:
    return escape(_CONTROL.sub("", text))  # titles are cleaned already; the language is not


def _xmp(info: ArchiveInfo, created: datetime, *, claim: bool) -> bytes:
    when = created.isoformat()
    description = (
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{_xmp_text(info.subject)}'
        "</rdf:li></rdf:Alt></dc:description>"
        if info.subject
        else ""
    )
    conformance = "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>" if claim else ""
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_xmp_text(info.title)}</rdf:li></rdf:Alt></dc:title>
{description}
<dc:language><rdf:Bag><rdf:li>{_xmp_text(info.language)}</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>
<xmp:CreateDate>{when}</xmp:CreateDate>
<xmp:ModifyDate>{when}</xmp:ModifyDate>
<xmp:MetadataDate>{when}</xmp:MetadataDate>
<pdf:Producer>{PRODUCER}</pdf:Producer>
{conformance}
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
{" " * 1024}
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


def _output_intent(writer: PdfWriter) -> PdfObject:
    profile = StreamObject()
    profile.set_data(srgb_profile())
    profile[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(SRGB_CONDITION),
            NameObject("/Info"): TextStringObject(SRGB_CONDITION),
            NameObject("/RegistryName"): TextStringObject("http://www.color.org"),
            NameObject("/DestOutputProfile"): writer._add_object(profile.flate_encode()),
        }
    )
    return writer._add_object(intent)


# -- what would break the claim ------------------------------------------------------------------


def obstacles(writer: PdfWriter) -> list[str]:
    """Why the pages of ``writer`` cannot be PDF/A-2b: fonts not embedded, transparency. [] if none."""
    found: list[str] = []
    for number, page in enumerate(writer.pages, start=1):
        group = page.get("/Group")
        if group is not None and group.get_object().get("/S") == "/Transparency":
            found.append(f"page {number}: transparency group")
        for resources in _resources(page.get("/Resources"), set()):
            found += [f"page {number}: {problem}" for problem in _resource_problems(resources)]
    return found


def _resources(resources: PdfObject | None, seen: set[int]) -> Iterator[DictionaryObject]:
    """``resources`` and those of the form XObjects it uses, each once."""
    if resources is None:
        return
    res = resources.get_object()
    if not isinstance(res, DictionaryObject) or id(res) in seen:
        return
    seen.add(id(res))
    yield res
    for ref in (res.get("/XObject") or DictionaryObject()).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _resources(xobject.get("/Resources"), seen)


def _resource_problems(res: DictionaryObject) -> Iterator[str]:
    for ref in (res.get("/Font") or DictionaryObject()).values():
        font = ref.get_object()
        if font.get("/Subtype") == "/Type3":  # glyphs drawn by content streams: nothing to embed
            continue
        fonts = [font, *(d.get_object() for d in font.get("/DescendantFonts") or [])]
        descriptors = [f["/FontDescriptor"].get_object() for f in fonts if "/FontDescriptor" in f]
        if not any(k in d for d in descriptors for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            yield f"font {font.get('/BaseFont')} is not embedded"
    for ref in (res.get("/ExtGState") or DictionaryObject()).values():
        state = ref.get_object()
        alpha = [float(state.get(k, 1)) for k in ("/CA", "/ca")]
        mask = state.get("/SMask", "/None")
        blend = state.get("/BM", "/Normal")
        if min(alpha) < 1 or mask != "/None" or blend not in ("/Normal", "/Compatible"):
            yield "transparency in a graphics state"
    for ref in (res.get("/XObject") or DictionaryObject()).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image" and ("/SMask" in xobject or "/SMaskInData" in xobject):
            yield "an image with a soft mask (transparency)"
