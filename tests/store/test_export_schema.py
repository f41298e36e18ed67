"""The published JSON Schema of the export: up to date, met by every export, and in agreement
with the import about what is refused."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from app.errors import InputError
from app.store import Store
from app.store.exchange import parse_export
from app.store.schema import export_schema

from .sample import populate

PUBLISHED = Path(__file__).resolve().parents[2] / "resources" / "schemas" / "habeas-export.schema.json"


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_published_schema_is_the_one_the_code_builds() -> None:
    assert json.loads(PUBLISHED.read_text(encoding="utf-8")) == export_schema(), (
        "run: python -m app.store.schema > resources/schemas/habeas-export.schema.json"
    )


def _export(store: Store) -> dict[str, Any]:
    populate(store)
    data: dict[str, Any] = json.loads(json.dumps(store.export_data()))
    return data


def test_every_export_meets_the_schema(store: Store) -> None:
    errors = sorted(_validator().iter_errors(_export(store)), key=str)
    assert not errors, errors[0].message if errors else ""


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d["events"][0].update(date="9999-12-20"), "events[0].date"),
        (lambda d: d["events"][0].update(date="1899-12-31"), "events[0].date"),
        (lambda d: d["cases"][0].update(reference="R" * 65), "cases[0].reference"),
        (lambda d: d["clients"][0].update(phone="1" * 65), "clients[0].phone"),
        (lambda d: d["clients"][0].update(name="Erika\x00Probe"), "clients[0].name"),
        (lambda d: d["requests"][0].update(id=2**31), "requests[0].id"),
        (lambda d: d["requests"][0].update(rights=[]), "requests[0].rights"),
        (lambda d: d["notes"][0].pop("text"), "notes[0].text"),
        (lambda d: d["notes"][0].update(colour="red"), "notes[0].colour"),
        (lambda d: d.update(store_uuid="not-a-uuid"), "store_uuid"),
    ],
)
def test_schema_and_import_refuse_the_same_things(store: Store, change: Any, key: str) -> None:
    data = _export(store)
    broken = copy.deepcopy(data)
    change(broken)
    assert list(_validator().iter_errors(broken)), "the schema accepts it"
    with pytest.raises(InputError) as refused:
        parse_export(broken)
    assert any(p.path == key for p in refused.value.problems), refused.value.problems
