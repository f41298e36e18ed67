"""Importing an export file as a stream: memory flat in the number of records, rows inserted in bulk.

``habeas export`` writes the header first and then the tables parents first (clients …, cases,
requests, events …), one record per line. This reader walks that document with the JSON
module's own scanner, one record at a time (``raw_decode`` over a buffer refilled from the file),
so a 10,000-case store's 80 MB export is never held as one object tree. Each record is decoded
and checked exactly as ``exchange.parse_export`` checks it, and inserted in batches inside one
transaction: any problem anywhere rolls everything back (the store stays empty).

A document in another order (the header after a table, a table before the tables it refers to,
e.g. after a tool sorted its keys) is valid JSON all the same: it is read whole by
``exchange.read_export_file`` and imported as before, within the same limits.
"""

from __future__ import annotations

import codecs
import json
import logging
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import exists, insert, select

from app.contract import MAX_EXPORT_FILE
from app.errors import InputError, Problem
from app.i18n import _, ngettext
from app.store.exchange import (
    _ADDED_IN,
    _MAX_PROBLEMS_SHOWN,
    EXPORT_FORMAT,
    check_header,
    check_record_in_import,
    finish_import,
    import_store,
    read_export_file,
    store_uuid_problems,
)
from app.store.rows import REFERENCES, TABLES, row_values

if TYPE_CHECKING:
    from app.store.store import Store

log = logging.getLogger(__name__)

_CHUNK = 1 << 20  # characters read at a time (the buffer grows for a record larger than that)
_BATCH = 500  # rows per INSERT
_DECODER = json.JSONDecoder()
_TABLE_KEYS = {key for key, _t, _r in TABLES}
_TARGETS = {record_type: REFERENCES.get(record_type, {}) for _k, record_type, _r in TABLES}


class _OutOfOrderError(Exception):
    """The document is valid but not in the order of an export: read it whole instead."""


class JsonStream:
    """A JSON document read piece by piece from a binary file (UTF-8), with positions for messages."""

    def __init__(self, handle: IO[bytes], name: str, limit: int | None = None) -> None:
        self._handle = handle
        self._name = name
        self._limit = MAX_EXPORT_FILE if limit is None else limit
        self._read = 0  # bytes read so far
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._buffer = ""
        self._pos = 0
        self._eof = False
        self._dropped_lines = 0  # newlines in the text already discarded from the buffer
        self._dropped_line_start = 0  # characters since the last discarded newline

    # -- buffer -------------------------------------------------------------------------------
    def _more(self, at_least: int = _CHUNK) -> bool:
        """Read more text into the buffer (discarding what was consumed); False at the end."""
        if self._eof:
            return False
        raw = self._handle.read(max(at_least, _CHUNK))
        self._read += len(raw)
        if self._read > self._limit:
            raise InputError(
                _("{file} is larger than {size} MB, the most Habeas reads for this kind of file.").format(
                    file=self._name, size=self._limit // (1024 * 1024)
                )
            )
        try:
            text = self._decoder.decode(raw, final=not raw)
        except UnicodeDecodeError:
            raise InputError(_("{file} is not a UTF-8 text file.").format(file=self._name)) from None
        consumed = self._buffer[: self._pos]
        newlines = consumed.count("\n")
        if newlines:
            self._dropped_lines += newlines
            self._dropped_line_start = len(consumed) - consumed.rfind("\n") - 1
        else:
            self._dropped_line_start += len(consumed)
        self._buffer = self._buffer[self._pos :] + text
        self._pos = 0
        if not raw:
            self._eof = True
        return bool(raw) or bool(text)

    def _skip_space(self) -> str:
        """The next character after whitespace ('' at the end of the file)."""
        while True:
            buffer, pos = self._buffer, self._pos
            while pos < len(buffer) and buffer[pos] in " \t\r\n":
                pos += 1
            self._pos = pos
            if pos < len(buffer):
                return buffer[pos]
            if not self._more():
                return ""

    def _where(self, pos: int) -> tuple[int, int]:
        before = self._buffer[:pos]
        newlines = before.count("\n")
        line = self._dropped_lines + newlines + 1
        column = (pos - before.rfind("\n")) if newlines else (self._dropped_line_start + pos + 1)
        return line, column

    def error(self, reason: str, pos: int | None = None) -> InputError:
        line, column = self._where(self._pos if pos is None else pos)
        return InputError(
            _("{file} is not valid JSON (line {line}, column {column}: {reason}).").format(
                file=self._name, line=line, column=column, reason=reason
            )
        )

    # -- tokens -------------------------------------------------------------------------------
    def expect(self, char: str) -> None:
        found = self._skip_space()
        if found != char:
            raise self.error(f"Expecting '{char}'")
        self._pos += 1

    def peek(self) -> str:
        return self._skip_space()

    def take(self, char: str) -> bool:
        if self._skip_space() == char:
            self._pos += 1
            return True
        return False

    def value(self) -> Any:
        """The next JSON value, whole (a record, a header field)."""
        self._skip_space()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as exc:
                incomplete = exc.msg.startswith("Unterminated string") or exc.pos >= len(self._buffer) - 1
                if incomplete and self._more(len(self._buffer)):
                    continue
                raise self.error(exc.msg, exc.pos) from None
            except RecursionError:
                raise InputError(_("{file} is nested too deeply.").format(file=self._name)) from None
            except ValueError:  # an integer of more than 4,300 digits
                raise InputError(
                    _("{file} holds a number too long to read.").format(file=self._name)
                ) from None
            if end >= len(self._buffer) and not self._eof and self._more(len(self._buffer)):
                continue  # a number may go on in the next piece
            self._pos = end
            return value

    def at_end(self) -> bool:
        return self._skip_space() == ""


def import_file(store: Store, path: Path, event_kinds: Collection[str] | None = None) -> int:
    """Import the export file ``path`` into this empty store, all or nothing; the number of cases.

    Raises InputError (the store untouched) for a file that cannot be read or holds any problem.
    """
    try:
        with Path(path).open("rb") as handle:
            return _import_stream(store, JsonStream(handle, str(path)), event_kinds)
    except OSError as exc:
        raise InputError(
            _("Cannot read {file}: {reason}").format(file=path, reason=exc.strerror or type(exc).__name__)
        ) from None
    except _OutOfOrderError:
        log.info("export file not in export order: read whole")
    data = read_export_file(path)
    import_store(store, data, event_kinds)
    return len(data["cases"])


def _import_stream(store: Store, stream: JsonStream, event_kinds: Collection[str] | None) -> int:
    if stream.peek() != "{":
        raise InputError(_("This is not a Habeas export: the file must contain a JSON object."))
    with store.transaction(write=True) as session:
        if any(session.execute(select(exists().select_from(row))).scalar() for _k, _r, row in TABLES):
            raise InputError(
                _("The store is not empty: import only into a new, empty store. Nothing was changed.")
            )
        importer = _Importer(session, event_kinds)
        for key in _keys(stream):
            if key in _TABLE_KEYS:
                importer.table(key, stream)
            else:
                importer.header_field(key, stream.value())
        importer.finish()
        if importer.problems:  # leaving the transaction by an error rolls it back
            raise InputError(_("The export file cannot be imported; nothing was changed."), importer.shown())
        finish_import(session, importer.header.get("store_uuid"))
        return importer.counts.get("cases", 0)


def _keys(stream: JsonStream) -> Iterator[str]:
    stream.expect("{")
    if stream.take("}"):
        return
    while True:
        key = stream.value()
        if not isinstance(key, str):
            raise stream.error("Expecting property name enclosed in double quotes")
        stream.expect(":")
        yield key
        if stream.take(","):
            continue
        stream.expect("}")
        if not stream.at_end():
            raise stream.error("Extra data")
        return


class _Importer:
    """Checks and inserts the records of one stream; collects problems (the first ones shown)."""

    def __init__(self, session: Any, event_kinds: Collection[str] | None) -> None:
        self.session = session
        self.event_kinds = event_kinds
        self.header: dict[str, Any] = {}
        self.version: int | None = None
        self.ids: dict[str, set[int]] = {}
        self.done: set[str] = set()
        self.counts: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.problem_count = 0
        self._plans: dict[tuple[str, tuple[str, ...]], tuple[str, list[tuple[str, Any]]]] = {}

    def problem(self, found: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < _MAX_PROBLEMS_SHOWN:
            self.problems.append(found)

    def shown(self) -> list[Problem]:
        hidden = self.problem_count - len(self.problems)
        if hidden <= 0:
            return self.problems
        more = ngettext("…and {n} more problem", "…and {n} more problems", hidden).format(n=hidden)
        return [*self.problems, Problem("", more)]

    def header_field(self, key: str, value: Any) -> None:
        if self.version is not None:
            raise _OutOfOrderError  # header after a table: read whole
        self.header[key] = value

    def table(self, key: str, stream: JsonStream) -> None:
        if self.version is None:
            # The header is complete when the first table starts (in an export it is).
            if "format" not in self.header or "format_version" not in self.header:
                raise _OutOfOrderError
            self.version = check_header(self.header)
            for problem in store_uuid_problems(self.header, self.version):
                self.problem(problem)
        if key in self.done:
            raise _OutOfOrderError  # the same list twice: json.loads would keep the last; so does that path
        record_type, row_type = next((r, t) for k, r, t in TABLES if k == key)
        if any(target not in self.done for target in _TARGETS[record_type].values()):
            raise _OutOfOrderError  # a table before the tables it refers to
        if stream.peek() != "[":
            self.problem(Problem(key, _("missing, or not a list")))
            stream.value()
            self.done.add(key)
            self.ids[key] = set()
            return
        stream.expect("[")
        seen: set[int] = set()
        batch: list[dict[str, Any]] = []
        table: Any = row_type.__table__  # the table, not the class: rows keep their exported versions
        index = 0
        if not stream.take("]"):
            while True:
                record = check_record_in_import(
                    record_type,
                    stream.value(),
                    f"{key}[{index}]",
                    self.version,
                    self.event_kinds,
                    self.problem,
                )
                if record is not None:
                    self._references(key, record, index, seen)
                    if not self.problem_count:
                        batch.append(row_values(record))
                        if len(batch) >= _BATCH:
                            self._insert(table, batch)
                            batch = []
                index += 1
                if stream.take(","):
                    continue
                stream.expect("]")
                break
        if batch and not self.problem_count:
            self._insert(table, batch)
        self.ids[key] = seen
        self.done.add(key)
        self.counts[key] = index

    def _insert(self, table: Any, rows: list[dict[str, Any]]) -> None:
        """Insert a batch of rows.

        On SQLite the values are converted by the columns' own SQLAlchemy types (the same bind
        processors a normal insert applies) and handed to the driver's ``executemany`` directly:
        SQLAlchemy's per-row statement bookkeeping was a third of an import's time. PostgreSQL
        takes SQLAlchemy's own bulk insert (batched into few round trips by the driver).
        """
        connection = self.session.connection()
        dialect = connection.dialect
        if dialect.name != "sqlite":
            self.session.execute(insert(table), rows)
            return
        names = tuple(rows[0])
        plan = self._plans.get((table.name, names))
        if plan is None:
            compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
            order = list(compiled.positiontup or ())
            if sorted(order) != sorted(names):  # a column the record lacks would need its default
                raise RuntimeError(f"{table.name}: columns {order} differ from the record's {names}")
            processors = [table.c[name].type._cached_bind_processor(dialect) for name in order]
            plan = (str(compiled), list(zip(order, processors, strict=True)))
            self._plans[(table.name, names)] = plan
        statement, steps = plan
        connection.exec_driver_sql(
            statement, [tuple(p(row[n]) if p else row[n] for n, p in steps) for row in rows]
        )

    def _references(self, key: str, record: Any, index: int, seen: set[int]) -> None:
        if record.id in seen:
            self.problem(Problem(f"{key}[{index}].id", _("duplicate id {id}").format(id=record.id)))
        seen.add(record.id)
        for name, target in _TARGETS[type(record)].items():
            value = getattr(record, name)
            if value is not None and value not in self.ids[target]:
                self.problem(
                    Problem(
                        f"{key}[{index}].{name}",
                        _("refers to id {id}, which is not in “{target}”").format(id=value, target=target),
                    )
                )

    def finish(self) -> None:
        if self.version is None:  # no table at all: the header alone decides what to say
            self.version = check_header(self.header)
            for problem in store_uuid_problems(self.header, self.version):
                self.problem(problem)
        for key, _record_type, _row in TABLES:
            if key not in self.done and not (key not in self.header and self.version < _ADDED_IN.get(key, 1)):
                self.problem(Problem(key, _("missing, or not a list")))


__all__ = ["EXPORT_FORMAT", "JsonStream", "import_file"]
