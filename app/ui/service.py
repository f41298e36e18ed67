"""The workspace service: the windows' side of ``app.services``. No Qt.

Pages and widgets never talk to the store or the letter renderer; controllers call this (usually
through ``TaskRunner``, off the GUI thread). The casework itself is ``CaseworkService``, shared
with the command line; what stays here is only the wizard's form → drafts step, the case title in
the UI's words, and shaping results for the Qt models. Raises ``HabeasError``/``InputError`` only,
which the UI's ``MessagePresenter`` shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from app.cases.records import GeneratedLetter, Page, RequestEvent
from app.errors import InputError
from app.i18n import _, current_language
from app.law import KnowledgeBase
from app.services import CaseworkService
from app.services.kept import MovedDeadline, Refreshed
from app.ui.advice import LawAdvisor
from app.ui.casework import case_view, dashboard_items, loaded_page
from app.ui.labels import joined, right_short_label
from app.ui.views import CaseView, DeadlineItem, EventInput, LoadedPage
from app.ui.wizard.base import AuthorityChoice
from app.ui.wizard.form import FormValues, form_to_drafts, preview_draft

if TYPE_CHECKING:
    from app.store.store import Store


@dataclass(frozen=True)
class LetterPreview:
    """The live preview's letter: one right's letter as it stands, with blanks where text is missing."""

    pdf: bytes
    right: str
    complete: bool  # False: blank lines or left-out values stand in for what is not valid yet


@dataclass(frozen=True)
class GeneratedCase:
    case_id: int
    letters: tuple[GeneratedLetter, ...]


class WorkspaceService:
    """The casework for the windows. Safe to call from a worker thread (the store is)."""

    def __init__(self, store: Store, kb: KnowledgeBase) -> None:
        self.store = store
        self.kb = kb
        self.advisor = LawAdvisor(kb)
        self.casework = CaseworkService(store, kb)
        _seeds = self.casework.directory.seeds  # read now: a broken directory file shows at start-up

    # -- wizard support -------------------------------------------------------------------------
    def authorities(self, jurisdiction: str, search: str) -> list[AuthorityChoice]:
        """Stored authorities first, then seed entries not stored yet, filtered by ``search``."""
        directory = self.casework.directory
        choices = []
        for a in self.casework.authorities(jurisdiction, search):
            # The shipped entry of the same name tells where it is and whether its data are old.
            entry = directory.entry_named(jurisdiction, a.name)
            choices.append(
                AuthorityChoice(
                    a.id,
                    a.name,
                    a.address,
                    a.kind,
                    a.jurisdiction,
                    place=", ".join(entry.places[:2]) if entry is not None else "",
                    verified=entry.verified if entry is not None else True,
                )
            )
        return choices

    def deletion_grounds(self, jurisdiction: str, context: str, regime: str = "") -> list[tuple[str, str]]:
        """The grounds the law offers, in the UI language (the letter states them in its own)."""
        return self.casework.deletion_grounds(
            jurisdiction, context=context, regime=regime, language=current_language()
        )

    def preview_letter(self, values: FormValues, right: str = "") -> LetterPreview:
        """The letter of ``right`` (default: the first right chosen) composed and rendered from the
        form as it stands: what the user has not typed yet is a blank line (``preview_draft``).

        Raises InputError where even that cannot be composed (no right or no ground chosen yet).
        """
        drafts, _problems = form_to_drafts(values, self.kb)
        chosen = next((d for d in drafts if d.right == right), drafts[0])
        if not chosen.right:
            raise InputError(_("Choose what you ask for to see the letter."))
        draft = preview_draft(chosen, self.kb)
        letter = self.casework.request_letter(draft)
        return LetterPreview(letter.pdf, draft.right, complete=draft == chosen)

    def generate(self, values: FormValues) -> GeneratedCase:
        """Compose every letter first (nothing is stored if one fails), then store the case."""
        drafts, problems = form_to_drafts(values, self.kb)
        for draft in drafts:
            problems += draft.problems(self.kb)
        if problems:
            raise InputError(_("The request is not complete."), problems)
        first = drafts[0]
        chosen = values.get("authority.id")
        # The case title is stored, so it is written in the language of the moment it was made.
        rights = joined([right_short_label(d.right) for d in drafts])
        opened = self.casework.open_case_from_wizard(
            drafts,
            chosen_authority_id=chosen if isinstance(chosen, int) else None,
            title=f"{first.jurisdiction} · {rights} · {first.authority.name}",
            form=values,
        )
        return GeneratedCase(opened.case.id or 0, opened.letters)

    # -- the windows ----------------------------------------------------------------------------
    def load_page(self, offset: int, limit: int, today: date) -> LoadedPage:
        """One page of the case list (most recently changed first), from the kept states."""
        return loaded_page(self.casework.case_list(Page(offset, limit), today))

    def search_cases(self, text: str) -> frozenset[int]:
        """The ids of the cases whose text holds every word of ``text`` (the database's index)."""
        return frozenset(self.store.search_case_ids(text))

    def refresh_deadlines(self, today: date, report: Callable[[int, int], None]) -> Refreshed:
        """Derive again the kept states that are stale (after a change of law data, calendars or
        Habeas: thousands of requests), reporting (done, total) after each batch."""
        return self.casework.kept().refresh(today, report)

    def moves_since(self, since: datetime) -> int:
        """How many deadline moves were recorded since ``since`` (by this window or anyone else)."""
        return len(self.store.deadline_changes(since))

    def moved_deadlines(self) -> list[MovedDeadline]:
        return self.casework.moved_deadlines()

    def dashboard(self, today: date) -> tuple[tuple[DeadlineItem, ...], tuple[tuple[int, str], ...]]:
        """Every open deadline of every open case, from the kept states: one query once current."""
        return dashboard_items(self.casework.deadlines(today))

    def case_view(self, case_id: int, today: date) -> CaseView:
        return case_view(self.casework, case_id, today)

    def record_event(self, event: EventInput, today: date) -> RequestEvent:
        """Checked against the request's history first; InputError (nothing stored) if it does not fit."""
        return self.casework.record_event(
            event.request_id,
            event.kind,
            event.day,
            today=today,
            note=event.note,
            method=event.method,
            reference=event.reference,
            until=event.until,
            reply=event.reply,
            step=event.step,
            outcome=event.outcome,
        )
