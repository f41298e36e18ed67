"""The deadline explanation for two audiences: the user (tags in words, what to do) and an authority
(the law and the dates only: no confidence tags, no instructions to the user)."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import pytest

from app.cases.draft import RequestDraft
from app.law import KnowledgeBase, due_date
from app.law.trace import Rendered, strip_tags, tags_in_words

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TAG = re.compile(r"\[[^\[\]]*\b[VSMI](?:/[VSMI])*\]")
# Instructions to the user that must never reach an authority, in every catalog language.
INSTRUCTIONS = ("calendars folder", "日历文件夹", "Kalenderordner", "Add the official schedule")
# 2027 has no official CN holiday schedule in the data: the reply date is provisional.
PROVISIONAL_DAY = date(2027, 12, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cl. 8.7 [S], used as a reference", "cl. 8.7, used as a reference"),
        ("From 19 June 2026 (expected [S]) a complaint", "From 19 June 2026 (expected) a complaint"),
        ("作为明确标注的参考期限[S]；该标准", "作为明确标注的参考期限；该标准"),
        ("a labelled reference [I].", "a labelled reference."),
        ("both readings [S/I] apply", "both readings apply"),
        ("s.51 [applicability to s.51 requests: I] here", "s.51 here"),
        ("第51条[对第51条请求的适用性：I]。", "第51条。"),
        ("see [Status] and [1]", "see [Status] and [1]"),  # not tags
        ("no tags at all", "no tags at all"),
    ],
)
def test_strip_tags(text: str, expected: str) -> None:
    assert strip_tags(text) == expected


def test_tags_in_words_for_the_user() -> None:
    assert tags_in_words("cl. 8.7 [S], used", "en") == (
        "cl. 8.7 (from a secondary source, not yet checked against the official text), used"
    )
    assert tags_in_words("reference [I].", "en") == (
        "reference (an interpretation chosen by Habeas: the law does not settle this)."
    )
    qualified = tags_in_words("s.51 [applicability to s.51 requests: I]", "en")
    assert qualified == (
        "s.51 (applicability to s.51 requests: an interpretation chosen by Habeas: the law does not "
        "settle this)"
    )
    chinese = tags_in_words("参考期限[M]；", "zh_CN")
    assert chinese.startswith("参考期限（") and chinese.endswith("）；") and "[M]" not in chinese
    assert "[" not in tags_in_words("[S/I]", "de")


@pytest.mark.parametrize("lang", ["en", "zh_CN", "de"])
def test_authority_explanation_has_no_tags_nor_instructions(kb: KnowledgeBase, lang: str) -> None:
    for code in kb.jurisdictions:
        for route in kb.routes_of(code):
            result = due_date(code, PROVISIONAL_DAY, rule=route.deadline, kb=kb, lang=lang)
            lines = result.explain(lang, audience="authority")
            text = "\n".join(lines)
            assert not TAG.search(text), (code, route.regime, route.right, text)
            assert not any(i in text for i in INSTRUCTIONS), text
            assert result.explain(lang) == list(result.explain(lang, audience="user"))


def test_a_provisional_date_stays_marked_for_the_authority(kb: KnowledgeBase) -> None:
    route = kb.route("CN", "pipl", "access")
    result = due_date("CN", PROVISIONAL_DAY, rule=route.deadline, kb=kb, lang="en")
    assert result.provisional
    user = "\n".join(result.explain("en"))
    authority = "\n".join(result.explain("en", audience="authority"))
    assert "Add the official schedule to the calendars folder" in user
    assert "Provisional date: the official holiday schedule for 2027 was not available" in authority
    assert "calendars folder" not in authority
    # The reference note of a period the law does not number: [S] in words for the user, gone for
    # the authority; the law and the dates are the same for both.
    assert "not yet checked against the official text" in user and "[S]" not in user
    assert "GB/T 35273" in authority and "not yet checked" not in authority
    assert "Due: 31 December 2027 (Fri)" in user and "Due: 31 December 2027 (Fri)" in authority


def test_authority_explanation_in_the_letter_language(kb: KnowledgeBase) -> None:
    route = kb.route("CN", "pipl", "access")
    result = due_date("CN", PROVISIONAL_DAY, rule=route.deadline, kb=kb, lang="en")
    chinese = "\n".join(result.explain("zh_CN", audience="authority"))
    assert "截止日期：2027年12月31日" in chinese
    assert "2027" in chinese.splitlines()[-1] and "暂定" in chinese.splitlines()[-1]
    assert "日历文件夹" not in chinese and "参考期限；" in chinese


def test_a_redated_result_without_facts_is_still_clean(kb: KnowledgeBase) -> None:
    route = kb.route("CN", "pipl", "access")
    result = due_date("CN", PROVISIONAL_DAY, rule=route.deadline, kb=kb, lang="en")
    # As app.cases.clock re-dates an announced extension: the lines kept, the facts gone.
    fixed = Rendered(tuple(result.trace), result.provisional_reason, "")
    bare = dataclasses.replace(result, facts=None, fixed=fixed)
    text = "\n".join(bare.explain(audience="authority"))
    assert "[S]" not in text and "calendars folder" not in text
    assert "Provisional date:" in text


def test_the_letter_annex_is_written_for_the_authority(kb: KnowledgeBase) -> None:
    from app.letters import compose

    data = json.loads((EXAMPLES / "cn-deletion.json").read_text(encoding="utf-8"))
    draft = dataclasses.replace(RequestDraft.from_json(data, kb), date=PROVISIONAL_DAY)
    letter = compose(draft, kb)
    annex = "\n".join(letter.annex)
    assert "2027" in annex
    assert not TAG.search(annex), annex
    assert not any(i in annex for i in INSTRUCTIONS), annex
    assert "暂定" in annex  # the provisional date is still marked, in the letter's language
