"""The case domain as plain, immutable records: no database, no Qt.

The store takes and returns these records; services and the UI build new versions with
``dataclasses.replace``. ``id`` is ``None`` until the store has assigned one. Jurisdiction,
regime, right and rule identifiers are the strings of the law data (``app.law``), so adding a
jurisdiction needs no change here.

A request's status and deadlines are *derived* from its events and the law (issue 6); nothing
here stores a status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from app.i18n import N_
from app.law import BASE_EVENTS

# What can happen to a request, in roughly the order it happens. Stored as these strings; the
# lifecycle (issue 6) decides what each kind means for status and deadlines.
# The events of a request's own history; the events that file an escalation step (complaint filed,
# appeal filed…) come from the step kinds in the law data (``app.cases.lifecycle.known_event_kinds``).
EVENT_KINDS: tuple[str, ...] = BASE_EVENTS
# A stored event kind: lower-case words joined by "_" (the store checks the form, the lifecycle
# checks the meaning against the law data).
EVENT_KIND_PATTERN = r"[a-z][a-z0-9_]{0,31}"

EVENT_KIND_LABELS: dict[str, str] = {
    "sent": N_("sent"),
    "delivered": N_("delivered"),
    "received": N_("received by the authority"),
    "acknowledged": N_("acknowledged"),
    "extended": N_("period extended"),
    "clarification_requested": N_("clarification requested"),
    "clarification_given": N_("clarification given"),
    "answered": N_("answered"),
    "refused": N_("refused"),
    "partly_granted": N_("partly granted"),
    "granted": N_("granted"),
    "no_data": N_("no data held"),
    "decision_received": N_("decision received"),
    "withdrawn": N_("withdrawn"),
    "closed": N_("closed"),
}

# How receipt (or sending) is proved; the start of a period can depend on it (OGI art 31).
RECEIPT_METHODS: tuple[str, ...] = ("registered_mail", "email", "in_person", "portal", "fax", "other")

RECEIPT_METHOD_LABELS: dict[str, str] = {
    "registered_mail": N_("registered mail"),
    "email": N_("e-mail"),
    "in_person": N_("in person"),
    "portal": N_("online portal"),
    "fax": N_("fax"),
    "other": N_("other"),
}

# Kinds of entries in the authority directory.
AUTHORITY_KINDS: tuple[str, ...] = (
    "police",
    "data_protection",
    "ministry",
    "court",
    "reviewing_body",
    "other",
)


def utc_now() -> datetime:
    """Timestamps are aware UTC datetimes; the UI shows them in local time."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Client:
    """The data subject on whose behalf requests are made."""

    name: str
    id_type: str = ""  # e.g. "cn_ric", "passport", "de_idcard"
    id_number: str = ""
    birth_date: date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""
    version: int = 1  # the store's edit counter (optimistic concurrency)
    id: int | None = None


@dataclass(frozen=True)
class Authority:
    """An addressee: a police authority, a data-protection authority, a reviewing body..."""

    name: str
    jurisdiction: str
    kind: str = "police"
    address: str = ""
    email: str = ""
    website: str = ""
    notes: str = ""
    version: int = 1  # the store's edit counter (optimistic concurrency)
    id: int | None = None


@dataclass(frozen=True)
class Case:
    """One matter for one client; groups the requests, letters, attachments and notes."""

    title: str
    client_id: int
    created: datetime
    updated: datetime
    closed: bool = False
    reference: str = ""  # the clinic's own file number
    version: int = 1  # the store's edit counter (optimistic concurrency)
    id: int | None = None


@dataclass(frozen=True)
class Request:
    """One request to one authority under one regime, for one or more rights."""

    case_id: int
    jurisdiction: str
    regime: str
    rights: tuple[str, ...]
    created: datetime
    authority_id: int | None = None
    language: str = ""  # the letter's language, e.g. "zh_CN"
    context: str = ""  # the law data's context id, e.g. "administrative"
    details: str = ""
    # The wizard's / letter input JSON, kept whole so a draft can be resumed and a letter rebuilt.
    draft: dict[str, Any] = field(default_factory=dict)
    version: int = 1  # the store's edit counter (optimistic concurrency)
    id: int | None = None


@dataclass(frozen=True)
class RequestEvent:
    """Something that happened to a request, on a date. ``data`` holds a structured reply."""

    request_id: int
    kind: str
    date: date
    note: str = ""
    receipt_method: str = ""  # one of RECEIPT_METHODS, or "" when not relevant
    receipt_reference: str = ""  # registered-mail number, message id...
    data: dict[str, Any] = field(default_factory=dict)
    created: datetime | None = None  # set by the store when None
    version: int = 1  # the store's edit counter (optimistic concurrency)
    id: int | None = None


@dataclass(frozen=True)
class GeneratedLetter:
    """A letter as generated: the PDF exactly as printed, and its plain text for search and checks."""

    request_id: int
    kind: str
    language: str
    created: datetime
    title: str = ""
    pdf: bytes = b""
    text: str = ""
    version: int = 1  # the store's edit counter (optimistic concurrency)
    id: int | None = None


@dataclass(frozen=True)
class Attachment:
    """A file kept with a case (ID copy, the authority's reply scan...)."""

    case_id: int
    filename: str
    media_type: str
    content: bytes
    created: datetime
    version: int = 1  # the store's edit counter (optimistic concurrency)
    id: int | None = None


@dataclass(frozen=True)
class Note:
    """A free-text note on a case."""

    case_id: int
    text: str
    created: datetime
    version: int = 1  # the store's edit counter (optimistic concurrency)
    id: int | None = None


@dataclass(frozen=True)
class DraftRecord:
    """A wizard form saved before it became a request: the raw values, possibly invalid or incomplete.

    Kept in the store (not in files) because it holds personal data (DESIGN: no plaintext personal
    data on disk outside the store). ``payload`` is stored as JSON as it is; tuples come back as lists.
    """

    id: int | None
    title: str
    payload: dict[str, Any]
    created: datetime
    updated: datetime  # set by the store on every save
    version: int = 1  # the store's edit counter (optimistic concurrency)


@dataclass(frozen=True)
class RequestBundle:
    """A request with its authority (None if not chosen) and its events, in the order they happened."""

    request: Request
    authority: Authority | None
    events: tuple[RequestEvent, ...]


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list: the case, its client and its requests, read in a few queries."""

    case: Case
    client: Client | None
    requests: tuple[RequestBundle, ...]


@dataclass(frozen=True)
class CaseFilter:
    """What to list. Empty fields do not filter. ``search`` matches the case title and reference."""

    closed: bool | None = None
    client_id: int | None = None
    jurisdiction: str = ""  # cases having a request in this jurisdiction
    authority_id: int | None = None  # cases having a request to this authority
    search: str = ""


@dataclass(frozen=True)
class Page:
    """A window on a long list: ``offset`` rows skipped, at most ``limit`` returned."""

    offset: int = 0
    limit: int = 200


# Every row: for lists the caller needs whole (a case's requests, the directory for a letter).
ALL_ROWS = Page(0, 1_000_000)
