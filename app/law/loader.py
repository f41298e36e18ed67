"""Load and validate ``resources/law/<CODE>/*.toml`` into an immutable KnowledgeBase.

Each jurisdiction is a directory with four TOML files (format: resources/law/README.md):
``jurisdiction.toml`` (names, calendar, counting conventions, contexts, regimes),
``provisions.toml`` (instruments, provisions), ``deadlines.toml`` (rules) and ``routes.toml``
(escalation steps, routes). Every cross-reference is checked; any problem raises
DataFileError(file, key, reason). Callers cache the result (load once in bootstrap).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import logging
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from app.contract import MAX_DATA_FILE, loads_toml
from app.errors import DataFileError
from app.languages import ENGLISH, registry
from app.law.calendars import CALENDAR_KINDS
from app.law.conventions import CONVENTIONS
from app.law.engine import MAX_COUNT
from app.law.fields import Table
from app.law.model import (
    BASE_EVENTS,
    CLOCK_MODES,
    CalendarSpec,
    ClockRule,
    Confidence,
    Context,
    Counting,
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
    PostalCodeFormat,
    Provision,
    Regime,
    Right,
    Route,
    StepKindSpec,
    Unit,
    frozen_mapping,
)
from app.law.schedules import load_schedules
from app.paths import law_pack_dirs, resources_dir

log = logging.getLogger(__name__)

FILES = ("jurisdiction.toml", "provisions.toml", "deadlines.toml", "routes.toml")
STEP_KINDS_FILE = "step_kinds.toml"
PAPERS = frozenset({"A4", "Letter"})


def law_dir() -> Path:
    return resources_dir() / "law"


def load_knowledge_base(
    user_calendars_dir: Path | None = None,
    *,
    root: Path | None = None,
    packs: tuple[Path, ...] | None = None,
) -> KnowledgeBase:
    """Load the shipped law (``root``, default resources/law) and every extra law pack.

    ``packs`` are folders laid out like ``resources/`` (``law/CODE/``, ``letters/CODE/``); default:
    ``app.paths.law_pack_dirs()`` ($HABEAS_LAW_PATH). A folder under ``law/`` with a
    ``jurisdiction.toml`` is a jurisdiction; one with only ``provisions.toml`` (and optionally
    ``deadlines.toml``) is shared law such as ``EU``. Ids are local to their folder; ``EU:ID``
    refers into another folder, resolved once every folder is read, so folder order never matters.
    Broken shipped data raise DataFileError; a broken pack folder is skipped and reported in
    ``KnowledgeBase.problems``, never taking the shipped jurisdictions down with it.
    """
    base = root if root is not None else law_dir()
    builder = _Builder()
    shipped = _law_folders(base)
    if not any((d / "jurisdiction.toml").is_file() for d in shipped):
        raise DataFileError(str(base), "", "no jurisdiction directories found")
    builder.load_step_kinds(base / STEP_KINDS_FILE, required=True)
    builder.load_folders(base.parent, shipped)
    for pack in packs if packs is not None else law_pack_dirs():
        builder.load_pack(pack)
    kb = builder.finish(user_calendars_dir)
    for code in kb.jurisdictions:
        load_schedules(user_calendars_dir, code)  # a broken user file is reported now, not mid-count
    log.info(
        "law data loaded: %d jurisdictions, %d provisions, %d packs skipped",
        len(kb.jurisdictions),
        len(kb.provisions),
        len(kb.problems),
    )
    return kb


def _law_folders(base: Path) -> list[Path]:
    try:
        return sorted(p for p in base.iterdir() if p.is_dir() and (p / "provisions.toml").is_file())
    except OSError as exc:
        raise DataFileError(str(base), "", f"cannot read: {exc}") from None


@cache
def shipped_knowledge_base() -> KnowledgeBase:
    """The shipped data without user schedules or packs (tests and tools that were given none)."""
    return load_knowledge_base(packs=())


def _read_toml(path: Path) -> dict[str, Any]:
    return read_data_toml(path)


def read_data_toml(path: Path, key: str = "") -> dict[str, Any]:
    """A data file's TOML within the input contract (size, nesting, texts, numbers); DataFileError
    naming the file otherwise, never a RecursionError or a ValueError (app.contract)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_DATA_FILE + 1)
    except OSError as exc:
        raise DataFileError(str(path), key, f"cannot read: {exc.strerror or type(exc).__name__}") from None
    if len(raw) > MAX_DATA_FILE:
        raise DataFileError(str(path), key, f"larger than {MAX_DATA_FILE // (1024 * 1024)} MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DataFileError(str(path), key, "not UTF-8 text") from None

    def error(reason: str) -> DataFileError:
        return DataFileError(str(path), key, f"not valid TOML: {reason}")

    return loads_toml(text, str(path), error)


_STATE = (
    "jurisdictions",
    "instruments",
    "provisions",
    "rules",
    "routes",
    "rule_owner",
    "step_kinds",
    "pack_dirs",
    "steps",
    "_late_clocks",
    "_late_context_refs",
)
_KEYWORD = re.compile(r"^[a-z][a-z0-9_-]*$")
# What opens a step: the request's (or the earlier step's) outcome, or the deciding body's silence.
TRIGGERS = ("silence", "refusal", "partial", "any")


def _key(folder: str, ref: str) -> str:
    """A reference as written in ``folder`` ("CN-OGI-33", "EU:GDPR-17-1") as a knowledge-base key."""
    return ref if ":" in ref else f"{folder}:{ref}"


class _Builder:
    def __init__(self) -> None:
        self.jurisdictions: dict[str, Jurisdiction] = {}
        self.instruments: dict[str, Instrument] = {}
        self.provisions: dict[str, Provision] = {}
        self.rules: dict[str, DeadlineRule] = {}
        self.routes: dict[tuple[str, str, str], Route] = {}
        self.rule_owner: dict[str, str] = {}
        self.step_kinds: dict[str, StepKindSpec] = {}
        self.pack_dirs: dict[str, Path] = {}  # folder code -> the root it was loaded from
        self.steps: dict[str, EscalationStep] = {}  # "FOLDER:ID" -> step
        self.problems: list[tuple[str, str]] = []
        # Parts of a jurisdiction that cite provisions and are completed with its routes.
        self._late_clocks: dict[tuple[str, str], tuple[str, tuple[str, ...], str | None]] = {}
        self._late_context_refs: dict[tuple[str, str], tuple[Table, tuple[str, ...]]] = {}
        # References are checked once every folder is read (any folder may cite any other).
        self.pending_refs: list[tuple[Table, str, tuple[str, ...], Mapping[str, Any]]] = []

    # -- folders and packs ---------------------------------------------------------------------
    def load_folders(self, root: Path, folders: list[Path]) -> None:
        """Read every folder's definitions, then the routes (which use provisions from anywhere)."""
        jurisdiction_folders = []
        for directory in folders:
            code = directory.name
            if code in self.pack_dirs:
                raise DataFileError(
                    str(directory), "", f"the folder {code} is already loaded from {self.pack_dirs[code]}"
                )
            self.pack_dirs[code] = root
            if (directory / "jurisdiction.toml").is_file():
                for name in FILES:
                    if not (directory / name).is_file():
                        raise DataFileError(str(directory / name), "", "missing file")
                self._jurisdiction(directory / "jurisdiction.toml", code)
                jurisdiction_folders.append(directory)
            self._provisions(directory / "provisions.toml", code)
            if (directory / "deadlines.toml").is_file():
                self._rules(directory / "deadlines.toml", code)
        self._resolve_refs()
        for directory in jurisdiction_folders:
            self._routes(directory / "routes.toml", directory.name)
        self._resolve_refs()

    def load_pack(self, pack: Path) -> None:
        """One extra pack folder; each broken part is skipped and recorded, the rest is kept."""
        law = pack / "law"
        if not law.is_dir():
            self.problems.append((str(pack), f"no law folder in {pack}"))
            return
        if (law / STEP_KINDS_FILE).is_file():
            self._guarded(str(law / STEP_KINDS_FILE), lambda: self.load_step_kinds(law / STEP_KINDS_FILE))
        try:
            folders = _law_folders(law)
        except DataFileError as exc:
            self.problems.append((str(law), str(exc)))
            return
        for directory in folders:
            self._guarded(str(directory), functools.partial(self.load_folders, pack, [directory]))

    def _guarded(self, where: str, load: Callable[[], None]) -> None:
        saved = {name: dict(getattr(self, name)) for name in _STATE}
        pending = list(self.pending_refs)
        try:
            load()
        except DataFileError as exc:
            for name, value in saved.items():
                setattr(self, name, value)
            self.pending_refs = pending
            self.problems.append((where, str(exc)))
            log.warning("law pack skipped: %s", exc)

    # -- step_kinds.toml -----------------------------------------------------------------------
    def load_step_kinds(self, path: Path, *, required: bool = False) -> None:
        if not path.is_file():
            if required:
                raise DataFileError(str(path), "", "missing file")
            return
        top = Table(str(path), "", _read_toml(path))
        top.check_keys({"kind"})
        events = {spec.filed_by for spec in self.step_kinds.values()}
        for table in top.tables("kind", required=True):
            kid = table.text("id")
            table = table.named(kid)
            table.check_keys(
                {
                    "id",
                    "label",
                    "event_label",
                    "filed_by",
                    "decided_by",
                    "aliases",
                    "addressee_kinds",
                    "needs_addressee",
                    "court_letter",
                    "filing_starts",
                    "decision_starts",
                    "translations",
                }
            )
            if kid in self.step_kinds:
                table.fail("id", f"duplicate step kind {kid!r}")
            filed_by = table.text("filed_by")
            for name, value in (("id", kid), ("filed_by", filed_by)):
                if not _KEYWORD.match(value):
                    table.fail(name, "lower-case letters, digits, '_' and '-' only")
            if filed_by in events or filed_by in BASE_EVENTS:
                table.fail("filed_by", f"the event {filed_by!r} already has a meaning")
            events.add(filed_by)
            self.step_kinds[kid] = StepKindSpec(
                id=kid,
                label=table.text("label"),
                event_label=table.text("event_label"),
                filed_by=filed_by,
                decided_by=table.texts("decided_by", required=True),
                aliases=table.texts("aliases"),
                addressee_kinds=table.texts("addressee_kinds"),
                needs_addressee=table.flag("needs_addressee", default=True),
                court_letter=table.flag("court_letter", default=False),
                filing_starts=table.texts("filing_starts"),
                decision_starts=table.texts("decision_starts"),
                translations=_translations(table, ("label", "event_label")),
            )

    # -- jurisdiction.toml ------------------------------------------------------------------
    def _jurisdiction(self, path: Path, dirname: str) -> str:
        top = Table(str(path), "", _read_toml(path))
        top.check_keys(
            {
                "code",
                "name_en",
                "name_original",
                "letter_language",
                "paper",
                "notes",
                "calendar",
                "counting",
                "context",
                "regime",
                "translations",
                "postal_code",
                "identity_document",
                "courtesy_copy_languages",
                "letter_option",
                "enclosure",
            }
        )
        code = top.text("code")
        if code != dirname:
            top.fail("code", f"{code!r} does not match the directory name {dirname!r}")
        if code in self.jurisdictions:
            top.fail("code", f"jurisdiction {code!r} is defined twice")
        languages = language_codes()
        letter_language = top.text("letter_language")
        if letter_language not in languages:
            top.fail("letter_language", f"unknown language (known: {', '.join(sorted(languages))})")
        courtesy = top.texts("courtesy_copy_languages")
        for lang in courtesy:
            if lang not in languages or lang == letter_language:
                top.fail("courtesy_copy_languages", f"{lang!r} is not another known language")
        paper = top.text("paper")
        if paper not in PAPERS:
            top.fail("paper", f"unknown paper size (allowed: {', '.join(sorted(PAPERS))})")

        cal = top.table("calendar")
        assert cal is not None
        cal.check_keys({"kind", "country", "subdivision", "closures_category"})
        kind = cal.text("kind")
        if kind not in CALENDAR_KINDS:
            cal.fail("kind", f"unknown calendar kind (allowed: {', '.join(sorted(CALENDAR_KINDS))})")
        spec = CalendarSpec(
            kind, cal.text("country"), cal.opt_text("subdivision"), cal.opt_text("closures_category")
        )

        counting_table = top.table("counting")
        assert counting_table is not None
        counting_table.check_keys({"working_days", "calendar_days", "months", "sources"})
        conventions: dict[str, str] = {}
        for unit in Unit:
            value = counting_table.text(unit.value)
            if value not in CONVENTIONS:
                counting_table.fail(
                    unit.value, f"unknown convention (known: {', '.join(sorted(CONVENTIONS))})"
                )
            conventions[unit.value] = value
        sources: dict[str, tuple[str, ...]] = {}
        sources_table = counting_table.table("sources", required=False)
        if sources_table is not None:
            sources_table.check_keys({u.value for u in Unit})
            for unit in Unit:
                sources[unit.value] = tuple(_key(code, r) for r in sources_table.texts(unit.value))
                self._pending(sources_table, unit.value, sources[unit.value], self.provisions)
        counting = Counting(
            conventions["working_days"],
            conventions["calendar_days"],
            conventions["months"],
            frozen_mapping(sources),
        )

        regimes_raw: dict[str, Table] = {}
        for table in top.tables("regime", required=True):
            rid = table.text("id")
            if rid in regimes_raw:
                table.fail("id", f"duplicate regime id {rid!r}")
            regimes_raw[rid] = table.named(rid)
        contexts: dict[str, Context] = {}
        for table in top.tables("context", required=True):
            table.check_keys(
                {
                    "id",
                    "label",
                    "regimes",
                    "situations",
                    "excluded_steps",
                    "notice",
                    "notice_provisions",
                    "translations",
                }
            )
            cid = table.text("id")
            if cid in contexts:
                table.fail("id", f"duplicate context id {cid!r}")
            regimes = table.texts("regimes", required=True)
            for rid in regimes:
                if rid not in regimes_raw:
                    table.fail("regimes", f"unknown regime {rid!r}")
            if not regimes:
                table.fail("regimes", "must name at least one regime")
            excluded = table.texts("excluded_steps")
            if excluded and not table.data.get("notice"):
                table.fail("notice", "required when excluded_steps are given")
            notice_refs = tuple(_key(code, r) for r in table.texts("notice_provisions"))
            self._pending(table, "notice_provisions", notice_refs, self.provisions)
            contexts[cid] = Context(
                cid,
                table.text("label"),
                regimes,
                situations=table.texts("situations"),
                excluded_steps=excluded,
                notice=table.text("notice", required=False),
                # Resolved with the routes (provisions may come from other folders).
                notice_provisions=(),
                translations=_translations(table, ("label", "notice")),
            )
            self._late_context_refs[(code, cid)] = (table, notice_refs)
        regimes_built: dict[str, Regime] = {}
        for rid, table in regimes_raw.items():
            table.check_keys({"id", "name", "question", "instruments", "notes", "clock", "translations"})
            served = tuple(c.id for c in contexts.values() if rid in c.regimes)
            if not served:
                table.fail("id", "no context uses this regime")
            instruments = tuple(_key(code, i) for i in table.texts("instruments"))
            self._pending(table, "instruments", instruments, self.instruments)
            clock = table.table("clock", required=False)
            if clock is not None:
                clock.check_keys({"mode", "provisions", "ask_within"})
                mode = clock.text("mode")
                if mode not in CLOCK_MODES:
                    clock.fail("mode", f"unknown mode (allowed: {', '.join(CLOCK_MODES)})")
                refs = tuple(_key(code, r) for r in clock.texts("provisions", required=True))
                self._pending(clock, "provisions", refs, self.provisions)
                ask_within = clock.opt_text("ask_within")
                if ask_within is not None:
                    self._pending(clock, "ask_within", (_key(code, ask_within),), self.rules)
                self._late_clocks[(code, rid)] = (mode, refs, _key(code, ask_within) if ask_within else None)
            regimes_built[rid] = Regime(
                rid,
                table.text("name"),
                table.text("question"),
                served,
                instruments,
                table.text("notes", required=False),
                _translations(table, ("name", "question", "notes")),
            )
        self.jurisdictions[code] = Jurisdiction(
            code=code,
            name_en=top.text("name_en"),
            name_original=top.text("name_original"),
            letter_language=letter_language,
            paper=paper,
            calendar_spec=spec,
            counting=counting,
            regimes=frozen_mapping(regimes_built),
            contexts=frozen_mapping(contexts),
            notes=top.text("notes", required=False),
            translations=_translations(top, ("name_en", "notes")),
            postal_code=_postal_code(top),
            identity_documents=_identity_documents(top),
            courtesy_copy_languages=courtesy,
            letter_options=_letter_options(top, regimes_built),
            enclosures=_enclosures(
                top, regimes_built, () if letter_language == ENGLISH else (letter_language,)
            ),
            pack_dir=self.pack_dirs[code],
        )
        return code

    # -- provisions.toml ---------------------------------------------------------------------
    def _provisions(self, path: Path, code: str) -> None:
        top = Table(str(path), "", _read_toml(path))
        top.check_keys({"instrument", "provision"})
        jurisdiction = self.jurisdictions.get(code)
        # Shared law (EU) has no letter language of its own: its citations are given per language.
        original_language = jurisdiction.letter_language if jurisdiction is not None else "en"
        languages = language_codes()
        for table in top.tables("instrument", required=True):
            iid = table.text("id")
            table = table.named(iid)
            table.check_keys(
                {
                    "id",
                    "short_name",
                    "title_original",
                    "title_en",
                    "binding",
                    "in_force_from",
                    "confidence",
                    "note",
                    "source",
                    "checked",
                    "translations",
                }
            )
            key = self._unique(table, iid, self.instruments, code)
            confidence = table.enum("confidence", Confidence)
            assert confidence is not None
            self.instruments[key] = Instrument(
                iid,
                table.text("short_name"),
                table.text("title_original"),
                table.text("title_en"),
                table.flag("binding", default=True),
                table.day("in_force_from"),
                confidence,
                table.text("note", required=False),
                _translations(table, ("title_en", "note", "short_name")),
                source=table.text("source", required=False),
                checked=table.day("checked"),
            )
        for table in top.tables("provision", required=True):
            pid = table.text("id")
            table = table.named(pid)
            table.check_keys(
                {
                    "id",
                    "instrument",
                    "citation_original",
                    "citation_en",
                    "citations",
                    "paraphrase",
                    "valid_from",
                    "valid_to",
                    "confidence",
                    "note",
                    "source",
                    "checked",
                    "translations",
                }
            )
            key = self._unique(table, pid, self.provisions, code)
            instrument = self.instruments.get(_key(code, table.text("instrument")))
            if instrument is None:
                table.fail("instrument", "unknown instrument (define it in [[instrument]] first)")
                raise AssertionError
            valid_from = table.day("valid_from") or instrument.in_force_from
            valid_to = table.day("valid_to")
            if valid_from and valid_to and valid_to < valid_from:
                table.fail("valid_to", "is before valid_from")
            confidence = table.enum("confidence", Confidence)
            assert confidence is not None
            citations: dict[str, str] = {}
            citations_table = table.table("citations", required=False)
            if citations_table is not None:
                for lang in citations_table.data:
                    if lang not in languages:
                        citations_table.fail(
                            lang, f"unknown language (known: {', '.join(sorted(languages))})"
                        )
                    citations[lang] = citations_table.text(lang)
            citation_en = table.text("citation_en")
            self.provisions[key] = Provision(
                pid,
                instrument,
                table.text("citation_original", required=jurisdiction is not None, default=citation_en),
                citation_en,
                table.text("paraphrase"),
                valid_from,
                valid_to,
                confidence,
                table.text("note", required=False),
                _translations(table, ("paraphrase", "note")),
                original_language=original_language,
                citations=frozen_mapping(citations),
                key=key,
                source=table.text("source", required=False),
                checked=table.day("checked"),
            )

    # -- deadlines.toml ----------------------------------------------------------------------
    def _rules(self, path: Path, code: str) -> None:
        top = Table(str(path), "", _read_toml(path))
        top.check_keys({"rule"})
        for table in top.tables("rule", required=True):
            rid = table.text("id")
            table = table.named(rid)
            table.check_keys(
                {
                    "id",
                    "provisions",
                    "count",
                    "unit",
                    "start_event",
                    "statutory",
                    "reference_note",
                    "extension_count",
                    "extension_unit",
                    "extension_conditions",
                    "extension_provisions",
                    "pauses",
                    "confidence",
                    "kind",
                    "description",
                    "convention",
                    "translations",
                }
            )
            key = self._unique(table, rid, self.rules, code)
            provisions = tuple(_key(code, p) for p in table.texts("provisions", required=True))
            self._pending(table, "provisions", provisions, self.provisions)
            extension_provisions = tuple(_key(code, p) for p in table.texts("extension_provisions"))
            self._pending(table, "extension_provisions", extension_provisions, self.provisions)
            statutory = table.flag("statutory")
            reference_note = table.text("reference_note", required=not statutory)
            extension_count = table.integer("extension_count", required=False, maximum=MAX_COUNT)
            extension_unit = table.enum("extension_unit", Unit, required=False)
            if (extension_count is None) != (extension_unit is None) and extension_count is not None:
                table.fail("extension_unit", "required when extension_count is given")
            unit = table.enum("unit", Unit)
            confidence = table.enum("confidence", Confidence)
            kind = table.enum("kind", DeadlineKind, required=False) or DeadlineKind.RESPONSE
            count = table.integer("count", maximum=MAX_COUNT)
            convention = table.opt_text("convention")
            if convention is not None and convention not in CONVENTIONS:
                table.fail("convention", f"unknown convention (known: {', '.join(sorted(CONVENTIONS))})")
            assert unit is not None and confidence is not None and count is not None
            self.rule_owner[key] = code
            self.rules[key] = DeadlineRule(
                id=rid,
                provisions=provisions,
                count=count,
                unit=unit,
                start_event=table.text("start_event"),
                statutory=statutory,
                reference_note=reference_note,
                extension_count=extension_count,
                extension_unit=extension_unit,
                extension_conditions=table.text("extension_conditions", required=False),
                extension_provisions=extension_provisions,
                pauses=table.text("pauses", required=False),
                confidence=confidence,
                kind=kind,
                description=table.text("description", required=False),
                convention=convention,
                # A reference period must be explained in the language of the letters that cite it
                # (screens in other languages fall back to English).
                translations=_translations(
                    table,
                    ("reference_note", "extension_conditions", "pauses", "description"),
                    required=() if statutory else ("reference_note",),
                    required_in=self._letter_language(code),
                ),
                key=key,
            )

    # -- routes.toml ---------------------------------------------------------------------------
    def _routes(self, path: Path, code: str) -> None:
        top = Table(str(path), "", _read_toml(path))
        top.check_keys({"step", "route", "ground"})
        steps: dict[str, EscalationStep] = {}
        for table in top.tables("step", required=True):
            sid = table.text("id")
            table = table.named(sid)
            table.check_keys(
                {
                    "id",
                    "kind",
                    "name",
                    "addressee",
                    "provisions",
                    "deadline",
                    "condition",
                    "triggers",
                    "notes",
                    "answer",
                    "acceptance",
                    "after",
                    "warnings",
                    "instead_of",
                    "translations",
                }
            )
            if sid in steps:
                table.fail("id", f"duplicate step id {sid!r}")
            kind = table.text("kind")
            if kind not in self.step_kinds:
                table.fail("kind", f"unknown step kind (known: {', '.join(self.step_kinds)})")
            deadline_id = table.opt_text("deadline")
            steps[sid] = EscalationStep(
                sid,
                kind,
                table.text("name"),
                table.text("addressee"),
                self._provision_list(table, "provisions", code, required=True),
                self._rule(table, "deadline", code) if deadline_id else None,
                table.text("condition"),
                table.texts("triggers", required=True),
                table.text("notes", required=False),
                _translations(table, ("name", "addressee", "condition", "notes"), lists=("warnings",)),
                answer=self._rule(table, "answer", code) if table.opt_text("answer") else None,
                acceptance=self._rule(table, "acceptance", code) if table.opt_text("acceptance") else None,
                after=table.texts("after"),
                warnings=table.texts("warnings"),
                instead_of=table.texts("instead_of"),
            )
            for trigger in steps[sid].triggers:
                if trigger not in TRIGGERS:
                    table.fail("triggers", f"unknown trigger {trigger!r} (allowed: {', '.join(TRIGGERS)})")
            self.steps[f"{code}:{sid}"] = steps[sid]
        for sid, step in steps.items():
            for name, refs in (("after", step.after), ("instead_of", step.instead_of)):
                for other in refs:
                    if other not in steps or other == sid:
                        raise DataFileError(str(path), f"step[{sid}].{name}", f"unknown step {other!r}")
        jurisdiction = self.jurisdictions[code]
        regimes = jurisdiction.regimes
        grounds = self._grounds(top, code, regimes)
        for table in top.tables("route", required=True):
            regime = table.text("regime")
            right = table.enum("right", Right)
            assert right is not None
            table = table.named(f"{regime}/{right.value}")
            table.check_keys(
                {
                    "regime",
                    "right",
                    "provisions",
                    "fallback_provisions",
                    "addressee",
                    "requirements",
                    "deadline",
                    "silence",
                    "escalation",
                    "notes",
                    "translations",
                }
            )
            if regime not in regimes:
                table.fail("regime", f"unknown regime {regime!r} (known: {', '.join(regimes)})")
            key = (code, regime, right.value)
            if key in self.routes:
                table.fail("right", "duplicate route for this regime and right")
            escalation: list[EscalationStep] = []
            for sid in table.texts("escalation", required=True):
                if sid not in steps:
                    table.fail("escalation", f"unknown step {sid!r}")
                escalation.append(steps[sid])
            self.routes[key] = Route(
                jurisdiction=code,
                regime=regime,
                right=right,
                provisions=self._provision_list(table, "provisions", code, required=True),
                fallback_provisions=self._provision_list(table, "fallback_provisions", code),
                addressee=table.text("addressee"),
                requirements=table.texts("requirements", required=True),
                deadline=self._rule(table, "deadline", code),
                silence=table.text("silence"),
                escalation=tuple(escalation),
                notes=table.text("notes", required=False),
                translations=_translations(table, ("addressee", "silence", "notes"), lists=("requirements",)),
            )
        for right in (Right.ACCESS, Right.CORRECTION, Right.DELETION):
            if not any(k[0] == code and k[2] == right.value for k in self.routes):
                top.fail("route", f"{code} has no route for {right.value}")
        # What needed provisions from other folders: clocks, grounds, context exclusions.
        new_regimes: dict[str, Regime] = {}
        for rid, built in regimes.items():
            late = self._late_clocks.pop((code, rid), None)
            clock = None
            if late is not None:
                mode, refs, ask_within = late
                clock = ClockRule(
                    mode,
                    tuple(self.provisions[r] for r in refs),
                    self.rules[ask_within] if ask_within is not None else None,
                )
            new_regimes[rid] = dataclasses.replace(built, clock=clock, grounds=grounds.get(rid, ()))
            has_deletion = (code, rid, Right.DELETION.value) in self.routes
            if has_deletion and not grounds.get(rid):
                top.fail("ground", f"regime {rid!r} has a deletion route but no [[ground]]")
        new_contexts = {}
        for cid, context in jurisdiction.contexts.items():
            table, refs = self._late_context_refs.pop((code, cid))
            for sid in context.excluded_steps:
                if sid not in steps:
                    table.fail("excluded_steps", f"unknown step {sid!r}")
            new_contexts[cid] = dataclasses.replace(
                context, notice_provisions=tuple(self.provisions[r] for r in refs)
            )
        self.jurisdictions[code] = dataclasses.replace(
            jurisdiction, regimes=frozen_mapping(new_regimes), contexts=frozen_mapping(new_contexts)
        )

    def _grounds(self, top: Table, code: str, regimes: Mapping[str, Regime]) -> dict[str, tuple[Ground, ...]]:
        """``[[ground]]``: deletion grounds, each offered under the regimes it names."""
        out: dict[str, list[Ground]] = {}
        seen: set[tuple[str, str]] = set()
        languages = language_codes()
        for table in top.tables("ground"):
            gid = table.text("id")
            table = table.named(gid)
            table.check_keys({"id", "regimes", "text", "provision", "items", "translations"})
            if not _KEYWORD.match(gid):
                table.fail("id", "lower-case letters, digits, '_' and '-' only")
            items: dict[str, str] = {}
            items_table = table.table("items", required=False)
            if items_table is not None:
                for lang in items_table.data:
                    if lang not in languages:
                        items_table.fail(lang, f"unknown language (known: {', '.join(sorted(languages))})")
                    items[lang] = items_table.text(lang)
            provision = self._provision_list(table, "provision", code, required=True, single=True)[0]
            ground = Ground(
                gid,
                table.text("text"),
                provision,
                frozen_mapping(items),
                _translations(table, ("text",)),
            )
            for rid in table.texts("regimes", required=True):
                if rid not in regimes:
                    table.fail("regimes", f"unknown regime {rid!r}")
                if (rid, gid) in seen:
                    table.fail("id", f"duplicate ground {gid!r} for regime {rid!r}")
                seen.add((rid, gid))
                out.setdefault(rid, []).append(ground)
        return {rid: tuple(grounds) for rid, grounds in out.items()}

    # -- helpers -------------------------------------------------------------------------------
    def _unique(self, table: Table, ident: str, seen: Mapping[str, Any], code: str) -> str:
        if ":" in ident:
            table.fail("id", "ids are local to their folder and must not contain ':'")
        key = f"{code}:{ident}"
        if key in seen:
            table.fail("id", f"duplicate id {ident!r}")
        return key

    def _letter_language(self, code: str) -> tuple[str, ...]:
        jurisdiction = self.jurisdictions.get(code)
        if jurisdiction is None or jurisdiction.letter_language == ENGLISH:
            return ()
        return (jurisdiction.letter_language,)

    def _pending(self, table: Table, key: str, refs: tuple[str, ...], target: Mapping[str, Any]) -> None:
        self.pending_refs.append((table, key, refs, target))

    def _provision_list(
        self, table: Table, key: str, code: str, *, required: bool = False, single: bool = False
    ) -> tuple[Provision, ...]:
        if single:
            ids: tuple[str, ...] = (table.text(key),)
        else:
            ids = table.texts(key, required=required)
        if required and not ids:
            table.fail(key, "must name at least one provision")
        result = []
        for pid in ids:
            found = self.provisions.get(_key(code, pid))
            if found is None:
                table.fail(key, f"unknown provision {pid!r}")
                raise AssertionError
            result.append(found)
        return tuple(result)

    def _rule(self, table: Table, key: str, code: str) -> DeadlineRule:
        rid = table.text(key)
        found = self.rules.get(_key(code, rid))
        if found is None:
            table.fail(key, f"unknown deadline rule {rid!r}")
            raise AssertionError
        return found

    def _resolve_refs(self) -> None:
        for table, key, refs, target in self.pending_refs:
            for ref in refs:
                if ref not in target:
                    shown = ref.split(":", 1)[1] if ref.startswith(table_folder(table)) else ref
                    table.fail(key, f"unknown reference {shown!r}")
        self.pending_refs.clear()

    def finish(self, user_calendars_dir: Path | None) -> KnowledgeBase:
        self._resolve_refs()
        return KnowledgeBase(
            jurisdictions=frozen_mapping(self.jurisdictions),
            instruments=frozen_mapping(self.instruments),
            provisions=frozen_mapping(self.provisions),
            rules=frozen_mapping(self.rules),
            routes=frozen_mapping(self.routes),
            rule_jurisdictions=frozen_mapping(self.rule_owner),
            user_calendars_dir=user_calendars_dir,
            step_kinds=frozen_mapping(self.step_kinds),
            problems=tuple(self.problems),
            data_fingerprint=self._fingerprint(),
            steps=frozen_mapping(self.steps),
        )

    def _fingerprint(self) -> str:
        """A hash of the content of every loaded folder's files (and the step kinds they use)."""
        digest = hashlib.sha256()
        roots = set(self.pack_dirs.values())
        files = [root / "law" / STEP_KINDS_FILE for root in roots]
        for code, root in sorted(self.pack_dirs.items()):
            files += sorted((root / "law" / code).glob("*.toml"))
        for path in files:
            try:
                data = path.read_bytes()
            except OSError:
                continue  # a pack without its own step kinds
            digest.update(f"{path.parent.name}/{path.name}\0".encode())
            digest.update(data)
        return digest.hexdigest()


def language_codes() -> frozenset[str]:
    """Every language of the registry (letters, citations and data translations may use them)."""
    return frozenset(registry().codes)


def table_folder(table: Table) -> str:
    """The law folder a data file belongs to, as a key prefix ("CN:")."""
    return Path(table.file).parent.name + ":"


def _postal_code(top: Table) -> PostalCodeFormat | None:
    table = top.table("postal_code", required=False)
    if table is None:
        return None
    table.check_keys({"pattern", "example"})
    pattern, example = table.text("pattern"), table.text("example")
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        table.fail("pattern", f"not a regular expression: {exc}")
        raise AssertionError from None
    if not compiled.fullmatch(example):
        table.fail("example", "does not match the pattern")
    return PostalCodeFormat(pattern, example)


def _letter_options(top: Table, regimes: Mapping[str, Regime]) -> tuple[LetterOption, ...]:
    out: list[LetterOption] = []
    for table in top.tables("letter_option"):
        oid = table.text("id")
        table = table.named(oid)
        table.check_keys({"id", "label", "type", "regimes", "rights", "default", "help", "translations"})
        if not re.fullmatch(r"[a-z][a-z0-9_]*", oid) or any(o.id == oid for o in out):
            table.fail("id", "must be a unique identifier (lower-case letters, digits, '_')")
        kind = table.text("type")
        if kind not in ("flag", "text"):
            table.fail("type", "must be flag or text")
        for rid in table.texts("regimes"):
            if rid not in regimes:
                table.fail("regimes", f"unknown regime {rid!r}")
        rights = table.texts("rights")
        for right in rights:
            if right not in {r.value for r in Right}:
                table.fail("rights", f"unknown right {right!r}")
        default = table.flag("default", default=False)
        if default and kind != "flag":
            table.fail("default", "only a flag has a default")
        out.append(
            LetterOption(
                oid,
                table.text("label"),
                kind,
                table.texts("regimes"),
                rights,
                default,
                table.text("help", required=False),
                _translations(table, ("label", "help")),
            )
        )
    return tuple(out)


def _enclosures(
    top: Table, regimes: Mapping[str, Regime], letter_languages: tuple[str, ...]
) -> tuple[Enclosure, ...]:
    """``[[enclosure]]``: the documents the wizard offers to enclose. The text is written into the
    letter's list of enclosures, so it must exist in the jurisdiction's letter language."""
    out: list[Enclosure] = []
    rights_known = {r.value for r in Right}
    for table in top.tables("enclosure"):
        eid = table.text("id")
        table = table.named(eid)
        table.check_keys({"id", "text", "regimes", "rights", "representative", "translations"})
        if not _KEYWORD.match(eid) or any(e.id == eid for e in out):
            table.fail("id", "must be a unique lower-case identifier")
        for rid in table.texts("regimes"):
            if rid not in regimes:
                table.fail("regimes", f"unknown regime {rid!r} (known: {', '.join(regimes)})")
        for right in table.texts("rights"):
            if right not in rights_known:
                table.fail("rights", f"unknown right {right!r} (known: {', '.join(sorted(rights_known))})")
        out.append(
            Enclosure(
                eid,
                table.text("text"),
                table.texts("regimes"),
                table.texts("rights"),
                table.flag("representative", default=False),
                _translations(table, ("text",), required=("text",), required_in=letter_languages),
            )
        )
    return tuple(out)


def _identity_documents(top: Table) -> tuple[IdentityDocument, ...]:
    out: list[IdentityDocument] = []
    for table in top.tables("identity_document", required=True):
        did = table.text("id")
        table = table.named(did)
        table.check_keys({"id", "label", "pattern", "stdnum", "default", "translations"})
        if not _KEYWORD.match(did) or any(d.id == did for d in out):
            table.fail("id", "must be a unique lower-case identifier")
        pattern = table.text("pattern", required=False)
        if pattern:
            try:
                re.compile(pattern)
            except re.error as exc:
                table.fail("pattern", f"not a regular expression: {exc}")
        module = table.text("stdnum", required=False)
        if module and (
            not re.fullmatch(r"[a-z]{2,3}(\.[a-z0-9_]+)+|[a-z0-9_]+", module)
            or importlib.util.find_spec(f"stdnum.{module}") is None
        ):
            table.fail("stdnum", f"no python-stdnum module stdnum.{module}")
        out.append(
            IdentityDocument(
                did,
                table.text("label"),
                pattern,
                module,
                table.flag("default", default=False),
                _translations(table, ("label",)),
            )
        )
    if sum(d.default for d in out) > 1:
        top.fail("identity_document", "at most one document may be the default")
    return tuple(out)


def _translations(
    table: Table,
    fields: tuple[str, ...],
    *,
    lists: tuple[str, ...] = (),
    required: tuple[str, ...] = (),
    required_in: tuple[str, ...] = (),
) -> dict[str, dict[str, str | tuple[str, ...]]]:
    """``[<table>.translations.<lang>]``: translated values of the table's English texts.

    Any language of the registry but English may appear; only fields the table has may be
    translated; a list must keep its length (items correspond); ``required`` fields must be
    translated into each language of ``required_in``.
    """
    result: dict[str, dict[str, str | tuple[str, ...]]] = {}
    languages = set(language_codes()) - {ENGLISH}
    must = required_in if required else ()
    block = table.table("translations", required=bool(must))
    if block is None:
        return result
    block.check_keys(languages)
    for lang in sorted(set(block.data) | set(must)):
        sub = block.table(lang, required=lang in must)
        if sub is None:
            continue
        sub.check_keys(set(fields) | set(lists))
        values: dict[str, str | tuple[str, ...]] = {}
        for name in fields:
            value = sub.text(name, required=name in required and lang in must)
            if value and not table.data.get(name):
                sub.fail(name, "translation of a text the table does not have")
            if value:
                values[name] = value
        for name in lists:
            items = sub.texts(name)
            if items and len(items) != len(table.data.get(name) or ()):
                sub.fail(name, "must have one translation per item of the English list")
            if items:
                values[name] = items
        result[lang] = values
    return result
