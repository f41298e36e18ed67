"""The case list model: chunked loading, sorting by typed keys, filters and search."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from app.ui.caselist_model import (
    COL_CLIENT,
    COL_DUE,
    COL_OPENED,
    DUE_OVERDUE,
    DUE_SOON,
    ROW_ROLE,
    CaseFilterProxy,
    CaseRow,
    CaseTableModel,
)

TODAY = date(2026, 3, 10)


def _rows(n: int) -> list[CaseRow]:
    statuses = ("sent", "refused", "draft", "acknowledged")
    return [
        CaseRow(
            case_id=i,
            title=f"Case {i:05d}",
            client=f"Client {i % 97}",
            jurisdiction=("CN", "DE", "GB-ENG", "US")[i % 4],
            authority=f"Authority {i % 5}",
            status=statuses[i % 4],
            next_due=None if i % 3 == 0 else TODAY + timedelta(days=(i % 40) - 20),
            opened=TODAY - timedelta(days=i),
        )
        for i in range(n)
    ]


def test_model_hands_rows_to_views_in_chunks(qtbot) -> None:
    model = CaseTableModel(chunk=500)
    model.set_rows(_rows(2000), TODAY)
    assert model.rowCount() == 500 and model.total_rows() == 2000
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 1000


def test_filters_see_every_case_not_only_the_loaded_chunk(qtbot) -> None:
    rows = _rows(2000)
    model = CaseTableModel(chunk=500)
    model.set_rows(rows, TODAY)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filters(jurisdiction="DE", due=DUE_OVERDUE)
    expected = [r for r in rows if r.jurisdiction == "DE" and r.next_due and r.next_due < TODAY]
    assert proxy.rowCount() == len(expected) > 0
    proxy.set_filters(
        due=DUE_SOON, matching=frozenset(r.case_id for r in rows if "client 7" in r.client.lower())
    )
    got = {proxy.index(i, 0).data(ROW_ROLE).case_id for i in range(proxy.rowCount())}
    want = {
        r.case_id
        for r in rows
        if r.next_due and TODAY <= r.next_due <= TODAY + timedelta(days=7) and "client 7" in r.client.lower()
    }
    assert got == want and want


def test_sorting_by_due_date_puts_undated_cases_last(qtbot) -> None:
    model = CaseTableModel(chunk=100)
    model.set_rows(_rows(300), TODAY)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_DUE, Qt.SortOrder.AscendingOrder)
    dues = [proxy.index(i, 0).data(ROW_ROLE).next_due for i in range(proxy.rowCount())]
    assert proxy.rowCount() == 300
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated)
    assert dues[-1] is None and dues[0] is not None


def _shown(proxy: CaseFilterProxy) -> list[CaseRow]:
    return [proxy.index(i, 0).data(ROW_ROLE) for i in range(proxy.rowCount())]


def test_rows_arriving_while_sorted_take_their_places(qtbot) -> None:
    rows = _rows(900)
    model = CaseTableModel(chunk=100)
    model.set_rows(rows[:300], TODAY)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_OPENED, Qt.SortOrder.AscendingOrder)  # the reverse of the order they arrive in
    model.append_rows(rows[300:600])
    model.append_rows(rows[600:])
    opened = [r.opened for r in _shown(proxy)]
    assert len(opened) == 900 and opened == sorted(opened)
    proxy.sort(-1)  # back to the order they arrived in
    assert [r.case_id for r in _shown(proxy)] == [r.case_id for r in rows]


def test_sorting_keeps_the_selected_case_selected(qtbot) -> None:
    from PySide6.QtWidgets import QTableView

    rows = _rows(400)
    model = CaseTableModel(chunk=100)
    model.set_rows(rows, TODAY)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # load order, as the case list starts
    view.selectRow(7)
    chosen = view.currentIndex().data(ROW_ROLE)
    assert chosen == rows[7]
    view.show()
    # The user clicks the "Client" header: the proxy sorts through the model.
    header = view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, COL_CLIENT))
    shown = _shown(proxy)
    assert len(shown) == 400
    keys = [r.client.casefold() for r in shown]
    assert keys in (sorted(keys), sorted(keys, reverse=True)) and shown.index(chosen) != 7
    assert view.currentIndex().data(ROW_ROLE) == chosen
    assert [i.data(ROW_ROLE) for i in view.selectionModel().selectedRows()] == [chosen]


def _section_centre(header, section: int):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


def test_rows_arriving_while_filtered_are_filtered_too(qtbot) -> None:
    rows = _rows(1500)
    model = CaseTableModel(chunk=100)
    model.set_rows(rows[:500], TODAY)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_OPENED, Qt.SortOrder.AscendingOrder)
    proxy.set_filters(
        jurisdiction="US", matching=frozenset(r.case_id for r in rows if "client 1" in r.client.casefold())
    )
    model.append_rows(rows[500:])
    want = [r for r in rows if r.jurisdiction == "US" and "client 1" in r.client.casefold()]
    shown = _shown(proxy)
    assert sorted(r.case_id for r in shown) == sorted(r.case_id for r in want) and want
    assert [r.opened for r in shown] == sorted(r.opened for r in want)
    assert model.total_rows() == 1500  # "N of 1500 cases"
    proxy.set_filters()  # filters cleared: every case again, still sorted
    assert len(_shown(proxy)) == 1500 and [r.opened for r in _shown(proxy)] == sorted(r.opened for r in rows)
