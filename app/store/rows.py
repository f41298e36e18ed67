"""Conversion between app.cases records and table rows, and the checks every write passes.

Row attribute names equal record field names, so conversion is by field; the only shape change
is ``Request.rights`` (a tuple in the record, a JSON list in the table).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import typing
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import String

from app.cases.records import (
    EVENT_KIND_PATTERN,
    RECEIPT_METHODS,
    Attachment,
    Authority,
    Case,
    Client,
    DraftRecord,
    GeneratedLetter,
    Note,
    Request,
    RequestEvent,
)
from app.contract import MAX_FREE_TEXT, MAX_LINE, day_problem, id_problem, json_problem, text_problem
from app.errors import Problem
from app.i18n import _
from app.store.models import (
    AttachmentRow,
    AuthorityRow,
    Base,
    CaseRow,
    ClientRow,
    DraftRow,
    GeneratedLetterRow,
    NoteRow,
    RequestEventRow,
    RequestRow,
)

Record = (
    Client | Authority | Case | Request | RequestEvent | GeneratedLetter | Attachment | Note | DraftRecord
)
R = TypeVar("R", bound=Record)

# Export key, record class and row class, in the order rows can be inserted (parents first).
TABLES: tuple[tuple[str, type[Any], type[Base]], ...] = (
    ("clients", Client, ClientRow),
    ("authorities", Authority, AuthorityRow),
    ("cases", Case, CaseRow),
    ("requests", Request, RequestRow),
    ("events", RequestEvent, RequestEventRow),
    ("letters", GeneratedLetter, GeneratedLetterRow),
    ("attachments", Attachment, AttachmentRow),
    ("notes", Note, NoteRow),
    ("drafts", DraftRecord, DraftRow),  # export format version 2 on
)
ROW_FOR: dict[type[Any], type[Base]] = {record: row for _key, record, row in TABLES}

# Which export key each reference field points into.
REFERENCES: dict[type[Any], dict[str, str]] = {
    Case: {"client_id": "clients"},
    Request: {"case_id": "cases", "authority_id": "authorities"},
    RequestEvent: {"request_id": "requests"},
    GeneratedLetter: {"request_id": "requests"},
    Attachment: {"case_id": "cases"},
    Note: {"case_id": "cases"},
}


@functools.cache
def _field_names(record_type: type[Any]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record_type))


def row_values(record: Record) -> dict[str, Any]:
    """Column values for a record (``id`` left out when not yet assigned)."""
    values = {name: getattr(record, name) for name in _field_names(type(record))}  # type: ignore[arg-type]
    if values.get("id") is None:
        values.pop("id", None)
    if isinstance(record, Request):
        values["rights"] = list(record.rights)
    return values


def to_record(record_type: type[R], row: Base) -> R:
    values = {f.name: getattr(row, f.name) for f in dataclasses.fields(record_type)}
    if record_type is Request:
        values["rights"] = tuple(values["rights"])
    for name in ("draft", "data", "payload"):
        if name in values:
            values[name] = dict(values[name] or {})
    return record_type(**values)


# Free-text columns (unbounded in the database) get the contract's limits; coded columns their
# declared length, so both backends accept exactly the same texts.
_TEXT_LIMITS = {"address": 2_000, "website": 2_000, "text": MAX_FREE_TEXT}
_GENERATED_TEXT = 1_000_000  # a letter's text as composed (details plus the template)
MAX_BLOB = 50 * 1024 * 1024  # a letter's PDF, an attachment


def text_limit(record_type: type[Any], name: str) -> int:
    """The most characters a record's text field may hold (app.contract; export schema)."""
    if record_type is GeneratedLetter and name == "text":
        return _GENERATED_TEXT
    column_type = ROW_FOR[record_type].__table__.c[name].type
    if isinstance(column_type, String) and column_type.length:
        return int(column_type.length)
    if name in ("name", "title", "filename"):
        return MAX_LINE
    return _TEXT_LIMITS.get(name, MAX_FREE_TEXT)


@functools.cache
def _plan(record_type: type[Any]) -> tuple[tuple[str, int], ...]:
    """Per field of a record class: its name and its text limit (0 for fields that hold no text)."""
    hints = typing.get_type_hints(record_type)

    def holds_text(name: str) -> bool:
        return str in (hints[name], *typing.get_args(hints[name]))

    return tuple(
        (f.name, text_limit(record_type, f.name) if holds_text(f.name) else 0)
        for f in dataclasses.fields(record_type)
    )


def contract_problems(record: Record, prefix: str = "") -> list[Problem]:
    """The input contract (app.contract) applied to every field of a record, from its column types.

    Called for every record of an import (hundreds of thousands at clinic scale), hence the plan
    per record class and the cheap checks first.
    """
    problems: list[Problem] = []
    for name, limit in _plan(type(record)):  # type: ignore[arg-type]
        value = getattr(record, name)
        problem: str | None = None
        if value is None or value is True or value is False:
            continue
        if limit and isinstance(value, str):
            problem = text_problem(value, limit)
        elif name == "id" or name.endswith("_id") or name == "version":
            problem = id_problem(value)
        elif isinstance(value, str):
            problem = text_problem(value, MAX_FREE_TEXT)
        elif isinstance(value, date):
            problem = day_problem(value)
        elif isinstance(value, bytes):
            if len(value) > MAX_BLOB:
                problem = _("is larger than {size} MB").format(size=MAX_BLOB // (1024 * 1024))
        elif isinstance(value, dict | tuple):
            if not value:
                continue  # most events' data: nothing to check
            found = json_problem(value, prefix + name)
            if found:
                problems.append(found)
            if isinstance(value, tuple):
                for i, item in enumerate(value):
                    item_problem = text_problem(item, 64)
                    if item_problem:
                        problems.append(Problem(f"{prefix}{name}[{i}]", item_problem))
        if problem:
            problems.append(Problem(prefix + name, problem))
    return problems


def check_record(record: Record, path: str = "") -> list[Problem]:
    """What is wrong with a record before it is written (references are checked by the caller)."""
    prefix = f"{path}." if path else ""
    problems: list[Problem] = contract_problems(record, prefix)

    def need(name: str) -> None:
        value = getattr(record, name)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(prefix + name, _("must not be empty")))

    if isinstance(record, Client):
        need("name")
    elif isinstance(record, Authority):
        need("name")
        need("jurisdiction")
    elif isinstance(record, Case):
        need("title")
    elif isinstance(record, Request):
        need("jurisdiction")
        need("regime")
        if not record.rights:
            problems.append(Problem(prefix + "rights", _("name at least one right")))
        for i, right in enumerate(record.rights):
            if not isinstance(right, str) or not right.strip():
                problems.append(Problem(f"{prefix}rights[{i}]", _("must not be empty")))
    elif isinstance(record, RequestEvent):
        # Only the form: which kinds exist is the law data's business (step kinds add filing events).
        if not re.fullmatch(EVENT_KIND_PATTERN, record.kind):
            problems.append(
                Problem(
                    prefix + "kind",
                    _("“{kind}” is not an event kind (lower-case letters, digits and '_')").format(
                        kind=record.kind
                    ),
                )
            )
        if record.receipt_method and record.receipt_method not in RECEIPT_METHODS:
            problems.append(
                Problem(
                    prefix + "receipt_method",
                    _("unknown receipt method “{method}”; expected one of: {methods}").format(
                        method=record.receipt_method, methods=", ".join(RECEIPT_METHODS)
                    ),
                )
            )
    elif isinstance(record, GeneratedLetter):
        need("kind")
        need("language")
    elif isinstance(record, Attachment):
        need("filename")
        need("media_type")
    elif isinstance(record, Note):
        need("text")
    elif isinstance(record, DraftRecord):
        # An unfinished form may be anything, but it must be storable as JSON as it is.
        if not isinstance(record.title, str):
            problems.append(Problem(prefix + "title", _("must be a text")))
        reported = any(p.path.startswith(prefix + "payload") for p in problems)
        if not reported and (not isinstance(record.payload, dict) or not _is_json(record.payload)):
            problems.append(
                Problem(prefix + "payload", _("must be an object of texts, numbers, lists and objects"))
            )
    return problems


def _is_json(value: Any) -> bool:
    """True if ``value`` is plain JSON data (no NaN: PostgreSQL's json type refuses it)."""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True
