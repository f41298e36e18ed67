"""Commands that only read the store never say "Nothing was saved." (or "changed"): a bad or
unknown id, a bad date, say what the command did not do, with exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.main import main

WRITES = ("Nothing was saved.", "Nothing was changed.")


def _cases(folder: Path) -> list[tuple[list[str], str, str]]:
    pdf = str(folder / "out.pdf")
    return [
        (["request", "show", "999"], "Nothing to show.", "id: there is no request with id 999"),
        (["request", "show", "abc"], "Nothing to show.", "ID: not a whole number"),
        (["request", "show", "1", "--today", "2026-02-30"], "Nothing to show.", "--today: not a date"),
        (["request", "list", "--today", "bad"], "Nothing was listed.", "--today: not a date"),
        (["deadlines", "--today", "bad"], "Nothing was listed.", "--today: not a date"),
        (["dossier", "999", "--out", pdf], "Nothing was written.", "id: there is no case with id 999"),
        (["dossier", "1", "--today", "x", "--out", pdf], "Nothing was written.", "--today: not a date"),
        (
            ["request", "letter", "999", "GB-REMINDER", "--out", pdf],
            "Nothing was written.",
            "id: there is no request with id 999",
        ),
        (["request", "letter", "x", "S", "--out", pdf], "Nothing was written.", "ID: not a whole number"),
        (
            ["request", "letter", "1", "S", "--date", "2026-1-1", "--out", pdf],
            "Nothing was written.",
            "--date: not a date",
        ),
    ]


@pytest.mark.parametrize("index", range(10))
def test_read_only_commands_say_what_they_did_not_do(
    index: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, headline, problem = _cases(tmp_path)[index]
    status = main(argv)
    err = capsys.readouterr().err
    assert status == 2
    lines = err.splitlines()
    assert lines[0] == f"Error: {headline}"
    assert lines[1].startswith(f"  - {problem}")
    assert not any(words in err for words in WRITES)
    assert not (tmp_path / "out.pdf").exists()


def test_recording_an_event_for_no_request_still_says_nothing_was_saved(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A command that writes keeps the store's own words.
    status = main(["request", "event", "999", "sent", "--date", "2026-03-02"])
    assert status == 2
    assert capsys.readouterr().err.splitlines()[0] == "Error: Nothing was saved."
