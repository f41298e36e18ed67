"""Deadline titles, notices and suggestions name the law data's steps in the reader's language."""

from __future__ import annotations

from datetime import date

from app.cases.deadlines import request_state
from app.cases.replies import next_steps
from app.law import KnowledgeBase

from .builders import make_events, make_request


def test_cn_deadline_titles_and_suggestions_in_chinese(kb: KnowledgeBase) -> None:
    request = make_request("CN", "ogi", "access")
    events = make_events(("sent", "2026-02-02"), ("received", "2026-02-05"))
    today = date(2026, 3, 20)
    state = request_state(kb, request, events, today, "zh_CN")
    titles = {d.key: d.title for d in state.deadlines}
    assert titles["step:CN-RECONSIDERATION"].startswith("行政复议")
    assert "step:CN-SUIT-DIRECT" not in titles  # reconsideration first (行政复议法第二十三条)
    suggestions = next_steps(kb, request, events, state, today, "zh_CN")
    reminder = next(s for s in suggestions if s.step_id == "CN-OGI-REMINDER")
    assert reminder.title == "向政府信息公开工作机构发出催告"
    assert "20个工作日" in reminder.reason  # the step's condition, in Chinese


def test_english_stays_the_default(kb: KnowledgeBase) -> None:
    request = make_request("CN", "ogi", "access")
    events = make_events(("sent", "2026-02-02"), ("received", "2026-02-05"))
    state = request_state(kb, request, events, date(2026, 3, 20))
    titles = {d.key: d.title for d in state.deadlines}
    assert titles["step:CN-RECONSIDERATION"].startswith("Administrative reconsideration (行政复议)")


def test_criminal_notice_and_rule_pauses_in_german(kb: KnowledgeBase) -> None:
    request = make_request("CN", "pipl", "access", "criminal")
    events = make_events(("sent", "2026-02-02"), ("received", "2026-02-05"))
    state = request_state(kb, request, events, date(2026, 4, 20), "de")
    assert any("Erinnerung an das Organ der öffentlichen Sicherheit" in n for n in state.notices)
    de_request = make_request("DE", "bdsg-part3", "access")
    de_state = request_state(kb, de_request, events, date(2026, 4, 1), "de")
    klage = next(d for d in de_state.deadlines if d.key == "step:DE-UNTAETIGKEITSKLAGE")
    assert klage.title.startswith("Untätigkeitsklage")
    assert any("besondere Umstände" in line for line in klage.trace)  # the rule's pauses text


def test_citations_follow_the_reader(kb: KnowledgeBase) -> None:
    # A Chinese reader sees Chinese law cited as a Chinese lawyer writes it; others see the English form.
    request = make_request("CN", "ogi", "access")
    events = make_events(("sent", "2026-02-02"), ("received", "2026-02-05"))
    chinese = request_state(kb, request, events, date(2026, 3, 20), "zh_CN")
    response = next(d for d in chinese.deadlines if d.key == "response")
    assert response.citations[0] == "《中华人民共和国政府信息公开条例》第三十三条"
    english = request_state(kb, request, events, date(2026, 3, 20), "en")
    assert next(d for d in english.deadlines if d.key == "response").citations[0] == "OGI Regulations art. 33"
    assert kb.provision("DE-BDSG-57-1").citation_in("de") == "§ 57 Abs. 1 BDSG"
    assert kb.provision("DE-BDSG-57-1").citation_in("zh_CN") == kb.provision("DE-BDSG-57-1").citation_en
