"""Casework for the windows, all through the lifecycle engine in ``app.cases``. No Qt.

Case-list summaries and the dashboard's deadlines come from one pass over the store (each
request's ``request_state`` is computed once per reload), the case page from
``LifecycleService.overview``; events are recorded through ``LifecycleService.record_event`` (which
checks them against the request's history); escalation letters, the dossier and the calendar use
the same builders as the command line. Called on a worker thread through ``TaskRunner``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from app.cases.deadlines import Deadline, RequestState, request_state, sort_deadlines
from app.cases.draft import Authority as DraftAuthority
from app.cases.lifecycle import Status, derive_status
from app.cases.records import (
    Authority,
    GeneratedLetter,
    Page,
    Request,
    RequestEvent,
    utc_now,
)
from app.cases.service import DeadlineRow, LifecycleService, one_line
from app.errors import HabeasError
from app.i18n import current_language
from app.law import KnowledgeBase
from app.store.store import Store
from app.ui.caselist_model import CaseRow
from app.ui.views import CaseView, DeadlineItem, EventInput, LoadedPage, RequestItem

log = logging.getLogger(__name__)

ALL = Page(0, 1_000_000)

# Most urgent first: which request's status stands for the whole case in the list.
URGENCY: tuple[Status, ...] = (
    Status.CLARIFICATION,
    Status.EXTENDED,
    Status.ACKNOWLEDGED,
    Status.RECEIVED,
    Status.SENT,
    Status.REFUSED,
    Status.PARTLY_GRANTED,
    Status.ESCALATED,
    Status.NO_DATA,
    Status.ANSWERED,
    Status.GRANTED,
    Status.DRAFT,
    Status.CLOSED,
)

# Which directory entries may receive each escalation step's letter, most likely first.
ADDRESSEE_KINDS: dict[str, tuple[str, ...]] = {
    "complaint": ("data_protection", "ministry", "police"),
    "indirect_access": ("data_protection",),
    "reconsideration": ("reviewing_body", "ministry"),
    "appeal": ("reviewing_body", "ministry", "police"),
    "court": ("court",),
}


class Casework:
    """The lifecycle as the windows need it. Safe to call from a worker thread (the store is)."""

    def __init__(self, store: Store, kb: KnowledgeBase, seeds: Sequence[Authority] = ()) -> None:
        self.store = store
        self.kb = kb
        self.seeds = tuple(seeds)  # the directory's seed entries not stored yet (resources/ui)

    def lifecycle(self) -> LifecycleService:
        # Explanations are text in the UI language, which may change while the app runs.
        return LifecycleService(self.store, self.kb, current_language())

    def regime_name(self, jurisdiction: str, regime: str) -> str:
        try:
            return self.kb.jurisdiction(jurisdiction).regimes[regime].text_in("name", current_language())
        except (HabeasError, KeyError):
            return regime

    # -- the case list and the dashboard ------------------------------------------------------------
    def load_page(self, offset: int, limit: int, today: date) -> LoadedPage:
        """One page of cases (most recently changed first) with status, next deadline and deadlines.

        The store reads a page in a fixed number of queries (``Store.case_summaries``); each
        request's state is computed once here and serves both the case list and the dashboard.
        """
        summaries = self.store.case_summaries(page=Page(offset, limit))
        lang = current_language()
        rows: list[CaseRow] = []
        items: list[DeadlineItem] = []
        failed: list[tuple[int, str]] = []
        for summary in summaries:
            case = summary.case
            statuses: list[Status] = []
            dues: list[Deadline] = []
            for bundle in summary.requests:
                request = bundle.request
                state = self._state(request, bundle.events, today, lang, failed)
                statuses.append(state.status if state is not None else derive_status(bundle.events))
                if state is None or case.closed:
                    continue
                dues += state.deadlines
                authority = one_line(bundle.authority.name) if bundle.authority else ""
                for deadline in state.deadlines:
                    row = DeadlineRow(deadline, case.id or 0, request.jurisdiction, authority)
                    items.append(DeadlineItem(row, one_line(case.title)))
            first_due = sort_deadlines(dues, today)[0] if dues else None
            requests = summary.requests
            rows.append(
                CaseRow(
                    case_id=case.id or 0,
                    title=one_line(case.title),
                    client=summary.client.name if summary.client else "",
                    jurisdiction=requests[0].request.jurisdiction if requests else "",
                    authority=next((one_line(b.authority.name) for b in requests if b.authority), ""),
                    status=Status.CLOSED if case.closed else summary_status(statuses),
                    next_due=min((d.due for d in dues), default=None),
                    opened=case.created.date(),
                    overdue=first_due is not None and first_due.is_overdue(today),
                )
            )
        return LoadedPage(tuple(rows), tuple(items), tuple(failed))

    def _state(
        self,
        request: Request,
        events: Sequence[RequestEvent],
        today: date,
        lang: str,
        failed: list[tuple[int, str]],
    ) -> RequestState | None:
        try:
            return request_state(self.kb, request, events, today, lang)
        except HabeasError as exc:  # never silently dropped: the dashboard says which request
            log.warning("deadlines of request %s cannot be computed: %s", request.id, type(exc).__name__)
            failed.append((request.id or 0, str(exc)))
            return None

    # -- one case ----------------------------------------------------------------------------------
    def case_view(self, case_id: int, today: date) -> CaseView:
        service = self.lifecycle()
        case, client, overviews, letters = service.case_file(case_id, today)
        items = tuple(
            RequestItem(o, self.regime_name(o.request.jurisdiction, o.request.regime)) for o in overviews
        )
        return CaseView(
            case,
            client,
            items,
            letters,
            tuple(self.store.list_attachments(case_id)),
            tuple(self.store.list_notes(case_id)),
            today,
        )

    def record_event(self, event: EventInput, today: date) -> RequestEvent:
        """Checked against the request's history first; InputError (nothing stored) if it does not fit."""
        return self.lifecycle().record_event(
            event.request_id,
            event.kind,
            event.day,
            today=today,
            note=event.note,
            method=event.method,
            reference=event.reference,
            until=event.until,
            reply=event.reply,
        )

    # -- escalation letters -------------------------------------------------------------------------
    def addressee_choices(self, jurisdiction: str, step_kind: str) -> list[Authority]:
        """Directory entries that may receive the step's letter, the most likely kinds first."""
        kinds = ADDRESSEE_KINDS.get(step_kind, ())
        entries = self.store.list_authorities(jurisdiction=jurisdiction, page=ALL)
        known = {a.name for a in entries}
        seeds = [s for s in self.seeds if s.jurisdiction == jurisdiction and s.name not in known]
        pool = [*entries, *seeds]
        return sorted(pool, key=lambda a: kinds.index(a.kind) if a.kind in kinds else len(kinds))

    def write_escalation_letter(
        self,
        request_id: int,
        step_id: str,
        addressee: DraftAuthority | None,
        letter_date: date,
        court: Mapping[str, str] | None = None,
    ) -> GeneratedLetter:
        """Compose, render and store the letter of an open escalation step (nothing stored if it fails).

        ``court``: defendant, defendant_representative, complaint_reference for court and tribunal letters.
        """
        from app.letters.escalation import write_step_letter

        overview = self.lifecycle().overview(request_id, letter_date)
        written = write_step_letter(self.kb, overview, step_id, letter_date, addressee, **dict(court or {}))
        stored = self.store.add_letter(
            GeneratedLetter(
                request_id=request_id,
                kind=str(written.step.kind),
                language=written.letter.language,
                created=utc_now(),
                title=written.letter.meta_title,
                pdf=written.pdf,
                text=written.text,
            )
        )
        log.info("%s letter stored for request %s", written.step.kind, request_id)
        return stored

    # -- exports -----------------------------------------------------------------------------------
    def dossier(self, case_id: int, today: date) -> bytes:
        from app.letters.dossier import DossierInput, render_dossier

        case, client, overviews, letters = self.lifecycle().case_file(case_id, today)
        return render_dossier(DossierInput(case, client, overviews, letters, today))

    def calendar(self, today: date) -> tuple[bytes, int]:
        """The .ics bytes with every open deadline and escalation window, and how many there are."""
        from app.cases.ics import deadlines_calendar

        rows = self.lifecycle().open_deadlines(today)
        return deadlines_calendar(rows, today), len(rows)


def summary_status(statuses: Iterable[Status]) -> Status:
    """The case's status: its most urgent request's."""
    found = list(statuses)
    if not found:
        return Status.DRAFT
    return min(found, key=lambda s: URGENCY.index(s) if s in URGENCY else len(URGENCY))
