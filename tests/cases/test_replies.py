"""Structured replies and next-step suggestions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.cases.deadlines import request_state
from app.cases.draft import RequestDraft
from app.cases.replies import next_steps, parse_reply
from app.errors import InputError
from app.law import KnowledgeBase
from app.law.loader import shipped_knowledge_base

from .builders import make_events, make_request

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_parse_reply_lists_every_problem_with_its_path() -> None:
    with pytest.raises(InputError) as err:
        parse_reply(
            {
                "disclosed": "all",
                "refused": [{"grounds": [3]}],
                "inaccurate": [{}],
                "colour": 1,
                "reasons_given": "no",
            }
        )
    paths = {p.path for p in err.value.problems}
    assert paths == {
        "reply.disclosed",
        "reply.refused[0].item",
        "reply.refused[0].grounds[0]",
        "reply.inaccurate[0].wrong",
        "reply.colour",
        "reply.reasons_given",
    }


def test_reply_round_trip_keeps_user_text_verbatim() -> None:
    data = {
        "disclosed": ["<b>record</b> & note"],
        "refused": [{"item": "file 7", "grounds": ["PIPL art. 35"]}],
        "reasons_given": True,
    }
    assert parse_reply(parse_reply(data).to_data()).to_data() == data


def test_wrong_data_in_an_access_reply_prefills_a_correction(kb: KnowledgeBase) -> None:
    draft = RequestDraft.from_json(
        json.loads((EXAMPLES / "cn-access.json").read_text(encoding="utf-8")), shipped_knowledge_base()
    )
    request = make_request("CN", "ogi", "access", "administrative")
    request = request.__class__(**{**request.__dict__, "draft": {"draft": draft.to_json()}})
    reply = {
        "disclosed": ["标注记录"],
        "inaccurate": [{"wrong": "重点人员", "correct": "无", "evidence": "判决书"}],
        "unlawful": ["2019年的盘查记录"],
    }
    events = make_events(
        ("sent", "2026-03-02"),
        ("received", "2026-03-04"),
        ("partly_granted", "2026-03-20", "", {"reply": reply}),
    )
    today = date(2026, 3, 25)
    state = request_state(kb, request, events, today)
    suggestions = next_steps(kb, request, events, state, today)
    correction = next(s for s in suggestions if s.kind == "correction")
    assert correction.draft is not None and correction.draft.right == "correction"
    assert correction.draft.correction is not None and correction.draft.correction.wrong == "重点人员"
    assert correction.draft.requester == draft.requester and correction.draft.date == today
    assert correction.draft.problems(shipped_knowledge_base()) == []  # ready for the letter
    deletion = next(s for s in suggestions if s.kind == "deletion")
    assert deletion.draft is not None and deletion.draft.deletion is not None
    assert "2019年的盘查记录" in deletion.draft.deletion.explanation
    # escalation steps the partial answer opens are offered too, with their windows
    assert any(s.step_id == "CN-RECONSIDERATION" and s.due == date(2026, 5, 19) for s in suggestions)
