"""The shipped law data load and hang together; broken files fail with file, key and reason."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from app.errors import DataFileError, InputError
from app.law import Confidence, KnowledgeBase, Right, load_knowledge_base
from app.law.loader import law_dir


def test_every_jurisdiction_folder_loads_with_core_routes(kb: KnowledgeBase) -> None:
    folders = {p.name for p in law_dir().iterdir() if (p / "jurisdiction.toml").is_file()}
    assert set(kb.jurisdictions) == folders and len(folders) >= 4
    for code in kb.jurisdictions:
        rights = {r.right for r in kb.routes_of(code)}
        assert {Right.ACCESS, Right.CORRECTION, Right.DELETION} <= rights, code


def test_regime_questions_and_contexts(kb: KnowledgeBase) -> None:
    assert kb.regime_for("CN", "criminal").id == "pipl"
    assert kb.regime_for("CN", "administrative").id == "ogi"
    assert kb.route_for("CN", "administrative", "deletion").regime == "pipl"  # OGI has no deletion
    assert kb.regime_for("DE", "policing").id == "bdsg-part3"
    assert kb.regime_for("DE", "administrative").id == "gdpr"
    assert kb.regime_for("GB-ENG", "policing").id == "dpa-part3"
    assert kb.regime_for("US", "other").id == "foia"
    for j in kb.jurisdictions.values():
        for regime in j.regimes.values():
            assert regime.question.endswith("?") or regime.question.endswith(")"), regime.id


def test_reference_periods_are_labelled_and_statutory_ones_cite_verified_text(kb: KnowledgeBase) -> None:
    for rule in kb.rules.values():
        if not rule.statutory:
            assert len(rule.reference_note) > 40, rule.id
        for pid in rule.provisions:
            kb.provision(pid)
    assert not kb.rule("CN-PIPL-REF").statutory
    assert not kb.rule("DE-BDSG-REF").statutory
    assert kb.rule("CN-OGI-33").statutory and kb.rule("CN-OGI-33").confidence is Confidence.VERIFIED


def test_citations_look_formal(kb: KnowledgeBase) -> None:
    cn = [p for p in kb.provisions.values() if p.id.startswith("CN-")]
    assert all(p.citation_original.startswith("《") for p in cn)
    assert (
        kb.provision("CN-PIPL-45-1").citation_original == "《中华人民共和国个人信息保护法》第四十五条第一款"
    )
    assert kb.provision("DE-BDSG-57-1").citation_original == "§ 57 Abs. 1 BDSG"
    assert kb.provision("CN-PSAPL-136").confidence is Confidence.SECONDARY


def test_escalation_steps_are_complete_data(kb: KnowledgeBase) -> None:
    steps = {s.id: s for r in kb.routes.values() for s in r.escalation}
    assert steps["CN-RECONSIDERATION"].deadline is not None
    assert steps["CN-RECONSIDERATION"].deadline.count == 60
    assert steps["DE-UNTAETIGKEITSKLAGE"].deadline is not None
    assert steps["DE-UNTAETIGKEITSKLAGE"].deadline.count == 3
    assert steps["GB-TRIBUNAL"].deadline is not None and steps["GB-TRIBUNAL"].deadline.id == "GB-DPA-166"
    assert steps["US-PA-SUIT"].deadline is not None and steps["US-PA-SUIT"].deadline.count == 24
    assert all(s.provisions and s.triggers for s in steps.values())


def test_unknown_lookups_are_input_errors(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="Unknown jurisdiction"):
        kb.jurisdiction("FR")
    with pytest.raises(InputError):
        kb.route("CN", "ogi", "deletion")
    with pytest.raises(InputError):
        kb.rule("NOPE")


@pytest.fixture
def law_copy(tmp_path: Path) -> Path:
    root = tmp_path / "law"
    shutil.copytree(law_dir(), root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "key", "reason"),
    [
        (
            "CN/routes.toml",
            '"CN-PIPL-45-1", "CN-PIPL-45-2", "CN-CC-1037-1"',
            '"CN-PIPL-45-9"',
            "route[pipl/access].provisions",
            "unknown provision",
        ),
        (
            "CN/deadlines.toml",
            'unit = "working_days"',
            'unit = "weeks"',
            "rule[CN-OGI-33].unit",
            "unknown value",
        ),
        (
            "DE/provisions.toml",
            'confidence = "V"',
            'confidence = "X"',
            "instrument[DE-BDSG].confidence",
            "unknown value",
        ),
        (
            "CN/provisions.toml",
            "valid_to = 2025-12-31",
            'valid_to = "2025-13-01"',
            "provision[CN-CSL-43].valid_to",
            "expected a date",
        ),
        (
            "US/routes.toml",
            'deadline = "US-PA-G5"',
            'deadline = "US-PA-G6"',
            "step[US-PA-SUIT].deadline",
            "unknown deadline rule",
        ),
        (
            "GB-ENG/jurisdiction.toml",
            'months = "uk-ico"',
            'months = "lunar"',
            "counting.months",
            "unknown convention",
        ),
        ("CN/deadlines.toml", "count = 20\n", "count = -3\n", "rule[CN-OGI-33].count", "at least 1"),
        (
            "DE/jurisdiction.toml",
            'rights = ["correction"]',
            'rights = ["corection"]',
            "enclosure[evidence].rights",
            "unknown right 'corection'",
        ),
        (
            "GB-ENG/jurisdiction.toml",
            'id = "proof_of_address"',
            'id = "proof_of_address"\nregimes = ["gdpr"]',
            "enclosure[proof_of_address].regimes",
            "unknown regime 'gdpr'",
        ),
        (
            "US/jurisdiction.toml",
            'id = "evidence"',
            'id = "id_copy"',
            "enclosure[id_copy].id",
            "unique",
        ),
        (
            "DE/routes.toml",
            'regime = "gdpr"\nright = "access"',
            'regime = "gdpr"\nright = "access"\ncolour = 1',
            "route[gdpr/access].colour",
            "unknown key",
        ),
    ],
)
def test_broken_file_names_file_key_reason(
    law_copy: Path, file: str, old: str, new: str, key: str, reason: str
) -> None:
    _edit(law_copy / file, old, new)
    with pytest.raises(DataFileError) as caught:
        load_knowledge_base(root=law_copy)
    assert caught.value.file == str(law_copy / file)
    assert caught.value.key == key
    assert reason in caught.value.reason


def test_invalid_toml_and_missing_file(law_copy: Path) -> None:
    (law_copy / "US" / "deadlines.toml").write_text("[[rule]\nid = 1", encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape("US/deadlines.toml")):
        load_knowledge_base(root=law_copy)
    (law_copy / "US" / "deadlines.toml").unlink()
    with pytest.raises(DataFileError, match="missing file"):
        load_knowledge_base(root=law_copy)


def test_missing_core_route_is_refused(law_copy: Path) -> None:
    path = law_copy / "US" / "routes.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('[[route]]\nregime = "privacy-act"\nright = "deletion"')
    end = text.index("[[route]]", start + 5)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(DataFileError, match="no route for deletion"):
        load_knowledge_base(root=law_copy)


def test_broken_user_calendar_is_reported_on_load(tmp_path: Path) -> None:
    (tmp_path / "CN-2027.json").write_text("{}", encoding="utf-8")
    with pytest.raises(DataFileError, match=re.escape("CN-2027.json")):
        load_knowledge_base(tmp_path)


def test_dpa_restriction_notice_provision(kb: KnowledgeBase) -> None:
    """DPA 2018 s.45(5) (law.md C.2, law-verification.md [V]): notice of a restriction and the rights."""
    notice = kb.provision("GB-DPA-45-5")
    assert notice.citation_en == "DPA 2018 s.45(5)" and notice.confidence is Confidence("V")
    assert notice.instrument.id == "GB-DPA"
    assert all(s in notice.paraphrase for s in ("in writing", "reasons", "s.51", "s.167"))


def test_a_reference_period_must_be_explained_in_every_language(law_copy: Path) -> None:
    path = law_copy / "DE" / "deadlines.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[rule.translations.de]\nreference_note")
    end = text.index("\n\n", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_knowledge_base(root=law_copy)
    assert caught.value.key == "rule[DE-BDSG-REF].translations.de"
    assert caught.value.reason == "missing"


def test_an_enclosure_must_be_written_in_the_letter_language(law_copy: Path) -> None:
    """The enclosure's text goes into the letter: a German letter cannot list it in English."""
    _edit(law_copy / "DE" / "jurisdiction.toml", '[enclosure.translations.de]\ntext = "Vollmacht"\n', "")
    with pytest.raises(DataFileError) as caught:
        load_knowledge_base(root=law_copy)
    assert caught.value.file == str(law_copy / "DE" / "jurisdiction.toml")
    assert caught.value.key == "enclosure[power_of_attorney].translations.de"
    assert caught.value.reason == "missing"


def test_enclosures_are_offered_by_right_from_the_data(kb: KnowledgeBase) -> None:
    for code, jurisdiction in kb.jurisdictions.items():
        evidence = next(e for e in jurisdiction.enclosures if e.id == "evidence")
        assert evidence.applies("", "correction"), code
        assert not evidence.applies("", "access") and not evidence.applies("", "deletion"), code
    assert kb.jurisdiction("DE").enclosures[0].text_in("text", "de") == "Kopie meines Ausweisdokuments"
