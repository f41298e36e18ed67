"""Chinese line breaking: closing punctuation never starts a line, opening punctuation never ends one."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle

from app.letters.cjk import CANNOT_END, CANNOT_START, CJKParagraph, break_positions
from app.letters.fonts import choose_family

LONG = (
    "申请人请求贵机关依照“个人信息保护法”的规定，说明处理目的、处理方式和保存期限；"
    "如贵机关认为依法不应提供，请写明所依据的具体法律规定，并告知申请人救济途径“行政复议”；"
    "答复请寄至申请人住址（北京市朝阳区建国路88号），或者发送至电子邮箱li.wenjing@example.com。"
)


def test_break_positions_keep_closing_punctuation_with_its_character() -> None:
    text = "一二三四五”；六七"
    # Five characters fit: a knife cut would start line two with ”；.
    breaks = break_positions(text, [10.0] * len(text), [50.0])
    assert breaks and all(text[b] not in CANNOT_START for b in breaks)
    assert breaks[0] == 4  # "五”；" moves down together


def test_break_positions_do_not_split_latin_words() -> None:
    text = "邮箱地址是abc@ex.com。"
    breaks = break_positions(text, [10.0] * len(text), [80.0])
    assert breaks[0] == 5  # the address moves down whole instead of being cut after "abc"


def test_forced_breaks_start_a_new_line_count() -> None:
    text = "一二三四五六七八"
    breaks = break_positions(text, [10.0] * 8, [30.0, 80.0], forced=[2])
    assert breaks == []  # after the forced break the wider later width applies


def _lines(para: Any) -> list[str]:
    out = []
    for line in para.blPara.lines:
        words = getattr(line, "words", None)
        if words is not None:
            out.append("".join(getattr(w, "text", "") for w in words))
        else:  # single-fragment form: (extra space, [text])
            out.append("".join(line[1]))
    return [line for line in out if line]


@pytest.mark.parametrize("width", [float(w) for w in range(120, 420, 7)])
def test_pdf_paragraph_lines_never_start_with_closing_punctuation(width: float) -> None:
    family = choose_family("zh_CN", [("t", LONG)])
    style = ParagraphStyle("t", fontName=family.regular, fontSize=12, leading=20, wordWrap="CJK")
    para = CJKParagraph(LONG + "<br/>" + LONG[:40] + "”；", style)
    para.wrap(width, 10_000)
    lines = _lines(para)
    assert "".join(lines) == LONG + LONG[:40] + "”；"  # nothing lost or duplicated
    for n, line in enumerate(lines):
        if n:
            assert line[0] not in CANNOT_START, (width, n, line)
        assert line[-1] not in CANNOT_END or n == len(lines) - 1, (width, n, line)
