"""Helpers for the letters tests: the example requests and PDF inspection."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.json"))


def example(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def pdf_text(data: bytes) -> str:
    """All text of the PDF with whitespace removed (line breaks may fall inside a citation)."""
    reader = PdfReader(io.BytesIO(data))
    return squash("".join(page.extract_text() or "" for page in reader.pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def fonts(data: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font resource on every page."""
    out: list[tuple[str, bool]] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        for ref in resources.get_object().get("/Font", {}).values():
            font = ref.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts", []) or []:
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            embedded = any(
                d is not None and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors
            )
            out.append((str(font.get("/BaseFont")), embedded))
    return out
