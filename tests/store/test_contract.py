"""SQLite and PostgreSQL accept exactly the same data: the input contract is checked before every
write, so what one backend would store and the other refuse (a NUL, a 65-character reference, an
id beyond PostgreSQL's integer, a year 9999) is refused on both, naming the field, with nothing
written."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

import pytest

from app.cases.records import Case, Client, Request, RequestEvent
from app.contract import LATEST, MAX_ID
from app.errors import InputError
from app.store import Store

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _nested(depth: int) -> object:
    value: object = 1
    for _level in range(depth):
        value = [value]
    return value


def _request(store: Store) -> Request:
    client = store.add_client(Client(name="Jan Beispiel"))
    case = store.add_case(Case(title="Auskunft", client_id=client.id or 0, created=T0, updated=T0))
    return store.add_request(
        Request(case_id=case.id or 0, jurisdiction="DE", regime="bdsg3", rights=("access",), created=T0)
    )


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (Client(name="Jan\x00Beispiel"), "name"),
        (Client(name="Jan Beispiel", phone="0" * 65), "phone"),
        (Client(name="Jan Beispiel", id_number="X" * 65), "id_number"),
        (Client(name="Jan Beispiel", email="a" * 250 + "@x.de"), "email"),
        (Client(name="Jan \ud800 Beispiel"), "name"),
        (Client(name="J" * 501), "name"),
        (Client(name="Jan Beispiel", address="Straße " * 400), "address"),
        (Client(name="Jan Beispiel", birth_date=date(1899, 12, 31)), "birth_date"),
    ],
)
def test_a_client_outside_the_contract_is_refused_on_every_backend(
    store: Store, record: Client, field: str
) -> None:
    with pytest.raises(InputError) as refused:
        store.add_client(record)
    assert [p.path for p in refused.value.problems] == [field]
    assert store.list_clients() == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": date(9999, 12, 20)}, "date"),
        ({"date": LATEST.replace(year=LATEST.year + 1)}, "date"),
        ({"receipt_reference": "R" * 129}, "receipt_reference"),
        ({"note": "x\x00y"}, "note"),
        ({"data": {"until": "2026-04-01", "deep": _nested(40)}}, "data"),
        ({"data": {"big": 2**63}}, "data"),
    ],
)
def test_an_event_outside_the_contract_is_refused_on_every_backend(
    store: Store, change: dict[str, Any], field: str
) -> None:
    request = _request(store)
    event = RequestEvent(request_id=request.id or 0, kind="sent", date=date(2026, 3, 2))
    with pytest.raises(InputError) as refused:
        store.add_event(dataclasses.replace(event, **change))
    assert [p.path.split(".")[0].split("[")[0] for p in refused.value.problems] == [field]
    assert store.list_events(request.id or 0) == []


def test_ids_beyond_postgresql_integer_are_refused_not_failed(store: Store) -> None:
    request = _request(store)
    with pytest.raises(InputError) as refused:
        store.add_event(RequestEvent(request_id=MAX_ID + 1, kind="sent", date=date(2026, 3, 2)))
    assert [p.path for p in refused.value.problems] == ["request_id"]
    with pytest.raises(InputError):
        store.get_request(MAX_ID + 1)
    assert store.get_request(request.id or 0) == request
