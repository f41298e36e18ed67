"""SQLAlchemy tables of the case store. Attribute names equal the app.cases record fields.

Every schema change needs an Alembic revision in ``migrations/versions`` (``migrate.new_revision``;
the test suite fails when models and migrations disagree) and a fixture database for it
(tests/store/fixtures/make_fixture.py).

Kinds (event kinds, receipt methods, rights) are checked by the Store, not by CHECK constraints:
the lists grow with the law data, and on SQLite every constraint change rebuilds the table.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Stable constraint names, so later migrations (and SQLite batch mode) can address them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored as naive UTC on every backend and returned as aware UTC.

    SQLite has no time zones; storing UTC everywhere makes both backends return equal values.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy's declarative configuration
        datetime: UTCDateTime(),
        date: Date(),
        str: Text(),
        bool: Boolean(),
        bytes: LargeBinary(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class Versioned:
    """Optimistic concurrency for a row a person edits (issue 12).

    Every UPDATE says ``WHERE id = … AND version = <the version read>`` and adds one, so two
    editors who read the same version cannot both save: the second gets no row and is told so
    (app.store.store.EditConflict), never silently overwriting the first.
    """

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy passes the class
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def _code(length: int = 32) -> Any:
    return mapped_column(String(length), nullable=False, default="")


class ClientRow(Versioned, Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(index=True)
    id_type: Mapped[str] = _code()
    id_number: Mapped[str] = mapped_column(String(64), default="")
    birth_date: Mapped[date | None]
    address: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    notes: Mapped[str] = mapped_column(default="")


class AuthorityRow(Versioned, Base):
    __tablename__ = "authorities"
    __table_args__ = (Index("ix_authorities_jurisdiction_name", "jurisdiction", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str]
    jurisdiction: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = _code()
    address: Mapped[str] = mapped_column(default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(default="")
    notes: Mapped[str] = mapped_column(default="")


class CaseRow(Versioned, Base):
    __tablename__ = "cases"
    # The case list sorts open cases by last change; 10,000+ cases must page quickly.
    __table_args__ = (Index("ix_cases_closed_updated", "closed", "updated"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str]
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), index=True)
    created: Mapped[datetime]
    updated: Mapped[datetime]
    closed: Mapped[bool] = mapped_column(default=False)
    reference: Mapped[str] = mapped_column(String(64), default="")


class RequestRow(Versioned, Base):
    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    jurisdiction: Mapped[str] = mapped_column(String(16), index=True)
    regime: Mapped[str] = mapped_column(String(64))
    rights: Mapped[list[str]]
    authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("authorities.id", ondelete="RESTRICT"), index=True
    )
    language: Mapped[str] = _code(16)
    context: Mapped[str] = _code(64)
    details: Mapped[str] = mapped_column(default="")
    draft: Mapped[dict[str, Any]]
    created: Mapped[datetime]


class RequestEventRow(Versioned, Base):
    __tablename__ = "request_events"
    __table_args__ = (Index("ix_request_events_request_id_date", "request_id", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    date: Mapped[date]
    note: Mapped[str] = mapped_column(default="")
    receipt_method: Mapped[str] = _code()
    receipt_reference: Mapped[str] = mapped_column(String(128), default="")
    data: Mapped[dict[str, Any]]
    created: Mapped[datetime]


class GeneratedLetterRow(Versioned, Base):
    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    created: Mapped[datetime]
    title: Mapped[str] = mapped_column(default="")
    pdf: Mapped[bytes]
    text: Mapped[str] = mapped_column(default="")


class AttachmentRow(Versioned, Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str]
    media_type: Mapped[str] = mapped_column(String(128))
    content: Mapped[bytes]
    created: Mapped[datetime]


class NoteRow(Versioned, Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    text: Mapped[str]
    created: Mapped[datetime]


class DraftRow(Versioned, Base):
    """A wizard form not yet turned into a request (app.cases.records.DraftRecord)."""

    __tablename__ = "drafts"
    # The wizard lists drafts newest first.
    __table_args__ = (Index("ix_drafts_updated", "updated"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(default="")
    payload: Mapped[dict[str, Any]]
    created: Mapped[datetime]
    updated: Mapped[datetime]


class RequestStateRow(Base):
    """A request's derived state, kept so lists need no recomputation (app.cases.kept.KeptState).

    ``computed_for`` .. ``valid_until``: the days it holds (``valid_until`` is the first day it
    may change without a new event: a due date passes);
    ``fingerprint``: the law data, calendars and app version it was computed with. A row that is
    missing, past ``valid_until`` or of another fingerprint is recomputed before it is shown.
    """

    __tablename__ = "request_states"
    __table_args__ = (Index("ix_request_states_valid_until", "valid_until"),)

    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(32))
    overdue: Mapped[str] = mapped_column(String(16))
    next_due: Mapped[date | None] = mapped_column(index=True)
    computed_for: Mapped[date]  # the day the state was derived for; valid from then
    valid_until: Mapped[date]
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    failure: Mapped[str] = mapped_column(default="")
    computed: Mapped[datetime]


class KeptDeadlineRow(Base):
    """One dated deadline of a request's kept state (app.cases.kept.KeptDeadline)."""

    __tablename__ = "kept_deadlines"
    __table_args__ = (Index("ix_kept_deadlines_due", "due"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(16))
    due: Mapped[date]
    start: Mapped[date]
    statutory: Mapped[bool]
    provisional: Mapped[bool]
    alternative: Mapped[date | None]
    rule_id: Mapped[str | None] = mapped_column(String(64))
    step_id: Mapped[str | None] = mapped_column(String(64))
    step_kind: Mapped[str | None] = mapped_column(String(32))


class DeadlineChangeRow(Base):
    """A kept deadline that moved when the law data, a calendar or the app changed ("what moved")."""

    __tablename__ = "deadline_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(160))
    old_due: Mapped[date | None]
    new_due: Mapped[date | None]
    old_provisional: Mapped[bool]
    new_provisional: Mapped[bool]
    reason: Mapped[str] = mapped_column(default="")
    changed: Mapped[datetime] = mapped_column(index=True)


class StoreIdentityRow(Base):
    """One row: this store's random identity, so files made from two stores never clash.

    Calendar UIDs carry it (a personal store and a clinic store both have a request 1).
    """

    __tablename__ = "store_identity"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36))
    created: Mapped[datetime]


class CaseSearchRow(Base):
    """A case's folded search text (app.store.search), indexed by the database's own text index.

    Derived from the case, its client, authorities, event references and notes; written in the
    same transaction as they are. The index itself (SQLite FTS5 ``case_search_fts`` with its
    triggers, or PostgreSQL's trigram index) is created by migration 0005, not from these models.
    """

    __tablename__ = "case_search"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    body: Mapped[str] = mapped_column(default="")
