"""Chinese and German texts of the law data: complete for what the UI shows, English as fallback.

The data files carry ``[<table>.translations.zh_CN]`` / ``.de`` beside each English text. These
tests make a data addition that forgets a translation fail here, not in front of a reader.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from app.law import KnowledgeBase
from app.law.model import Localized

LANGS = ("zh_CN", "de")
HAN = re.compile(r"[\u4e00-\u9fff]")
# A confidence tag letter closing a bracket or followed by a slash: "[S]", "[S/I]", "[… : I]".
TAG = re.compile(r"(?<![A-Za-z])([VSMI])(?=[\]/])")


def _objects(kb: KnowledgeBase) -> list[tuple[str, Localized, tuple[str, ...]]]:
    """(where, object, fields that must be translated) for every text the UI or CLI shows."""
    out: list[tuple[str, Localized, tuple[str, ...]]] = []
    for code, j in kb.jurisdictions.items():
        out.append((code, j, ("name_en", "notes") if j.notes else ("name_en",)))
        for ctx in j.contexts.values():
            out.append((f"{code} context {ctx.id}", ctx, ("label",)))
        for regime in j.regimes.values():
            fields = ("name", "question", "notes") if regime.notes else ("name", "question")
            out.append((f"{code} regime {regime.id}", regime, fields))
        for enclosure in j.enclosures:
            out.append((f"{code} enclosure {enclosure.id}", enclosure, ("text",)))
    for (code, regime_id, right), route in kb.routes.items():
        fields = ("addressee", "silence") + (("notes",) if route.notes else ())
        out.append((f"{code} route {regime_id}/{right}", route, fields))
        for step in route.escalation:
            fields = ("name", "addressee", "condition") + (("notes",) if step.notes else ())
            out.append((f"{code} step {step.id}", step, fields))
    for rid, rule in kb.rules.items():
        fields = tuple(
            f for f in ("description", "pauses", "reference_note", "extension_conditions") if getattr(rule, f)
        )
        out.append((f"rule {rid}", rule, fields))
    for iid, instrument in kb.instruments.items():
        out.append((f"instrument {iid}", instrument, ("title_en",)))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_shown_text_is_translated(kb: KnowledgeBase, lang: str) -> None:
    missing = [
        f"{where}: {name}"
        for where, obj, fields in _objects(kb)
        for name in fields
        if obj.translations.get(lang, {}).get(name) in (None, "")
    ]
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_route_requirements_are_translated_item_by_item(kb: KnowledgeBase, lang: str) -> None:
    for (code, regime, right), route in kb.routes.items():
        translated = route.texts_in("requirements", lang)
        assert translated != route.requirements, f"{code} {regime}/{right}"
        assert len(translated) == len(route.requirements)


def test_chinese_texts_are_chinese_and_german_texts_are_not(kb: KnowledgeBase) -> None:
    for where, obj, fields in _objects(kb):
        for name in fields:
            zh, de = obj.text_in(name, "zh_CN"), obj.text_in(name, "de")
            english: str = getattr(obj, name)
            if HAN.search(english) and name != "title_en":
                continue  # e.g. a step named "Complaint or report (投诉、举报)"
            assert HAN.search(zh), f"{where}: {name} in zh_CN has no Chinese: {zh!r}"
            assert zh != english and de != english, f"{where}: {name}"


def test_confidence_tags_survive_translation(kb: KnowledgeBase) -> None:
    """A translated text carries the same [V]/[S]/[M]/[I] tags as the English, as many times."""
    for where, obj, fields in _objects(kb):
        for name in fields:
            english = sorted(TAG.findall(getattr(obj, name)))
            for lang in LANGS:
                found = sorted(TAG.findall(obj.text_in(name, lang)))
                assert found == english, f"{where}: {name} [{lang}] tags {found} != {english}"


def test_china_and_germany_paraphrases_in_their_languages(kb: KnowledgeBase) -> None:
    for pid, provision in kb.provisions.items():
        if pid.startswith("CN-"):
            assert HAN.search(provision.text_in("paraphrase", "zh_CN")), pid
        if pid.startswith(("DE-", "EU-")):
            assert provision.text_in("paraphrase", "de") != provision.paraphrase, pid


def test_known_translations(kb: KnowledgeBase) -> None:
    cn = kb.jurisdiction("CN")
    assert cn.text_in("name_en", "zh_CN") == "中华人民共和国"
    assert cn.text_in("name_en", "de") == "Volksrepublik China"
    assert kb.jurisdiction("DE").text_in("name_en", "de") == "Deutschland"
    assert kb.instruments["DE:DE-BDSG"].text_in("title_en", "de").startswith("Bundesdatenschutzgesetz")
    assert "个人信息保护法" in kb.instruments["CN:CN-PIPL"].text_in("title_en", "zh_CN")
    step = next(s for r in kb.routes_of("CN") for s in r.escalation if s.id == "CN-RECONSIDERATION")
    assert step.text_in("name", "zh_CN") == "行政复议"
    assert (
        kb.route("DE", "bdsg-part3", "access").text_in("silence", "de").startswith("Keine Ablehnungsfiktion")
    )


def test_untranslated_field_falls_back_to_english(kb: KnowledgeBase) -> None:
    regime = kb.jurisdiction("CN").regimes["ogi"]
    assert regime.text_in("name", "en") == regime.name  # English is the field itself
    assert regime.text_in("name", "fr") == regime.name  # a language the data do not have
    bare = replace(regime, translations={"zh_CN": {"question": "只有问题有译文"}})
    assert bare.text_in("name", "zh_CN") == regime.name  # this field untranslated
    assert bare.text_in("question", "zh_CN") == "只有问题有译文"
    route = kb.route("CN", "pipl", "access")
    short = replace(route, translations={"de": {"requirements": ("nur eine",)}})
    assert short.texts_in("requirements", "de") == route.requirements  # wrong length: English
    assert replace(route, translations={}).texts_in("requirements", "zh_CN") == route.requirements
