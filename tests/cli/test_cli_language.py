"""The command line speaks the UI language chosen at run time: our help texts at every level of
subcommands, and argparse's own words ("usage:", "options", its error messages)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import i18n
from app.cli.argparse_i18n import ARGPARSE_MESSAGES
from app.cli.main import build_parser, main


class MarkingTranslator(i18n.Translator):
    """English inside ⟦ ⟧: shows which strings went through the catalog, whatever it holds."""

    def gettext(self, message: str) -> str:
        # A translation keeps a msgid's final line break ("%(prog)s: error: %(message)s\n").
        return f"⟦{message[:-1]}⟧\n" if message.endswith("\n") else f"⟦{message}⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"


@pytest.fixture
def marking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``_()`` of the app (and so of argparse, once routed) returns its msgid marked."""
    monkeypatch.setattr(i18n, "current", lambda: MarkingTranslator("en"))


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def test_help_uses_the_catalog_for_argparse_words(marking: None, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = _run(["request", "--help"], capsys)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("⟦usage: ⟧habeas request")
    assert "⟦positional arguments⟧:" in lines
    assert "⟦options⟧:" in lines
    assert "  -h, --help  ⟦show this help message and exit⟧" in lines


def test_version_help_goes_through_the_catalog(marking: None, capsys: pytest.CaptureFixture[str]) -> None:
    _status, out, _err = _run(["--help"], capsys)
    assert "⟦show program's version number and exit⟧" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["request", "bogus"], "⟦invalid choice: %(value)r (choose from %(choices)s)⟧"),
        (["request"], "⟦the following arguments are required: %s⟧"),
        (["request", "event", "1", "sent"], "⟦the following arguments are required: %s⟧"),
        (["doctor", "--bogus"], "⟦unrecognized arguments: %s⟧"),
        (["request", "show", "1", "--today"], "⟦expected one argument⟧"),
        (["request", "show", "1", "--json=yes"], "⟦ignored explicit argument %r⟧"),
        (["deadlines", "--json", "--ics"], "⟦not allowed with argument %s⟧"),
    ],
)
def test_usage_errors_are_translated_one_line_status_2(
    marking: None, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = _run(argv, capsys)
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    assert err.startswith("⟦usage: ⟧")
    errors = [line for line in err.splitlines() if "error: " in line]
    assert len(errors) == 1 and err.endswith("\n") and errors[0] == err.splitlines()[-1]
    assert errors[0].startswith("⟦habeas")  # "%(prog)s: error: %(message)s" itself is translated
    assert message.split("%")[0] in errors[0]


def test_the_language_is_the_one_current_when_help_is_shown() -> None:
    parser = build_parser()  # built in English
    assert parser.format_usage().startswith("usage: ")
    i18n.set_language("de")
    expected = i18n.translator("de").gettext("usage: ")
    assert parser.format_usage().startswith(expected)
    i18n.set_language("en")
    assert parser.format_usage().startswith("usage: ")


def _helps(parser: argparse.ArgumentParser, path: str = "habeas") -> Iterator[tuple[str, str]]:
    """(where, help) of every option, argument and subcommand, at every level."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help:
                    yield f"{path} {choice.dest}", choice.help
            for name, subparser in action.choices.items():
                yield from _helps(subparser, f"{path} {name}")
        elif action.help and action.help != argparse.SUPPRESS:
            yield f"{path} {'/'.join(action.option_strings) or action.dest}", action.help


@pytest.mark.parametrize("lang", ["de", "zh_CN"])
def test_every_help_text_at_every_level_is_in_the_ui_language(lang: str) -> None:
    english = list(_helps(build_parser()))
    i18n.set_language(lang)
    translated = list(_helps(build_parser()))
    assert [where for where, _help in translated] == [where for where, _help in english]
    catalog = i18n.translator(lang)
    wrong = [
        where
        for (where, source), (_where, shown) in zip(english, translated, strict=True)
        if shown != catalog.gettext(source)
    ]
    assert wrong == []
    # ``habeas request --help``: the list of actions, translated as the user sees it.
    assert catalog.gettext("store a request from a JSON request (the letter input format)") in dict(
        translated
    ).get("habeas request add", "")


def test_language_variable_wins_over_lang(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A desktop set to German with English regional formats: LANGUAGE=de:en, LANG=en_US.UTF-8.
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LANGUAGE", "de:en")
    status, out, _err = _run(["request", "--help"], capsys)
    assert status == 0
    german = i18n.translator("de").gettext("record what happened to a request")
    assert german != "record what happened to a request"
    assert german in out


def test_language_list_skips_languages_without_support(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LANGUAGE", "xx:zh_CN:de")
    assert i18n.system_language() == "zh_CN"
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.system_language() == "de"


def test_argparse_messages_are_the_interpreters_own() -> None:
    """Each marked msgid is a string argparse itself translates, character for character."""
    source = Path(argparse.__file__).read_text(encoding="utf-8")
    missing = [m for m in ARGPARSE_MESSAGES if repr(m) not in source and f'"{m}"' not in source]
    assert missing == []
