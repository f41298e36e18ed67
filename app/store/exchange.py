"""The export format: the whole store as one JSON document, and reading it back losslessly.

    {"format": "habeas-export", "format_version": 2, "exported_at": "2026-03-11T09:30:00+00:00",
     "app_version": "0.1.0", "schema_revision": "0002",
     "clients": [...], "authorities": [...], "cases": [...], "requests": [...], "events": [...],
     "letters": [...], "attachments": [...], "notes": [...], "drafts": [...]}

Version 2 added "drafts" (wizard forms not yet sent); version 3 a "version" in every record (the
edit counter of optimistic concurrency) and "store_uuid" (the store's identity, which calendar UIDs
carry). Older files are still read: their records start at version 1 and the importing store keeps
its own identity. Other versions are refused with a message naming the versions this Habeas reads.
The format is published as a JSON Schema: resources/schemas/habeas-export.schema.json.

Each list holds objects with exactly the fields of the app.cases record (ids included); dates and
timestamps are ISO 8601 (timestamps in UTC), bytes are base64. The file holds personal data: it is
written with mode 0600, atomically. An import goes only into an empty store, in one transaction,
after the whole document has been checked; any problem leaves the store untouched.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import functools
import json
import types
import typing
import uuid
from collections.abc import Callable, Collection
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import exists, insert, select, text, update

from app import __version__
from app.contract import MAX_EXPORT_FILE, MAX_NESTING, read_limited
from app.errors import InputError, Problem
from app.files import write_atomically, writing_atomically
from app.i18n import _, ngettext
from app.store import search
from app.store.models import StoreIdentityRow
from app.store.rows import REFERENCES, TABLES, check_record, row_values, to_record

if TYPE_CHECKING:
    from app.store.store import Store

EXPORT_FORMAT = "habeas-export"
EXPORT_FORMAT_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
# Lists and record fields added after version 1, with the version that added them: older files
# may lack them.
_ADDED_IN = {"drafts": 2}
_FIELD_ADDED_IN = {"version": 3}
_MAX_PROBLEMS_SHOWN = 25
_INSERT_CHUNK = 500


def export_store(store: Store) -> dict[str, Any]:
    revision = store.schema_revision()
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "app_version": __version__,
        "schema_revision": revision,
        "store_uuid": store.identity(),
    }
    # One transaction: a consistent snapshot even while the GUI keeps writing.
    with store.transaction() as session:
        for key, record_type, row_type in TABLES:
            rows = session.scalars(select(row_type).order_by(row_type.id))  # type: ignore[attr-defined]
            data[key] = [_encode_record(to_record(record_type, row)) for row in rows]
    return data


def export_to_file(store: Store, path: Path) -> int:
    """Write the whole store to ``path`` as an export, record by record; the number of cases.

    The same document as ``export_store`` gives, streamed: rows are read in batches from one
    transaction (a consistent snapshot) and written as they come, so memory stays flat however
    many cases the store holds. Atomic and 0600 like every file Habeas writes.
    """
    header = {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "app_version": __version__,
        "schema_revision": store.schema_revision(),
        "store_uuid": store.identity(),
    }
    cases = 0
    with writing_atomically(path) as out, store.transaction() as session:
        out.write(b"{\n")
        for key, value in header.items():
            out.write(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n".encode())
        for index, (key, record_type, row_type) in enumerate(TABLES):
            names = [f.name for f in dataclasses.fields(record_type)]
            table = row_type.__table__
            statement = select(*(table.c[n] for n in names)).order_by(table.c.id)
            out.write(f" {json.dumps(key)}: [".encode())
            first = True
            for row in session.execute(statement.execution_options(yield_per=_INSERT_CHUNK)):
                item = {name: _encode(value) for name, value in zip(names, row, strict=True)}
                out.write(b"\n  " if first else b",\n  ")
                out.write(json.dumps(item, ensure_ascii=False).encode("utf-8"))
                first = False
                cases += key == "cases"
            out.write(b"]" if first else b"\n ]")
            out.write(b",\n" if index < len(TABLES) - 1 else b"\n}\n")
    return cases


def import_store(store: Store, data: Any, event_kinds: Collection[str] | None = None) -> None:
    records = parse_export(data, event_kinds)
    with store.transaction(write=True) as session:
        if any(session.execute(select(exists().select_from(row))).scalar() for _k, _r, row in TABLES):
            raise InputError(
                _("The store is not empty: import only into a new, empty store. Nothing was changed.")
            )
        for key, _record_type, row_type in TABLES:
            values = [row_values(r) for r in records[key]]
            for start in range(0, len(values), _INSERT_CHUNK):
                # The table, not the mapped class: rows keep the versions they were exported with.
                table = row_type.__table__
                session.execute(insert(table), values[start : start + _INSERT_CHUNK])  # type: ignore[arg-type]
        finish_import(session, data.get("store_uuid"))


def finish_import(session: Any, store_uuid: Any) -> None:
    """After the rows of an import are in: derived data, the store's identity, id sequences."""
    search.reindex(session)  # the search texts are derived, not exported
    if isinstance(store_uuid, str):
        # The same store, restored: calendar entries made before keep matching.
        session.execute(update(StoreIdentityRow).values(uuid=store_uuid))
    if session.get_bind().dialect.name == "postgresql":
        # Rows came with their ids; the next generated id must come after them.
        for _key, _record_type, row_type in TABLES:
            table = row_type.__tablename__
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - fixed names
                    f"COALESCE((SELECT MAX(id) FROM {table}), 1), "
                    f"(SELECT MAX(id) FROM {table}) IS NOT NULL)"
                )
            )


def parse_export(data: Any, event_kinds: Collection[str] | None = None) -> dict[str, list[Any]]:
    """The records of an export document, or InputError listing every problem by key path.

    ``event_kinds``: the event kinds the law data know (``app.cases.lifecycle.known_event_kinds``);
    the store itself checks only their form, since step kinds come from the law data.
    """
    if not isinstance(data, dict):
        raise InputError(_("This is not a Habeas export: the file must contain a JSON object."))
    version = check_header(data)
    problems: list[Problem] = store_uuid_problems(data, version)
    records: dict[str, list[Any]] = {}
    for key, record_type, _row in TABLES:
        items = data.get(key)
        records[key] = []
        if items is None and key not in data and version < _ADDED_IN.get(key, 1):
            continue  # e.g. a version-1 file has no drafts
        if not isinstance(items, list):
            problems.append(Problem(key, _("missing, or not a list")))
            continue
        for index, item in enumerate(items):
            record = check_record_in_import(
                record_type, item, f"{key}[{index}]", version, event_kinds, problems.append
            )
            if record is not None:
                records[key].append(record)
    problems.extend(_check_references(records))
    if problems:
        shown = [*problems[:_MAX_PROBLEMS_SHOWN]]
        hidden = len(problems) - len(shown)
        if hidden > 0:
            shown.append(
                Problem(
                    "", ngettext("…and {n} more problem", "…and {n} more problems", hidden).format(n=hidden)
                )
            )
        raise InputError(_("The export file cannot be imported; nothing was changed."), shown)
    return records


def check_header(header: dict[str, Any]) -> int:
    """The format version of an export's header; InputError if it is no Habeas export this reads."""
    if header.get("format") != EXPORT_FORMAT:
        raise InputError(
            _("This is not a Habeas export: “format” must be “{expected}”.").format(expected=EXPORT_FORMAT)
        )
    version = header.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise InputError(
            _(
                "Export format version {found} is not supported; this Habeas reads versions "
                "{oldest} to {newest}."
            ).format(found=json.dumps(version), oldest=READABLE_VERSIONS[0], newest=READABLE_VERSIONS[-1])
        )
    return version


def store_uuid_problems(header: dict[str, Any], version: int) -> list[Problem]:
    store_uuid = header.get("store_uuid")
    if (version >= 3 or store_uuid is not None) and not _is_uuid(store_uuid):
        return [Problem("store_uuid", _("expected a UUID such as {example}").format(example=_EXAMPLE))]
    return []


def check_record_in_import(
    record_type: type[Any],
    item: Any,
    path: str,
    version: int,
    event_kinds: Collection[str] | None,
    report: Callable[[Problem], None],
) -> Any | None:
    """One record of an export, decoded and checked (contract, event kind); None if it has problems.

    ``report`` receives each problem (a record with problems in its fields is still returned when
    it could be decoded, so references can be checked too).
    """
    found: list[Problem] = []
    record = _decode_record(record_type, item, path, found, version)
    if record is not None:
        found.extend(check_record(record, path))
        kind = getattr(record, "kind", None) if record_type.__name__ == "RequestEvent" else None
        if event_kinds is not None and kind is not None and kind not in event_kinds:
            found.append(
                Problem(
                    f"{path}.kind",
                    _("unknown event kind “{kind}”; expected one of: {kinds}").format(
                        kind=kind, kinds=", ".join(event_kinds)
                    ),
                )
            )
    for problem in found:
        report(problem)
    return record


def _check_references(records: dict[str, list[Any]]) -> list[Problem]:
    problems: list[Problem] = []
    ids: dict[str, set[int]] = {}
    for key, _record_type, _row in TABLES:
        seen: set[int] = set()
        for index, record in enumerate(records[key]):
            if record.id in seen:
                problems.append(Problem(f"{key}[{index}].id", _("duplicate id {id}").format(id=record.id)))
            seen.add(record.id)
        ids[key] = seen
    for key, record_type, _row in TABLES:
        for index, record in enumerate(records[key]):
            for name, target in REFERENCES.get(record_type, {}).items():
                value = getattr(record, name)
                if value is not None and value not in ids[target]:
                    problems.append(
                        Problem(
                            f"{key}[{index}].{name}",
                            _("refers to id {id}, which is not in “{target}”").format(
                                id=value, target=target
                            ),
                        )
                    )
    return problems


# -- field encoding, driven by the records' type hints ------------------------------------------


def _encode_record(record: Any) -> dict[str, Any]:
    return {f.name: _encode(getattr(record, f.name)) for f in dataclasses.fields(record)}


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, tuple):
        return list(value)
    return value


_EXAMPLE = "0b8e9c1e-6f1a-4a57-9d1e-2f7c3b1a9e40"


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


@functools.cache
def _hints(record_type: type[Any]) -> tuple[dict[str, Any], frozenset[str], tuple[str, ...]]:
    """A record class's field types and names, also sorted (looked up once, not per record)."""
    names = frozenset(f.name for f in dataclasses.fields(record_type))
    return typing.get_type_hints(record_type), names, tuple(sorted(names))


def _decode_record(
    record_type: type[Any], item: Any, path: str, problems: list[Problem], version: int
) -> Any | None:
    if not isinstance(item, dict):
        problems.append(Problem(path, _("must be an object")))
        return None
    hints, names, ordered = _hints(record_type)  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    before = len(problems)
    if item.keys() != names:
        for name in sorted(set(item) - names):
            problems.append(Problem(f"{path}.{name}", _("unknown key")))
    for name in ordered:
        if name not in item:
            if version < _FIELD_ADDED_IN.get(name, 1):
                continue  # e.g. "version" in a version-2 file: the record's default applies
            problems.append(Problem(f"{path}.{name}", _("missing")))
            continue
        # An imported record carries its id and its timestamp (the store fills them only for new ones).
        hint = int if name == "id" else datetime if name == "created" else hints[name]
        ok, value = _decode(hint, item[name])
        if ok:
            values[name] = value
        else:
            problems.append(Problem(f"{path}.{name}", _("expected {kind}").format(kind=_describe(hint))))
    if len(problems) > before:
        return None
    return record_type(**values)


def _decode(hint: Any, raw: Any) -> tuple[bool, Any]:
    return _decoder(hint)(raw)


Decoder = typing.Callable[[Any], tuple[bool, Any]]


@functools.cache
def _decoder(hint: Any) -> Decoder:
    """The decoder of one field type, built once per type (an import decodes millions of values)."""
    if isinstance(hint, types.UnionType):  # X | None
        inner = _decoder(next(a for a in typing.get_args(hint) if a is not type(None)))
        return lambda raw: (True, None) if raw is None else inner(raw)
    origin = typing.get_origin(hint)
    if origin is tuple:
        return _strings
    if origin is dict:
        return lambda raw: (isinstance(raw, dict), raw)
    simple: dict[Any, Decoder] = {
        bool: lambda raw: (isinstance(raw, bool), raw),
        int: lambda raw: (isinstance(raw, int) and not isinstance(raw, bool), raw),
        str: lambda raw: (isinstance(raw, str), raw),
        bytes: _base64,
        datetime: _timestamp,
        date: _day,
    }
    if hint in simple:
        return simple[hint]
    raise TypeError(f"no decoder for {hint!r}")


def _strings(raw: Any) -> tuple[bool, Any]:
    ok = isinstance(raw, list) and all(isinstance(x, str) for x in raw)
    return ok, tuple(raw) if ok else None


def _base64(raw: Any) -> tuple[bool, Any]:
    try:
        return True, base64.b64decode(raw, validate=True) if isinstance(raw, str) else None
    except (binascii.Error, ValueError):
        return False, None


def _timestamp(raw: Any) -> tuple[bool, Any]:
    try:
        parsed = datetime.fromisoformat(raw) if isinstance(raw, str) and raw.isascii() else None
    except ValueError:
        return False, None
    if parsed is None:
        return False, None
    # Exports always carry "+00:00"; a hand-written naive timestamp is taken as UTC.
    return True, parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _day(raw: Any) -> tuple[bool, Any]:
    if not (isinstance(raw, str) and len(raw) == 10 and raw.isascii()):
        return False, None
    try:
        return True, date.fromisoformat(raw)
    except ValueError:
        return False, None


def _describe(hint: Any) -> str:
    if isinstance(hint, types.UnionType):
        inner = next(a for a in typing.get_args(hint) if a is not type(None))
        return _("{kind} or null").format(kind=_describe(inner))
    origin = typing.get_origin(hint)
    if origin is tuple:
        return _("a list of texts")
    if origin is dict:
        return _("an object")
    descriptions = {
        bool: _("true or false"),
        int: _("a whole number"),
        str: _("a text"),
        bytes: _("base64 text"),
        datetime: _("an ISO 8601 timestamp"),
        date: _("a date YYYY-MM-DD"),
    }
    return descriptions.get(hint, str(hint))


# -- files ----------------------------------------------------------------------------------------


def write_export_file(path: Path, data: dict[str, Any]) -> None:
    """Write atomically with mode 0600 (the export holds personal data): temp file, fsync, rename."""
    payload = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    write_atomically(path, payload)


def read_export_file(path: Path) -> Any:
    """The parsed JSON of an export file, or InputError saying why it cannot be read."""
    raw = read_limited(Path(path), MAX_EXPORT_FILE)
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(_("{file} is not a UTF-8 text file.").format(file=path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            _("{file} is not valid JSON (line {line}, column {column}: {reason}).").format(
                file=path, line=exc.lineno, column=exc.colno, reason=exc.msg
            )
        ) from None
    except RecursionError:
        # Every record's JSON values are checked for depth by parse_export; this is a document
        # nested too deeply for the parser itself.
        raise InputError(
            _("{file} is nested too deeply (at most {limit} levels).").format(file=path, limit=MAX_NESTING)
        ) from None
    except ValueError:  # an integer of more than 4,300 digits
        raise InputError(_("{file} holds a number too long to read.").format(file=path)) from None
