"""Keeping request states current: derive again what is stale, record what moved, read the lists.

Called before every list of deadlines (the command line, the dashboard): on an ordinary day it
finds nothing or a handful of requests whose dates passed; after a change of the law data, a
holiday schedule or the app, it derives every open request again in batches, with progress, and
records each deadline that moved and why ("the holiday schedules changed").
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from app import __version__
from app.cases.kept import DeadlineChange, as_deadline, change_reason, fingerprint, keep, moved
from app.cases.lifecycle import Status
from app.cases.records import Page, RequestEvent
from app.cases.service import DeadlineRow, one_line
from app.law import KnowledgeBase
from app.services.listing import CaseListEntry, CaseListPage, DeadlineReport, summary_status

if TYPE_CHECKING:
    from app.store import Store
    from app.store.kept import KeptCaseRow

log = logging.getLogger(__name__)

BATCH = 500  # requests derived and written per transaction

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class Refreshed:
    derived: int  # requests derived again
    moved: int  # deadlines recorded as moved (law data, calendars or app changed)


class KeptStates:
    """The store's kept request states for one knowledge base (and this version of Habeas)."""

    def __init__(self, store: Store, kb: KnowledgeBase, version: str = __version__) -> None:
        self.store = store
        self.kb = kb
        self.fingerprint = fingerprint(kb, version)
        # The window reads the dashboard and the case list on two workers at once: one derives
        # what is stale while the other waits, so nothing is derived (or recorded as moved) twice.
        self._refreshing = threading.Lock()

    def refresh(self, today: date, progress: Progress | None = None) -> Refreshed:
        with self._refreshing:
            return self._refresh(today, progress)

    def _refresh(self, today: date, progress: Progress | None) -> Refreshed:
        stale = self.store.stale_request_ids(self.fingerprint, today)
        derived = moves = 0
        for start in range(0, len(stale), BATCH):
            chunk = stale[start : start + BATCH]
            old_prints, old_deadlines = self.store.kept_states_of(chunk)
            bundles = self.store.request_bundles(chunk)
            states = [keep(self.kb, b.request, b.events, today, self.fingerprint) for b in bundles]
            # The events each state was derived from: a state whose request got an event since
            # (written with its own fresh state) is not overwritten with this older one.
            seen = {b.request.id or 0: _last_event(b.events) for b in bundles}
            # Only a change of the law data, the calendars or the app "moves" a deadline; a day
            # passing does not.
            relaid = {rid for rid, old in old_prints.items() if old != self.fingerprint}
            changes = moved(
                [d for d in old_deadlines if d.request_id in relaid],
                [d for s in states if s.request_id in relaid for d in s.deadlines],
            )
            reasons = {change_reason(old_prints[rid], self.fingerprint) for rid in relaid}
            self.store.write_kept_states(states, changes, "; ".join(sorted(reasons)), seen)
            derived += len(states)
            moves += len(changes)
            if progress is not None:
                progress(min(start + BATCH, len(stale)), len(stale))
        if derived:
            log.info("kept states derived again: %d requests, %d deadlines moved", derived, moves)
        return Refreshed(derived, moves)

    def deadlines(self, today: date, within_days: int | None, lang: str) -> DeadlineReport:
        """Open deadlines of open cases, overdue first, then by date (one query once current)."""
        self.refresh(today)
        rows = self.store.kept_deadline_rows(self.fingerprint, today, within_days)
        memo: dict[tuple[object, ...], tuple[str, tuple[str, ...]]] = {}
        return DeadlineReport(
            tuple(
                DeadlineRow(
                    as_deadline(self.kb, r.deadline, r.jurisdiction, lang, memo),
                    r.case_id,
                    r.jurisdiction,
                    r.authority,
                    r.case_title,
                )
                for r in rows
            ),
            tuple(self.store.kept_failures(self.fingerprint)),
        )

    def case_list(self, page: Page, today: date) -> CaseListPage:
        """A page of the case list, most recently changed first, from the kept states (no events read).

        The same entries as ``listing.case_list_page`` derives from the events, without the
        deadlines' texts (``deadlines`` is empty): the list shows each case's next date only.
        """
        self.refresh(today)
        rows = self.store.kept_case_rows(self.fingerprint, page)
        return CaseListPage(tuple(_entry(row, today) for row in rows), ())

    def changes(self) -> Sequence[DeadlineChange]:
        return self.store.deadline_changes()

    def moved(self, lang: str, limit: int = 2000) -> list[MovedDeadline]:
        """The newest recorded moves, titled in ``lang`` as the dashboard titles deadlines."""
        memo: dict[tuple[object, ...], tuple[str, tuple[str, ...]]] = {}
        out = []
        for row in self.store.deadline_change_rows(limit):
            title = (
                as_deadline(self.kb, row.current, row.jurisdiction, lang, memo).title
                if row.current is not None
                else ""
            )
            out.append(MovedDeadline(row.change, row.case_id, row.case_title, title))
        return out


@dataclass(frozen=True)
class MovedDeadline:
    """A deadline that moved when the law data, a calendar or Habeas changed, as the window lists it.

    ``title``: the deadline's name now; empty when the deadline no longer applies (``new_due`` None).
    """

    change: DeadlineChange
    case_id: int
    case_title: str
    title: str

    @property
    def now_certain(self) -> bool:
        return (
            self.change.old_provisional
            and not self.change.new_provisional
            and self.change.new_due is not None
        )


def _last_event(events: Sequence[RequestEvent]) -> tuple[int, int]:
    """What identifies a request's events as read: their count and the sum of ids and versions."""
    return len(events), sum((e.id or 0) + e.version for e in events)


def _entry(row: KeptCaseRow, today: date) -> CaseListEntry:
    requests = row.requests
    dues = [r.next_due for r in requests if r.next_due is not None]
    strict = [r.first_strict_due for r in requests if r.first_strict_due is not None]
    statuses = [Status(r.status) for r in requests if r.status]
    return CaseListEntry(
        case_id=row.case_id,
        title=one_line(row.title),
        client=row.client,
        jurisdiction=requests[0].jurisdiction if requests else "",
        authority=next((r.authority for r in requests if r.authority), ""),
        status=Status.CLOSED if row.closed else summary_status(statuses),
        next_due=None if row.closed else min(dues, default=None),
        opened=row.created.date(),
        # Overdue first in a deadline list: the earliest deadline has passed iff any (non-waiting) has.
        overdue=not row.closed and any(today > due for due in strict),
        deadlines=(),
    )
