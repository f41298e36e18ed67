"""The export format as a JSON Schema (draft 2020-12), built from the records and the input contract.

Published in the repository as resources/schemas/habeas-export.schema.json so other programs can
check or produce Habeas exports; a test keeps the file equal to what this module builds and
checks real exports against it. The import itself checks the same contract with translated
messages naming each key (app.store.exchange.parse_export); the schema states it for others.
It can say less than the import checks in two places: lone surrogates (JSON Schema has no way to
name them) and references between records (ids that must exist).

    python -m app.store.schema > resources/schemas/habeas-export.schema.json
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, datetime
from typing import Any

from app.contract import EARLIEST, LATEST, MAX_ID, MAX_NESTING
from app.store.rows import MAX_BLOB, TABLES, text_limit

SCHEMA_ID = "https://habeas.invalid/schemas/habeas-export-3.schema.json"
_YEARS = "(19[0-9]{2}|2[01][0-9]{2})"  # EARLIEST.year .. LATEST.year
_NO_NUL = "^[^\\u0000]*$"


def export_schema() -> dict[str, Any]:
    from app.store.exchange import EXPORT_FORMAT, EXPORT_FORMAT_VERSION

    assert (EARLIEST.year, LATEST.year) == (1900, 2199), "update _YEARS with the contract"
    records = {key: _record(record_type) for key, record_type, _row in TABLES}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Habeas export",
        "description": (
            f"The whole case store of Habeas as one document (format version {EXPORT_FORMAT_VERSION}). "
            f"Dates are {EARLIEST.isoformat()} to {LATEST.isoformat()}; JSON values inside records "
            f"are nested at most {MAX_NESTING} levels; texts hold no NUL and no lone surrogates."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "format_version", "store_uuid", *records],
        "properties": {
            "format": {"const": EXPORT_FORMAT},
            "format_version": {"const": EXPORT_FORMAT_VERSION},
            "exported_at": _timestamp(),
            "app_version": {"type": "string", "maxLength": 64},
            "schema_revision": {"type": ["string", "null"], "maxLength": 32},
            "store_uuid": {
                "type": "string",
                "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
            },
            **{key: {"type": "array", "items": {"$ref": f"#/$defs/{key}"}} for key in records},
        },
        "$defs": records,
    }


def _record(record_type: type[Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(record_type)
    properties = {f.name: _field(f.name, hints[f.name], record_type) for f in dataclasses.fields(record_type)}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": sorted(properties),
        "properties": properties,
    }


def _field(name: str, hint: Any, record_type: type[Any]) -> dict[str, Any]:
    if isinstance(hint, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return {"anyOf": [_field(name, inner[0], record_type), {"type": "null"}]}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    if hint is datetime:
        return _timestamp()
    if hint is date:
        return {"type": "string", "format": "date", "pattern": f"^{_YEARS}-[0-9]{{2}}-[0-9]{{2}}$"}
    if hint is bytes:
        longest = (MAX_BLOB + 2) // 3 * 4
        return {"type": "string", "contentEncoding": "base64", "maxLength": longest}
    if hint is str:
        return {"type": "string", "maxLength": text_limit(record_type, name), "pattern": _NO_NUL}
    origin = typing.get_origin(hint)
    if origin is tuple:
        return {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1, "maxLength": 64}}
    if origin is dict:
        return {"type": "object"}
    raise TypeError(f"no schema for {name}: {hint}")


def _timestamp() -> dict[str, Any]:
    return {"type": "string", "format": "date-time", "pattern": f"^{_YEARS}-"}


if __name__ == "__main__":
    print(json.dumps(export_schema(), ensure_ascii=False, indent=2))
