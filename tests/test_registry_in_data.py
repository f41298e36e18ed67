"""The law data are the only registry: no module under app/ names a jurisdiction or a legal table.

Adding a jurisdiction, a language or a step kind must be data only (resources/law, a law pack on
HABEAS_LAW_PATH, resources/languages.toml). A string literal equal to a jurisdiction code in the
code would be a second registry that a new pack cannot reach, so this test refuses one.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app.law.loader import law_dir

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"


def _folder_codes() -> set[str]:
    """Every law folder shipped (jurisdictions and shared law such as EU) and its id prefix."""
    codes = {p.name for p in law_dir().iterdir() if p.is_dir()}
    return codes | {code.split("-")[0] for code in codes}


def _string_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_module_names_a_jurisdiction_code() -> None:
    codes = _folder_codes()
    assert {"CN", "DE", "GB-ENG", "US", "EU"} <= codes  # the scan looks for the real ones
    # A code alone, or a provision/rule id of a shipped folder ("CN-OGI-30", "EU:GDPR-17").
    alternatives = "|".join(map(re.escape, sorted(codes)))
    id_like = re.compile(rf"^(?:{alternatives})(?:[-:][A-Z0-9][A-Za-z0-9-]*)?$")
    found = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in sorted(APP.rglob("*.py"))
        if "migrations" not in path.parts
        for line, value in _string_literals(path)
        if id_like.match(value)
    ]
    assert not found, "jurisdiction codes in code (move them into the law data):\n" + "\n".join(found)


def test_the_scan_would_catch_one(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""Docstrings may mention CN."""\nX = ("CN", "DE")\nY = "CN-OGI-30"\n', encoding="utf-8"
    )
    values = [value for _line, value in _string_literals(sample)]
    assert sorted(values) == ["CN", "CN-OGI-30", "DE"]
