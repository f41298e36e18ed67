"""Hypothesis properties of every validator in app.contract: each answers or raises InputError,
never anything else, and what it accepts is exactly the contract (issue 12)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import contract
from app.contract import EARLIEST, LATEST, MAX_ID, MAX_NESTING
from app.errors import InputError, Problem

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Digits of other scripts and look-alikes: "²" and "٣" pass str.isdigit(); none is ASCII.
ODD_DIGITS = "²³¹٠١٢٣٤٥٦٧٨٩۰۱۲۳０１２３４５６７８９𝟎𝟏𝟐०१२๐๑"
TEXTS = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from("0123456789-: +" + ODD_DIGITS)),
    st.sampled_from(["", " ", "\x00", "\ud800", "a\udfffb", "1" * 4_301, "2026-03-02\x00", "x" * 600]),
)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.sampled_from(["\x00", "\ud800", "x" * 25_000]),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30,
)


def nested(levels: int, leaf: Any = 1) -> Any:
    value = leaf
    for _ in range(levels):
        value = [value]
    return value


# -- single values -----------------------------------------------------------------------------------------


@SETTINGS
@given(st.one_of(TEXTS, st.integers(), st.none(), st.lists(st.text())), st.integers(0, 700))
def test_text_problem(value: object, limit: int) -> None:
    problem = contract.text_problem(value, limit)
    if problem is None:
        assert isinstance(value, str) and len(value) <= limit and "\x00" not in value
        value.encode("utf-8")
    else:
        assert isinstance(problem, str) and problem


@SETTINGS
@given(st.dates(), st.booleans())
def test_day_problem(day: date, as_timestamp: bool) -> None:
    value: date = datetime.combine(day, datetime.min.time()) if as_timestamp else day
    assert (contract.day_problem(value) is None) == (EARLIEST <= day <= LATEST)


@SETTINGS
@given(st.one_of(st.integers(), st.booleans(), st.text(), st.floats(), st.none()))
def test_id_problem(value: object) -> None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID
    assert (contract.id_problem(value) is None) == ok


@SETTINGS
@given(st.lists(st.integers(), max_size=150), st.integers(0, 120))
def test_list_problem(items: list[int], limit: int) -> None:
    assert (contract.list_problem(items, limit) is None) == (len(items) <= limit)


@SETTINGS
@given(st.text(alphabet="ab\n\r", max_size=1_200), st.integers(1, 600))
def test_lines_problem(text: str, limit: int) -> None:
    assert (contract.lines_problem(text, limit) is None) == (text.count("\n") < limit)


@SETTINGS
@given(st.dates())
def test_last_day_problem(day: date) -> None:
    assert (contract.last_day_problem(day) is None) == (day <= LATEST)


@SETTINGS
@given(JSON_VALUES)
def test_json_problem_answers_with_a_problem_or_none(value: Any) -> None:
    problem = contract.json_problem(value)
    assert problem is None or isinstance(problem, Problem)
    if problem is None:
        # Accepted data are storable JSON on both backends.
        text = json.dumps(value, allow_nan=False, ensure_ascii=False)
        assert "\\u0000" not in text
        text.encode("utf-8")


@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 1_000, 100_000])
def test_json_problem_refuses_deep_nesting_without_recursion(levels: int) -> None:
    problem = contract.json_problem(nested(levels))
    assert problem is not None and "nested" in problem.message
    assert len(problem.path) <= 120  # the key path is shortened, not 100,000 "[0]"s


def test_json_problem_names_the_key() -> None:
    problem = contract.json_problem({"requests": [{"details": "a\x00b"}]}, "export")
    assert problem is not None and problem.path == "export.requests[0].details"


# -- what a person types ---------------------------------------------------------------------------------


@SETTINGS
@given(TEXTS)
def test_parse_day_accepts_exactly_ascii_iso_dates_in_range(value: str) -> None:
    try:
        day = contract.parse_day(value, "--date")
    except InputError as exc:
        assert exc.problems and exc.problems[0].path == "--date"
        return
    assert EARLIEST <= day <= LATEST
    assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip(), re.ASCII)


@SETTINGS
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_parse_day_round_trip(day: date) -> None:
    if EARLIEST <= day <= LATEST:
        assert contract.parse_day(day.isoformat(), "--date") == day
        assert contract.read_day(f" {day.isoformat()} ") == day
    else:
        with pytest.raises(InputError, match="outside the dates"):
            contract.parse_day(day.isoformat(), "--date")


@SETTINGS
@given(st.one_of(TEXTS, st.integers(), st.none()))
def test_read_day_never_raises(value: object) -> None:
    day = contract.read_day(value)
    assert day is None or isinstance(day, date)


@SETTINGS
@given(TEXTS, st.integers(-5, 50), st.integers(0, 10**12))
def test_parse_number(value: str, low: int, high: int) -> None:
    try:
        number = contract.parse_number(value, "--count", low, high)
    except InputError as exc:
        assert exc.problems[0].path == "--count"
        assert not contract.is_number(value, low, high)
        return
    assert low <= number <= high and value.strip().isascii() and value.strip().isdigit()
    assert contract.is_number(value, low, high)


@pytest.mark.parametrize(
    "value", ["²", "٣", "３", "𝟓", "0", "-1", str(MAX_ID + 1), str(2**63), "1" * 4_301, "1e3", "\ud800", ""]
)
def test_parse_id_refuses(value: str) -> None:
    with pytest.raises(InputError) as err:
        contract.parse_id(value, "ID")
    assert err.value.problems[0].path == "ID"


@SETTINGS
@given(st.integers(1, MAX_ID))
def test_parse_id_accepts_the_range(value: int) -> None:
    assert contract.parse_id(f" {value}", "ID") == value


@SETTINGS
@given(st.one_of(TEXTS, st.integers(), st.lists(st.integers()), st.binary()))
def test_shown_is_short_valid_text(value: object) -> None:
    text = contract.shown(value)
    assert len(text) <= 40 and "\x00" not in text
    text.encode("utf-8")


def test_shown_survives_a_huge_number() -> None:
    assert contract.shown([10**5000])


# -- files -------------------------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=300))
def test_loads_json_of_any_bytes(data: bytes) -> None:
    try:
        contract.loads_json(data, "input.json")
    except InputError as exc:
        assert "input.json" in str(exc)


@SETTINGS
@given(JSON_VALUES)
def test_loads_json_of_any_document(value: Any) -> None:
    text = json.dumps(value, ensure_ascii=True)  # lone surrogates as \\ud800 escapes, NaN as NaN
    try:
        loaded = contract.loads_json(text, "input.json")
    except InputError:
        assert contract.json_problem(value, text_limit=contract.MAX_EXPORT_FILE) is not None
        return
    assert contract.json_problem(loaded, text_limit=contract.MAX_EXPORT_FILE) is None


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        "7" * 4_301,
        '["\\ud800"]',
        '{"a": "\\u0000"}',
        "[NaN, Infinity]",
        "\ufeff{}",
    ],
)
def test_loads_json_refuses_hostile_documents(text: str) -> None:
    with pytest.raises(InputError):
        contract.loads_json(text, "input.json")


class Broken(Exception):
    pass


@SETTINGS
@given(
    st.one_of(
        st.text(max_size=200),
        st.sampled_from(
            ["a = " + "[" * 5_000 + "]" * 5_000, "a = " + "7" * 5_000, 'a = "\\u0000"', "a = nan"]
        ),
    )
)
def test_loads_toml_raises_only_the_given_error(text: str) -> None:
    try:
        data = contract.loads_toml(text, "x.toml", Broken)
    except Broken:
        return
    assert isinstance(data, dict)


@SETTINGS
@given(st.integers(0, 3_000), st.integers(0, 3_000))
def test_read_limited(tmp_path_factory: pytest.TempPathFactory, size: int, limit: int) -> None:
    path = tmp_path_factory.mktemp("read") / "file"
    path.write_bytes(b"x" * size)
    try:
        data = contract.read_limited(path, limit)
    except InputError:
        assert size > limit
        return
    assert len(data) == size <= limit


def test_read_limited_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.json"):
        contract.read_limited(tmp_path / "missing.json", 10)


def test_read_limited_stops_at_the_limit_of_an_endless_file() -> None:
    with pytest.raises(InputError, match="larger than"):
        contract.read_limited(Path("/dev/zero"), 1024 * 1024)


def test_read_input_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"a": 1}')))
    assert contract.read_input("-") == b'{"a": 1}'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 2_000)))
    with pytest.raises(InputError, match="standard input"):
        contract.read_input("-", 1_000)


def test_dates_near_the_edges() -> None:
    assert contract.day_problem(LATEST) is None and contract.day_problem(EARLIEST) is None
    assert contract.day_problem(LATEST + timedelta(days=1)) is not None
    assert contract.day_problem(EARLIEST - timedelta(days=1)) is not None
