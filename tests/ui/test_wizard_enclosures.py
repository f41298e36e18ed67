"""The wizard's enclosures come from the law data and are written in the letter's language. No Qt."""

from __future__ import annotations

from app.law import KnowledgeBase
from app.ui.wizard.form import enclosures_for, enclosures_offered


def _values(code: str, rights: list[str], **more: object) -> dict[str, object]:
    return {"jurisdiction": code, "rights": rights, **more}


def test_offered_by_the_rights_chosen_and_a_representative(knowledge_base: KnowledgeBase) -> None:
    kb = knowledge_base
    ids = [e.id for e in enclosures_offered(_values("DE", ["access"]), kb)]
    assert ids == ["id_copy", "proof_of_address"]
    ids = [e.id for e in enclosures_offered(_values("DE", ["access", "correction"]), kb)]
    assert ids == ["id_copy", "evidence", "proof_of_address"]
    with_rep = _values("DE", ["deletion"], **{"representative.enabled": True})
    assert [e.id for e in enclosures_offered(with_rep, kb)] == [
        "id_copy",
        "power_of_attorney",
        "proof_of_address",
    ]
    assert enclosures_offered(_values("XX", ["access"]), kb) == []


def test_written_in_the_letter_language_for_each_right(knowledge_base: KnowledgeBase) -> None:
    kb = knowledge_base
    checked = {"enclosures.standard": ["id_copy", "evidence"], "enclosures": "Meldebescheinigung"}
    values = _values("DE", ["access", "correction"], language="de", **checked)
    assert enclosures_for(values, kb, "correction") == (
        "Kopie meines Ausweisdokuments",
        "Nachweis der Unrichtigkeit",
        "Meldebescheinigung",
    )
    assert enclosures_for(values, kb, "access") == ("Kopie meines Ausweisdokuments", "Meldebescheinigung")
    # Without a language chosen yet, the jurisdiction's letter language.
    cn = _values("CN", ["correction"], context="administrative", **{"enclosures.standard": ["evidence"]})
    assert enclosures_for(cn, kb, "correction") == ("证明个人信息不准确的材料",)
