"""The workspace service: everything the windows ask of the store, the law and the letters. No Qt.

Pages and widgets never talk to the store or the letter renderer; controllers call this service
(usually through ``TaskRunner``, off the GUI thread). It raises ``HabeasError``/``InputError``
only, which the UI's ``MessagePresenter`` shows.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from app.cases.draft import RequestDraft
from app.cases.records import Authority, GeneratedLetter, Page, utc_now
from app.cases.service import LifecycleService
from app.errors import DataFileError, InputError
from app.i18n import _, current_language
from app.law import KnowledgeBase
from app.letters import compose, grounds_for, render_text
from app.paths import resources_dir
from app.store.store import Store
from app.ui.advice import LawAdvisor
from app.ui.casework import Casework
from app.ui.labels import joined, right_short_label
from app.ui.wizard.base import AuthorityChoice
from app.ui.wizard.form import FormValues, form_to_drafts

log = logging.getLogger(__name__)

ALL = Page(0, 1_000_000)


@dataclass(frozen=True)
class GeneratedCase:
    case_id: int
    letters: tuple[GeneratedLetter, ...]


def load_seed_authorities() -> list[AuthorityChoice]:
    path = resources_dir() / "ui" / "authorities.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            AuthorityChoice(None, e["name"], e["address"], e["kind"], e["jurisdiction"])
            for e in data["authorities"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataFileError(str(path), "authorities", type(exc).__name__) from exc


class WorkspaceService:
    """Reads and writes cases for the UI. Safe to call from a worker thread (the store is)."""

    def __init__(self, store: Store, kb: KnowledgeBase) -> None:
        self.store = store
        self.kb = kb
        self.advisor = LawAdvisor(kb)
        self._seeds = load_seed_authorities()
        self.casework = Casework(
            store,
            kb,
            [
                Authority(name=s.name, jurisdiction=s.jurisdiction, kind=s.kind, address=s.address)
                for s in self._seeds
            ],
        )

    # -- wizard support -------------------------------------------------------------------------
    def authorities(self, jurisdiction: str, search: str) -> list[AuthorityChoice]:
        """Stored authorities first, then seed entries not stored yet, filtered by ``search``."""
        stored = self.store.list_authorities(jurisdiction=jurisdiction, search=search, page=Page(0, 200))
        out = [AuthorityChoice(a.id, a.name, a.address, a.kind, a.jurisdiction) for a in stored]
        names = {a.name for a in stored}
        needle = search.strip().casefold()
        out += [
            s
            for s in self._seeds
            if s.jurisdiction == jurisdiction
            and s.name not in names
            and (not needle or needle in s.name.casefold())
        ]
        return out

    def deletion_grounds(self, jurisdiction: str) -> list[tuple[str, str]]:
        language = self.kb.jurisdiction(jurisdiction).letter_language
        return [(g.id, g.text) for g in grounds_for(jurisdiction, language)]

    # -- generating a request -------------------------------------------------------------------
    def generate(self, values: FormValues) -> GeneratedCase:
        """Compose every letter first (nothing is stored if one fails), then store the case."""
        drafts, problems = form_to_drafts(values)
        for draft in drafts:
            problems += draft.problems()
        if problems:
            raise InputError(_("The request is not complete."), problems)
        from app.letters import render_pdf  # imports reportlab: only when a letter is generated

        composed = []
        for draft in drafts:
            letter = compose(draft, self.kb)
            composed.append((draft, letter, render_pdf(letter), render_text(letter)))
        first = drafts[0]
        # The case title is stored, so it is written in the language of the moment it was made.
        rights = joined([right_short_label(d.right) for d in drafts])
        case, requests = LifecycleService(self.store, self.kb, current_language()).open_case(
            drafts,
            authority_id=self._authority_id(values, first),
            title=f"{first.jurisdiction} · {rights} · {first.authority.name}",
            form=values,
        )
        now = utc_now()
        letters = [
            self.store.add_letter(
                GeneratedLetter(
                    request_id=request.id or 0,
                    kind="request",
                    language=letter.language,
                    created=now,
                    title=letter.meta_title,
                    pdf=pdf,
                    text=text,
                )
            )
            for request, (_draft, letter, pdf, text) in zip(requests, composed, strict=True)
        ]
        log.info("case %s stored with %d letter(s)", case.id, len(letters))
        return GeneratedCase(case.id or 0, tuple(letters))

    def _authority_id(self, values: FormValues, draft: RequestDraft) -> int:
        chosen = values.get("authority.id")
        address = "\n".join(x for x in (draft.authority.address, draft.authority.postal_code) if x)
        if isinstance(chosen, int):
            existing = self.store.get_authority(chosen)
            if existing.name == draft.authority.name:
                if existing.address != address:  # the user completed or corrected it
                    existing = self.store.update_authority(_replace(existing, address=address))
                return existing.id or 0
        seed = next((s for s in self._seeds if s.name == draft.authority.name), None)
        added = self.store.add_authority(
            Authority(
                name=draft.authority.name,
                jurisdiction=draft.jurisdiction,
                kind=seed.kind if seed else "police",
                address=address,
            )
        )
        return added.id or 0

    # -- the workspace --------------------------------------------------------------------------
    def add_note(self, case_id: int, text: str) -> None:
        from app.cases.records import Note

        if not text.strip():
            raise InputError(_("The note is empty."))
        self.store.add_note(Note(case_id=case_id, text=text.strip(), created=utc_now()))

    def add_attachment(self, case_id: int, filename: str, media_type: str, content: bytes) -> None:
        from app.cases.records import Attachment

        self.store.add_attachment(
            Attachment(
                case_id=case_id, filename=filename, media_type=media_type, content=content, created=utc_now()
            )
        )


def _replace(record: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(record, **changes)
