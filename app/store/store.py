"""The case store: typed repository methods over SQLite or PostgreSQL, taking and returning records.

Each method runs in its own short transaction, so a Store can be shared by the GUI thread and a
background task (each call gets its own session from the engine's pool). Database failures come
out as StoreError, wrong input (empty names, unknown ids or kinds) as InputError.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, exists, func, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.cases.records import (
    Attachment,
    Authority,
    Case,
    CaseFilter,
    CaseSummary,
    Client,
    DraftRecord,
    GeneratedLetter,
    Note,
    Page,
    Request,
    RequestBundle,
    RequestEvent,
    utc_now,
)
from app.contract import id_problem
from app.errors import EditConflictError, HabeasError, InputError, Problem
from app.i18n import N_, _
from app.store import search
from app.store.config import DatabaseConfig
from app.store.engine import store_error
from app.store.migrate import current_revision
from app.store.models import (
    AttachmentRow,
    AuthorityRow,
    CaseRow,
    ClientRow,
    DraftRow,
    GeneratedLetterRow,
    NoteRow,
    RequestEventRow,
    RequestRow,
    StoreIdentityRow,
)
from app.store.rows import REFERENCES, ROW_FOR, TABLES, R, Record, check_record, row_values, to_record
from app.store.summaries import case_summaries, open_request_bundles

if TYPE_CHECKING:
    from app.cases.kept import DeadlineChange, KeptDeadline, KeptState, Moved
    from app.store.kept import KeptCaseRow, KeptChangeRow, KeptRow

log = logging.getLogger(__name__)

_KIND_NAMES = {
    Client: N_("client"),
    Authority: N_("authority"),
    Case: N_("case"),
    Request: N_("request"),
    RequestEvent: N_("event"),
    GeneratedLetter: N_("letter"),
    Attachment: N_("attachment"),
    Note: N_("note"),
    DraftRecord: N_("draft"),
}


# Defaults for the list methods (records are frozen, so sharing one instance is safe).
FIRST_PAGE = Page()
ALL_CASES = CaseFilter()


class NotFoundError(InputError):
    """An id names no record (a bad id typed on the command line, a stale reference)."""


class Store:
    """The case store. Build it with ``open_store`` (app.store.open), which migrates first."""

    def __init__(self, engine: Engine, config: DatabaseConfig) -> None:
        self._engine = engine
        self.config = config
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def backend(self) -> str:
        return self.config.backend

    @property
    def display_url(self) -> str:
        return self.config.display_url

    def close(self) -> None:
        self._engine.dispose()

    # -- sessions -----------------------------------------------------------------------------

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Session]:
        """One transaction; commits at the end, rolls back on any error. Used by the import too.

        ``write``: the transaction will write after reading. On SQLite it then takes the write lock
        at BEGIN (``BEGIN IMMEDIATE``), so what it read cannot change before it writes: two
        writers queue instead of the second failing at commit or acting on a stale read.
        PostgreSQL locks the rows a writer reads with ``FOR UPDATE`` or checks versions instead.
        """
        session = self._sessions()
        try:
            with session.begin():
                if write and self.backend == "sqlite":
                    session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                yield session
        except HabeasError:
            raise
        except StaleDataError as exc:
            # A versioned row changed between reading and writing it (see _update).
            raise EditConflictError(
                _("Someone else changed this record while you were saving it. Nothing was saved."),
                None,
                None,
                (),
            ) from exc
        except IntegrityError as exc:
            # Checked before writing; reaching here means a concurrent change removed a parent.
            raise InputError(
                _("The change conflicts with other data in the store and was not saved.")
            ) from exc
        except SQLAlchemyError as exc:
            raise store_error(exc, self.config) from exc
        finally:
            session.close()

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at (``habeas doctor`` shows it)."""
        try:
            with self._engine.connect() as connection:
                return current_revision(connection)
        except SQLAlchemyError as exc:
            raise store_error(exc, self.config) from exc

    def identity(self) -> str:
        """This store's random identity (a UUID), drawn when the store was created or upgraded."""
        with self.transaction() as session:
            found = session.scalar(select(StoreIdentityRow.uuid).order_by(StoreIdentityRow.id).limit(1))
        if found is None:  # a store whose identity row was removed by hand: draw a new one
            with self.transaction(write=True) as session:
                found = str(uuid.uuid4())
                session.add(StoreIdentityRow(uuid=found, created=utc_now()))
        return found

    def is_empty(self) -> bool:
        with self.transaction() as session:
            return not any(
                session.execute(select(exists().select_from(row))).scalar() for _k, _r, row in TABLES
            )

    # -- generic helpers ----------------------------------------------------------------------

    def _require(self, session: Session, record_type: type[Any], record_id: int | None, path: str) -> None:
        # An id no row can have (PostgreSQL's integer would fail the query) is simply not found.
        if id_problem(record_id) is not None or session.get(ROW_FOR[record_type], record_id) is None:
            raise NotFoundError(
                _("Nothing was saved."),
                [
                    Problem(
                        path,
                        _("there is no {kind} with id {id}").format(
                            kind=_(_KIND_NAMES[record_type]), id=record_id
                        ),
                    )
                ],
            )

    def _check(self, session: Session, record: Record) -> None:
        problems = check_record(record)
        if problems:
            raise InputError(_("Nothing was saved."), problems)
        targets = {key: record_type for key, record_type, _row in TABLES}
        for name, key in REFERENCES.get(type(record), {}).items():
            value = getattr(record, name)
            if value is None and name == "authority_id":
                continue
            self._require(session, targets[key], value, name)

    def _add(self, record: R) -> R:
        with self.transaction(write=True) as session:
            result = self._insert(session, record)
        log.info("%s %s added", _KIND_NAMES[type(record)], result.id)
        return result

    def _insert(self, session: Session, record: R) -> R:
        if record.id is not None:
            raise ValueError("a new record has no id yet")
        if isinstance(record, RequestEvent) and record.created is None:
            record = dataclasses.replace(record, created=utc_now())
        self._check(session, record)
        row = ROW_FOR[type(record)](**_new_row_values(record))
        session.add(row)
        session.flush()
        self._touch_case(session, record)
        stored = to_record(type(record), row)
        self._follow_search(session, stored)
        return stored

    def _save(self, session: Session, record: R) -> R:
        """Insert a new record, or keep a stored one, updating it if it was changed (version checked)."""
        if record.id is None:
            return self._insert(session, record)
        self._require(session, type(record), record.id, "id")
        row = session.get(ROW_FOR[type(record)], record.id)
        stored = to_record(type(record), row)  # type: ignore[arg-type]
        if stored == record:
            return stored
        self._check(session, record)
        self._require_version(record, row)
        for name, value in row_values(record).items():
            if name != "version":
                setattr(row, name, value)
        session.flush()
        saved = to_record(type(record), row)  # type: ignore[arg-type]
        self._follow_search(session, saved)
        return saved

    def _get(self, record_type: type[R], record_id: int) -> R:
        with self.transaction() as session:
            self._require(session, record_type, record_id, "id")
            return to_record(record_type, session.get(ROW_FOR[record_type], record_id))  # type: ignore[arg-type]

    def _update(self, record: R) -> R:
        """Save a changed record read earlier; EditConflictError if it was saved by someone since.

        The record's ``version`` must be the stored one: the UPDATE then says ``WHERE version =``
        it (SQLAlchemy's version counter), so a writer in between is caught even on PostgreSQL,
        where two sessions read the same version at the same time.
        """
        with self.transaction(write=True) as session:
            self._require(session, type(record), record.id, "id")
            self._check(session, record)
            row = session.get(ROW_FOR[type(record)], record.id)
            self._require_version(record, row)
            values = row_values(record)
            values.pop("version", None)  # the version counter counts on its own
            if isinstance(record, Case):
                values["updated"] = utc_now()
            for name, value in values.items():
                setattr(row, name, value)
            session.flush()
            self._touch_case(session, record)
            result = to_record(type(record), row)  # type: ignore[arg-type]
            self._follow_search(session, result)
        log.info("%s %s updated", _KIND_NAMES[type(record)], result.id)
        return result

    def _require_version(self, record: Record, row: Any) -> None:
        if row.version == record.version:
            return
        theirs = to_record(type(record), row)
        ignored = {"version", "updated"}
        fields = tuple(
            f.name
            for f in dataclasses.fields(record)
            if f.name not in ignored and getattr(record, f.name) != getattr(theirs, f.name)
        )
        raise EditConflictError(
            _(
                "Someone else saved this {kind} after you opened it (their version {theirs}, yours "
                "{mine}). Your change was not saved; reopen it to see theirs. Fields that differ: {fields}"
            ).format(
                kind=_(_KIND_NAMES[type(record)]),
                theirs=row.version,
                mine=record.version,
                fields=", ".join(fields) or _("none"),
            ),
            record,
            theirs,
            fields,
        )

    def _touch_case(self, session: Session, record: Record) -> None:
        """Adding or changing anything in a case counts as a change of the case (list order)."""
        case_id: int | None = None
        if isinstance(record, Request | Attachment | Note):
            case_id = record.case_id
        elif isinstance(record, RequestEvent | GeneratedLetter):
            case_id = session.scalar(select(RequestRow.case_id).where(RequestRow.id == record.request_id))
        if case_id is not None:
            # Not an edit of the case: its version (and anyone editing its title) is unaffected.
            session.execute(update(CaseRow).where(CaseRow.id == case_id).values(updated=utc_now()))

    def _follow_search(self, session: Session, record: Record) -> None:
        """Write the search text of the cases this stored record is part of (app.store.search)."""
        record_id = record.id or 0
        if isinstance(record, Case):
            cases = [record_id]
        elif isinstance(record, Request | Note):
            cases = [record.case_id]
        elif isinstance(record, Client):
            cases = search.cases_of(session, "client", record_id)
        elif isinstance(record, Authority):
            cases = search.cases_of(session, "authority", record_id)
        elif isinstance(record, RequestEvent) and record.receipt_reference:
            cases = search.cases_of(session, "event", record_id)
        else:
            return
        if cases:
            search.reindex(session, cases)

    def _list(self, record_type: type[R], statement: Any) -> list[R]:
        with self.transaction() as session:
            return [to_record(record_type, row) for row in session.scalars(statement)]

    # -- clients and authorities --------------------------------------------------------------

    def add_client(self, client: Client) -> Client:
        return self._add(client)

    def get_client(self, client_id: int) -> Client:
        return self._get(Client, client_id)

    def update_client(self, client: Client) -> Client:
        return self._update(client)

    def list_clients(self, search: str = "", page: Page = FIRST_PAGE) -> list[Client]:
        statement = select(ClientRow).order_by(ClientRow.name, ClientRow.id)
        if search.strip():
            statement = statement.where(ClientRow.name.ilike(_like(search), escape="\\"))
        return self._list(Client, statement.offset(page.offset).limit(page.limit))

    def add_authority(self, authority: Authority) -> Authority:
        return self._add(authority)

    def get_authority(self, authority_id: int) -> Authority:
        return self._get(Authority, authority_id)

    def update_authority(self, authority: Authority) -> Authority:
        return self._update(authority)

    def list_authorities(
        self, jurisdiction: str = "", search: str = "", page: Page = FIRST_PAGE
    ) -> list[Authority]:
        statement = select(AuthorityRow).order_by(
            AuthorityRow.jurisdiction, AuthorityRow.name, AuthorityRow.id
        )
        if jurisdiction:
            statement = statement.where(AuthorityRow.jurisdiction == jurisdiction)
        if search.strip():
            statement = statement.where(AuthorityRow.name.ilike(_like(search), escape="\\"))
        return self._list(Authority, statement.offset(page.offset).limit(page.limit))

    # -- cases --------------------------------------------------------------------------------

    def add_case(self, case: Case) -> Case:
        return self._add(case)

    def get_case(self, case_id: int) -> Case:
        return self._get(Case, case_id)

    def update_case(self, case: Case) -> Case:
        """Saves the case; ``updated`` is set to now."""
        return self._update(case)

    def list_cases(self, where: CaseFilter = ALL_CASES, page: Page = FIRST_PAGE) -> list[Case]:
        """Most recently changed first; page through long lists with ``Page(offset, limit)``."""
        statement = _case_query(select(CaseRow), where, self._engine.dialect.name).order_by(
            CaseRow.updated.desc(), CaseRow.id.desc()
        )
        return self._list(Case, statement.offset(page.offset).limit(page.limit))

    def case_summaries(self, where: CaseFilter = ALL_CASES, page: Page = FIRST_PAGE) -> list[CaseSummary]:
        """The cases ``list_cases`` would return, each with its client, requests, authorities and events.

        A constant number of statements per page (four), whatever the number of cases and requests.
        """
        statement = _case_query(select(CaseRow), where, self._engine.dialect.name).order_by(
            CaseRow.updated.desc(), CaseRow.id.desc()
        )
        with self.transaction() as session:
            return case_summaries(session, statement.offset(page.offset).limit(page.limit))

    def add_case_with_requests(
        self,
        client: Client,
        authority: Authority | None,
        case: Case,
        requests: Sequence[Request],
        letters: Sequence[GeneratedLetter] = (),
    ) -> tuple[Case, list[Request], list[GeneratedLetter]]:
        """A new case with its requests and their letters, in one transaction: all or nothing.

        ``client`` and ``authority`` are new (no id) or stored ones (with id; saved first if they
        were changed, version checked). The case's ``client_id``, each request's ``case_id`` and
        ``authority_id`` and each letter's ``request_id`` are filled in here; ``letters`` is empty
        or holds one letter per request. A failure anywhere (a bad field, a full disk, a killed
        process) leaves no client, case, request or letter behind, so a retry cannot duplicate.
        """
        if letters and len(letters) != len(requests):
            raise ValueError("one letter per request, or none")
        with self.transaction(write=True) as session:
            stored_client = self._save(session, client)
            stored_authority = self._save(session, authority) if authority is not None else None
            stored_case = self._insert(session, dataclasses.replace(case, client_id=stored_client.id or 0))
            stored_requests = [
                self._insert(
                    session,
                    dataclasses.replace(
                        request,
                        case_id=stored_case.id or 0,
                        authority_id=stored_authority.id if stored_authority is not None else None,
                    ),
                )
                for request in requests
            ]
            stored_letters = [
                self._insert(session, dataclasses.replace(letter, request_id=request.id or 0))
                for request, letter in zip(stored_requests, letters, strict=False)
            ]
        log.info("case %s added with %d request(s)", stored_case.id, len(stored_requests))
        return stored_case, stored_requests, stored_letters

    # -- kept request states (app.store.kept) ----------------------------------------------------

    def add_event_keeping_state(
        self,
        request_event: RequestEvent,
        derive: Callable[[Sequence[RequestEvent]], KeptState],
        check: Callable[[Sequence[RequestEvent]], None] | None = None,
    ) -> RequestEvent:
        """Store the event and the request's new kept state in one transaction.

        The request's row is locked first (PostgreSQL: SELECT … FOR UPDATE; SQLite writes are
        serialised anyway), so ``check`` (the lifecycle's order rules) sees every event stored
        before this one, and two writers cannot both pass it.
        """
        from app.store.kept import write_states

        if request_event.created is None:
            request_event = dataclasses.replace(request_event, created=utc_now())
        with self.transaction(write=True) as session:
            self._check(session, request_event)
            session.execute(
                select(RequestRow.id).where(RequestRow.id == request_event.request_id).with_for_update()
            )
            before = [
                to_record(RequestEvent, row) for row in session.scalars(_events_of(request_event.request_id))
            ]
            if check is not None:
                check(before)
            row = ROW_FOR[RequestEvent](**_new_row_values(request_event))
            session.add(row)
            session.flush()
            self._touch_case(session, request_event)
            result = to_record(RequestEvent, row)
            self._follow_search(session, result)
            write_states(session, [derive([*before, result])], utc_now())
        log.info("event %s added with its request's state", result.id)
        return result

    def stale_request_ids(self, fingerprint: str, today: date) -> list[int]:
        from app.store.kept import stale_request_ids

        with self.transaction() as session:
            return stale_request_ids(session, fingerprint, today)

    def request_bundles(self, request_ids: Sequence[int]) -> list[RequestBundle]:
        from app.store.kept import bundles

        with self.transaction() as session:
            return bundles(session, request_ids)

    def kept_states_of(self, request_ids: Sequence[int]) -> tuple[dict[int, str], list[KeptDeadline]]:
        """The fingerprints and kept deadlines of these requests, before they are written again."""
        from app.store.kept import kept_deadlines, old_fingerprints

        with self.transaction() as session:
            return old_fingerprints(session, request_ids), kept_deadlines(session, request_ids)

    def write_kept_states(
        self,
        states: Sequence[KeptState],
        moved: Sequence[Moved] = (),
        reason: str = "",
        seen: Mapping[int, tuple[int, int]] | None = None,
    ) -> None:
        """Write derived states; ``seen``: per request, the events they were derived from.

        A state whose request's events changed since they were read is left out (the writer of
        that event stored a fresher state in the same transaction), so a background recompute can
        never put an older state over a newer one.
        """
        from app.store.kept import event_marks, write_states

        with self.transaction(write=True) as session:
            if seen is not None:
                ids = [s.request_id for s in states]
                session.execute(select(RequestRow.id).where(RequestRow.id.in_(ids)).with_for_update())
                now_marks = event_marks(session, ids)
                fresh = {rid for rid in ids if now_marks.get(rid, (0, 0)) == seen.get(rid)}
                states = [s for s in states if s.request_id in fresh]
                moved = [m for m in moved if m.request_id in fresh]
            write_states(session, states, utc_now(), moved, reason)

    def request_revisions(self, request_ids: Sequence[int]) -> dict[int, int]:
        """Per request: its events plus its recorded deadline moves, a count that grows with every
        change that can move one of its dates (calendar SEQUENCE)."""
        from app.store.kept import revisions

        with self.transaction() as session:
            return revisions(session, request_ids)

    def kept_deadline_rows(self, fingerprint: str, today: date, within_days: int | None) -> list[KeptRow]:
        from app.store.kept import deadline_rows

        with self.transaction() as session:
            return deadline_rows(session, fingerprint, today, within_days)

    def kept_case_rows(self, fingerprint: str, page: Page) -> list[KeptCaseRow]:
        """A page of the case list (most recently changed first) from the kept states, without events."""
        from app.store.kept import case_rows

        with self.transaction() as session:
            return case_rows(session, fingerprint, page.offset, page.limit)

    def kept_failures(self, fingerprint: str) -> list[tuple[int, str]]:
        from app.store.kept import failures

        with self.transaction() as session:
            return failures(session, fingerprint)

    def deadline_changes(self, since: datetime | None = None) -> list[DeadlineChange]:
        from app.store.kept import changes

        with self.transaction() as session:
            return changes(session, since)

    def deadline_change_rows(self, limit: int = 2000) -> list[KeptChangeRow]:
        """The newest recorded moves with their cases and current deadlines (the window's list)."""
        from app.store.kept import change_rows

        with self.transaction() as session:
            return change_rows(session, limit)

    def open_request_bundles(self) -> list[RequestBundle]:
        """Every request of every case not closed, with authority and events, by request id (dashboard)."""
        with self.transaction() as session:
            return open_request_bundles(session)

    def search_case_ids(self, text: str) -> list[int]:
        """Every case whose search text holds each word of ``text`` (app.store.search), by id."""
        statement = _case_query(select(CaseRow.id), CaseFilter(search=text), self._engine.dialect.name)
        with self.transaction() as session:
            return list(session.scalars(statement.order_by(CaseRow.id)))

    def count_cases(self, where: CaseFilter = ALL_CASES) -> int:
        with self.transaction() as session:
            return int(
                session.scalar(_case_query(select(func.count(CaseRow.id)), where, self._engine.dialect.name))
                or 0
            )

    # -- requests and their events, letters ---------------------------------------------------

    def add_request(self, request: Request) -> Request:
        return self._add(request)

    def get_request(self, request_id: int) -> Request:
        return self._get(Request, request_id)

    def update_request(self, request: Request) -> Request:
        return self._update(request)

    def list_requests(
        self, case_id: int | None = None, jurisdiction: str = "", page: Page = FIRST_PAGE
    ) -> list[Request]:
        statement = select(RequestRow).order_by(RequestRow.id)
        if case_id is not None:
            statement = statement.where(RequestRow.case_id == case_id)
        if jurisdiction:
            statement = statement.where(RequestRow.jurisdiction == jurisdiction)
        return self._list(Request, statement.offset(page.offset).limit(page.limit))

    def add_event(self, request_event: RequestEvent) -> RequestEvent:
        return self._add(request_event)

    def get_event(self, event_id: int) -> RequestEvent:
        return self._get(RequestEvent, event_id)

    def update_event(self, request_event: RequestEvent) -> RequestEvent:
        return self._update(request_event)

    def list_events(self, request_id: int) -> list[RequestEvent]:
        """In the order they happened (same day: in the order they were recorded)."""
        statement = (
            select(RequestEventRow)
            .where(RequestEventRow.request_id == request_id)
            .order_by(RequestEventRow.date, RequestEventRow.id)
        )
        return self._list(RequestEvent, statement)

    def add_letter(self, letter: GeneratedLetter) -> GeneratedLetter:
        return self._add(letter)

    def get_letter(self, letter_id: int) -> GeneratedLetter:
        return self._get(GeneratedLetter, letter_id)

    def update_letter(self, letter: GeneratedLetter) -> GeneratedLetter:
        return self._update(letter)

    def list_letters(
        self, request_id: int | None = None, case_id: int | None = None
    ) -> list[GeneratedLetter]:
        statement = select(GeneratedLetterRow).order_by(GeneratedLetterRow.created, GeneratedLetterRow.id)
        if request_id is not None:
            statement = statement.where(GeneratedLetterRow.request_id == request_id)
        if case_id is not None:
            statement = statement.join(RequestRow).where(RequestRow.case_id == case_id)
        return self._list(GeneratedLetter, statement)

    # -- attachments and notes ----------------------------------------------------------------

    def add_attachment(self, attachment: Attachment) -> Attachment:
        return self._add(attachment)

    def get_attachment(self, attachment_id: int) -> Attachment:
        return self._get(Attachment, attachment_id)

    def update_attachment(self, attachment: Attachment) -> Attachment:
        return self._update(attachment)

    def list_attachments(self, case_id: int) -> list[Attachment]:
        statement = select(AttachmentRow).where(AttachmentRow.case_id == case_id).order_by(AttachmentRow.id)
        return self._list(Attachment, statement)

    def add_note(self, note: Note) -> Note:
        return self._add(note)

    def get_note(self, note_id: int) -> Note:
        return self._get(Note, note_id)

    def update_note(self, note: Note) -> Note:
        return self._update(note)

    def list_notes(self, case_id: int) -> list[Note]:
        statement = select(NoteRow).where(NoteRow.case_id == case_id).order_by(NoteRow.created, NoteRow.id)
        return self._list(Note, statement)

    # -- wizard drafts ------------------------------------------------------------------------

    def save_draft(self, draft: DraftRecord) -> DraftRecord:
        """Insert (``id`` None) or replace a draft; ``updated`` becomes now, ``created`` is kept.

        The payload may be incomplete or invalid as a request; it only has to be JSON data.
        """
        problems = check_record(draft)
        if problems:
            raise InputError(_("Nothing was saved."), problems)
        now = utc_now()
        with self.transaction(write=True) as session:
            if draft.id is None:
                row = DraftRow(title=draft.title, payload=draft.payload, created=draft.created, updated=now)
                session.add(row)
            else:
                self._require(session, DraftRecord, draft.id, "id")
                row = session.get_one(DraftRow, draft.id)
                if (row.title, row.payload) == (draft.title, draft.payload):
                    return to_record(DraftRecord, row)  # nothing changed: not an edit
                self._require_version(draft, row)
                row.title, row.payload, row.updated = draft.title, draft.payload, now
            session.flush()
            result = to_record(DraftRecord, row)
        log.info("draft %s saved", result.id)
        return result

    def get_draft(self, draft_id: int) -> DraftRecord:
        return self._get(DraftRecord, draft_id)

    def list_drafts(self) -> list[DraftRecord]:
        """Most recently saved first."""
        return self._list(DraftRecord, select(DraftRow).order_by(DraftRow.updated.desc(), DraftRow.id.desc()))

    def delete_draft(self, draft_id: int) -> None:
        """Remove a draft (after it became a request, or when the user discards it)."""
        with self.transaction(write=True) as session:
            self._require(session, DraftRecord, draft_id, "id")
            session.delete(session.get_one(DraftRow, draft_id))
        log.info("draft %s deleted", draft_id)

    # -- whole-store exchange (app.store.exchange) --------------------------------------------

    def export_data(self) -> dict[str, Any]:
        from app.store.exchange import export_store

        return export_store(self)

    def import_data(self, data: Any, event_kinds: Collection[str] | None = None) -> None:
        """Load an export into this empty store, all or nothing. Raises InputError, store untouched.

        ``event_kinds``: the kinds the law data know; an event of another kind is refused.
        """
        from app.store.exchange import import_store

        import_store(self, data, event_kinds)

    def import_file(self, path: Path, event_kinds: Collection[str] | None = None) -> int:
        """Load an export file into this empty store as a stream, all or nothing; the number of cases.

        Memory stays flat in the number of records (app.store.streaming). Raises InputError, store untouched.
        """
        from app.store.streaming import import_file

        return import_file(self, path, event_kinds)


def _new_row_values(record: Record) -> dict[str, Any]:
    """Column values of a record about to be inserted: every new row starts at version 1."""
    values = row_values(record)
    values.pop("version", None)
    return values


def _events_of(request_id: int) -> Any:
    return (
        select(RequestEventRow)
        .where(RequestEventRow.request_id == request_id)
        .order_by(RequestEventRow.date, RequestEventRow.id)
    )


def _like(search: str) -> str:
    escaped = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _case_query(statement: Any, where: CaseFilter, dialect: str) -> Any:
    if where.closed is not None:
        statement = statement.where(CaseRow.closed == where.closed)
    if where.client_id is not None:
        statement = statement.where(CaseRow.client_id == where.client_id)
    if where.jurisdiction:
        statement = statement.where(
            exists().where(RequestRow.case_id == CaseRow.id, RequestRow.jurisdiction == where.jurisdiction)
        )
    if where.authority_id is not None:
        statement = statement.where(
            exists().where(RequestRow.case_id == CaseRow.id, RequestRow.authority_id == where.authority_id)
        )
    if where.search.strip():
        found = search.matching(dialect, where.search)
        if found is not None:
            statement = statement.where(found)
    return statement
