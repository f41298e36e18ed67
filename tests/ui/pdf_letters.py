"""Small multi-page A4 letters for the preview and printing tests (drawn with QPdfWriter)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from app.cases.records import GeneratedLetter


def letter_pdf(tmp_path: Path, pages: int, name: str = "letter") -> bytes:
    path = tmp_path / f"{name}.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF())
    )
    painter = QPainter(writer)
    for page in range(pages):
        if page:
            writer.newPage()
        painter.drawText(600, 800, f"{name}: page {page + 1} of {pages}")
    painter.end()
    return path.read_bytes()


def letter(tmp_path: Path, pages: int, name: str = "letter") -> GeneratedLetter:
    return GeneratedLetter(
        request_id=1,
        kind="request",
        language="en",
        created=datetime(2026, 3, 2, 9, 0),
        title=name,
        pdf=letter_pdf(tmp_path, pages, name),
        id=1,
    )
