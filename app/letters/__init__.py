"""Letters: compose (pure: draft + law route + template → ``Letter``) and render (PDF, plain text).

Only this package imports reportlab, and only in ``pdf``, ``fonts``, ``dossier`` and (when a sheet
is rendered) ``next_steps``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.letters.compose import Ground, compose, grounds_for
from app.letters.model import Letter, Section
from app.letters.next_steps import (
    NextStepsSheet,
    RouteGuide,
    StepGuide,
    next_steps,
    render_next_steps,
    route_guide,
)
from app.letters.text import render_text

if TYPE_CHECKING:
    from app.letters.pdf import render_pdf as render_pdf


def __getattr__(name: str) -> object:
    # reportlab is imported only when a PDF is actually rendered (keeps `--text` and the UI start fast).
    if name == "render_pdf":
        from app.letters.pdf import render_pdf

        return render_pdf
    raise AttributeError(name)


__all__ = [
    "Ground",
    "Letter",
    "NextStepsSheet",
    "RouteGuide",
    "Section",
    "StepGuide",
    "compose",
    "grounds_for",
    "next_steps",
    "render_next_steps",
    "render_pdf",
    "render_text",
    "route_guide",
]
