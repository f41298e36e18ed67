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

# The events of a request's own history that the lifecycle understands (``app.cases.lifecycle``);
# the events that file an escalation step come from the step kinds in the law data.
BASE_EVENTS: tuple[str, ...] = (
    "sent",
    "delivered",
    "received",
    "acknowledged",
    "extended",
    "clarification_requested",
    "clarification_given",
    "answered",
    "refused",
    "partly_granted",
    "granted",
    "no_data",
    "decision_received",  # the deciding body's answer to a filed step (data: step, outcome)
    "withdrawn",
    "closed",
)


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
    source: str = ""  # the official text read for the instrument (and its provisions)
    checked: date | None = None


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
    # Citation forms per reader language beyond the original and English (shared EU law cites
    # "Art. 17 DSGVO" in German and "GDPR art. 17" in English); from ``[provision.citations]``.
    citations: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    key: str = ""  # "FOLDER:ID", unique in the knowledge base (ids are local to their folder)
    # Where the text was read (an official publication, or a file of a mirror of it) and when, so a
    # contributor can check a [V] without anything outside the repository.
    source: str = ""
    checked: date | None = None

    def citation_in(self, lang: str) -> str:
        """The citation a reader of ``lang`` expects: the form in its own language, else English."""
        if lang == self.original_language:
            return self.citation_original
        return self.citations.get(lang) or self.citation_en

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
    key: str = ""  # "FOLDER:ID"; ``provisions`` above hold such keys too


@dataclass(frozen=True)
class StepKindSpec(Localized):
    """A kind of escalation step, from ``resources/law/step_kinds.toml`` (or a pack's own file).

    The lifecycle learns from it which event files a step of this kind and which events decide it;
    the window which directory entries may receive its letter and how the letter dialog looks.
    """

    id: str
    label: str
    event_label: str  # the filing event as a request's history shows it ("complaint filed")
    filed_by: str  # the event kind recorded when a step of this kind is filed ("complaint_filed")
    decided_by: tuple[str, ...]  # event kinds that are the deciding body's answer
    aliases: tuple[str, ...] = ()  # other spellings of ``filed_by`` on the command line
    addressee_kinds: tuple[str, ...] = ()  # directory kinds that may receive the letter, likeliest first
    needs_addressee: bool = True  # False: the letter goes to the authority of the request (reminder)
    court_letter: bool = False  # the letter names a defendant, a representative and a reference
    # Rule start events counted from the filing of a step of this kind ("complaint_received": a
    # period that runs from the complaint, DPA 2018 s.166), and from the decision on it.
    filing_starts: tuple[str, ...] = ()
    decision_starts: tuple[str, ...] = ()
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)


@dataclass(frozen=True)
class EscalationStep(Localized):
    id: str
    kind: str  # a StepKindSpec id
    name: str
    addressee: str
    provisions: tuple[Provision, ...]
    deadline: DeadlineRule | None  # the step's own window; None where the law sets none
    condition: str  # when the step is open (silence, refusal...)
    # What opens the step: the outcome ("refusal", "partial", "any") or the "silence" of the request
    # stage, or, where ``after`` names earlier steps, of one of those steps once filed.
    triggers: tuple[str, ...]
    notes: str = ""
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)
    # The deciding body's period once the step is filed (reconsideration: 60 days from acceptance).
    answer: DeadlineRule | None = None
    # A period after filing at whose end the step counts as accepted (CN ARL art 30: 5 working
    # days); ``answer`` then runs from acceptance.
    acceptance: DeadlineRule | None = None
    # Steps whose decision (or lapse, for the "silence" trigger) opens this one: a suit after the
    # reconsideration decision. Empty: opened by the request's own outcome.
    after: tuple[str, ...] = ()
    # What the user must know before taking the step (never printed in a letter to an authority).
    warnings: tuple[str, ...] = ()
    # Alternatives to this step: once one of them is filed, this one is closed (DE: a Klage without
    # objection procedure or the Widerspruch, never both).
    instead_of: tuple[str, ...] = ()


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
    # The wizard's plain-language situations ("an arrest") that belong to this context.
    situations: tuple[str, ...] = ()
    # Escalation steps closed to this context (CN criminal-justice acts: no reconsideration or
    # administrative suit, ALL Interpretation art 1(2)(i)), and what the user is told instead.
    excluded_steps: tuple[str, ...] = ()
    notice: str = ""
    notice_provisions: tuple[Provision, ...] = ()
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)


@dataclass(frozen=True)
class Regime(Localized):
    id: str
    name: str
    question: str
    contexts: tuple[str, ...]
    instruments: tuple[str, ...] = ()  # instrument keys ("FOLDER:ID")
    notes: str = ""
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)
    # What a request for clarification or identity proof does to the response period (see
    # ``ClockRule``); None: the clock keeps running.
    clock: ClockRule | None = None
    # Deletion grounds this regime offers, in the order the wizard shows them.
    grounds: tuple[Ground, ...] = ()


CLOCK_MODES = ("restart", "pause", "toll_once")


@dataclass(frozen=True)
class ClockRule:
    """How a request for clarification affects the response period under one regime.

    ``restart``: the period runs again from the supplemented request (CN OGI art 30); ``pause``: the
    days until the answer do not count (DPA 2018 s.54(3C)); ``toll_once``: paused once only
    (FOIA § 552(a)(6)(A)(ii)(I)).
    """

    mode: str  # one of CLOCK_MODES
    provisions: tuple[Provision, ...]
    # The period within which the authority must ask (CN OGI art 30: 7 working days); a later request
    # is flagged as contestable. None where the law sets none.
    ask_within: DeadlineRule | None = None


@dataclass(frozen=True)
class Ground(Localized):
    """A ground for deletion the law offers (PIPL art 47(1)(i)–(v), GDPR art 17(1)(a)–(f)…)."""

    id: str
    text: str  # English; ``text_in`` for the letter's language
    provision: Provision
    # Item within the provision as each language writes it ("第（一）项", "Buchst. a", "(1)(a)");
    # ``app.letters.citations.with_item`` places it.
    items: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)

    def item_in(self, lang: str) -> str:
        return self.items.get(lang, self.items.get("en", ""))


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
    postal_code: PostalCodeFormat | None = None  # None: no fixed national format
    identity_documents: tuple[IdentityDocument, ...] = ()
    courtesy_copy_languages: tuple[str, ...] = ()  # languages of an optional courtesy copy
    letter_options: tuple[LetterOption, ...] = ()  # questions whose answers the letters use
    enclosures: tuple[Enclosure, ...] = ()  # the documents the wizard offers to enclose
    pack_dir: Path | None = field(default=None, compare=False)  # root holding law/CODE and letters/CODE

    @property
    def letters_dir(self) -> Path | None:
        return self.pack_dir / "letters" / self.code if self.pack_dir is not None else None

    def identity_document(self, doc_id: str) -> IdentityDocument | None:
        return next((d for d in self.identity_documents if d.id == doc_id), None)

    @property
    def default_identity_document(self) -> IdentityDocument | None:
        """The document assumed when a number is given without its type (CN: the resident ID card)."""
        return next((d for d in self.identity_documents if d.default), None)


@dataclass(frozen=True)
class LetterOption(Localized):
    """A choice the letters of a jurisdiction depend on (``[[letter_option]]``): a US fee waiver,
    printing the German ID-card number, opting into sealing in CN, the 性别 a 行政复议申请书 names."""

    id: str
    label: str  # the wizard's question
    type: str  # "flag" | "text"
    regimes: tuple[str, ...] = ()  # where it is offered; empty: every regime
    rights: tuple[str, ...] = ()  # for which rights; empty: every right
    default: bool = False  # flags only
    help: str = ""
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)

    def applies(self, regime: str, right: str) -> bool:
        return (not self.regimes or regime in self.regimes) and (not self.rights or right in self.rights)


@dataclass(frozen=True)
class Enclosure(Localized):
    """A document a letter of this jurisdiction may enclose (``[[enclosure]]``): offered as a check
    box in the wizard (in the UI language) and listed in the letter (in the letter's language)."""

    id: str
    text: str
    regimes: tuple[str, ...] = ()  # where it is offered; empty: every regime
    rights: tuple[str, ...] = ()  # for which rights; empty: every right (evidence: correction only)
    representative: bool = False  # offered only when a representative acts (their power of attorney)
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)

    def applies(self, regime: str, right: str) -> bool:
        return (not self.regimes or regime in self.regimes) and (not self.rights or right in self.rights)


@dataclass(frozen=True)
class PostalCodeFormat:
    pattern: str  # a regular expression the whole (trimmed) code must match, case-insensitive
    example: str


@dataclass(frozen=True)
class IdentityDocument(Localized):
    """An identity document a requester of this jurisdiction may give (``[[identity_document]]``)."""

    id: str
    label: str
    pattern: str = ""  # optional regular expression for the number (whole, case-insensitive)
    # A python-stdnum module that validates the number ("cn.ric"), named in the data, not in code.
    stdnum: str = ""
    default: bool = False
    translations: Translations = field(default_factory=_no_translations, compare=False, hash=False)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything loaded from the law folders; look-ups raise InputError with a translated message.

    Ids in the data files are local to their folder; the mappings here are keyed by
    ``"FOLDER:ID"`` (``Provision.key``). Look-ups also accept a bare id where only one folder has it.
    This is the only registry of jurisdictions, regimes, contexts, rights, grounds, identity
    documents, step kinds and their events: code never names any of them.
    """

    jurisdictions: Mapping[str, Jurisdiction]
    instruments: Mapping[str, Instrument]
    provisions: Mapping[str, Provision]
    rules: Mapping[str, DeadlineRule]
    routes: Mapping[tuple[str, str, str], Route]
    rule_jurisdictions: Mapping[str, str] = field(default_factory=dict)  # rule key -> jurisdiction code
    user_calendars_dir: Path | None = field(default=None, compare=False)
    step_kinds: Mapping[str, StepKindSpec] = field(default_factory=dict)
    # Law packs that were skipped because they are broken: (folder, reason) for ``habeas doctor``.
    problems: tuple[tuple[str, str], ...] = ()
    # A hash of every data file loaded: kept deadlines computed with other data are recomputed.
    data_fingerprint: str = ""
    steps: Mapping[str, EscalationStep] = field(default_factory=dict)  # "CODE:STEP-ID" -> step

    def step(self, jurisdiction: str, step_id: str) -> EscalationStep | None:
        return self.steps.get(f"{jurisdiction}:{step_id}")

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

    @property
    def codes(self) -> tuple[str, ...]:
        """The jurisdiction codes, sorted."""
        return tuple(sorted(self.jurisdictions))

    def _find(self, table: Mapping[str, T], ref: str, within: str | None) -> T | None:
        if ref in table:
            return table[ref]
        if ":" in ref:
            return None
        if within is not None and f"{within}:{ref}" in table:
            return table[f"{within}:{ref}"]
        found = [value for key, value in table.items() if key.split(":", 1)[1] == ref]
        return found[0] if len(found) == 1 else None

    def provision(self, pid: str, *, within: str | None = None) -> Provision:
        from app.i18n import _

        found = self._find(self.provisions, pid, within)
        if found is None:
            raise InputError(_("Unknown provision {pid}.").format(pid=pid))
        return found

    def rule(self, rule_id: str, *, within: str | None = None) -> DeadlineRule:
        """The rule ``FOLDER:ID``, or ``ID`` where one folder (or ``within``) has it."""
        from app.i18n import _

        found = self._find(self.rules, rule_id, within)
        if found is None:
            ambiguous = sorted(k for k in self.rules if ":" not in rule_id and k.split(":", 1)[1] == rule_id)
            if ambiguous:
                raise InputError(
                    _(
                        "The deadline rule {rule} exists in several jurisdictions; write one of: {known}."
                    ).format(rule=rule_id, known=", ".join(ambiguous))
                )
            raise InputError(
                _("Unknown deadline rule {rule}. See 'habeas law show' for the rule ids.").format(
                    rule=rule_id
                )
            )
        return found

    def rule_jurisdiction(self, rule_id: str) -> str:
        """The jurisdiction whose data define ``rule_id``."""
        return self.rule_jurisdictions[self.rule(rule_id).key]

    def step_kind(self, kind: str) -> StepKindSpec:
        from app.i18n import _

        found = self.step_kinds.get(kind)
        if found is None:
            raise InputError(
                _("Unknown kind of step {kind}. Known: {known}.").format(
                    kind=kind, known=", ".join(self.step_kinds)
                )
            )
        return found

    def filing_events(self) -> Mapping[str, StepKindSpec]:
        """Event kind that files a step -> the step kind it files (``complaint_filed`` -> complaint)."""
        return {spec.filed_by: spec for spec in self.step_kinds.values()}

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

    def all_rights(self) -> tuple[str, ...]:
        """Every right some route offers, in ``Right`` order."""
        offered = {right for (_c, _reg, right) in self.routes}
        return tuple(r.value for r in Right if r.value in offered)


T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


def frozen_mapping(items: Mapping[K, V]) -> Mapping[K, V]:
    return MappingProxyType(dict(items))
