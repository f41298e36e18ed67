"""CLI help wrapped by terminal columns: Chinese help fits the terminal like English help does."""

from __future__ import annotations

import pytest

from app import i18n
from app.cli.argparse_i18n import display_width, wrap_to_width
from app.cli.main import main


def test_wrapping_counts_columns_not_characters() -> None:
    text = "同时生成申请信函并随案件保存，用于卷宗；JSON 格式的申请（'-' 表示标准输入）"
    lines = wrap_to_width(text, 20)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(display_width(line) <= 20 for line in lines) and len(lines) > 2
    assert not any(line[0] in "，；）。" for line in lines)  # closing punctuation ends a line
    assert wrap_to_width("a plain English sentence of words", 12) == [
        "a plain",
        "English",
        "sentence of",
        "words",
    ]


@pytest.mark.parametrize("language", ["zh_CN", "de", "en"])
@pytest.mark.parametrize("argv", [["--help"], ["request", "--help"], ["request", "event", "--help"]])
def test_help_fits_an_80_column_terminal(
    language: str, argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LANGUAGE", language)
    try:
        with pytest.raises(SystemExit) as done:
            main(argv)
    finally:
        i18n.set_language("en")
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert ("用法" in out) == (language == "zh_CN")  # the help really is in that language
    lines = out.splitlines()
    # The usage line is laid out by argparse itself, which counts the "用法：" prefix as three
    # columns: it may run over by the prefix's extra width.
    too_wide = [
        line
        for line in lines
        if display_width(line) > 80 + (3 if line.startswith("用法") else 0) and " " in line.strip()
    ]
    assert not too_wide, too_wide
