"""The immutable law model: jurisdictions, instruments, provisions, regimes, routes, deadline rules.

Everything here is built by ``app.law.loader`` from ``resources/law/<CODE>/*.toml`` and never
changed afterwards. Text fields are English (the lingua franca of the data files), with Chinese and
German translations where the data give them (``Localized.text_in``); citations carry both the
original-language form a formal letter uses and an English form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from app.errors import InputError


class Confidence(StrEnum):
    """Source tag from ``reference/law.md``: how sure we are of a fact."""

    VERIFIED = "V"  # read in the provision text
    SECONDARY = "S"  # reliable secondary source; check before relying on it
    MEMORY = "M"  # not re-verified
    INTERPRETIVE = "I"  # the law is silent or contested; a choice made for the app


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


class Right(StrEnum):
    ACCESS = "access"
    CORRECTION = "correction"
    DELETION = "deletion"
    RESTRICTION = "restriction"
    SEALING = "sealing"
    EXPLANATION = "explanation"
    INDIRECT_ACCESS = "indirect_access"


class StepKind(StrEnum):
    REMINDER = "reminder"
    COMPLAINT = "complaint"
    RECONSIDERATION = "reconsideration"
    APPEAL = "appeal"
    COURT = "court"
    INDIRECT_ACCESS = "indirect_access"


class DeadlineKind(StrEnum):
    """What the end of a period means, so callers know who must act by when."""

    RESPONSE = "response"  # the authority must answer by the due date
    FILING = "filing"  # the requester must file by the due date (or lose the remedy)
    WAITING = "waiting"  # the period must pass: the next step is open from the day after (§ 75 VwGO)


Translations = Mapping[str, Mapping[str, "str | tuple[str, ...]"]]


class Localized:
    """Text fields in the reader's language: ``[… .translations.zh_CN]`` tables in the data files.

    The English text is the field itself; a missing translation falls back to it.
    """

    translations: Translations

    def text_in(self, name: str, lang: str) -> str:
        english: str = getattr(self, name)
        value = self.translations.get(lang, {}).get(name)
        return value if isinstance(value, str) and value else english

    def texts_in(self, name: str, lang: str) -> tuple[str, ...]:
        english: tuple[str, ...] = getattr(self, name)
        value = self.translations.get(lang, {}).get(name)
        return value if isinstance(value, tuple) and len(value) == len(english) else english


def _no_translations() -> Translations:
    return {}


@dataclass(frozen=True)
class Instrument(Localized):
    id: str
    short_name: str
    title_original: str
    title_en: str
    binding: bool  # False for recommended standards (GB/T 35273-2020): cite as reference only
    in_force_from: date | None
    confidence: Confidence
    note: str = ""
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)


@dataclass(frozen=True)
class Provision(Localized):
    id: str
    instrument: Instrument
    citation_original: str
    citation_en: str
    paraphrase: str
    valid_from: date | None
    valid_to: date | None
    confidence: Confidence
    note: str = ""
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)
    original_language: str = "en"  # the language citation_original is written in (zh_CN, de, en)

    def citation_in(self, lang: str) -> str:
        """The citation a reader of ``lang`` expects: the original form in its own language, else English."""
        return self.citation_original if lang == self.original_language else self.citation_en

    def in_force_on(self, day: date) -> bool:
        """Whether this citation is correct for a letter or an event dated ``day``."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to


@dataclass(frozen=True)
class DeadlineRule(Localized):
    id: str
    provisions: tuple[str, ...]  # provision ids (resolved with KnowledgeBase.provision)
    count: int
    unit: Unit
    start_event: str  # "received", "decision_received", "complaint_received", "act_known"...
    statutory: bool  # False: the law gives no number; ``count`` is a labelled reference period
    reference_note: str  # why this period (always set when statutory is False)
    extension_count: int | None
    extension_unit: Unit | None
    extension_conditions: str
    extension_provisions: tuple[str, ...]
    pauses: str  # the stop-the-clock rule in words, or ""
    confidence: Confidence
    kind: DeadlineKind = DeadlineKind.RESPONSE
    description: str = ""
    convention: str | None = None  # overrides the jurisdiction's convention for this unit (DE: BGB)
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)


@dataclass(frozen=True)
class EscalationStep(Localized):
    id: str
    kind: StepKind
    name: str
    addressee: str
    provisions: tuple[Provision, ...]
    deadline: DeadlineRule | None  # the step's own window; None where the law sets none
    condition: str  # when the step is open (silence, refusal...)
    triggers: tuple[str, ...]  # "silence", "refusal", "partial", "any"
    notes: str = ""
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)


@dataclass(frozen=True)
class Route(Localized):
    jurisdiction: str
    regime: str
    right: Right
    provisions: tuple[Provision, ...]
    fallback_provisions: tuple[Provision, ...]
    addressee: str
    requirements: tuple[str, ...]
    deadline: DeadlineRule
    silence: str
    escalation: tuple[EscalationStep, ...]
    notes: str = ""
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)

    def provisions_in_force(self, day: date) -> tuple[Provision, ...]:
        """The provisions a letter dated ``day`` may cite (drops e.g. CSL art 43 from 2026-01-01)."""
        return tuple(p for p in self.provisions if p.in_force_on(day))

    def fallback_in_force(self, day: date) -> tuple[Provision, ...]:
        return tuple(p for p in self.fallback_provisions if p.in_force_on(day))


@dataclass(frozen=True)
class Context(Localized):
    """A situation the user recognises ("my data are in a criminal case file")."""

    id: str
    label: str
    regimes: tuple[str, ...]  # preferred regime first
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)


@dataclass(frozen=True)
class Regime(Localized):
    id: str
    name: str
    question: str
    contexts: tuple[str, ...]
    instruments: tuple[str, ...] = ()
    notes: str = ""
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)


@dataclass(frozen=True)
class CalendarSpec:
    """From ``[calendar]`` in a jurisdiction's data file."""

    kind: str  # "china" | "holidays"
    country: str
    subdivision: str | None
    closures_category: str | None  # US "government": executive-order closures (shown as alternative)


@dataclass(frozen=True)
class Counting:
    """How one jurisdiction counts periods (law.md section 0)."""

    working_days: str  # convention id, see app.law.conventions
    calendar_days: str
    months: str
    sources: Mapping[str, tuple[str, ...]]  # unit -> provision ids behind the convention


@dataclass(frozen=True)
class Jurisdiction(Localized):
    code: str
    name_en: str
    name_original: str
    letter_language: str  # "zh_CN" | "de" | "en"
    paper: str  # "A4" | "Letter"
    calendar_spec: CalendarSpec
    counting: Counting
    regimes: Mapping[str, Regime]
    contexts: Mapping[str, Context]
    notes: str = ""
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything loaded from ``resources/law``; look-ups raise InputError with a translated message."""

    jurisdictions: Mapping[str, Jurisdiction]
    instruments: Mapping[str, Instrument]
    provisions: Mapping[str, Provision]
    rules: Mapping[str, DeadlineRule]
    routes: Mapping[tuple[str, str, str], Route]
    rule_jurisdictions: Mapping[str, str] = field(default_factory=dict)  # rule id -> jurisdiction code
    user_calendars_dir: Path | None = field(default=None, compare=False)

    def jurisdiction(self, code: str) -> Jurisdiction:
        from app.i18n import _

        found = self.jurisdictions.get(code) or self.jurisdictions.get(code.upper())
        if found is None:
            raise InputError(
                _("Unknown jurisdiction {code}. Known: {known}.").format(
                    code=code, known=", ".join(sorted(self.jurisdictions))
                )
            )
        return found

    def provision(self, pid: str) -> Provision:
        from app.i18n import _

        try:
            return self.provisions[pid]
        except KeyError:
            raise InputError(_("Unknown provision {pid}.").format(pid=pid)) from None

    def rule(self, rule_id: str) -> DeadlineRule:
        from app.i18n import _

        try:
            return self.rules[rule_id]
        except KeyError:
            raise InputError(
                _("Unknown deadline rule {rule}. See 'habeas law show' for the rule ids.").format(
                    rule=rule_id
                )
            ) from None

    def rule_jurisdiction(self, rule_id: str) -> str:
        """The jurisdiction whose data define ``rule_id``."""
        self.rule(rule_id)  # raises the translated error for unknown ids
        return self.rule_jurisdictions[rule_id]

    def regime_for(self, jurisdiction: str, context: str) -> Regime:
        return self.regimes_for(jurisdiction, context)[0]

    def regimes_for(self, jurisdiction: str, context: str) -> tuple[Regime, ...]:
        """All regimes that serve ``context``, preferred first (CN administrative: OGI, then PIPL)."""
        from app.i18n import _

        j = self.jurisdiction(jurisdiction)
        ctx = j.contexts.get(context)
        if ctx is None:
            raise InputError(
                _("Unknown context {context} for {code}. Known: {known}.").format(
                    context=context, code=j.code, known=", ".join(j.contexts)
                )
            )
        return tuple(j.regimes[r] for r in ctx.regimes)

    def route(self, jurisdiction: str, regime: str, right: str) -> Route:
        from app.i18n import _

        j = self.jurisdiction(jurisdiction)
        found = self.routes.get((j.code, regime, str(right)))
        if found is None:
            raise InputError(
                _("No route for the right {right} under {regime} in {code}. Available: {known}.").format(
                    right=right,
                    regime=regime,
                    code=j.code,
                    known=", ".join(self.rights(j.code, regime)) or "-",
                )
            )
        return found

    def rights(self, jurisdiction: str, regime: str) -> tuple[str, ...]:
        """The rights that have a route under ``regime``, in data order."""
        return tuple(right for (code, reg, right) in self.routes if code == jurisdiction and reg == regime)

    def route_for(self, jurisdiction: str, context: str, right: str) -> Route:
        """The route of the first regime serving ``context`` that has ``right``.

        CN administrative records: OGI has access and correction, deletion falls to the PIPL.
        """
        regimes = self.regimes_for(jurisdiction, context)
        code = self.jurisdiction(jurisdiction).code
        for regime in regimes:
            found = self.routes.get((code, regime.id, str(right)))
            if found is not None:
                return found
        return self.route(jurisdiction, regimes[0].id, right)  # raises with the translated message

    def routes_of(self, jurisdiction: str) -> tuple[Route, ...]:
        code = self.jurisdiction(jurisdiction).code
        return tuple(r for (c, _reg, _right), r in self.routes.items() if c == code)


K = TypeVar("K")
V = TypeVar("V")


def frozen_mapping(items: Mapping[K, V]) -> Mapping[K, V]:
    return MappingProxyType(dict(items))
