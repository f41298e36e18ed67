"""The escalation-letter dialog shows only the fields its step uses, each labelled, in order (issue 13).

Before: the defendant, representative and reference fields existed for every step and sat
unlabelled at (0,0) over the title on steps that are not court actions, where focus started.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.cases.records import Authority
from app.ui.letter_dialog import LetterDialog

INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QDateEdit)
TODAY = date(2026, 3, 2)


def _dialog(
    qtbot: Any, knowledge_base: Any, step_key: str, choices: list[Authority] | None = None
) -> LetterDialog:
    step = knowledge_base.steps[step_key]
    dialog = LetterDialog(step, knowledge_base.step_kind(step.kind), choices or [], TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _inputs(dialog: LetterDialog) -> list[QWidget]:
    """Every input field of the dialog (a date field's inner line edit is part of the date field)."""
    found = [w for w in dialog.findChildren(QWidget) if isinstance(w, INPUTS)]
    return [w for w in found if not isinstance(w.parentWidget(), (QDateEdit, QComboBox))]


def _labels(dialog: LetterDialog) -> dict[QWidget, str]:
    return {label.buddy(): label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None}


def _tab_sequence(dialog: LetterDialog, presses: int = 12) -> list[QWidget]:
    """The widgets Tab visits from the start, each once, in order (a date field takes a Tab per section)."""
    seen: list[QWidget] = []
    for _ in range(presses):
        widget = dialog.focusWidget()
        owner = widget.parentWidget() if isinstance(widget.parentWidget(), QDateEdit) else widget
        if owner not in seen:
            seen.append(owner)
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    return seen


def _check_labelled_and_clear_of_the_title(dialog: LetterDialog) -> None:
    labels = _labels(dialog)
    for widget in _inputs(dialog):
        assert widget in labels, widget.accessibleName()
        text = labels[widget]
        assert "&" in text and text.index("&") < len(text) - 1, text  # a mnemonic
        assert widget.isVisible()
        assert not widget.geometry().intersects(dialog.intro.geometry()), widget.accessibleName()
        assert widget.accessibleName() == text.replace("&", "").rstrip(":")
    # Each mnemonic is used once: Alt+letter reaches exactly one field or button.
    keys = [t[t.index("&") + 1].lower() for t in labels.values()]
    keys += [
        b.text()[b.text().index("&") + 1].lower()
        for b in dialog.findChildren(QAbstractButton)
        if "&" in b.text()
    ]
    assert len(keys) == len(set(keys)), keys


def test_a_reminder_has_only_its_facts_and_date(qtbot: Any, knowledge_base: Any) -> None:
    dialog = _dialog(qtbot, knowledge_base, "GB-ENG:GB-REMINDER")
    for name in ("directory", "name", "address", "defendant", "represented_by", "complaint_reference"):
        assert getattr(dialog, name) is None, name
    assert set(_inputs(dialog)) == {dialog.facts, dialog.letter_date}
    _check_labelled_and_clear_of_the_title(dialog)
    assert dialog.focusWidget() is dialog.facts  # focus starts in the first field, not over the title
    sequence = _tab_sequence(dialog)
    assert sequence[:2] == [dialog.facts, dialog.letter_date]
    assert all(isinstance(w, QAbstractButton) for w in sequence[2:4])
    QTest.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() in (dialog.letter_date, dialog.letter_date.findChild(QLineEdit))
    QTest.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.facts
    assert dialog.addressee() is None
    assert dialog.court_details() == {"step_facts": ""}


def test_a_complaint_asks_for_the_addressee_but_not_a_defendant(qtbot: Any, knowledge_base: Any) -> None:
    ico = Authority(jurisdiction="GB-ENG", name="Information Commissioner's Office", address="Wycliffe House")
    dialog = _dialog(qtbot, knowledge_base, "GB-ENG:GB-ICO-COMPLAINT", [ico])
    assert dialog.defendant is None and dialog.represented_by is None and dialog.complaint_reference is None
    _check_labelled_and_clear_of_the_title(dialog)
    assert dialog.focusWidget() is dialog.directory
    assert dialog.name is not None and dialog.name.text() == ico.name  # the directory's first entry
    sequence = _tab_sequence(dialog)
    assert sequence[:5] == [dialog.directory, dialog.name, dialog.address, dialog.facts, dialog.letter_date]


@pytest.mark.parametrize("step_key", ["GB-ENG:GB-COURT", "DE:DE-UNTAETIGKEITSKLAGE"])
def test_a_court_step_labels_its_defendant_and_keeps_the_tab_order(
    qtbot: Any, knowledge_base: Any, step_key: str
) -> None:
    dialog = _dialog(qtbot, knowledge_base, step_key)
    assert dialog.court_step
    _check_labelled_and_clear_of_the_title(dialog)
    assert dialog.focusWidget() is dialog.directory
    sequence = _tab_sequence(dialog, presses=16)
    assert sequence[:8] == [
        dialog.directory,
        dialog.name,
        dialog.address,
        dialog.defendant,
        dialog.represented_by,
        dialog.complaint_reference,
        dialog.facts,
        dialog.letter_date,
    ]
    QTest.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.defendant
    QTest.keyClicks(dialog.defendant, "Chief Constable")
    QTest.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    QTest.keyClicks(dialog.complaint_reference, "IC-123")
    assert dialog.court_details() == {
        "step_facts": "",
        "defendant": "Chief Constable",
        "defendant_representative": "",
        "complaint_reference": "IC-123",
    }
