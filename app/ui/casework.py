"""Shapes the casework service's results into the rows and views the windows show. No Qt.

The work itself (states, deadlines, statuses) is done by ``app.services``; this only turns its
records into the case list's ``CaseRow``s, the dashboard's ``DeadlineItem``s and the case page's
``CaseView``. Called on a worker thread through ``TaskRunner``.
"""

from __future__ import annotations

from datetime import date

from app.services import CaseListPage, CaseworkService, DeadlineReport
from app.ui.caselist_model import CaseRow
from app.ui.views import CaseView, DeadlineItem, LoadedPage, RequestItem


def loaded_page(listing: CaseListPage) -> LoadedPage:
    """The case list's rows and the dashboard's deadlines of one page of cases."""
    rows = tuple(
        CaseRow(
            case_id=e.case_id,
            title=e.title,
            client=e.client,
            jurisdiction=e.jurisdiction,
            authority=e.authority,
            status=e.status,
            next_due=e.next_due,
            opened=e.opened,
            overdue=e.overdue,
        )
        for e in listing.entries
    )
    items = tuple(DeadlineItem(row, e.title) for e in listing.entries for row in e.deadlines)
    return LoadedPage(rows, items, listing.failed)


def dashboard_items(report: DeadlineReport) -> tuple[tuple[DeadlineItem, ...], tuple[tuple[int, str], ...]]:
    """Every open deadline for the dashboard, from the kept states (correct at first paint)."""
    return tuple(DeadlineItem(row, row.case_title) for row in report.rows), report.failed


def case_view(casework: CaseworkService, case_id: int, today: date) -> CaseView:
    """The case page: the case file, each request with its law's name, attachments and notes."""
    found = casework.case_file(case_id, today)
    items = tuple(
        RequestItem(o, casework.regime_name(o.request.jurisdiction, o.request.regime)) for o in found.requests
    )
    return CaseView(
        found.case,
        found.client,
        items,
        found.letters,
        tuple(casework.store.list_attachments(case_id)),
        tuple(casework.store.list_notes(case_id)),
        today,
    )
