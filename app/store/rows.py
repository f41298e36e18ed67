"""Conversion between app.cases records and table rows, and the checks every write passes.

Row attribute names equal record field names, so conversion is by field; the only shape change
is ``Request.rights`` (a tuple in the record, a JSON list in the table).
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any, TypeVar

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


def row_values(record: Record) -> dict[str, Any]:
    """Column values for a record (``id`` left out when not yet assigned)."""
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
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


def check_record(record: Record, path: str = "") -> list[Problem]:
    """What is wrong with a record before it is written (references are checked by the caller)."""
    prefix = f"{path}." if path else ""
    problems: list[Problem] = []

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
        if not isinstance(record.payload, dict) or not _is_json(record.payload):
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
