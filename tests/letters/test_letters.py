"""Every jurisdiction × right: the PDF says what the law data say, verbatim, with embedded fonts."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from app.cases.draft import RequestDraft
from app.errors import InputError
from app.law import KnowledgeBase
from app.law.loader import shipped_knowledge_base
from app.letters import compose, render_pdf, render_text

from .pdfcheck import EXAMPLE_NAMES, example, fonts, page_count, pdf_text, squash

MARKUP = 'Markup stays literal: <b>bold</b> & <img src=x> <font size=40>big</font> AT&T R&D 5 > 3 < 4 "q"'


def draft_of(name: str, **changes: Any) -> RequestDraft:
    return dataclasses.replace(RequestDraft.from_json(example(name), shipped_knowledge_base()), **changes)


def route_of(kb: KnowledgeBase, draft: RequestDraft) -> Any:
    if draft.regime:
        return kb.route(draft.jurisdiction, draft.regime, draft.right)
    return kb.route_for(draft.jurisdiction, draft.context, draft.right)


def test_the_examples_cover_every_jurisdiction_and_right(kb: KnowledgeBase) -> None:
    pairs = {(example(n)["jurisdiction"], example(n)["right"]) for n in EXAMPLE_NAMES}
    assert pairs == {(j, r) for j in kb.codes for r in ("access", "correction", "deletion")}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_pdf_cites_the_law_data_verbatim(kb: KnowledgeBase, name: str) -> None:
    draft = draft_of(name, details=example(name)["details"] + "\n" + MARKUP)
    letter = compose(draft, kb)
    data = render_pdf(letter)
    text = pdf_text(data)
    assert draft.date is not None
    route = route_of(kb, draft)
    # The legal basis of the route, exactly as the law data spell it.
    for provision in route.provisions_in_force(draft.date):
        assert squash(provision.citation_in(letter.language)) in text, provision.id
    # Every citation the letter lists is a citation string from the data and is printed.
    known = {p.citation_in(letter.language) for p in kb.provisions.values()}
    assert letter.citations
    for citation in letter.citations:
        assert citation in known
        assert squash(citation) in text
    # The people and the user's own words, including markup characters.
    assert squash(draft.requester.name) in text
    for line in draft.authority.name.splitlines():
        assert squash(line) in text
    assert squash(MARKUP) in text
    if draft.correction is not None:
        assert squash(draft.correction.wrong) in text and squash(draft.correction.correct) in text
    for item in draft.enclosures:
        assert squash(item) in text
    # The reply date is in the letter, in the letter's language.
    assert squash(letter.annex[0]) in text
    # Every font is embedded; no Helvetica sneaks in.
    used = fonts(data)
    assert used and all(embedded for _name, embedded in used), used
    assert not any("Helvetica" in font for font, _e in used)


@pytest.mark.parametrize("name", ["cn-access", "de-deletion"])
def test_courtesy_copy_uses_english_citations(kb: KnowledgeBase, name: str) -> None:
    draft = draft_of(name, courtesy_copy_en=True)
    letter = compose(draft, kb)
    assert letter.courtesy_copy is not None
    text = pdf_text(render_pdf(letter))
    for citation in letter.courtesy_copy.citations:
        assert squash(citation) in text
    en = {p.citation_en for p in kb.provisions.values()}
    assert set(letter.courtesy_copy.citations) <= en
    assert squash(letter.courtesy_copy.courtesy_note) in text


def test_reply_date_comes_from_the_engine(kb: KnowledgeBase) -> None:
    from app.law import due_date

    draft = draft_of("gb-eng-access")
    letter = compose(draft, kb)
    assert draft.date is not None
    route = route_of(kb, draft)
    expected = due_date("GB-ENG", draft.date, rule=route.deadline, kb=kb, lang="en")
    body = render_text(letter)
    assert f"please reply by {expected.due.day} {expected.due.strftime('%B')} {expected.due.year}" in body
    later = compose(dataclasses.replace(draft, assume_received=draft.date.replace(day=20)), kb)
    assert render_text(later) != body  # the date moves with the assumed receipt


def test_long_details_flow_onto_more_pages(kb: KnowledgeBase) -> None:
    short = render_pdf(compose(draft_of("de-access"), kb))
    paragraphs = [
        f"Absatz {n}: Am {n}. Tag wurde ich erneut kontrolliert & befragt <i>." for n in range(1, 121)
    ]
    long = render_pdf(compose(draft_of("de-access", details="\n".join(paragraphs)), kb))
    assert page_count(long) >= page_count(short) + 3
    text = pdf_text(long)
    for paragraph in (paragraphs[0], paragraphs[59], paragraphs[-1]):
        assert squash(paragraph) in text
    assert (
        squash("Seite 1 von") in text and squash(f"Seite {page_count(long)} von {page_count(long)}") in text
    )


def test_chinese_page_numbers_and_date(kb: KnowledgeBase) -> None:
    text = pdf_text(render_pdf(compose(draft_of("cn-access"), kb)))
    assert squash("第 1 页 共") in text
    assert "2026年3月2日" in text


def test_character_no_font_can_draw_is_a_clear_error(kb: KnowledgeBase) -> None:
    letter = compose(draft_of("de-access", details="Ein Zeichen: \U0001f600"), kb)
    with pytest.raises(InputError) as err:
        render_pdf(letter)
    assert [p.path for p in err.value.problems] == ["details"]
    assert "U+1F600" in str(err.value)


def test_latin_letter_with_a_chinese_name_switches_to_the_cjk_font(kb: KnowledgeBase) -> None:
    draft = draft_of("gb-eng-access")
    draft = dataclasses.replace(
        draft, requester=dataclasses.replace(draft.requester, name="张伟 (Zhang Wei)")
    )
    data = render_pdf(compose(draft, kb))
    assert squash("张伟 (Zhang Wei)") in pdf_text(data)
    assert any("WenQuanYi" in name for name, _e in fonts(data))


def test_deletion_grounds_must_be_offered_by_the_law(kb: KnowledgeBase) -> None:
    draft = draft_of("gb-eng-deletion")
    bad = dataclasses.replace(
        draft, deletion=dataclasses.replace(draft.deletion, grounds=("no-such-ground",))
    )
    with pytest.raises(InputError) as err:
        compose(bad, kb)
    assert err.value.problems[0].path == "deletion.grounds[0]"


def test_deletion_asks_for_restriction_where_erasure_is_barred(kb: KnowledgeBase) -> None:
    for name in ("cn-deletion", "de-deletion", "gb-eng-deletion"):
        draft = draft_of(name)
        route = route_of(kb, draft)
        assert draft.date is not None
        fallback = route.fallback_in_force(draft.date)
        assert fallback, name
        body = render_text(compose(draft, kb))
        for provision in fallback:
            assert provision.citation_in(draft_language(kb, draft)) in body


def test_text_rendering_has_no_markup_escaping(kb: KnowledgeBase) -> None:
    body = render_text(compose(draft_of("us-access", details=MARKUP), kb))
    assert squash(MARKUP) in squash(body)  # lines are wrapped at 78 columns
    assert "<b>bold</b>" in body and "<img src=x>" in body
    assert "&amp;" not in body and "&lt;" not in body


def test_pdf_metadata_holds_no_personal_data(kb: KnowledgeBase) -> None:
    import io

    from pypdf import PdfReader

    draft = draft_of("de-access")
    reader = PdfReader(io.BytesIO(render_pdf(compose(draft, kb))))
    meta = reader.metadata
    assert meta is not None
    assert meta.get("/Creator") == "Habeas"
    assert meta.get("/Title")
    values = " ".join(str(v) for v in meta.values())
    assert draft.requester.name not in values and "Brenner" not in values
    assert reader.trailer["/Root"].get("/Lang") == "de"


@pytest.mark.parametrize("jurisdiction", shipped_knowledge_base().codes)
def test_every_template_kind_composes_for_every_regime(kb: KnowledgeBase, jurisdiction: str) -> None:
    """Template lint: each kind × regime with a route composes (catches unknown placeholders and ids)."""
    base = f"{jurisdiction.lower()}-deletion"  # every jurisdiction has a deletion example
    from app.letters.compose import grounds_for
    from app.letters.templates import available_languages

    j = kb.jurisdiction(jurisdiction)
    composed = 0
    for regime in j.regimes:
        for right in kb.rights(jurisdiction, regime):
            if right not in ("access", "correction", "deletion", "restriction", "sealing"):
                continue
            grounds = tuple(g.id for g in grounds_for(kb, jurisdiction, regime, j.letter_language))[:1]
            draft = draft_of(base, right=right, regime=regime)
            draft = dataclasses.replace(draft, deletion=dataclasses.replace(draft.deletion, grounds=grounds))
            if right == "correction":
                draft = dataclasses.replace(draft_of(base.replace("deletion", "correction")), regime=regime)
            for language in available_languages(jurisdiction):
                letter = compose(dataclasses.replace(draft, language=language), kb)
                assert render_text(letter)
                composed += 1
    assert composed >= 3


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_legal_basis_is_cited_once_per_instrument(kb: KnowledgeBase, name: str) -> None:
    """The body names an instrument once for consecutive pinpoints; the list keeps every citation."""
    from app.letters.citations import join_citations, parse

    draft = draft_of(name, courtesy_copy_en=True)
    letter = compose(draft, kb)
    assert draft.date is not None
    route = route_of(kb, draft)
    provisions = route.provisions_in_force(draft.date)
    pdf = pdf_text(render_pdf(letter))
    for copy, english in ((letter, False), (letter.courtesy_copy, True)):
        if copy is None:
            continue
        language = "en" if english else copy.language
        citations = [p.citation_en if english else p.citation_in(language) for p in provisions]
        grouped = join_citations(citations, language, *_separators(draft.jurisdiction, language))
        body = squash(render_text(copy).split(copy.citations_heading)[0])
        assert squash(grouped) in body and squash(grouped) in pdf
        for citation in citations:
            parsed = parse(citation, language)
            if parsed is None:
                assert squash(citation) in body
            else:  # the instrument and every pinpoint are printed
                assert squash(parsed.pin) in body and all(squash(k) in body for k in parsed.key[1:2])
        # Consecutive same-instrument citations were merged: each run names its instrument once.
        keys = [p.key if (p := parse(c, language)) else None for c in citations]
        runs = [k for n, k in enumerate(keys) if k is not None and (n == 0 or keys[n - 1] != k)]
        for key in set(runs):
            if key[0] != "us":  # "5 U.S.C. § 552" is a prefix of "5 U.S.C. § 552a"
                assert squash(grouped).count(squash(key[1])) == runs.count(key), grouped
        # "Provisions cited" keeps one full citation per line.
        assert all(squash(c) in pdf for c in copy.citations)


def _separators(jurisdiction: str, language: str) -> tuple[str, str]:
    from app.letters.templates import load_template

    template = load_template(jurisdiction, language)
    return template.setting("list_separator"), template.setting("list_last_separator")


def test_grouped_citations_in_the_examples(kb: KnowledgeBase) -> None:
    """The forms the review asked for, verbatim in the PDFs."""
    expected = {
        # Issue 10: the OGI application cites the OGI Regulations only (the PIPL asks have their own letter).
        "cn-access": "根据《中华人民共和国政府信息公开条例》第二十七条、第二十九条、第三十三条的规定",
        "de-deletion": "nach Art. 17 Abs. 1 und Art. 12 Abs. 3 DSGVO",
        "de-access": "nach § 57 Abs. 1 und § 59 Abs. 2 BDSG",
        "gb-eng-deletion": "(Data Protection Act 2018, ss.47(1), 48 and 54)",
    }
    for name, phrase in expected.items():
        assert squash(phrase) in pdf_text(render_pdf(compose(draft_of(name), kb))), name
    copy = compose(draft_of("de-deletion", courtesy_copy_en=True), kb).courtesy_copy
    assert copy is not None and "GDPR arts. 17(1) and 12(3)" in render_text(copy)


def test_ground_item_sits_inside_the_german_citation(kb: KnowledgeBase) -> None:
    body = render_text(compose(draft_of("de-deletion"), kb))
    assert "(Art. 17 Abs. 1 Buchst. a DSGVO)" in body.replace("\n", " ")
    assert "DSGVO, Buchst." not in body
    zh = render_text(compose(draft_of("cn-deletion"), kb))
    assert "《中华人民共和国个人信息保护法》第四十七条第一款第（一）项" in zh


def test_german_wording_fits_the_letter_kind(kb: KnowledgeBase) -> None:
    deletion = squash(render_text(compose(draft_of("de-deletion"), kb)))
    assert squash("um höchstens zwei Monate") in deletion
    assert squash("Die Bearbeitung meines Antrags ist nach Art. 12 Abs. 5 DSGVO unentgeltlich.") in deletion
    assert "Auskunft" not in deletion  # a deletion letter does not speak of "Auskunft"
    correction = squash(render_text(compose(draft_of("de-correction"), kb)))
    assert squash("statt der Berichtigung") in correction and squash("statt der Löschung") not in correction


def test_chinese_closing(kb: KnowledgeBase) -> None:
    letter = compose(draft_of("cn-access"), kb)
    assert letter.closing == ("此致", "敬礼！")
    assert "\n　　此致\n敬礼！\n" in render_text(letter)


def draft_language(kb: KnowledgeBase, draft: RequestDraft) -> str:
    """The language the draft's letter is written in."""
    return draft.language or kb.jurisdiction(draft.jurisdiction).letter_language
