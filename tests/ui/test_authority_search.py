"""The wizard's authority page driven by keys and clicks: list, search, pick, or type a new one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWizard

from tests.ui.test_wizard_flow import _open_wizard, _select


def _rows(page: Any) -> list[str]:
    return [page.results.item(i).text() for i in range(page.results.rowCount())]


def _search(page: Any, text: str) -> None:
    page.search.setFocus()
    QTest.keyClick(page.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(page.search, Qt.Key.Key_Delete)
    QTest.keyClicks(page.search, text)


def _type_lines(widget: Any, *lines: str) -> None:
    for i, line in enumerate(lines):
        if i:
            QTest.keyClick(widget, Qt.Key.Key_Return)
        QTest.keyClicks(widget, line)


def _click_row(page: Any, text: str) -> None:
    row = next(i for i, label in enumerate(_rows(page)) if label.startswith(text))
    rect = page.list.visualRect(page.results.index(row, 0))
    QTest.mouseClick(
        page.list.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )


def _to_authority_page(qtbot: Any, main_window: Any, jurisdiction: str) -> Any:
    wizard = _open_wizard(qtbot, main_window)
    wizard.activateWindow()
    _select(wizard.situation.jurisdiction, jurisdiction)
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.authority
    return wizard


def test_search_pick_and_not_found_in_england(qtbot: Any, main_window: Any) -> None:
    wizard = _to_authority_page(qtbot, main_window, "GB-ENG")
    page = wizard.authority
    # An empty search lists the whole jurisdiction: 43 forces, BTP, ACRO and the ICO.
    assert len(_rows(page)) == 46
    assert page.found.text() == "46 authorities found."

    _search(page, "bristol")  # a place the force covers, not in its name
    assert _rows(page) == [
        "Avon and Somerset Constabulary (address to be added) — Somerset, Bath and North East Somerset"
    ]
    _click_row(page, "Avon and Somerset")
    assert page.name.text() == "Avon and Somerset Constabulary"
    assert page.address.toPlainText() == ""
    assert wizard.focusWidget() is page.address  # the address is what is left to type
    _type_lines(page.address, "Police HQ", "Portishead")

    _search(page, "ico")  # an alias; the ICO's address comes from the directory
    _click_row(page, "Information Commissioner's Office")
    assert page.name.text() == "Information Commissioner's Office"
    assert page.address.toPlainText().startswith("Wycliffe House\nWater Lane\nWilmslow")
    assert _rows(page)[0].endswith("— Cheshire SK9 5AF")

    _search(page, "no such force anywhere")
    assert _rows(page) == []
    assert page.found.text() == "Nothing found for “no such force anywhere”."
    QTest.mouseClick(page.not_found, Qt.MouseButton.LeftButton)
    assert page.name.text() == "" and page.address.toPlainText() == "" and wizard.focusWidget() is page.name
    assert page.authority_id is None
    QTest.keyClicks(page.name, "Isle of Man Constabulary")
    _type_lines(page.address, "Dukes Road", "Douglas")
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.rights
    values = wizard.values()
    assert values["authority.name"] == "Isle of Man Constabulary"
    assert values["authority.address"] == "Dukes Road\nDouglas"
    assert values["authority.id"] is None


def test_search_ignores_accents_and_finds_by_address_in_germany(qtbot: Any, main_window: Any) -> None:
    wizard = _to_authority_page(qtbot, main_window, "DE")
    page = wizard.authority
    _search(page, "thuringen lka")
    assert _rows(page) == ["Thüringer Landeskriminalamt (address to be added) — Thüringen"]
    _search(page, "wiesbaden")
    assert "Bundeskriminalamt — 65173 Wiesbaden" in _rows(page)
    _click_row(page, "Bundeskriminalamt")
    assert page.address.toPlainText() == "65173 Wiesbaden"
    assert not page.caution.isVisible()
