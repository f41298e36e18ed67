"""The wizard's law advice speaks the UI language: the data's Chinese/German texts, not the English."""

from __future__ import annotations

import re
from typing import Any

from app.i18n import set_language
from app.ui.advice import LawAdvisor


def _english_words(kb: Any, code: str) -> set[str]:
    """Every ASCII word of two letters or more in the English texts the advice is built from."""
    j = kb.jurisdiction(code)
    texts = [j.name_en, *(c.label for c in j.contexts.values())]
    for regime in j.regimes.values():
        texts += [regime.name, regime.question, regime.notes]
    return {w for text in texts for w in re.findall(r"[A-Za-z]{2,}", text)}


def test_chinese_advice_for_a_cn_administrative_case_has_no_english_from_the_data(
    knowledge_base: Any,
) -> None:
    set_language("zh_CN")
    proposal = LawAdvisor(knowledge_base).propose("CN", "administrative_penalty")
    assert proposal.context == "administrative"
    text = "\n".join((*proposal.reasons, proposal.notes))
    leaked = set(re.findall(r"[A-Za-z]{2,}", text)) & _english_words(knowledge_base, "CN")
    assert leaked == set(), text
    assert "中华人民共和国" in text
    assert "公安机关掌握的行政管理记录" in text  # the context label
    assert "《政府信息公开条例》" in text and "《个人信息保护法》" in text  # both regimes, by name
    # The lawyer's notes (case law, confidence tags) are kept apart from the two plain sentences.
    assert "[S]" in proposal.notes and "[V]" in proposal.notes
    assert "[S]" not in "".join(proposal.reasons) and "典型案例" not in "".join(proposal.reasons)


def test_german_advice_uses_the_german_data(knowledge_base: Any) -> None:
    set_language("de")
    proposal = LawAdvisor(knowledge_base).propose("DE", "criminal_case")
    text = "\n".join(proposal.reasons)
    assert "Verhütung, Ermittlung oder Verfolgung von Straftaten" in text
    assert "Teil 3 BDSG" in text
    assert "Prevention, investigation" not in text


def test_english_advice_is_unchanged(knowledge_base: Any) -> None:
    proposal = LawAdvisor(knowledge_base).propose("CN", "administrative_penalty")
    assert "People's Republic of China" in proposal.reasons[0]
    assert "Administrative records held by the police" in proposal.reasons[0]


def test_jurisdiction_names_in_the_ui_language_without_repeating_the_original(knowledge_base: Any) -> None:
    advisor = LawAdvisor(knowledge_base)
    assert dict(advisor.jurisdictions())["CN"] == "People's Republic of China (中华人民共和国)"
    set_language("zh_CN")
    assert dict(advisor.jurisdictions())["CN"] == "中华人民共和国"
    set_language("de")
    names = dict(advisor.jurisdictions())
    assert names["DE"] == "Deutschland"
    assert names["CN"] == "Volksrepublik China (中华人民共和国)"


def test_every_situation_in_the_data_is_one_the_wizard_asks(knowledge_base: Any) -> None:
    """``situations`` in jurisdiction.toml name the wizard's questions; a typo would misroute."""
    from app.ui.advice import SITUATIONS, LawAdvisor

    asked = {key for key, _label in SITUATIONS}
    advisor = LawAdvisor(knowledge_base)
    for code, jurisdiction in knowledge_base.jurisdictions.items():
        for context in jurisdiction.contexts.values():
            assert set(context.situations) <= asked, (code, context.id)
        # Each situation leads to the context that names it, the others to the first context.
        first = next(iter(jurisdiction.contexts))
        for key in asked:
            named = [c.id for c in jurisdiction.contexts.values() if key in c.situations]
            assert advisor.context_for(code, key) == (named[0] if named else first)
    assert LawAdvisor(knowledge_base).context_for("CN", "arrest") == "criminal"
    assert LawAdvisor(knowledge_base).context_for("DE", "traffic") == "administrative"
