"""``habeas doctor`` says what its lines say: the summary counts the problems and warnings listed,
and every fix hint names something a user can act on, never a path inside Habeas's source tree."""

from __future__ import annotations

import re
from pathlib import Path

import keyring.backends.fail
import pytest

from app.cli import doctor_cmd
from app.cli.main import main


def _counts(out: str) -> tuple[int, int]:
    lines = out.splitlines()
    return (
        sum(line.startswith("Problem: ") for line in lines),
        sum(line.startswith("Warning: ") for line in lines),
    )


def test_the_summary_counts_the_warnings_it_printed(capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # one warning for certain
    status = main(["doctor"])
    out = capsys.readouterr().out
    problems, warnings = _counts(out)
    assert status == 0 and problems == 0 and warnings >= 1
    counted = f"{warnings} warning" + ("s" if warnings > 1 else "")
    assert out.splitlines()[-1] == f"Summary: 0 problems, {counted} (see above)."
    assert "No problems found." not in out


def test_the_summary_counts_problems_and_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    status = main(["--database", "postgresql+psycopg://nobody@127.0.0.1:1/none", "doctor"])
    out = capsys.readouterr().out
    problems, warnings = _counts(out)
    assert status == 1 and problems == 1 and warnings >= 1
    assert out.splitlines()[-1].startswith("Summary: 1 problem, ")


@pytest.mark.parametrize(
    ("problems", "warnings", "expected"),
    [
        (0, 0, "No problems found."),
        (0, 1, "Summary: 0 problems, 1 warning (see above)."),
        (2, 0, "Summary: 2 problems, 0 warnings (see above)."),
        (1, 3, "Summary: 1 problem, 3 warnings (see above)."),
    ],
)
def test_summary_wording(problems: int, warnings: int, expected: str) -> None:
    assert doctor_cmd.summary(problems, warnings) == expected


def _hints(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.lstrip().startswith("Fix: ")]


# A path inside the source tree: resources/…, app/…, locales/…, a README.
SOURCE_PATH = re.compile(r"\b(resources|app|locales|tests)/|README")


def test_fix_hints_name_no_source_tree_paths(capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    main(["doctor"])
    hints = _hints(capsys.readouterr().out)
    assert hints
    assert [hint for hint in hints if SOURCE_PATH.search(hint)] == []


def test_a_missing_letter_font_is_fixed_by_reinstalling(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import app.paths
    from app.bootstrap import load_environment

    env = load_environment()
    monkeypatch.setattr(app.paths, "resources_dir", lambda: tmp_path)  # no fonts folder there
    check = doctor_cmd._cjk_font(env)
    assert check.problem
    assert check.hint == "reinstall Habeas: the font is part of it"


def test_the_holiday_hint_says_what_to_do_meanwhile(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.bootstrap import load_environment
    from app.law import WorkingCalendar

    env = load_environment()
    monkeypatch.setattr(WorkingCalendar, "has_official_data", lambda self, year: False)
    check = doctor_cmd._holiday_schedules(env)
    assert check.warning == "deadlines reaching into these years are marked provisional"
    assert "official holiday announcement" in check.hint
    assert str(env.paths.calendars_dir) in check.hint
    assert not SOURCE_PATH.search(check.hint)
