"""The request draft: the one input model shared by the letter CLI, ``habeas request add`` and the wizard.

A draft may be incomplete while the wizard fills it; ``validate_section`` reports the problems of one
wizard step and ``problems`` those of the whole draft. ``RequestDraft.from_json`` parses the JSON
input format documented in README and raises ``InputError`` listing *every* problem with its key path.
What is valid comes from the knowledge base (jurisdictions, rights, identity documents, postal-code
formats) and the language registry; nothing here names a jurisdiction.

Drafts are immutable: change them with ``dataclasses.replace`` (or ``with_changes``).
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.contract import (
    MAX_CODE,
    MAX_FREE_TEXT,
    MAX_ITEMS,
    MAX_LINE,
    day_problem,
    lines_problem,
    list_problem,
    read_day,
    shown,
    text_problem,
)
from app.errors import InputError, Problem
from app.i18n import _
from app.languages import registry
from app.law import IdentityDocument, Jurisdiction, KnowledgeBase

log = logging.getLogger(__name__)

# Wizard steps and the keys each one owns; ``validate_section`` filters problems by these prefixes.
SECTIONS: Mapping[str, tuple[str, ...]] = {
    "situation": ("jurisdiction", "right", "date", "language", "context", "regime", "assume_received"),
    "authority": ("authority",),
    "rights": ("correction", "deletion"),
    "requester": ("requester",),
    "representative": ("representative",),
    "details": ("details", "enclosures", "reference", "case_numbers", "courtesy_copy_en", "options"),
}

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
_KEYWORD = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class Requester:
    name: str = ""
    id_type: str = ""
    id_number: str = ""
    birth_date: date | None = None
    birth_place: str = ""
    address: str = ""  # lines separated by "\n"
    postal_code: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Authority:
    name: str = ""
    address: str = ""  # lines separated by "\n"
    postal_code: str = ""


@dataclass(frozen=True)
class Correction:
    wrong: str = ""
    correct: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Deletion:
    grounds: tuple[str, ...] = ()  # ground ids offered by the law (see app.letters.grounds_for)
    explanation: str = ""
    restriction_fallback: bool = True  # ask for restriction where erasure is barred


@dataclass(frozen=True)
class Representative:
    name: str = ""
    organisation: str = ""
    address: str = ""
    power_of_attorney: bool = False


@dataclass(frozen=True)
class RequestDraft:
    """One request as the user describes it. Field names are the JSON keys."""

    jurisdiction: str = ""
    right: str = ""
    date: datetime.date | None = None
    requester: Requester = field(default_factory=Requester)
    authority: Authority = field(default_factory=Authority)
    details: str = ""
    language: str = ""  # empty: the authority's language
    context: str = ""  # empty: the jurisdiction's default context (e.g. "administrative", "criminal")
    regime: str = ""  # empty: chosen from the context by the law data
    assume_received: datetime.date | None = None  # for the reply date; empty: the letter date
    correction: Correction | None = None
    deletion: Deletion | None = None
    enclosures: tuple[str, ...] = ()
    courtesy_copy_en: bool = False
    representative: Representative | None = None
    reference: str = ""
    case_numbers: tuple[str, ...] = ()
    # Answers to the jurisdiction's letter options (``[[letter_option]]``): id -> true/false or text.
    options: tuple[tuple[str, str | bool], ...] = ()

    def option(self, option_id: str) -> str | bool | None:
        return dict(self.options).get(option_id)

    # -- validation ------------------------------------------------------------------------

    def problems(self, kb: KnowledgeBase) -> list[Problem]:
        """Every problem of the complete draft, in key order, by the law ``kb`` knows."""
        found: list[Problem] = []
        for check in _CHECKS:
            found.extend(check(self, kb))
        return found

    def validate_section(self, section: str, kb: KnowledgeBase) -> list[Problem]:
        """The problems belonging to one wizard step (a key of SECTIONS)."""
        prefixes = SECTIONS.get(section)
        if prefixes is None:
            raise ValueError(f"unknown section {section!r}")
        return [p for p in self.problems(kb) if _belongs(p.path, prefixes)]

    def with_changes(self, **changes: Any) -> RequestDraft:
        return dataclasses.replace(self, **changes)

    @property
    def received(self) -> datetime.date | None:
        return self.assume_received or self.date

    # -- JSON --------------------------------------------------------------------------------

    @classmethod
    def parse(cls, data: object) -> RequestDraft:
        """Read the JSON form without checking it against the law (a draft stored when it was valid)."""
        reader = _Reader()
        draft = reader.draft(data)
        if reader.problems or draft is None:
            raise InputError(_("The request input is not valid."), _dedupe(reader.problems))
        return draft

    @classmethod
    def from_json(cls, data: object, kb: KnowledgeBase) -> RequestDraft:
        """Parse the JSON input; raise InputError listing every problem with its key path."""
        reader = _Reader()
        draft = reader.draft(data)
        problems = list(reader.problems)
        if draft is not None:
            # A key that could not be read also shows up as "required"; report it once.
            broken = {p.path for p in problems}
            problems += [p for p in draft.problems(kb) if p.path not in broken]
        if problems or draft is None:
            raise InputError(_("The request input is not valid."), _dedupe(problems))
        return draft

    def to_json(self) -> dict[str, Any]:
        """The JSON form read by from_json (empty optional values left out)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = _to_json_value(getattr(self, f.name))
            if value not in (None, "", [], {}, False):
                out[f.name] = value
        return out


def _to_json_value(value: object) -> Any:
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return {str(k): v for k, v in value}  # the options
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_to_json_value(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = {f.name: _to_json_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {k: v for k, v in inner.items() if v not in (None, "", [])}
    return value


def _belongs(path: str, prefixes: Iterable[str]) -> bool:
    return any(path == p or path.startswith((p + ".", p + "[")) for p in prefixes)


def _dedupe(problems: Iterable[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    out: list[Problem] = []
    for p in problems:
        if (p.path, p.message) not in seen:
            seen.add((p.path, p.message))
            out.append(p)
    return out


# -- semantic checks (run on a typed draft; also what the wizard calls) -----------------------


def _required(path: str, value: str) -> list[Problem]:
    return [] if value.strip() else [Problem(path, _("required"))]


def _one_of(path: str, choices: Iterable[str]) -> Problem:
    return Problem(path, _("must be one of {choices}").format(choices=", ".join(choices)))


def _jurisdiction(d: RequestDraft, kb: KnowledgeBase) -> Jurisdiction | None:
    return kb.jurisdictions.get(d.jurisdiction)


def _check_situation(d: RequestDraft, kb: KnowledgeBase) -> list[Problem]:
    out: list[Problem] = []
    if not d.jurisdiction:
        out.append(Problem("jurisdiction", _("required")))
    elif d.jurisdiction not in kb.jurisdictions:
        out.append(_one_of("jurisdiction", kb.codes))
    rights = kb.all_rights()
    if not d.right:
        out.append(Problem("right", _("required")))
    elif d.right not in rights:
        out.append(_one_of("right", rights))
    if d.date is None:
        out.append(Problem("date", _("required")))
    languages = registry().codes
    if d.language and d.language not in languages:
        out.append(_one_of("language", languages))
    for key in ("context", "regime"):
        value = getattr(d, key)
        if value and not _KEYWORD.match(value):
            out.append(Problem(key, _("not a known identifier (lower-case letters, digits, '-')")))
    if d.assume_received and d.date and d.assume_received < d.date:
        out.append(Problem("assume_received", _("is before the letter date")))
    return out


def _check_authority(d: RequestDraft, kb: KnowledgeBase) -> list[Problem]:
    a = d.authority
    out = _required("authority.name", a.name) + _required("authority.address", a.address)
    out += _postal("authority.postal_code", a.postal_code, _jurisdiction(d, kb))
    return out


def _check_requester(d: RequestDraft, kb: KnowledgeBase) -> list[Problem]:
    r = d.requester
    j = _jurisdiction(d, kb)
    out = _required("requester.name", r.name) + _required("requester.address", r.address)
    document = identity_document_of(d, kb)
    if r.id_type and j is not None and document is None:
        out.append(_one_of("requester.id_type", (doc.id for doc in j.identity_documents)))
    if r.id_type and not r.id_number.strip():
        out.append(Problem("requester.id_number", _("required when an identity document type is given")))
    if not r.id_type and r.id_number.strip() and j is not None and j.default_identity_document is None:
        # Without its document a number cannot be checked, and the letter could not name it.
        out.append(Problem("requester.id_type", _("choose the document this number belongs to")))
    if document is not None and r.id_number.strip() and _fits(r.id_number, "requester.id_number"):
        out.extend(_check_document_number(document, r, d))
    if r.birth_date is not None and d.date is not None and r.birth_date >= d.date:
        out.append(Problem("requester.birth_date", _("must be before the letter date")))
    # Formats only where the length fits: the patterns backtrack on a text of 60,000 characters.
    if r.email and _fits(r.email, "requester.email") and not _EMAIL.match(r.email.strip()):
        out.append(Problem("requester.email", _("not an e-mail address")))
    if (
        r.phone
        and _fits(r.phone, "requester.phone")
        and (not _PHONE.match(r.phone.strip()) or sum(c.isdigit() for c in r.phone) < 6)
    ):
        out.append(Problem("requester.phone", _("not a telephone number")))
    out += _postal("requester.postal_code", r.postal_code, j)
    return out


def identity_document_of(d: RequestDraft, kb: KnowledgeBase) -> IdentityDocument | None:
    """The document the draft's number belongs to: its type, or the jurisdiction's default type."""
    j = _jurisdiction(d, kb)
    if j is None:
        return None
    if d.requester.id_type:
        return j.identity_document(d.requester.id_type)
    return j.default_identity_document if d.requester.id_number.strip() else None


def _fits(value: str, path: str) -> bool:
    """True if ``value`` is within its key's contract limit (otherwise _check_contract reports it)."""
    return text_problem(value, _TEXT_LIMITS[path]) is None


def _check_document_number(document: IdentityDocument, r: Requester, d: RequestDraft) -> list[Problem]:
    """The number by the document's own rules: a python-stdnum check, or a pattern, from the data."""
    path = "requester.id_number"
    number = r.id_number.strip()
    if document.pattern and not re.fullmatch(document.pattern, number, re.IGNORECASE):
        return [Problem(path, _("not a number of this document (wrong length or characters)"))]
    if not document.pattern and not re.fullmatch(r"[^\W_]+(?:[ ./-]?[^\W_]+)*", number):
        # A document without a format of its own: letters and digits, single separators between.
        return [Problem(path, _("not a number of this document (wrong length or characters)"))]
    if not document.stdnum:
        return []
    checker = importlib.import_module(f"stdnum.{document.stdnum}")
    from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError

    try:
        number = checker.validate(number)
    except InvalidChecksum:
        return [Problem(path, _("not a valid number of this document (check digit wrong)"))]
    except InvalidComponent:
        return [
            Problem(
                path, _("not a valid number of this document (unknown region code or impossible birth date)")
            )
        ]
    except ValidationError:
        return [Problem(path, _("not a valid number of this document (wrong length or format)"))]
    birth = getattr(checker, "get_birth_date", None)
    if r.birth_date is not None and birth is not None and birth(number) != r.birth_date:
        return [Problem("requester.birth_date", _("does not match the birth date in the identity number"))]
    return []


def _postal(path: str, value: str, jurisdiction: Jurisdiction | None) -> list[Problem]:
    fmt = jurisdiction.postal_code if jurisdiction is not None else None
    if (
        value
        and fmt is not None
        and _fits(value, path)
        and not re.fullmatch(fmt.pattern, value.strip(), re.IGNORECASE)
    ):
        return [
            Problem(
                path,
                _("not a postal code of this country (for example {example})").format(example=fmt.example),
            )
        ]
    return []


def _check_rights(d: RequestDraft, kb: KnowledgeBase) -> list[Problem]:
    out: list[Problem] = []
    if d.right == "correction":
        if d.correction is None:
            out.append(
                Problem("correction", _("required for a correction request (wrong, correct, evidence)"))
            )
        else:
            out += _required("correction.wrong", d.correction.wrong)
            out += _required("correction.correct", d.correction.correct)
    if d.right == "deletion" and (d.deletion is None or not d.deletion.grounds):
        out.append(Problem("deletion.grounds", _("choose at least one ground for deletion")))
    if d.deletion is not None:
        offered = _grounds_offered(d, kb) if d.right == "deletion" else None
        for i, ground in enumerate(d.deletion.grounds):
            if not _KEYWORD.match(ground):
                out.append(
                    Problem(
                        f"deletion.grounds[{i}]",
                        _("not a known identifier (lower-case letters, digits, '-')"),
                    )
                )
            elif offered is not None and ground not in offered:
                # Checked here, not only when the letter is composed: the wizard shows it on the
                # page where the grounds are chosen, and the CLI before anything is stored.
                out.append(Problem(f"deletion.grounds[{i}]", _("not a ground the law that applies offers")))
    return out


def _grounds_offered(d: RequestDraft, kb: KnowledgeBase) -> frozenset[str] | None:
    """The ground ids of the regime the deletion letter will be written under; None if unknown
    (no such jurisdiction, context or route: reported by the situation's own checks)."""
    j = _jurisdiction(d, kb)
    if j is None:
        return None
    try:
        if d.regime:
            regime = kb.route(j.code, d.regime, "deletion").regime
        else:
            regime = kb.route_for(j.code, d.context or next(iter(j.contexts)), "deletion").regime
    except InputError:
        return None
    found = j.regimes.get(regime)
    return frozenset(g.id for g in found.grounds) if found is not None else None


def _check_representative(d: RequestDraft, kb: KnowledgeBase) -> list[Problem]:
    rep = d.representative
    if rep is None:
        return []
    out = _required("representative.name", rep.name)
    if not rep.power_of_attorney:
        out.append(
            Problem("representative.power_of_attorney", _("a representative needs a power of attorney"))
        )
    return out


def _check_options(d: RequestDraft, kb: KnowledgeBase) -> list[Problem]:
    """Each answer names an option of the jurisdiction, of the right type, offered for this right."""
    j = _jurisdiction(d, kb)
    if j is None:
        return []
    known = {o.id: o for o in j.letter_options}
    out: list[Problem] = []
    for key, value in d.options[:MAX_ITEMS]:
        if text_problem(key, MAX_CODE):
            continue  # reported by _check_contract
        option = known.get(key)
        path = f"options.{key}"
        if option is None:
            out.append(_one_of(path, known) if known else Problem(path, _("unknown key")))
        elif option.type == "flag" and not isinstance(value, bool):
            out.append(Problem(path, _("must be true or false")))
        elif option.type == "text" and not isinstance(value, str):
            out.append(Problem(path, _("must be text")))
    return out  # an answer for another right or regime is kept and not used (one form, several letters)


def _check_details(d: RequestDraft, kb: KnowledgeBase) -> list[Problem]:
    out = _required("details", d.details)
    for i, item in enumerate(d.enclosures):
        out += _required(f"enclosures[{i}]", item)
    for i, item in enumerate(d.case_numbers):
        out += _required(f"case_numbers[{i}]", item)
    return out


# The longest text each key may hold (app.contract): the store's columns, and for free text a size
# a letter is still laid out in seconds. An address is what an envelope holds: 500 characters on
# at most 12 lines (well inside the store's 2,000 with the postal code; an address of 1,900 Chinese
# characters did not fit on a page of the petition's requester table).
_ADDRESS = 500
_ADDRESS_LINES = 12
_TEXT_LIMITS: Mapping[str, int] = {
    "jurisdiction": MAX_CODE,
    "right": MAX_CODE,
    "language": MAX_CODE,
    "context": MAX_CODE,
    "regime": MAX_CODE,
    "details": MAX_FREE_TEXT,
    # The store keeps 64 characters (Case.reference) and refuses a longer one when the request is
    # added; a letter alone wraps a long one, and its layout refuses one that leaves no room.
    "reference": 4_000,
    "requester.name": MAX_LINE,
    "requester.id_type": 32,
    "requester.id_number": MAX_CODE,
    "requester.birth_place": MAX_LINE,
    "requester.address": _ADDRESS,
    "requester.postal_code": 32,
    "requester.phone": MAX_CODE,
    "requester.email": 254,
    "authority.name": MAX_LINE,
    "authority.address": _ADDRESS,
    "authority.postal_code": 32,
    # An entry, its correction and the evidence offered: a paragraph each. At 20,000 characters
    # each a Chinese petition took a minute to lay out; the details carry the story.
    "correction.wrong": 2_000,
    "correction.correct": 2_000,
    "correction.evidence": 2_000,
    "deletion.explanation": 5_000,
    "representative.name": MAX_LINE,
    "representative.organisation": MAX_LINE,
    "representative.address": _ADDRESS,
}
# Items of the lists: an enclosure is described in a line, a case number is a code.
_ITEM_LIMITS: Mapping[str, int] = {
    "enclosures": MAX_LINE,
    "case_numbers": MAX_CODE,
    "deletion.grounds": MAX_CODE,
}
# How many: a letter lists its enclosures (100 of 500 characters took 7 s in a Chinese petition).
_ITEM_COUNTS: Mapping[str, int] = {"enclosures": 30}
# Texts the letter lays out line by line.
_MULTILINE = frozenset(
    {"details", "correction.wrong", "correction.correct", "correction.evidence", "deletion.explanation"}
)


def _check_contract(d: RequestDraft, kb: KnowledgeBase) -> list[Problem]:
    """Every text, list and date of the draft within the input contract (app.contract)."""
    out: list[Problem] = []
    parts: dict[str, object] = {"": d, "requester": d.requester, "authority": d.authority}
    parts.update(correction=d.correction, deletion=d.deletion, representative=d.representative)
    for prefix, part in parts.items():
        if part is None:
            continue
        for f in dataclasses.fields(part):  # type: ignore[arg-type]
            path = f"{prefix}.{f.name}" if prefix else f.name
            value = getattr(part, f.name)
            problem: str | None = None
            if isinstance(value, str) and path in _TEXT_LIMITS:
                problem = text_problem(value, _TEXT_LIMITS[path])
                if problem is None and path in _MULTILINE:
                    problem = lines_problem(value)
                elif problem is None and path.endswith(".address"):
                    problem = lines_problem(value, _ADDRESS_LINES)
            elif isinstance(value, date):
                problem = day_problem(value)
            elif isinstance(value, tuple) and path in _ITEM_LIMITS:
                problem = list_problem(value, _ITEM_COUNTS.get(path, MAX_ITEMS))
                out += [
                    Problem(f"{path}[{i}]", item_problem)
                    for i, item in enumerate(value[:MAX_ITEMS])
                    if (item_problem := text_problem(item, _ITEM_LIMITS[path]))
                ]
            if problem:
                out.append(Problem(path, problem))
    problem = list_problem(d.options)
    if problem:
        out.append(Problem("options", problem))
    for key, answer in d.options[:MAX_ITEMS]:
        problem = text_problem(key, MAX_CODE) or (
            text_problem(answer, _OPTION_TEXT) if isinstance(answer, str) else None
        )
        if problem:
            out.append(Problem(f"options.{shown(key)}", problem))
    return out


_OPTION_TEXT = 2_000

_CHECKS: tuple[Callable[[RequestDraft, KnowledgeBase], list[Problem]], ...] = (
    _check_contract,
    _check_situation,
    _check_authority,
    _check_rights,
    _check_requester,
    _check_representative,
    _check_details,
    _check_options,
)


# -- structural parsing of the JSON input ------------------------------------------------------


class _Reader:
    """Reads untrusted JSON into typed values, recording a Problem for each structural error."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def _fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def _object(self, value: object, path: str, allowed: Iterable[str]) -> Mapping[str, object] | None:
        if not isinstance(value, Mapping):
            self._fail(path, _("must be an object"))
            return None
        names = set(allowed)
        for key in value:
            if key not in names:
                self._fail(f"{path}.{key}" if path else str(key), _("unknown key"))
        return value

    def text(self, obj: Mapping[str, object], key: str, path: str) -> str:
        value = obj.get(key)
        if value is None:
            return ""
        if isinstance(value, list) and key == "address" and all(isinstance(v, str) for v in value):
            return "\n".join(str(v) for v in value)  # an address may be given as a list of lines
        if not isinstance(value, str):
            self._fail(path, _("must be text"))
            return ""
        return value.strip()

    def day(self, obj: Mapping[str, object], key: str, path: str) -> date | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        day = read_day(value)  # ASCII digits only: "٢٠٢٦-٠٣-٠٢" is not a date someone typed
        if day is None:
            self._fail(path, _("not a date (YYYY-MM-DD)"))
        return day

    def flag(self, obj: Mapping[str, object], key: str, path: str, default: bool) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            self._fail(path, _("must be true or false"))
            return False
        return value

    def texts(self, obj: Mapping[str, object], key: str, path: str) -> tuple[str, ...]:
        value = obj.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self._fail(path, _("must be a list of texts"))
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(item.strip())
            else:
                self._fail(f"{path}[{i}]", _("must be text"))
        return tuple(out)

    def _fields(self, cls: type[Any], obj: Mapping[str, object], prefix: str) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            path = f"{prefix}.{f.name}" if prefix else f.name
            kind = str(f.type)
            if f.name == "options":
                continue  # an object, read by ``options``
            if "date" in kind:
                values[f.name] = self.day(obj, f.name, path)
            elif kind == "bool":
                values[f.name] = self.flag(obj, f.name, path, bool(f.default))
            elif "tuple" in kind:
                values[f.name] = self.texts(obj, f.name, path)
            elif kind == "str":
                values[f.name] = self.text(obj, f.name, path)
        return values

    def _nested(self, cls: type[Any], value: object, path: str) -> Any:
        obj = self._object(value, path, (f.name for f in dataclasses.fields(cls)))
        return cls(**self._fields(cls, obj, path)) if obj is not None else cls()

    def draft(self, data: object) -> RequestDraft | None:
        top = self._object(data, "", (f.name for f in dataclasses.fields(RequestDraft)))
        if top is None:
            return None
        values = self._fields(RequestDraft, top, "")
        values["requester"] = self._nested(Requester, top.get("requester", {}), "requester")
        values["authority"] = self._nested(Authority, top.get("authority", {}), "authority")
        optional: tuple[tuple[str, type[Any]], ...] = (
            ("correction", Correction),
            ("deletion", Deletion),
            ("representative", Representative),
        )
        for key, cls in optional:
            values[key] = self._nested(cls, top[key], key) if top.get(key) is not None else None
        values["options"] = self.options(top.get("options"))
        return RequestDraft(**values)

    def options(self, value: object) -> tuple[tuple[str, str | bool], ...]:
        if value is None:
            return ()
        if not isinstance(value, Mapping):
            self._fail("options", _("must be an object"))
            return ()
        out: list[tuple[str, str | bool]] = []
        for key, item in value.items():
            if isinstance(item, bool):
                out.append((str(key), item))
            elif isinstance(item, str):
                out.append((str(key), item.strip()))
            else:
                self._fail(f"options.{key}", _("must be true, false or text"))
        return tuple(out)
