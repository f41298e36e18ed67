"""The case list in the window, as a person uses it: type a search, click a column to sort, clear
the search; the list, its order and the "N of M cases" count follow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from app.ui.caselist_model import COL_CLIENT, ROW_ROLE
from tests.ui.conftest import wait_idle
from tests.ui.test_case_page import make_request

# Every shipped example request, as (jurisdiction, right): "gb-eng-access.json" -> ("GB-ENG", "access").
EXAMPLES = [
    (path.stem.rsplit("-", 1)[0].upper(), path.stem.rsplit("-", 1)[1])
    for path in sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.json"))
]


def _clients(page: Any) -> list[str]:
    model = page.table.model()
    return [model.index(row, 0).data(ROW_ROLE).client for row in range(model.rowCount())]


def test_search_sort_and_clear_by_keyboard_and_mouse(qtbot: Any, main_window: Any) -> None:
    window = main_window
    for code, right in EXAMPLES:
        make_request(window, code, right)
    window.act_refresh.trigger()
    wait_idle(qtbot, window)
    window.navigation.setFocus()
    window.workspace.show_cases()
    page = window.cases_page
    assert len(_clients(page)) == len(EXAMPLES)

    page.search.setFocus()
    # The database's index answers once typing pauses (off the GUI thread).
    qtbot.keyClicks(page.search, "Bren")  # Jonas Brenner and Thomas J. Brennan
    qtbot.waitUntil(lambda: page.count_label.text() == f"2 of {len(EXAMPLES)} cases")
    assert sorted(_clients(page)) == ["Jonas Brenner", "Thomas J. Brennan"]
    qtbot.keyClicks(page.search, "ner")
    qtbot.waitUntil(lambda: _clients(page) == ["Jonas Brenner"])
    # Two words, in any field and any case: the client's name and the authority's.
    qtbot.keyClick(page.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.search, "enforcement BRENN")
    qtbot.waitUntil(lambda: _clients(page) == ["Thomas J. Brennan"])

    qtbot.keyClick(page.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.search, Qt.Key.Key_Delete)
    assert page.search.text() == "" and page.count_label.text() == f"{len(EXAMPLES)} cases"

    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(COL_CLIENT) + header.sectionSize(COL_CLIENT) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    clients = _clients(page)
    keys = [c.casefold() for c in clients]
    assert len(clients) == len(EXAMPLES) and keys in (sorted(keys), sorted(keys, reverse=True))

    # A search on a sorted list keeps the order.
    qtbot.keyClicks(page.search, "brenn")
    qtbot.waitUntil(lambda: len(_clients(page)) == 2)
    found = _clients(page)
    assert sorted(found) == ["Jonas Brenner", "Thomas J. Brennan"]
    assert found == [c for c in clients if c in found]
