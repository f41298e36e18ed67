"""Law packs with hypothesis-mutated TOML values: only DataFileError or InputError may come out.

A law pack is data a clinic installs from elsewhere; whatever it holds (a number of 5,000 digits,
a date in year 9999, a list where a text belongs, tables nested a hundred deep, a broken pattern)
must fail with a message naming the file and key, and a broken pack must never take the shipped
jurisdictions down (issue 12).
"""

from __future__ import annotations

import contextlib
import json
import math
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from app.errors import DataFileError, InputError
from app.languages import load_languages
from app.law import load_knowledge_base
from app.law.loader import law_dir
from tests.document_slots import slots

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "chainpack"
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # no tracing "explain" phase
)


# -- writing TOML (the standard library reads it only) ---------------------------------------------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string, escapes included
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def toml_document(data: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(str(k))} = {toml_value(v)}\n" for k, v in data.items())


# -- hostile TOML values ------------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.text(max_size=30).filter(lambda t: not any("\ud800" <= c <= "\udfff" for c in t)),
    st.sampled_from(["", " ", "x" * 5_000, "a\x00b", "²", "٣", "(", "[a-", "(a+)+$", "{name}", "9999-12-31"]),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, -1, 2**31, 2**53 + 1, 2**63 - 1, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def deep(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return value


HOSTILE = st.one_of(VALUES, st.sampled_from([deep(40), deep(500), [1] * 2_000]))


@st.composite
def mutations(draw: st.DrawFn, files: list[Path]) -> tuple[Path, str]:
    """One file of the pack with one to three values replaced (or keys removed/added)."""
    path = draw(st.sampled_from(files))
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    places = slots(data)  # of the file as it is: a mutation may add thousands of values
    removed: set[int] = set()
    for _ in range(draw(st.integers(1, 3))):
        container, key = draw(st.sampled_from(places))
        if id(container) in removed:
            continue
        action = draw(st.sampled_from(["replace", "replace", "replace", "remove", "add"]))
        if action == "remove" and isinstance(container, dict) and key in container:
            removed.add(id(container[key]))
            del container[key]
        elif action == "add" and isinstance(container, dict):
            container[draw(st.text(min_size=1, max_size=10))] = draw(HOSTILE)
        elif isinstance(container, dict) or key < len(container):
            container[key] = draw(HOSTILE)
    return path, toml_document(data)


# -- the properties ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_copy() -> Iterator[Path]:
    """A copy of resources/ (law and letters), mutated file by file and restored after each example."""
    folder = Path(tempfile.mkdtemp(prefix="habeas-law-"))
    shutil.copytree(law_dir(), folder / "law")
    try:
        yield folder / "law"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


PACK_FILES = sorted((PACK / "law" / "ZZ").glob("*.toml"))


@SETTINGS
@given(mutations(PACK_FILES))
def test_a_mutated_pack_is_skipped_with_a_reason_or_loaded(
    tmp_path_factory: pytest.TempPathFactory, change: tuple[Path, str]
) -> None:
    source, text = change
    pack = tmp_path_factory.mktemp("pack")
    shutil.copytree(PACK / "law", pack / "law")
    target = pack / "law" / "ZZ" / source.name
    target.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        kb = load_knowledge_base(packs=(pack,))
    except (DataFileError, InputError):
        return  # a pack may fail loudly, with file and key ...
    # ... but it never takes the shipped jurisdictions with it.
    assert {"CN", "DE", "GB-ENG", "US"} <= set(kb.jurisdictions)
    if "ZZ" not in kb.jurisdictions:
        assert kb.problems and all(reason for _where, reason in kb.problems)


SHIPPED_FILES = sorted(p for p in law_dir().rglob("*.toml"))


@SETTINGS
@given(mutations(SHIPPED_FILES))
def test_mutated_shipped_law_fails_with_data_file_error(shipped_copy: Path, change: tuple[Path, str]) -> None:
    source, text = change
    target = shipped_copy / source.relative_to(law_dir())
    original = target.read_bytes()
    target.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        load_knowledge_base(root=shipped_copy, packs=())
    except (DataFileError, InputError):
        pass
    finally:
        target.write_bytes(original)


@SETTINGS
@given(HOSTILE, st.sampled_from(["code", "catalog", "name", "native", "script", "variant_of", "extra"]))
def test_a_mutated_languages_file_fails_with_data_file_error(
    tmp_path_factory: pytest.TempPathFactory, value: Any, key: str
) -> None:
    entry = {"code": "xx", "catalog": "xx", "name": "Example", "native": "Example", key: value}
    path = tmp_path_factory.mktemp("languages") / "languages.toml"
    path.write_bytes(toml_document({"language": [entry]}).encode("utf-8", "surrogatepass"))
    with contextlib.suppress(DataFileError, InputError):
        load_languages(path, {})


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 100_000 + "]" * 100_000,
        "a = " + "7" * 5_000,
        "a = 9999-12-31\ncode = 1",
        'a = "\\ud800"',
        "\x00",
    ],
)
def test_hostile_toml_text(tmp_path: Path, text: str) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK / "law", pack / "law")
    (pack / "law" / "ZZ" / "deadlines.toml").write_text(text, encoding="utf-8")
    kb = load_knowledge_base(packs=(pack,))
    assert "ZZ" not in kb.jurisdictions
    assert any("deadlines.toml" in where or "deadlines.toml" in reason for where, reason in kb.problems)
