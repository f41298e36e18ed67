"""A law pack in the window: the wizard offers it, asks what its data say and writes its letter.

The pack is England and Wales copied under the code XW (``law_packs`` in tests/conftest.py); no code
knows XW. Driven with clicks and typing, as a person would.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QWizard

from app.cases.draft import RequestDraft
from app.law import KnowledgeBase, load_knowledge_base
from app.letters import compose, render_text
from tests.ui.conftest import _context, wait_idle


@pytest.fixture
def pack_kb(law_packs: Any) -> KnowledgeBase:
    pack = law_packs.copy("GB-ENG", "XW", "Testland (a copy of England and Wales)")
    law_packs.use(pack)
    return load_knowledge_base(packs=(pack,))


@pytest.fixture
def pack_window(qtbot: Any, habeas_home: Path, pack_kb: KnowledgeBase) -> Iterator[Any]:
    from app.paths import app_paths
    from app.store import DatabaseConfig, open_store
    from app.ui.application import create_main_window

    paths = app_paths()
    context = _context(
        open_store=lambda: open_store(DatabaseConfig.sqlite(paths.database_file)),
        load_knowledge_base=lambda: pack_kb,
    )
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = create_main_window(context, app)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.workspace.service is not None, timeout=20000)
    wait_idle(qtbot, window)
    yield window
    wait_idle(qtbot, window)
    window.workspace.service.store.close()


def _choose(qtbot: Any, combo: Any, data: str) -> None:
    """Pick an entry the way the keyboard does: focus the box and step to it."""
    index = combo.findData(data)
    assert index >= 0, (data, [combo.itemData(i) for i in range(combo.count())])
    combo.setFocus()
    while combo.currentIndex() != index:
        key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def _type(qtbot: Any, widget: Any, text: str) -> None:
    """Type ``text``, pressing Return between lines (QTest cannot type a newline character)."""
    for n, line in enumerate(text.split("\n")):
        if n:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        qtbot.keyClicks(widget, line)


def _next(qtbot: Any, wizard: Any) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def test_the_wizard_writes_the_pack_letter_like_the_shipped_one(
    qtbot: Any, pack_window: Any, pack_kb: KnowledgeBase
) -> None:
    window = pack_window
    window.act_new.trigger()
    wizard = window.workspace.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    s = wizard.situation
    _choose(qtbot, s.jurisdiction, "XW")
    _choose(qtbot, s.situation, "arrest")
    assert s.context == "policing"  # from the pack's own data: arrest is a policing matter
    s.letter_date.setDate(QDate(2026, 3, 2))
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.authority
    qtbot.keyClicks(wizard.authority.name, "Data Protection Officer, Testshire Police")
    _type(qtbot, wizard.authority.address, "1 Test Street\nTesttown")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.rights
    box = wizard.rights.rights.boxes["access"]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # the check boxes are rebuilt for each jurisdiction
    assert wizard.rights.rights.boxes["access"].isChecked()
    _next(qtbot, wizard)
    you = wizard.you
    assert wizard.currentPage() is you, wizard.rights.general_error.text()
    offered = [you.id_type.itemText(i) for i in range(1, you.id_type.count())]
    assert offered == [d.label for d in pack_kb.jurisdiction("XW").identity_documents]
    assert "Driving licence" in offered and not any("China" in text for text in offered)
    qtbot.keyClicks(you.name, "Alex Example")
    _type(qtbot, you.address, "2 Sample Road\nTesttown")
    qtbot.keyClicks(you.postal_code, "nope")
    _next(qtbot, wizard)
    assert wizard.currentPage() is you  # the pack's postal-code format refuses it, with an example
    assert "SW1A 2AA" in you.binder.errors["requester.postal_code"].text()
    you.postal_code.clear()
    qtbot.keyClicks(you.postal_code, "CB4 1XY")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.details
    assert not wizard.details.courtesy.isVisible()  # an English letter has no English courtesy copy
    qtbot.keyClicks(wizard.details.details, "Custody record of my arrest on 1 February 2026.")
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.review
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert not wizard.isVisible(), window.messages.last_error
    store = window.workspace.service.store
    (case,) = store.list_cases()
    (request,) = store.list_requests(case_id=case.id)
    assert (request.jurisdiction, request.regime) == ("XW", "dpa-part3")
    (letter,) = store.list_letters(case_id=case.id)
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(letter.pdf)).pages)
    assert "Data Protection Act 2018" in text and "Alex Example" in text
    # The same request to GB-ENG gives the same letter, word for word.
    draft = RequestDraft.parse(request.draft.get("draft", request.draft))
    assert draft.jurisdiction == "XW"
    shipped = RequestDraft.from_json({**draft.to_json(), "jurisdiction": "GB-ENG"}, pack_kb)
    assert render_text(compose(draft, pack_kb)) == render_text(compose(shipped, pack_kb))
    assert date(2026, 3, 2) == draft.date
