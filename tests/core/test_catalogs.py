"""Every string marked for translation is translated into Chinese and German, and the compiled
catalogs that ship are up to date with their sources."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "gettext": None}


def _extracted_ids() -> set[str]:
    ids: set[str] = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        ROOT / "app", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


@pytest.mark.parametrize("lang", ["zh_CN", "de"])
def test_every_marked_string_is_translated(lang: str) -> None:
    with (LOCALES / lang / "LC_MESSAGES" / "habeas.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    missing = sorted(
        msgid for msgid in _extracted_ids() if msgid not in catalog or not _translated(catalog[msgid].string)
    )
    assert not missing, f"{len(missing)} untranslated in {lang}, e.g. {missing[:5]}"


def _key(value: object) -> object:
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _translated(string: object) -> bool:
    return any(string) if isinstance(string, (list, tuple)) else bool(string)


@pytest.mark.parametrize("lang", ["en", "zh_CN", "de"])
def test_compiled_catalog_matches_its_source(lang: str) -> None:
    directory = LOCALES / lang / "LC_MESSAGES"
    with (directory / "habeas.po").open("rb") as fh:
        source = read_po(fh, locale=lang)
    with (directory / "habeas.mo").open("rb") as fh:
        compiled = read_mo(io.BytesIO(fh.read()))
    expected = {_key(m.id): _key(m.string) for m in source if m.id and _translated(m.string) and not m.fuzzy}
    # read_mo gives plural ids/strings as lists; pybabel compile writes untranslated plurals as
    # copies of their msgids, which are not translations.
    actual = {
        _key(m.id): _key(m.string)
        for m in compiled
        if m.id and _translated(m.string) and not (isinstance(m.id, list) and m.string == m.id)
    }
    assert actual == expected, "run: pybabel compile -d locales -D habeas"


def _called_ids() -> set[str]:
    """Literal msgids of every ``_()``/``N_()``/``ngettext()`` call, found with ``ast``.

    Unlike Babel's extractor, ``ast`` also sees calls inside f-strings.
    """
    ids: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in KEYWORDS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                ids.add(node.args[0].value)
    return ids


def test_no_marked_string_escapes_extraction() -> None:
    # A string marked inside an f-string is invisible to pybabel and would stay English.
    hidden = sorted(_called_ids() - _extracted_ids())
    assert not hidden, f"marked but not extracted (move them out of f-strings): {hidden}"
