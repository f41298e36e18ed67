"""Every deletion ground the wizard offers is one the letter accepts, for every regime (issue 13).

The wizard lists the grounds of the law that applies (``CaseworkService.deletion_grounds`` for the
situation's context, in the UI language); each one, alone, must compose and render a letter, and a
ground of another regime must be refused on the rights step with a message in words, not ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.cases.draft import Authority, Deletion, RequestDraft, Requester
from app.errors import InputError
from app.i18n import set_language
from app.law import KnowledgeBase
from app.services import CaseworkService
from app.store import DatabaseConfig, Store, open_store
from app.ui.wizard.form import form_to_drafts, section_problems

LETTER_DATE = date(2026, 3, 2)


@pytest.fixture
def service(tmp_path: Path, kb: KnowledgeBase) -> Iterator[CaseworkService]:
    store: Store = open_store(DatabaseConfig.sqlite(tmp_path / "store.sqlite3"))
    yield CaseworkService(store, kb)
    store.close()


def _deletion_contexts(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    """(jurisdiction, context, regime) for every context with a deletion route."""
    out = []
    for code, jurisdiction in kb.jurisdictions.items():
        for context in jurisdiction.contexts:
            try:
                route = kb.route_for(code, context, "deletion")
            except InputError:  # no deletion route in this context (US FOIA)
                continue
            out.append((code, context, route.regime))
    return out


def _values(code: str, context: str, grounds: list[str]) -> dict[str, object]:
    """The wizard's form values for a deletion request with ``grounds``, as the pages fill them."""
    return {
        "jurisdiction": code,
        "context": context,
        "date": LETTER_DATE.isoformat(),
        "rights": ["deletion"],
        "deletion.grounds": grounds,
        "deletion.restriction_fallback": True,
        "requester.name": "Erika Beispiel",
        "requester.address": "Beispielweg 3",
        "authority.name": "Polizeibehörde",
        "authority.address": "Musterstraße 1",
        "details": "Records about me held since 2024.",
    }


def test_every_regime_with_a_deletion_route_is_reached_by_a_context(kb: KnowledgeBase) -> None:
    reached = {(code, regime) for code, _context, regime in _deletion_contexts(kb)}
    routes = {(code, regime) for (code, regime, right) in kb.routes if right == "deletion"}
    assert routes <= reached, routes - reached  # otherwise some regime's grounds go untested


@pytest.mark.parametrize("ui_language", ["en", "de", "zh_CN"])
def test_every_ground_offered_composes_a_letter(
    service: CaseworkService, kb: KnowledgeBase, ui_language: str
) -> None:
    set_language(ui_language)
    tried = 0
    for code, context, regime in _deletion_contexts(kb):
        offered = service.deletion_grounds(code, context=context, language=ui_language)
        own = {g.id for g in kb.jurisdiction(code).regimes[regime].grounds}
        assert offered, (code, context)
        assert {gid for gid, _text in offered} == own, (code, context)  # no other regime's grounds
        for ground, text in offered:
            assert text.strip()
            values = _values(code, context, [ground])
            assert section_problems(values, "rights", kb) == [], (code, context, ground)
            (draft,) = form_to_drafts(values, kb)[0]
            letter = service.request_letter(draft)  # composed and rendered, as "Generate" does
            assert letter.pdf.startswith(b"%PDF") and letter.text.strip(), (code, context, ground)
            tried += 1
    assert tried >= 20


def test_grounds_are_listed_in_the_ui_language_and_stated_in_the_letters(
    service: CaseworkService, kb: KnowledgeBase
) -> None:
    """An English UI lists a German authority's grounds in English; the letter states them in German."""
    set_language("en")
    offered = dict(service.deletion_grounds("DE", context="policing", language="en"))
    assert offered["part3-unlawful"] == "The processing of the data is unlawful"
    (draft,) = form_to_drafts(_values("DE", "policing", ["part3-unlawful"]), kb)[0]
    assert "Die Verarbeitung der Daten ist unzulässig" in service.request_letter(draft).text


@pytest.mark.parametrize(
    ("code", "context", "foreign"), [("DE", "policing", "objection"), ("GB-ENG", "policing", "objection")]
)
def test_a_ground_of_another_regime_is_refused_on_the_rights_step(
    kb: KnowledgeBase, code: str, context: str, foreign: str
) -> None:
    """Part 3 (policing) has no GDPR objection ground: refused where grounds are chosen, in words."""
    set_language("de")
    problems = section_problems(_values(code, context, [foreign]), "rights", kb)
    assert [p.path for p in problems] == ["deletion.grounds[0]"]
    message = problems[0].message
    assert foreign not in message and "deletion.grounds" not in message
    assert message.strip() and "-" not in message  # words, not a list of ids


def test_the_json_input_refuses_a_foreign_ground_before_the_letter(kb: KnowledgeBase) -> None:
    draft = RequestDraft(
        jurisdiction="GB-ENG",
        right="deletion",
        date=LETTER_DATE,
        context="policing",
        requester=Requester(name="Sam Example", address="2 Example Road"),
        authority=Authority(name="West Yorkshire Police", address="PO Box 9"),
        details="Custody record of 2024.",
        deletion=Deletion(grounds=("no-longer-necessary",)),  # UK GDPR art 17(1)(a), not Part 3
    )
    assert [p.path for p in draft.problems(kb)] == ["deletion.grounds[0]"]
