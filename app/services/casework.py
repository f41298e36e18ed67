"""The casework service: what the command line and the window both do with cases, in one place.

Opening a case from request drafts, recording events, writing escalation letters, the dossier,
the deadline calendar, and the lists (cases, deadlines, authorities, deletion grounds). It stores
through ``app.store`` and decides through ``LifecycleService`` (``app.cases``); the front ends only
collect input and show results. Raises ``HabeasError``/``InputError`` only; no Qt, so the window
calls it on a worker thread and tests call it directly.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from app.cases.draft import Authority as DraftAuthority
from app.cases.draft import RequestDraft
from app.cases.kept import DeadlineChange
from app.cases.records import (
    ALL_ROWS,
    Attachment,
    Authority,
    Case,
    Client,
    GeneratedLetter,
    Note,
    Page,
    Request,
    RequestEvent,
    utc_now,
)
from app.cases.replies import Reply
from app.cases.service import DeadlineRow, LifecycleService, RequestOverview
from app.errors import HabeasError, InputError
from app.i18n import _, current_language
from app.law import KnowledgeBase
from app.services.directory import AuthorityDirectory
from app.services.kept import KeptStates, MovedDeadline
from app.services.listing import CaseListPage, DeadlineReport, case_list_page

if TYPE_CHECKING:
    from app.store import Store

log = logging.getLogger(__name__)

# Which authority a new case is addressed to, given its first draft (None: found or added by name).
# The authority a draft is addressed to: a stored one (possibly changed) or a new one, or None to
# let the lifecycle find or make it from the draft. Stored with the case, in its transaction.
AuthorityChooser = Callable[[RequestDraft], Authority | None]


@dataclass(frozen=True)
class OpenedCase:
    """A case as stored: its requests (one per draft, in order) and their request letters, if any."""

    case: Case
    requests: tuple[Request, ...]
    letters: tuple[GeneratedLetter, ...]


@dataclass(frozen=True)
class CaseFile:
    """Everything known about one case: what the case page and the dossier show."""

    case: Case
    client: Client
    requests: tuple[RequestOverview, ...]
    letters: tuple[GeneratedLetter, ...]


class CaseworkService:
    """Cases over one store and one knowledge base. Safe to call from a worker thread (the store is).

    Computed texts (deadline explanations, suggestions) are in the UI language at the time of the
    call, which may change while the window is open.
    """

    def __init__(self, store: Store, kb: KnowledgeBase, directory: AuthorityDirectory | None = None) -> None:
        self.store = store
        self.kb = kb
        self._kept: KeptStates | None = None
        self._kept_lock = threading.Lock()
        self.directory = directory if directory is not None else AuthorityDirectory(store)

    def lifecycle(self) -> LifecycleService:
        return LifecycleService(self.store, self.kb, current_language())

    # -- opening a case ---------------------------------------------------------------------------
    def open_case(self, drafts: Sequence[RequestDraft], *, with_letters: bool = False) -> OpenedCase:
        """Store a case from drafts (the letter input); the client and authority are reused when known.

        ``with_letters``: the request letters are composed first and kept with the case (for the
        dossier); if one cannot be composed nothing is stored.
        """
        return self._open(drafts, with_letters, lambda _draft: None, title="", form=None)

    def open_case_from_wizard(
        self,
        drafts: Sequence[RequestDraft],
        *,
        chosen_authority_id: int | None,
        title: str,
        form: Mapping[str, Any],
    ) -> OpenedCase:
        """Store a case the wizard prepared, with its letters; nothing is stored if a letter fails.

        The authority is the directory entry the user chose (or a new one, see
        ``AuthorityDirectory.chosen``), stored with the case; ``form`` is kept so the request can be reopened.
        """
        return self._open(
            drafts,
            True,
            lambda draft: self.directory.chosen(draft, chosen_authority_id),
            title=title,
            form=form,
        )

    def _open(
        self,
        drafts: Sequence[RequestDraft],
        with_letters: bool,
        authority_for: AuthorityChooser,
        *,
        title: str,
        form: Mapping[str, Any] | None,
    ) -> OpenedCase:
        problems = [p for d in drafts for p in d.problems(self.kb)]
        if problems:
            raise InputError(_("The request input is not valid."), problems)
        letters = [self.request_letter(d) for d in drafts] if with_letters else []  # before any write
        authority = authority_for(drafts[0]) if drafts else None
        # One transaction: the client, the authority, the case, its requests and their letters.
        case, requests, stored = self.lifecycle().open_case(
            drafts, authority=authority, title=title, form=form, letters=letters
        )
        log.info("case %s opened with %d letter(s)", case.id, len(stored))
        return OpenedCase(case, tuple(requests), tuple(stored))

    def request_letter(self, draft: RequestDraft) -> GeneratedLetter:
        """The request letter of a draft, composed and rendered, not stored (``request_id`` 0)."""
        from app.letters import compose, render_pdf, render_text  # reportlab: only when a letter is made

        letter = compose(draft, self.kb)
        return GeneratedLetter(
            request_id=0,
            kind="request",
            language=letter.language,
            created=utc_now(),
            title=letter.meta_title,
            pdf=render_pdf(letter),
            text=render_text(letter),
        )

    def next_steps_sheet(self, draft: RequestDraft, request_id: int | None = None) -> bytes:
        """The "what happens next" sheet of a draft's letter, in the UI language (PDF; never sent).

        ``request_id``: the stored request, so the sheet names the command that records "sent".
        """
        from app.letters import next_steps, render_next_steps  # reportlab: only when a sheet is made

        problems = draft.problems(self.kb)
        if problems:
            raise InputError(_("The request input is not valid."), problems)
        return render_next_steps(next_steps(draft, self.kb, current_language(), request_id=request_id))

    # -- one request ------------------------------------------------------------------------------
    def record_event(
        self,
        request_id: int,
        kind: str,
        day: date,
        *,
        today: date,
        note: str = "",
        method: str = "",
        reference: str = "",
        until: date | None = None,
        reply: Reply | None = None,
        step: str = "",
        outcome: str = "",
    ) -> RequestEvent:
        """Checked against the request's history first; InputError (nothing stored) if it does not fit."""
        return self.lifecycle().record_event(
            request_id,
            kind,
            day,
            today=today,
            note=note,
            method=method,
            reference=reference,
            until=until,
            reply=reply,
            step=step,
            outcome=outcome,
        )

    def overview(self, request_id: int, today: date) -> RequestOverview:
        return self.lifecycle().overview(request_id, today)

    def requests(self, today: date) -> list[RequestOverview]:
        """Every request with its state, in id order (``habeas request list``)."""
        lifecycle = self.lifecycle()
        return [lifecycle.overview(r.id or 0, today) for r in self.store.list_requests(page=ALL_ROWS) if r.id]

    def escalation_letter(
        self,
        request_id: int,
        step_id: str,
        letter_date: date,
        addressee: DraftAuthority | None = None,
        court: Mapping[str, str] | None = None,
    ) -> GeneratedLetter:
        """The letter of an open escalation step, composed and rendered but not stored.

        ``court``: defendant, defendant_representative, complaint_reference for court and tribunal
        letters, and step_facts: the facts the user writes for this letter.
        """
        from app.letters.escalation import write_step_letter

        overview = self.overview(request_id, letter_date)
        court = court or {}
        written = write_step_letter(
            self.kb,
            overview,
            step_id,
            letter_date,
            addressee,
            defendant=court.get("defendant", ""),
            defendant_representative=court.get("defendant_representative", ""),
            complaint_reference=court.get("complaint_reference", ""),
            step_facts=court.get("step_facts", ""),
        )
        return GeneratedLetter(
            request_id=request_id,
            kind=str(written.step.kind),
            language=written.letter.language,
            created=utc_now(),
            title=written.letter.meta_title,
            pdf=written.pdf,
            text=written.text,
        )

    def store_letter(self, letter: GeneratedLetter) -> GeneratedLetter:
        stored = self.store.add_letter(letter)
        log.info("%s letter stored for request %s", letter.kind, letter.request_id)
        return stored

    def write_escalation_letter(
        self,
        request_id: int,
        step_id: str,
        letter_date: date,
        addressee: DraftAuthority | None = None,
        court: Mapping[str, str] | None = None,
    ) -> GeneratedLetter:
        """Compose, render and store a step's letter (nothing stored if it cannot be composed)."""
        return self.store_letter(self.escalation_letter(request_id, step_id, letter_date, addressee, court))

    # -- one case ---------------------------------------------------------------------------------
    def case_file(self, case_id: int, today: date) -> CaseFile:
        case, client, overviews, letters = self.lifecycle().case_file(case_id, today)
        return CaseFile(case, client, overviews, letters)

    def dossier(self, case_id: int, today: date) -> bytes:
        """The case's dossier PDF: chronology, each deadline's calculation, the letters as generated."""
        from app.letters.dossier import DossierInput, render_dossier

        found = self.case_file(case_id, today)
        return render_dossier(
            DossierInput(found.case, found.client, found.requests, found.letters, today, self.kb)
        )

    def add_note(self, case_id: int, text: str) -> Note:
        if not text.strip():
            raise InputError(_("The note is empty."))
        return self.store.add_note(Note(case_id=case_id, text=text.strip(), created=utc_now()))

    def add_attachment(self, case_id: int, filename: str, media_type: str, content: bytes) -> Attachment:
        return self.store.add_attachment(
            Attachment(
                case_id=case_id, filename=filename, media_type=media_type, content=content, created=utc_now()
            )
        )

    # -- lists ------------------------------------------------------------------------------------
    def list_cases(self, page: Page, today: date) -> CaseListPage:
        """One page of cases, most recently changed first, each with its status and open deadlines.

        The store reads a page in a fixed number of queries (``Store.case_summaries``).
        """
        summaries = self.store.case_summaries(page=page)
        return case_list_page(self.kb, summaries, today, current_language())

    def case_list(self, page: Page, today: date) -> CaseListPage:
        """The case list's page from the kept states: no events read, no deadline texts built.

        Each entry's status, next date and overdue flag equal what ``list_cases`` derives from the
        events (tests compare them); ``deadlines`` is empty.
        """
        return self.kept().case_list(page, today)

    def deadlines(self, today: date, within_days: int | None = None) -> DeadlineReport:
        """Every open deadline of every open case (overdue always; others due within ``within_days``),
        from the kept states (derived again first where stale): no explanation is built."""
        return self.kept().deadlines(today, within_days, current_language())

    def deadlines_explained(self, today: date, within_days: int | None = None) -> DeadlineReport:
        """The same list with each deadline's calculation (``--verbose``): derived from the events."""
        rows, failed = self.lifecycle().deadline_report(today, within_days)
        return DeadlineReport(tuple(rows), tuple(failed))

    def kept(self) -> KeptStates:
        """The store's kept request states for this knowledge base (created once per service)."""
        with self._kept_lock:  # two workers may ask first at once; both must get the same one
            if self._kept is None:
                self._kept = KeptStates(self.store, self.kb)
            return self._kept

    def deadline_changes(self) -> Sequence[DeadlineChange]:
        """The kept deadlines that moved when the law data, a calendar or Habeas changed."""
        return self.kept().changes()

    def moved_deadlines(self) -> list[MovedDeadline]:
        """The newest moves with their cases, titled in the UI language (the window's list)."""
        return self.kept().moved(current_language())

    def calendar(self, rows: Sequence[DeadlineRow], today: date) -> bytes:
        """``rows`` as an iCalendar file with alarms before each deadline, UIDs unique to this store."""
        from app.cases.ics import deadlines_calendar

        revisions = self.store.request_revisions(sorted({r.deadline.request_id for r in rows}))
        return deadlines_calendar(rows, today, self.store.identity(), revisions)

    def authorities(self, jurisdiction: str, search: str = "") -> list[Authority]:
        """For the wizard: stored authorities matching ``search``, then seed entries not stored yet."""
        return self.directory.search(jurisdiction, search)

    def addressees(self, jurisdiction: str, step_kind: str) -> list[Authority]:
        """Directory entries for an escalation step's letter, the kinds the law data name for it first."""
        kinds = spec.addressee_kinds if (spec := self.kb.step_kinds.get(step_kind)) else ()
        return self.directory.addressees(jurisdiction, kinds)

    def deletion_grounds(
        self, jurisdiction: str, *, context: str = "", regime: str = "", language: str = ""
    ) -> list[tuple[str, str]]:
        """(ground id, text) for a deletion request under ``regime``, or else under the regime a
        deletion request in ``context`` goes to; none where the law offers none.

        The texts are in ``language`` (the wizard: the user's), by default the letter's language;
        the letter itself always states the grounds in its own language.
        """
        from app.letters import grounds_for

        if not regime and context:
            try:
                regime = self.kb.route_for(jurisdiction, context, "deletion").regime
            except HabeasError:  # no deletion route in this context
                return []
        language = language or self.kb.jurisdiction(jurisdiction).letter_language
        return [(g.id, g.text) for g in grounds_for(self.kb, jurisdiction, regime, language)]

    def regime_name(self, jurisdiction: str, regime: str) -> str:
        """The law's name for a regime in the UI language, e.g. "BDSG Part 3"; the id if unknown."""
        try:
            return self.kb.jurisdiction(jurisdiction).regimes[regime].text_in("name", current_language())
        except (HabeasError, KeyError):
            return regime
