"""Every event kind a request's history can hold is named where users look for it: the help of
``habeas request event`` (in every UI language) and the README's command table."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from app import i18n
from app.cases.lifecycle import known_event_kinds
from app.cli.main import build_parser
from app.law import load_knowledge_base

README = Path(__file__).resolve().parents[2] / "README.md"


def _spellings(tmp_path: Path) -> list[str]:
    kb = load_knowledge_base(tmp_path / "calendars")
    return [kind.replace("_", "-") for kind in known_event_kinds(kb)]


def _kind_help() -> str:
    parser = build_parser()
    request = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["request"]
    actions = next(a for a in request._actions if isinstance(a, argparse._SubParsersAction))
    event = actions.choices["event"]
    return next(a.help for a in event._actions if a.dest == "kind") or ""


@pytest.mark.parametrize("lang", ["en", "de", "zh_CN"])
def test_the_help_of_request_event_names_every_kind(lang: str, tmp_path: Path) -> None:
    i18n.set_language(lang)
    named = set(re.findall(r"[a-z]+(?:-[a-z]+)*", _kind_help()))
    assert [kind for kind in _spellings(tmp_path) if kind not in named] == []


def test_the_readme_command_table_names_every_kind(tmp_path: Path) -> None:
    row = next(
        line
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `habeas request event")
    )
    named = set(re.findall(r"`([a-z-]+)(?: [^`]*)?`", row))
    assert [kind for kind in _spellings(tmp_path) if kind not in named] == []
