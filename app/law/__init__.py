"""The law knowledge base and deadline engine (pure Python: no Qt, no database, no PDF).

Contract shared with the letters, UI and lifecycle packages; see resources/law/README.md for the
data format and the counting conventions.
"""

from __future__ import annotations

from app.law.caches import clear_caches
from app.law.calendars import WorkingCalendar, calendar_for
from app.law.engine import DueDateResult, Pause, TraceLine, due_date
from app.law.loader import load_knowledge_base
from app.law.model import (
    BASE_EVENTS,
    ClockRule,
    Confidence,
    Context,
    DeadlineKind,
    DeadlineRule,
    Enclosure,
    EscalationStep,
    Ground,
    IdentityDocument,
    Instrument,
    Jurisdiction,
    KnowledgeBase,
    LetterOption,
    Provision,
    Regime,
    Right,
    Route,
    StepKindSpec,
    Unit,
)

__all__ = [
    "BASE_EVENTS",
    "ClockRule",
    "Confidence",
    "Context",
    "DeadlineKind",
    "DeadlineRule",
    "DueDateResult",
    "Enclosure",
    "EscalationStep",
    "Ground",
    "IdentityDocument",
    "Instrument",
    "Jurisdiction",
    "KnowledgeBase",
    "LetterOption",
    "Pause",
    "Provision",
    "Regime",
    "Right",
    "Route",
    "StepKindSpec",
    "TraceLine",
    "Unit",
    "WorkingCalendar",
    "calendar_for",
    "clear_caches",
    "due_date",
    "load_knowledge_base",
]
