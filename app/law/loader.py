"""Load and validate ``resources/law/<CODE>/*.toml`` into an immutable KnowledgeBase.

Each jurisdiction is a directory with four TOML files (format: resources/law/README.md):
``jurisdiction.toml`` (names, calendar, counting conventions, contexts, regimes),
``provisions.toml`` (instruments, provisions), ``deadlines.toml`` (rules) and ``routes.toml``
(escalation steps, routes). Every cross-reference is checked; any problem raises
DataFileError(file, key, reason). Callers cache the result (load once in bootstrap).
"""

from __future__ import annotations

import logging
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from app.errors import DataFileError
from app.law.calendars import CALENDAR_KINDS
from app.law.conventions import CONVENTIONS
from app.law.fields import Table
from app.law.model import (
    CalendarSpec,
    Confidence,
    Context,
    Counting,
    DeadlineKind,
    DeadlineRule,
    EscalationStep,
    Instrument,
    Jurisdiction,
    KnowledgeBase,
    Provision,
    Regime,
    Right,
    Route,
    StepKind,
    Unit,
    frozen_mapping,
)
from app.law.schedules import load_schedules
from app.paths import resources_dir

log = logging.getLogger(__name__)

FILES = ("jurisdiction.toml", "provisions.toml", "deadlines.toml", "routes.toml")
LETTER_LANGUAGES = frozenset({"zh_CN", "de", "en"})
PAPERS = frozenset({"A4", "Letter"})


def law_dir() -> Path:
    return resources_dir() / "law"


def load_knowledge_base(user_calendars_dir: Path | None = None, *, root: Path | None = None) -> KnowledgeBase:
    """Load every jurisdiction under ``root`` (default resources/law) and validate user schedules."""
    base = root if root is not None else law_dir()
    directories = sorted(p for p in base.iterdir() if (p / "jurisdiction.toml").is_file())
    if not directories:
        raise DataFileError(str(base), "", "no jurisdiction directories found")
    builder = _Builder()
    for directory in directories:
        builder.load_jurisdiction(directory)
    kb = builder.finish(user_calendars_dir)
    for code in kb.jurisdictions:
        load_schedules(user_calendars_dir, code)  # a broken user file is reported now, not mid-count
    log.info("law data loaded: %d jurisdictions, %d provisions", len(kb.jurisdictions), len(kb.provisions))
    return kb


@cache
def shipped_knowledge_base() -> KnowledgeBase:
    """The shipped data without user schedules, for callers that were given no knowledge base."""
    return load_knowledge_base()


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise DataFileError(str(path), "", f"cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(str(path), "", f"not valid TOML: {exc}") from None


class _Builder:
    def __init__(self) -> None:
        self.jurisdictions: dict[str, Jurisdiction] = {}
        self.instruments: dict[str, Instrument] = {}
        self.provisions: dict[str, Provision] = {}
        self.rules: dict[str, DeadlineRule] = {}
        self.routes: dict[tuple[str, str, str], Route] = {}
        self.rule_owner: dict[str, str] = {}
        # Provision references are checked after all files are read (rules may cite across files).
        self.pending_refs: list[tuple[Table, str, tuple[str, ...]]] = []

    def load_jurisdiction(self, directory: Path) -> None:
        for name in FILES:
            if not (directory / name).is_file():
                raise DataFileError(str(directory / name), "", "missing file")
        code = self._jurisdiction(directory / "jurisdiction.toml", directory.name)
        self._provisions(directory / "provisions.toml", code)
        self._rules(directory / "deadlines.toml", code)
        self._routes(directory / "routes.toml", code)

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
            }
        )
        code = top.text("code")
        if code != dirname:
            top.fail("code", f"{code!r} does not match the directory name {dirname!r}")
        letter_language = top.text("letter_language")
        if letter_language not in LETTER_LANGUAGES:
            top.fail("letter_language", f"unknown language (allowed: {', '.join(sorted(LETTER_LANGUAGES))})")
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
                sources[unit.value] = sources_table.texts(unit.value)
                self.pending_refs.append((sources_table, unit.value, sources[unit.value]))
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
            table.check_keys({"id", "label", "regimes", "translations"})
            cid = table.text("id")
            if cid in contexts:
                table.fail("id", f"duplicate context id {cid!r}")
            regimes = table.texts("regimes", required=True)
            for rid in regimes:
                if rid not in regimes_raw:
                    table.fail("regimes", f"unknown regime {rid!r}")
            if not regimes:
                table.fail("regimes", "must name at least one regime")
            contexts[cid] = Context(cid, table.text("label"), regimes, _translations(table, ("label",)))
        regimes_built: dict[str, Regime] = {}
        for rid, table in regimes_raw.items():
            table.check_keys({"id", "name", "question", "instruments", "notes", "translations"})
            served = tuple(c.id for c in contexts.values() if rid in c.regimes)
            if not served:
                table.fail("id", "no context uses this regime")
            regimes_built[rid] = Regime(
                rid,
                table.text("name"),
                table.text("question"),
                served,
                table.texts("instruments"),
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
        )
        return code

    # -- provisions.toml ---------------------------------------------------------------------
    def _provisions(self, path: Path, code: str) -> None:
        top = Table(str(path), "", _read_toml(path))
        top.check_keys({"instrument", "provision"})
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
                    "translations",
                }
            )
            self._unique(table, iid, self.instruments, code)
            confidence = table.enum("confidence", Confidence)
            assert confidence is not None
            self.instruments[iid] = Instrument(
                iid,
                table.text("short_name"),
                table.text("title_original"),
                table.text("title_en"),
                table.flag("binding", default=True),
                table.day("in_force_from"),
                confidence,
                table.text("note", required=False),
                _translations(table, ("title_en", "note")),
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
                    "paraphrase",
                    "valid_from",
                    "valid_to",
                    "confidence",
                    "note",
                    "translations",
                }
            )
            self._unique(table, pid, self.provisions, code)
            instrument = self.instruments.get(table.text("instrument"))
            if instrument is None:
                table.fail("instrument", "unknown instrument (define it in [[instrument]] first)")
                raise AssertionError
            valid_from = table.day("valid_from") or instrument.in_force_from
            valid_to = table.day("valid_to")
            if valid_from and valid_to and valid_to < valid_from:
                table.fail("valid_to", "is before valid_from")
            confidence = table.enum("confidence", Confidence)
            assert confidence is not None
            self.provisions[pid] = Provision(
                pid,
                instrument,
                table.text("citation_original"),
                table.text("citation_en"),
                table.text("paraphrase"),
                valid_from,
                valid_to,
                confidence,
                table.text("note", required=False),
                _translations(table, ("paraphrase", "note")),
                original_language=self.jurisdictions[code].letter_language,
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
            self._unique(table, rid, self.rules, code)
            provisions = table.texts("provisions", required=True)
            self.pending_refs.append((table, "provisions", provisions))
            extension_provisions = table.texts("extension_provisions")
            self.pending_refs.append((table, "extension_provisions", extension_provisions))
            statutory = table.flag("statutory")
            reference_note = table.text("reference_note", required=not statutory)
            extension_count = table.integer("extension_count", required=False)
            extension_unit = table.enum("extension_unit", Unit, required=False)
            if (extension_count is None) != (extension_unit is None) and extension_count is not None:
                table.fail("extension_unit", "required when extension_count is given")
            unit = table.enum("unit", Unit)
            confidence = table.enum("confidence", Confidence)
            kind = table.enum("kind", DeadlineKind, required=False) or DeadlineKind.RESPONSE
            count = table.integer("count")
            convention = table.opt_text("convention")
            if convention is not None and convention not in CONVENTIONS:
                table.fail("convention", f"unknown convention (known: {', '.join(sorted(CONVENTIONS))})")
            assert unit is not None and confidence is not None and count is not None
            self.rule_owner[rid] = code
            self.rules[rid] = DeadlineRule(
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
                # A reference period must be explained in every language it is shown in.
                translations=_translations(
                    table,
                    ("reference_note", "extension_conditions", "pauses", "description"),
                    required=() if statutory else ("reference_note",),
                ),
            )

    # -- routes.toml ---------------------------------------------------------------------------
    def _routes(self, path: Path, code: str) -> None:
        top = Table(str(path), "", _read_toml(path))
        top.check_keys({"step", "route"})
        self._resolve_refs()  # steps and routes embed Provision objects
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
                    "translations",
                }
            )
            if sid in steps:
                table.fail("id", f"duplicate step id {sid!r}")
            kind = table.enum("kind", StepKind)
            assert kind is not None
            deadline_id = table.opt_text("deadline")
            steps[sid] = EscalationStep(
                sid,
                kind,
                table.text("name"),
                table.text("addressee"),
                self._provision_list(table, "provisions", required=True),
                self._rule(table, "deadline") if deadline_id else None,
                table.text("condition"),
                table.texts("triggers", required=True),
                table.text("notes", required=False),
                _translations(table, ("name", "addressee", "condition", "notes")),
            )
        regimes = self.jurisdictions[code].regimes
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
                provisions=self._provision_list(table, "provisions", required=True),
                fallback_provisions=self._provision_list(table, "fallback_provisions"),
                addressee=table.text("addressee"),
                requirements=table.texts("requirements", required=True),
                deadline=self._rule(table, "deadline"),
                silence=table.text("silence"),
                escalation=tuple(escalation),
                notes=table.text("notes", required=False),
                translations=_translations(table, ("addressee", "silence", "notes"), lists=("requirements",)),
            )
        for right in (Right.ACCESS, Right.CORRECTION, Right.DELETION):
            if not any(k[0] == code and k[2] == right.value for k in self.routes):
                top.fail("route", f"{code} has no route for {right.value}")

    # -- helpers -------------------------------------------------------------------------------
    def _unique(self, table: Table, ident: str, seen: dict[str, Any], code: str) -> None:
        if ident in seen:
            table.fail("id", f"duplicate id {ident!r}")
        prefix = code.split("-")[0] + "-"  # GB-ENG data use GB- ids
        if not (ident.startswith(prefix) or ident.startswith("EU-")):
            table.fail("id", f"ids must start with {prefix} or EU-")

    def _provision_list(self, table: Table, key: str, *, required: bool = False) -> tuple[Provision, ...]:
        ids = table.texts(key, required=required)
        if required and not ids:
            table.fail(key, "must name at least one provision")
        result = []
        for pid in ids:
            if pid not in self.provisions:
                table.fail(key, f"unknown provision {pid!r}")
            result.append(self.provisions[pid])
        return tuple(result)

    def _rule(self, table: Table, key: str) -> DeadlineRule:
        rid = table.text(key)
        if rid not in self.rules:
            table.fail(key, f"unknown deadline rule {rid!r}")
        return self.rules[rid]

    def _resolve_refs(self) -> None:
        for table, key, ids in self.pending_refs:
            for pid in ids:
                if pid not in self.provisions:
                    table.fail(key, f"unknown provision {pid!r}")
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
        )


# Languages the data may translate its English texts into (letters and the UI speak them).
_TRANSLATION_LANGUAGES = ("zh_CN", "de")


def _translations(
    table: Table,
    fields: tuple[str, ...],
    *,
    lists: tuple[str, ...] = (),
    required: tuple[str, ...] = (),
) -> dict[str, dict[str, str | tuple[str, ...]]]:
    """``[<table>.translations.zh_CN]`` / ``.de``: translated values of the table's English texts.

    Only fields the table has may be translated; a list must keep its length (items correspond);
    ``required`` fields must be translated into every language.
    """
    result: dict[str, dict[str, str | tuple[str, ...]]] = {}
    block = table.table("translations", required=bool(required))
    if block is None:
        return result
    block.check_keys(set(_TRANSLATION_LANGUAGES))
    for lang in _TRANSLATION_LANGUAGES:
        sub = block.table(lang, required=bool(required))
        if sub is None:
            continue
        sub.check_keys(set(fields) | set(lists))
        values: dict[str, str | tuple[str, ...]] = {}
        for name in fields:
            value = sub.text(name, required=name in required)
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
