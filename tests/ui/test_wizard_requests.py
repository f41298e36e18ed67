"""A request per jurisdiction and right, made as a person makes it: keys and clicks, Finish by its button.

Each flow goes through the six pages of the real wizard in the real window, picks the authority
from the directory, takes the first deletion ground the law offers (issue 13: a German Part 3
deletion failed only at "Generate"), and must end with a stored case and its letter, without an
error message. The live preview and the messages that follow typing are tested at the end.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from tests.ui.conftest import wait_idle
from tests.ui.test_wizard_flow import fake_resident_id

LEFT = Qt.MouseButton.LeftButton

# How a person finds the authority, and the details they type (CN: the resident ID is proposed).
PEOPLE: dict[str, dict[str, Any]] = {
    "CN": {
        "search": "北京",
        "situation": "registration",
        "address": ["北京市东城区某路1号"],
        "you": {"name": "王小明", "id_number": fake_resident_id(), "address": ["北京市朝阳区某街2号"]},
    },
    "DE": {
        "search": "Bundeskriminalamt",
        "situation": "criminal_case",
        "you": {
            "name": "Erika Beispiel",
            "address": ["Beispielweg 3", "10115 Berlin"],
            "postal_code": "10115",
        },
    },
    "GB-ENG": {
        "search": "Manchester",
        "situation": "arrest",
        "you": {"name": "Sam Example", "address": ["2 Example Road", "Leeds"], "postal_code": "LS1 4AP"},
    },
    "US": {
        "search": "Federal Bureau",
        "situation": "arrest",
        "context": "citizen_or_lpr",  # the Privacy Act: deletion is its amendment route
        "you": {
            "name": "Jordan Example",
            "address": ["1 Example Street", "Springfield, IL"],
            "postal_code": "62701",
        },
    },
}


def click(widget: QWidget, pos: QPoint | None = None) -> None:
    QTest.mouseClick(widget, LEFT, Qt.KeyboardModifier.NoModifier, pos if pos is not None else QPoint())


def tick(box: Any) -> None:
    """Click a check box on its indicator (the box spans the column; its middle may be empty)."""
    click(box, QPoint(6, box.height() // 2))


def next_page(wizard: Any) -> None:
    before = wizard.currentPage()
    click(wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentPage() is not before, (before.general_error.text(), before.problems())


def choose(combo: Any, data: str) -> None:
    """With the keyboard: Home, then Down until the item is current."""
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


def type_text(widget: QWidget, text: str) -> None:
    """Keys for Latin text; Chinese arrives as an input method commits it (QTest has no keys for it)."""
    widget.setFocus()
    if text.isascii():
        QTest.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_lines(edit: Any, lines: list[str]) -> None:
    edit.setFocus()
    for n, line in enumerate(lines):
        if n:
            QTest.keyClick(edit, Qt.Key.Key_Return)
        type_text(edit, line)


def make_request(qtbot: Any, window: Any, jurisdiction: str, right: str) -> Any:
    person = PEOPLE[jurisdiction]
    window.act_new.trigger()
    wizard = window.workspace.wizard
    qtbot.addWidget(wizard)
    qtbot.waitExposed(wizard)
    # 1. The situation.
    s = wizard.situation
    choose(s.jurisdiction, jurisdiction)
    choose(s.situation, person["situation"])
    if "context" in person:
        choose(s.context_choice, person["context"])
    next_page(wizard)
    # 2. The authority: search the directory, click the first entry found.
    a = wizard.authority
    type_text(a.search, person["search"])
    assert a.results.rowCount() >= 1, a.found.text()
    index = a.results.index(0, 0)
    click(a.list.viewport(), a.list.visualRect(index).center())
    chosen = index.data(Qt.ItemDataRole.UserRole)  # the directory entry behind the first line
    assert (a.name.text(), a.address.toPlainText()) == (chosen.name, chosen.address)
    if not a.address.toPlainText().strip():  # a name without a shipped address: typed by hand
        type_lines(a.address, person["address"])
    next_page(wizard)
    # 3. The rights.
    r = wizard.rights
    tick(r.rights.boxes[right])
    assert r.rights.value() == [right]
    if right == "deletion":
        first = next(iter(r.grounds.boxes.values()))  # the law's first ground (the case)
        tick(first)
        assert first.isChecked()
        type_lines(r.explanation, ["The allegation was withdrawn and no action was taken."])
    if right == "correction":
        type_lines(r.wrong, ["Date of birth recorded as 10 January 1990"])
        type_lines(r.correct, ["Date of birth is 1 January 1990"])
    next_page(wizard)
    # 4. About you.
    y = wizard.you
    you = person["you"]
    type_text(y.name, you["name"])
    if "id_number" in you:
        type_text(y.id_number, you["id_number"])
    type_lines(y.address, you["address"])
    if "postal_code" in you:
        QTest.keyClicks(y.postal_code, you["postal_code"])
    next_page(wizard)
    # 5. Details.
    type_lines(wizard.details.details, ["Records about me held since 2024."])
    next_page(wizard)
    # 6. Review, then Generate through its button.
    assert wizard.currentPage() is wizard.review
    assert you["name"] in wizard.review.summary.toPlainText()
    click(wizard.button(QWizard.WizardButton.FinishButton))
    wait_idle(qtbot, window)
    return wizard


@pytest.mark.parametrize("right", ["access", "correction", "deletion"])
@pytest.mark.parametrize("jurisdiction", ["CN", "DE", "GB-ENG", "US"])
def test_a_request_is_made_with_keys_and_clicks(qtbot, main_window, jurisdiction: str, right: str) -> None:
    wizard = make_request(qtbot, main_window, jurisdiction, right)
    assert main_window.messages.last_error == ""
    assert not wizard.isVisible()
    store = main_window.workspace.service.store
    (case,) = store.list_cases()
    (request,) = store.list_requests(case_id=case.id)
    assert request.jurisdiction == jurisdiction and request.rights == (right,)
    (letter,) = store.list_letters(case_id=case.id)
    assert letter.pdf.startswith(b"%PDF")
    assert PEOPLE[jurisdiction]["you"]["name"] in letter.text


def test_the_preview_follows_typing(qtbot, main_window) -> None:
    """From "About you" on the letter is beside the form; what is typed appears in it."""
    window = main_window
    window.act_new.trigger()
    wizard = window.workspace.wizard
    qtbot.addWidget(wizard)
    choose(wizard.situation.jurisdiction, "DE")
    next_page(wizard)
    assert not wizard.preview.isVisible()  # not before "About you"
    wizard.authority.name.setFocus()
    QTest.keyClicks(wizard.authority.name, "Bundeskriminalamt")
    type_lines(wizard.authority.address, ["65173 Wiesbaden"])
    next_page(wizard)
    tick(wizard.rights.rights.boxes["access"])
    next_page(wizard)
    preview = wizard.preview
    assert preview.isVisible()
    qtbot.waitUntil(lambda: preview.renders >= 1, timeout=15000)
    first = preview.renders
    assert "Blank lines" in preview.status.text()  # the name is not typed yet
    wizard.you.name.setFocus()
    QTest.keyClicks(wizard.you.name, "Erika Beispiel")
    assert wizard.you.name.text() == "Erika Beispiel"  # typing was not held up by the render
    qtbot.waitUntil(lambda: preview.renders > first and not preview._busy, timeout=15000)
    qtbot.waitUntil(lambda: b"Erika" in _text(preview.shown_pdf), timeout=15000)
    assert preview.document.pageCount() >= 1


def _text(pdf: bytes) -> bytes:
    import io

    from pypdf import PdfReader

    return "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).encode()


def test_messages_follow_typing_on_the_page(qtbot, main_window) -> None:
    """A wrong passport number is refused while typing, and the message goes when it is fixed."""
    window = main_window
    window.act_new.trigger()
    wizard = window.workspace.wizard
    qtbot.addWidget(wizard)
    choose(wizard.situation.jurisdiction, "GB-ENG")
    next_page(wizard)
    wizard.authority.name.setFocus()
    QTest.keyClicks(wizard.authority.name, "Greater Manchester Police")
    type_lines(wizard.authority.address, ["Openshaw Complex", "Manchester"])
    next_page(wizard)
    tick(wizard.rights.rights.boxes["access"])
    next_page(wizard)
    y = wizard.you
    assert y.id_type.currentData() == ""  # no Chinese resident card, no document proposed
    choose(y.id_type, "passport")
    y.id_number.setFocus()
    QTest.keyClicks(y.id_number, "!!")
    error = y.binder.errors["requester.id_number"]
    qtbot.waitUntil(error.isVisible, timeout=5000)
    assert "wrong length or characters" in error.text()
    assert not y.binder.errors["requester.name"].isVisible()  # not touched yet: no message
    y.id_number.selectAll()
    QTest.keyClicks(y.id_number, "123456789")
    qtbot.waitUntil(lambda: not error.isVisible(), timeout=5000)
    assert "11643" not in "".join(y.id_type.itemText(i) for i in range(y.id_type.count()))


def test_german_id_card_xyz_is_refused(qtbot, main_window) -> None:
    window = main_window
    window.act_new.trigger()
    wizard = window.workspace.wizard
    qtbot.addWidget(wizard)
    choose(wizard.situation.jurisdiction, "DE")
    next_page(wizard)
    type_text(wizard.authority.name, "Polizeipräsidium")
    type_lines(wizard.authority.address, ["10115 Berlin"])
    next_page(wizard)
    tick(wizard.rights.rights.boxes["access"])
    next_page(wizard)
    y = wizard.you
    choose(y.id_type, "national_id")
    y.id_number.setFocus()
    QTest.keyClicks(y.id_number, "XYZ")
    click(wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentPage() is y
    assert "wrong length or characters" in y.binder.errors["requester.id_number"].text()


def test_evidence_and_courtesy_copy_only_where_they_belong(qtbot, main_window) -> None:
    window = main_window
    window.act_new.trigger()
    wizard = window.workspace.wizard
    qtbot.addWidget(wizard)
    choose(wizard.situation.jurisdiction, "GB-ENG")
    next_page(wizard)
    wizard.authority.name.setFocus()
    QTest.keyClicks(wizard.authority.name, "Greater Manchester Police")
    type_lines(wizard.authority.address, ["Manchester"])
    next_page(wizard)
    tick(wizard.rights.rights.boxes["access"])
    next_page(wizard)
    QTest.keyClicks(wizard.you.name, "Sam Example")
    type_lines(wizard.you.address, ["2 Example Road"])
    next_page(wizard)
    d = wizard.details
    assert "evidence" not in d.standard.boxes  # evidence of an inaccuracy: correction only
    assert not d.courtesy.isVisibleTo(d)  # an English letter needs no English copy
    for box in d.standard.boxes.values():
        assert "&" in box.text()  # every check box has a mnemonic


def test_evidence_is_offered_for_a_correction_and_enclosed_in_its_letter_only(qtbot, main_window) -> None:
    """The enclosures come from the law data: evidence of an inaccuracy with a correction only."""
    from app.ui.wizard.form import form_to_drafts

    window = main_window
    window.act_new.trigger()
    wizard = window.workspace.wizard
    qtbot.addWidget(wizard)
    choose(wizard.situation.jurisdiction, "GB-ENG")
    next_page(wizard)
    wizard.authority.name.setFocus()
    QTest.keyClicks(wizard.authority.name, "Greater Manchester Police")
    type_lines(wizard.authority.address, ["Manchester"])
    next_page(wizard)
    r = wizard.rights
    tick(r.rights.boxes["access"])
    tick(r.rights.boxes["correction"])
    type_lines(r.wrong, ["Date of birth recorded as 10 January 1990"])
    type_lines(r.correct, ["Date of birth is 1 January 1990"])
    next_page(wizard)
    QTest.keyClicks(wizard.you.name, "Sam Example")
    type_lines(wizard.you.address, ["2 Example Road"])
    next_page(wizard)
    d = wizard.details
    assert list(d.standard.boxes) == ["id_copy", "evidence", "proof_of_address"]  # no representative
    assert d.standard.boxes["evidence"].text().replace("&", "") == "Evidence of the inaccuracy"
    tick(d.standard.boxes["evidence"])
    tick(d.standard.boxes["id_copy"])
    drafts, _problems = form_to_drafts(wizard.values(), wizard.services.advisor.kb)
    enclosed = {draft.right: draft.enclosures for draft in drafts}
    assert enclosed["correction"] == ("Copy of my identity document", "Evidence of the inaccuracy")
    assert enclosed["access"] == ("Copy of my identity document",)
    # Back to the rights: without the correction, the evidence is no longer offered.
    click(wizard.button(QWizard.WizardButton.BackButton))
    click(wizard.button(QWizard.WizardButton.BackButton))
    tick(r.rights.boxes["correction"])
    assert r.rights.value() == ["access"]
    next_page(wizard)
    next_page(wizard)
    assert "evidence" not in d.standard.boxes and "id_copy" in d.standard.boxes
    assert d.standard.boxes["id_copy"].isChecked()  # a choice that stays offered is kept


@pytest.mark.parametrize(
    ("lang", "typed"),
    [("de", "1990-01-31"), ("zh_CN", "1990-01-31"), ("zh_CN", "１９９０－０１－３１")],
)
def test_a_date_of_birth_typed_in_de_and_zh(qtbot, main_window, lang: str, typed: str) -> None:
    """The hint is the UI language's (JJJJ-MM-TT, 年-月-日), what is kept is ISO; a Chinese input
    method's full-width digits are taken as the same date."""
    from datetime import date

    from app.i18n import translator
    from app.ui.wizard.form import form_to_drafts

    window = main_window
    window.languages.apply(lang)
    window.act_new.trigger()
    wizard = window.workspace.wizard
    qtbot.addWidget(wizard)
    choose(wizard.situation.jurisdiction, "DE")
    next_page(wizard)
    type_text(wizard.authority.name, "Bundeskriminalamt")
    type_lines(wizard.authority.address, ["65173 Wiesbaden"])
    next_page(wizard)
    tick(wizard.rights.rights.boxes["access"])
    next_page(wizard)
    y = wizard.you
    hint = y.birth_date.placeholderText()
    assert hint == translator(lang).gettext("YYYY-MM-DD") and hint
    type_text(y.name, "Erika Beispiel")
    type_lines(y.address, ["Beispielweg 3", "10115 Berlin"])
    if typed.isascii():
        y.birth_date.setFocus()
        QTest.keyClicks(y.birth_date, typed)
    else:
        type_text(y.birth_date, typed)
    assert y.birth_date.text() == typed
    (draft,), problems = form_to_drafts(wizard.values(), wizard.services.advisor.kb)
    assert problems == [] and draft.requester.birth_date == date(1990, 1, 31)
    next_page(wizard)  # no message held the page
    assert not y.binder.errors["requester.birth_date"].isVisible()
    # A German-style date is refused where it was typed, with the hint in the message.
    click(wizard.button(QWizard.WizardButton.BackButton))
    y.birth_date.selectAll()
    QTest.keyClicks(y.birth_date, "31.01.1990")
    click(wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentPage() is y
    error = y.binder.errors["requester.birth_date"]
    assert error.isVisible() and error.text() == translator(lang).gettext("not a date (YYYY-MM-DD)")
