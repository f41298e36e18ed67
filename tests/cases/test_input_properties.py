"""Hypothesis properties of the two JSON inputs a person hands Habeas: the request (RequestDraft.from_json,
read by ``habeas letter``, ``request add`` and the wizard's import) and the export file
(app.store.exchange.parse_export, read by ``habeas import``). Mutated valid documents and hostile
values: a value or InputError, nothing else (issue 12)."""

from __future__ import annotations

import contextlib
import copy
import json
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from app.cases.draft import RequestDraft
from app.cases.lifecycle import known_event_kinds
from app.contract import json_problem
from app.errors import HabeasError, InputError
from app.law import KnowledgeBase
from app.law.loader import shipped_knowledge_base
from app.store import DatabaseConfig, open_store
from app.store.exchange import parse_export
from tests.document_slots import slots

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\ud800",
        "²",
        "٢٠٢٦-٠٣-٠٢",
        "２０２６-０３-０２",
        "9999-12-31",
        "0001-01-01",
        "2026-02-30",
        "x" * 65,
        "x" * 20_001,
        "J" * 60_000,
        "%" * 5_000,
        "a@" + "b" * 5_000,
    ]
)
HOSTILE_SCALARS = st.one_of(
    st.text(max_size=40),
    HOSTILE_TEXT,
    st.integers(),
    st.sampled_from([2**31, 2**63, -(2**63), 2**53 + 1, 0, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
HOSTILE = st.recursive(
    HOSTILE_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=10,
)


@st.composite
def mutated(draw: st.DrawFn, bases: list[Any]) -> Any:
    doc = copy.deepcopy(draw(st.sampled_from(bases)))
    places = slots(doc)
    for _ in range(draw(st.integers(1, 4))):
        container, key = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["replace", "replace", "replace", "remove", "add", "wrap"]))
        try:
            if action == "remove" and isinstance(container, dict):
                del container[key]
            elif action == "add" and isinstance(container, dict):
                container[draw(st.text(max_size=12))] = draw(HOSTILE)
            elif action == "wrap":
                container[key] = [container[key]]
            else:
                container[key] = draw(HOSTILE)
        except (KeyError, IndexError):  # an earlier mutation took it away
            continue
    return doc


def through_json(doc: Any) -> Any:
    """The document as ``json.loads`` gives it back (what the commands see), NaN and all."""
    return json.loads(json.dumps(doc))


# -- the request ------------------------------------------------------------------------------------------

REQUESTS = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json"))]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return shipped_knowledge_base()


@SETTINGS
@given(mutated(REQUESTS))
def test_request_reader_gives_a_draft_or_input_error(kb: KnowledgeBase, doc: Any) -> None:
    try:
        draft = RequestDraft.from_json(through_json(doc), kb)
    except InputError as exc:
        assert exc.problems, "every refusal names the key"
        for problem in exc.problems:
            str(problem).encode("utf-8")  # the message can be printed
        return
    assert draft.problems(kb) == []
    assert RequestDraft.from_json(draft.to_json(), kb) == draft  # what is accepted round-trips


@settings(SETTINGS, max_examples=40)
@given(mutated(REQUESTS))
def test_an_accepted_request_makes_a_letter_or_says_why(kb: KnowledgeBase, doc: Any) -> None:
    from app.letters import compose, render_text

    try:
        draft = RequestDraft.from_json(through_json(doc), kb)
    except InputError:
        return
    with contextlib.suppress(HabeasError):  # e.g. a date whose reply falls after 2199-12-31
        render_text(compose(draft, kb))


@SETTINGS
@given(HOSTILE)
def test_request_reader_of_anything(kb: KnowledgeBase, doc: Any) -> None:
    with pytest.raises(InputError):
        RequestDraft.from_json(through_json(doc), kb)


# -- the export file -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def export() -> Iterator[dict[str, Any]]:
    """The export of a store with two clients' requests, events and letters (invented people)."""
    from app.services import CaseworkService

    folder = Path(tempfile.mkdtemp(prefix="habeas-export-"))
    store = open_store(DatabaseConfig.sqlite(folder / "habeas.sqlite3"))
    try:
        service = CaseworkService(store, shipped_knowledge_base())
        for name in ("de-access", "cn-deletion", "gb-eng-correction"):
            draft = RequestDraft.from_json(REQUESTS_BY_NAME[name], service.kb)
            request = service.open_case([draft]).requests[0]
            assert request.id is not None
            service.record_event(request.id, "sent", date(2026, 3, 3), today=date(2026, 4, 1))
        yield store.export_data()
    finally:
        store.close()


REQUESTS_BY_NAME = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES.glob("*.json")}


@SETTINGS
@given(st.data())
def test_export_reader_gives_records_or_input_error(export: dict[str, Any], data: st.DataObject) -> None:
    doc = through_json(data.draw(mutated([export])))
    try:
        records = parse_export(doc, known_event_kinds(shipped_knowledge_base()))
    except InputError as exc:
        assert str(exc)
        return
    # The records accepted are within the contract, so both backends store them (other top-level
    # keys are not read; the CLI refuses a NUL anywhere in the file before this).
    assert all(json_problem(doc.get(table), text_limit=10**9) is None for table in records)


@SETTINGS
@given(HOSTILE)
def test_export_reader_of_anything(doc: Any) -> None:
    with pytest.raises(InputError):
        parse_export(through_json(doc))


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [
        ("events", "date", "9999-12-20"),
        ("events", "date", "٢٠٢٦-٠٣-٠٢"),
        ("events", "id", 2**63),
        ("events", "request_id", 2**31),
        ("clients", "name", "J" * 60_000),
        ("clients", "phone", "1" * 65),
        ("cases", "reference", "R" * 65),
        ("clients", "name", "a\x00b"),
        ("clients", "name", "\ud800"),
        ("requests", "details", "x" * 20_001),
    ],
)
def test_export_reader_refuses_values_outside_the_contract(
    export: dict[str, Any], table: str, field: str, value: Any
) -> None:
    doc = copy.deepcopy(export)
    doc[table][0][field] = value
    with pytest.raises(InputError):
        parse_export(doc, known_event_kinds(shipped_knowledge_base()))
