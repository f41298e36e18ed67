"""Case search through the database's own text index.

Each case has one row in ``case_search``: the words a person looks for it by (its title and
reference, the client's name, the authorities' names, the authorities' file numbers from the
events, the case's notes), folded once in Python (case, accents, width: "Müller" is found by
"muller", "ＡＢＣ" by "abc"). The index over that text is the database's own:

- SQLite: an FTS5 table with the ``trigram`` tokenizer (``case_search_fts``, external content,
  kept in step by triggers on ``case_search``), so any substring of three characters or more is
  an index lookup, Chinese included (names of two characters fall back to a scan of the folded
  text, which is one short row per case);
- PostgreSQL: a trigram GIN index (``pg_trgm``) on the folded text, used by ``LIKE '%…%'``; where
  the extension cannot be created (no privilege), the same query scans ``case_search``.

The rows are written by the Store in the same transaction as the change they follow (a case,
client, request, authority, event or note added or edited), and rebuilt whole after an import.
Every word of a search must occur (AND), in any field.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select, text
from sqlalchemy.orm import Session

from app.errors import InputError
from app.i18n import _
from app.store.models import (
    AuthorityRow,
    CaseRow,
    CaseSearchRow,
    ClientRow,
    NoteRow,
    RequestEventRow,
    RequestRow,
)

FTS_TABLE = "case_search_fts"
MAX_SEARCH = 200  # characters: a search box, not a document (the window's field holds as many)
TRIGRAM = 3  # the shortest word the trigram indexes can look up
BATCH = 500


def fold(value: str) -> str:
    """Text as the index keeps it: compatibility forms, no accents, case-folded, single spaces."""
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFKC", bare.casefold()).split())


def words(search: str) -> list[str]:
    """The words of a search, folded, without repeats (order kept)."""
    return list(dict.fromkeys(fold(search).split()))


def in_models(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's ``include_name``: the text indexes are made by migration 0005, not from the models.

    FTS5 keeps its index in tables of its own (``case_search_fts*``); PostgreSQL's trigram index
    is ``ix_case_search_body_trgm``. Comparing models and database skips them.
    """
    return not (
        (type_ == "table" and str(name).startswith(FTS_TABLE))
        or (type_ == "index" and name == "ix_case_search_body_trgm")
    )


# -- writing ------------------------------------------------------------------------------------


def cases_of(session: Session | Connection, record_type: str, record_id: int) -> list[int]:
    """The cases whose search text a change of this record changes."""
    if record_type == "client":
        return list(session.scalars(select(CaseRow.id).where(CaseRow.client_id == record_id)))
    if record_type == "authority":
        return list(
            session.scalars(select(RequestRow.case_id).where(RequestRow.authority_id == record_id).distinct())
        )
    if record_type == "event":
        return list(
            session.scalars(
                select(RequestRow.case_id)
                .join(RequestEventRow, RequestEventRow.request_id == RequestRow.id)
                .where(RequestEventRow.id == record_id)
            )
        )
    return [record_id]


def reindex(session: Session | Connection, case_ids: Iterable[int] | None = None) -> int:
    """Write the search rows of these cases again (all cases when None); returns how many."""
    if case_ids is None:
        done = 0
        last = 0
        while True:
            chunk = list(
                session.scalars(select(CaseRow.id).where(CaseRow.id > last).order_by(CaseRow.id).limit(BATCH))
            )
            if not chunk:
                return done
            _write(session, chunk)
            done += len(chunk)
            last = chunk[-1]
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), BATCH):
        _write(session, ids[start : start + BATCH])
    return len(ids)


def _write(session: Session | Connection, case_ids: Sequence[int]) -> None:
    bodies = texts(session, case_ids)
    session.execute(delete(CaseSearchRow).where(CaseSearchRow.case_id.in_(case_ids)))
    if bodies:
        session.execute(
            insert(CaseSearchRow), [{"case_id": cid, "body": body} for cid, body in sorted(bodies.items())]
        )


def texts(session: Session | Connection, case_ids: Sequence[int]) -> dict[int, str]:
    """The folded search text of each existing case among ``case_ids`` (four statements)."""
    parts: dict[int, list[str]] = {}
    for cid, title, reference, client in session.execute(
        select(CaseRow.id, CaseRow.title, CaseRow.reference, ClientRow.name)
        .join(ClientRow, ClientRow.id == CaseRow.client_id)
        .where(CaseRow.id.in_(case_ids))
    ):
        parts[cid] = [title, reference, client]
    more: list[Any] = [
        select(RequestRow.case_id, AuthorityRow.name)
        .join(AuthorityRow, AuthorityRow.id == RequestRow.authority_id)
        .where(RequestRow.case_id.in_(case_ids))
        .order_by(RequestRow.id),
        select(RequestRow.case_id, RequestEventRow.receipt_reference)
        .join(RequestEventRow, RequestEventRow.request_id == RequestRow.id)
        .where(RequestRow.case_id.in_(case_ids), RequestEventRow.receipt_reference != "")
        .order_by(RequestEventRow.id),
        select(NoteRow.case_id, NoteRow.text).where(NoteRow.case_id.in_(case_ids)).order_by(NoteRow.id),
    ]
    for statement in more:
        for cid, value in session.execute(statement):
            if cid in parts:
                parts[cid].append(value)
    return {cid: fold(" ".join(dict.fromkeys(p for p in values if p))) for cid, values in parts.items()}


# -- reading ------------------------------------------------------------------------------------


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching(dialect: str, search: str) -> ColumnElement[bool] | None:
    """A condition on ``CaseRow.id``: the cases whose search text holds every word of ``search``.

    None when the search has no words (every case matches). InputError when it is too long.
    """
    if len(search) > MAX_SEARCH:
        raise InputError(
            _("A search can be at most {limit} characters long; this one has {count}.").format(
                limit=MAX_SEARCH, count=len(search)
            )
        )
    found = words(search)
    if not found:
        return None
    conditions: list[Any] = []
    if dialect == "sqlite":
        indexed = [w for w in found if len(w) >= TRIGRAM]
        short = [w for w in found if len(w) < TRIGRAM]
        if indexed:
            # FTS5 string literals: each word quoted, inner quotes doubled; AND of all of them.
            query = " AND ".join('"' + w.replace('"', '""') + '"' for w in indexed)
            conditions.append(
                CaseRow.id.in_(
                    select(text("rowid"))
                    .select_from(text(FTS_TABLE))
                    .where(text(f"{FTS_TABLE} MATCH :q").bindparams(q=query))
                )
            )
        for w in short:
            conditions.append(
                CaseRow.id.in_(
                    select(CaseSearchRow.case_id).where(CaseSearchRow.body.like(_like(w), escape="\\"))
                )
            )
    else:
        for w in found:
            conditions.append(
                CaseRow.id.in_(
                    select(CaseSearchRow.case_id).where(CaseSearchRow.body.like(_like(w), escape="\\"))
                )
            )
    condition = conditions[0]
    for more in conditions[1:]:
        condition = condition & more
    return condition  # type: ignore[no-any-return]


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(CaseSearchRow)) or 0)
