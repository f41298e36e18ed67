"""Long unbroken text wraps inside the page in every layout, and none of it is lost (issue 12).

A 300-character address without a space, a 400-character reference, a long e-mail address, a URL, a
German compound, a run of Chinese: in request letters (DIN 5008, the Chinese petition, the UK and US
business letters, the English courtesy copy), escalation and court letters, the dossier and the "what
happens next" sheet. Every word ``pdftotext -bbox`` finds must lie inside the text area, no two may
overlap, and each long token must come out whole and in order.
"""

from __future__ import annotations

import dataclasses
import re
import string
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.cases.draft import Authority, RequestDraft
from app.errors import InputError
from app.law import KnowledgeBase, due_date
from app.law.loader import shipped_knowledge_base
from app.letters import compose, next_steps, render_next_steps, render_pdf
from app.letters.din5008 import ADDRESS_LINES, ADDRESS_TOP, BODY_TOP, INFO_LEFT
from app.letters.dossier import render_dossier
from app.letters.escalation import EscalationFacts, compose_escalation
from app.letters.model import Letter

from .layout import MM, Word, outside, overlapping, words
from .pdfcheck import EXAMPLE_NAMES, example, pdf_text, squash
from .stored import stored_case


def token(length: int, alphabet: str = string.ascii_uppercase + string.digits) -> str:
    """``length`` characters without a space, in a pattern that shows a lost or moved piece."""
    return "".join(alphabet[i % len(alphabet)] for i in range(length))


ADDRESS = token(300)
WINDOW_ADDRESS = token(120)  # the most a DIN 5008 window takes besides the name and postcode
REFERENCE = token(400, string.ascii_lowercase + string.digits)
EMAIL = token(90, string.ascii_lowercase) + "@example.org"
URL = "https://example.org/" + token(180, string.ascii_lowercase + "/")
COMPOUND = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft" * 3
CHINESE = "北京市朝阳区建国路八十八号院三号楼一二零一室" * 14  # 308 characters, no punctuation
ENCLOSURE = token(250, string.ascii_uppercase)


def _text_area(letter: Letter) -> dict[str, float]:
    """Margins in mm: the frame's sides (A4: 25/20 mm, US Letter: 1 inch), head and footer lines."""
    side = 25.4 if letter.paper == "Letter" else 20.0
    return {"left": 25.4 if letter.paper == "Letter" else 25.0, "right": side, "top": 10.0, "bottom": 8.0}


def _assert_laid_out(
    pdf: bytes, area: dict[str, float], tokens: list[str], page_labels: tuple[str, ...] = ()
) -> list[Word]:
    found = words(pdf)
    assert found
    stray = outside(found, **area)
    assert not stray, [(w.page, round(w.x0), round(w.x1), w.text[:40]) for w in stray[:5]]
    clashes = overlapping(found)
    assert not clashes, [(a.text[:30], b.text[:30]) for a, b in clashes[:5]]
    # A token may run over a page break: the footer ("Seite 1 von 3") is drawn between its halves.
    text = pdf_text(pdf)
    for label in page_labels:
        pattern = re.escape(squash(label)).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+")
        text = re.sub(pattern, "", text)
    for t in tokens:
        assert squash(t) in text, t[:40]
    return found


def _drawn(letter: Letter) -> tuple[str, tuple[str, ...]]:
    """The text the letter draws (the Chinese petition names the authority in its salutation and has
    no reference line), and its page labels, the courtesy copy's included."""
    parts = [letter, *([letter.courtesy_copy] if letter.courtesy_copy else [])]
    drawn = [
        text
        for part in parts
        for where, text in part.all_text()
        if not (where in ("addressee", "reference") and part.layout == "zh-petition")
    ]
    return "\n".join(drawn), tuple(part.page_label for part in parts)


def _long_draft(name: str) -> RequestDraft:
    draft = RequestDraft.from_json(example(name), shipped_knowledge_base())
    cn = draft.jurisdiction == "CN"
    din = draft.jurisdiction == "DE"
    return dataclasses.replace(
        draft,
        requester=dataclasses.replace(
            draft.requester, address=CHINESE if cn else ADDRESS, email=EMAIL, birth_place=COMPOUND
        ),
        authority=dataclasses.replace(draft.authority, address=WINDOW_ADDRESS if din else ADDRESS),
        reference=REFERENCE,
        details=f"{draft.details} {URL} {COMPOUND} {CHINESE if cn else ''}".strip(),
        enclosures=(*draft.enclosures, ENCLOSURE),
        courtesy_copy_en=name in ("cn-access", "de-deletion"),  # the English copy is laid out too
    )


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_long_tokens_wrap_inside_every_request_letter(kb: KnowledgeBase, name: str) -> None:
    letter = compose(_long_draft(name), kb)
    printed, labels = _drawn(letter)
    tokens = [t for t in (ADDRESS, WINDOW_ADDRESS, REFERENCE, EMAIL, URL, COMPOUND, CHINESE) if t in printed]
    assert EMAIL in printed and ENCLOSURE in printed
    assert REFERENCE in printed or letter.layout == "zh-petition"
    _assert_laid_out(render_pdf(letter), _text_area(letter), [*tokens, ENCLOSURE], labels)


def test_din_window_address_shrinks_into_the_address_zone(kb: KnowledgeBase) -> None:
    draft = RequestDraft.from_json(example("de-access"), shipped_knowledge_base())
    lines = "\n".join(f"Zeile {n}" for n in range(ADDRESS_LINES - 3))  # + 2 name lines + postcode
    letter = compose(
        dataclasses.replace(draft, authority=dataclasses.replace(draft.authority, address=lines)), kb
    )
    found = _assert_laid_out(render_pdf(letter), _text_area(letter), [])
    window = [w for w in found if w.page == 1 and w.x0 < 100 * MM and w.y0 > 62 * MM and w.y1 < BODY_TOP * MM]
    assert len([w for w in window if w.text == "Zeile"]) == ADDRESS_LINES - 3
    # Anschriftzone: 62.7 to 90 mm from the top (the envelope window).
    assert all(w.y0 >= ADDRESS_TOP * MM - 1 and w.y1 <= 90 * MM for w in window), window


@pytest.mark.parametrize("address", [ADDRESS, "\n".join(f"Zeile {n}" for n in range(ADDRESS_LINES))])
def test_din_address_too_long_for_the_window_is_refused_by_name(kb: KnowledgeBase, address: str) -> None:
    draft = RequestDraft.from_json(example("de-access"), shipped_knowledge_base())
    letter = compose(
        dataclasses.replace(draft, authority=dataclasses.replace(draft.authority, address=address)), kb
    )
    with pytest.raises(InputError) as err:
        render_pdf(letter)
    assert [p.path for p in err.value.problems] == ["authority.address"]
    assert str(ADDRESS_LINES) in err.value.problems[0].message


def test_din_long_reference_pushes_the_body_down_instead_of_running_into_it(kb: KnowledgeBase) -> None:
    draft = RequestDraft.from_json(example("de-access"), shipped_knowledge_base())
    letter = compose(dataclasses.replace(draft, reference=REFERENCE), kb)
    found = _assert_laid_out(render_pdf(letter), _text_area(letter), [REFERENCE], (letter.page_label,))
    subject = next(w for w in found if w.text == "Antrag")
    # The whole reference stands in the information block, above the subject line.
    above = [w for w in found if w.page == 1 and w.x0 >= INFO_LEFT * MM - 1 and w.y1 < subject.y0]
    assert REFERENCE in "".join(w.text for w in above)
    assert subject.y0 > BODY_TOP * MM + 40  # pushed down by the 15 lines of reference


def test_din_head_that_leaves_no_room_for_the_body_is_refused(kb: KnowledgeBase) -> None:
    draft = RequestDraft.from_json(example("de-access"), shipped_knowledge_base())
    letter = compose(dataclasses.replace(draft, reference=REFERENCE * 6), kb)
    with pytest.raises(InputError) as err:
        render_pdf(letter)
    assert [p.path for p in err.value.problems] == ["reference"]


# -- escalation and court letters ------------------------------------------------------------------

ESCALATIONS = [
    # (example, regime, step, outcome)
    ("cn-access", "", "CN-RECONSIDERATION", "refused"),
    ("cn-deletion", "", "CN-PIPL-COMPLAINT", "refused"),
    ("de-access", "", "DE-BDSG-COMPLAINT", "silence"),
    ("de-access", "", "DE-UNTAETIGKEITSKLAGE", "silence"),
    ("gb-eng-access", "", "GB-ICO-COMPLAINT", "refused"),
    ("gb-eng-access", "", "GB-TRIBUNAL", "silence"),
    ("us-access", "foia", "US-FOIA-APPEAL-STEP", "refused"),
]


@pytest.mark.parametrize(
    ("name", "regime", "step_id", "outcome"), ESCALATIONS, ids=[e[2] for e in ESCALATIONS]
)
def test_long_tokens_wrap_inside_escalation_letters(
    kb: KnowledgeBase, name: str, regime: str, step_id: str, outcome: str
) -> None:
    draft = _long_draft(name)
    draft = dataclasses.replace(draft, regime=regime or draft.regime, courtesy_copy_en=False)
    context = draft.context or next(iter(kb.jurisdiction(draft.jurisdiction).contexts))
    route = (
        kb.route(draft.jurisdiction, draft.regime, draft.right)
        if draft.regime
        else kb.route_for(draft.jurisdiction, context, draft.right)
    )
    step = next(s for s in route.escalation if s.id == step_id)
    assert draft.date is not None
    received = draft.date + timedelta(days=3)
    response = due_date(draft.jurisdiction, received, rule=route.deadline, kb=kb)
    answer = response.due - timedelta(days=2) if outcome == "refused" else None
    complaint = response.due + timedelta(days=5)
    window = (
        due_date(draft.jurisdiction, answer or complaint, rule=step.deadline, kb=kb)
        if step.deadline
        else None
    )
    long_text = CHINESE if draft.jurisdiction == "CN" else COMPOUND
    facts = EscalationFacts(
        request_date=draft.date,
        received=received,
        response=response,
        answer_date=answer,
        outcome=outcome,
        refusal_grounds=long_text if answer else "",
        window=window,
        reminder_date=response.due + timedelta(days=2),
        complaint_date=complaint,
        prior_filed_date=complaint,
        complaint_reference=REFERENCE,
        defendant=long_text,
        defendant_representative=URL,
        step_facts=long_text,
        answer_reference=REFERENCE if answer else "",
    )
    window_address = WINDOW_ADDRESS if draft.jurisdiction == "DE" else ADDRESS
    addressee = Authority(name="Reviewing body", address=window_address)
    letter = compose_escalation(draft, kb, step, facts, letter_date=date(2026, 9, 1), addressee=addressee)
    printed, labels = _drawn(letter)
    tokens = [t for t in (ADDRESS, WINDOW_ADDRESS, REFERENCE, URL, COMPOUND, CHINESE) if t in printed]
    assert REFERENCE in printed or letter.layout == "zh-petition"
    _assert_laid_out(render_pdf(letter), _text_area(letter), tokens, labels)


# -- the "what happens next" sheet -------------------------------------------------------------------


@pytest.mark.parametrize(("name", "lang"), [("de-access", "de"), ("cn-access", "zh_CN"), ("us-access", "en")])
def test_long_tokens_wrap_inside_the_next_steps_sheet(kb: KnowledgeBase, name: str, lang: str) -> None:
    draft = _long_draft(name)
    long_name = (CHINESE if lang == "zh_CN" else COMPOUND) + "\n" + ADDRESS
    draft = dataclasses.replace(draft, authority=dataclasses.replace(draft.authority, name=long_name))
    sheet = next_steps(draft, kb, lang, request_id=3)
    pdf = render_next_steps(sheet)
    printed = "\n".join(sheet.all_text())
    tokens = [t for t in (ADDRESS, COMPOUND, CHINESE) if t in printed]
    assert tokens, "the sheet names the authority"
    _assert_laid_out(pdf, {"left": 13, "right": 13, "top": 12, "bottom": 12}, tokens)


# -- the dossier ---------------------------------------------------------------------------------------


def test_long_tokens_wrap_inside_the_dossier(kb: KnowledgeBase, tmp_path: Path) -> None:
    data = stored_case(kb, tmp_path)
    # Stored text longer than any input limit must still lay out (older stores, imports).
    case = dataclasses.replace(data.case, title=CHINESE, reference=REFERENCE)
    client = dataclasses.replace(data.client, name=COMPOUND)
    overview = data.requests[0]
    events = tuple(dataclasses.replace(e, note=URL, receipt_reference=ADDRESS) for e in overview.events)
    overview = dataclasses.replace(overview, events=events)
    pdf = render_dossier(dataclasses.replace(data, case=case, client=client, requests=(overview,)))
    tokens = [CHINESE, REFERENCE, COMPOUND, URL, ADDRESS]
    _assert_laid_out(pdf, {"left": 20, "right": 20, "top": 10, "bottom": 8}, tokens)
