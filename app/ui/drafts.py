"""Wizard drafts in the case store: autosaved as the user goes, listed for "Resume draft".

The form values are kept as typed (even invalid or incomplete) in a ``DraftRecord``; they hold
personal data, so they live in the store and nowhere else. Saves run off the GUI thread, one at
a time per wizard: a save requested while one is running waits and writes the newest values.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Any

from app.cases.records import DraftRecord, utc_now
from app.errors import EditConflictError
from app.ui.tasks import TaskRunner
from app.ui.wizard.form import DRAFT_FORMAT, draft_title

if TYPE_CHECKING:
    from app.store.store import Store
    from app.ui.service import WorkspaceService
    from app.ui.wizard.base import AuthorityChoice

log = logging.getLogger(__name__)


def draft_payload(values: dict[str, Any]) -> dict[str, Any]:
    return {"format": DRAFT_FORMAT, "values": values}


def draft_values(record: DraftRecord) -> dict[str, Any] | None:
    """The form values of a stored draft; None (and a log line) for a payload of another format."""
    values = record.payload.get("values")
    if record.payload.get("format") != DRAFT_FORMAT or not isinstance(values, dict):
        log.warning("draft %s has an unknown format; not offered", record.id)
        return None
    return values


class DraftSaver:
    """Saves one wizard's values in the store, serially. ``draft_id`` is None until the first save."""

    def __init__(
        self, tasks: TaskRunner, store: Store, draft_id: int | None = None, version: int = 1
    ) -> None:
        self._tasks = tasks
        self._store = store
        self.draft_id = draft_id
        self._version = version
        self._created = utc_now()
        self._busy = False
        self._pending: dict[str, Any] | None = None
        self.discarded = False

    def save(self, values: dict[str, Any]) -> None:
        if self.discarded:
            return
        if self._busy:
            self._pending = dict(values)  # only the newest values matter
            return
        self._busy = True
        record = DraftRecord(
            self.draft_id,
            draft_title(values),
            draft_payload(values),
            self._created,
            self._created,
            self._version,
        )
        self._tasks.run(lambda: self._save(record), self._saved, self._failed)

    def _save(self, record: DraftRecord) -> DraftRecord:
        try:
            return self._store.save_draft(record)
        except EditConflictError:
            # The same draft was saved from another window (or machine) meanwhile: keep both,
            # this one as a new draft, rather than overwrite theirs.
            log.info("draft %s changed elsewhere; saved as a new draft", record.id)
            return self._store.save_draft(dataclasses.replace(record, id=None, version=1))

    def _saved(self, record: DraftRecord) -> None:
        self._busy = False
        self.draft_id = record.id
        self._version = record.version
        if self.discarded and record.id is not None:
            self.discard()  # the request was generated while this save ran
        elif self._pending is not None:
            values, self._pending = self._pending, None
            self.save(values)

    def _failed(self, exc: BaseException) -> None:
        # Not fatal: the wizard still holds everything; the next page change tries again.
        self._busy = False
        log.warning("draft autosave failed: %s", type(exc).__name__)

    def discard(self) -> None:
        """The request was generated: the draft is no longer needed."""
        self.discarded = True
        self._pending = None
        if self._busy or self.draft_id is None:
            return
        draft_id = self.draft_id
        self.draft_id = None
        self._tasks.run(lambda: self._store.delete_draft(draft_id), lambda _r: None, self._failed)


class WizardServices:
    """What the wizard pages may ask for (``app.ui.wizard.base.WizardServices``)."""

    def __init__(self, service: WorkspaceService, saver: DraftSaver) -> None:
        self.advisor = service.advisor
        self._service = service
        self.saver = saver

    def authorities(self, jurisdiction: str, search: str) -> list[AuthorityChoice]:
        return self._service.authorities(jurisdiction, search)

    def deletion_grounds(self, jurisdiction: str, context: str, regime: str = "") -> list[tuple[str, str]]:
        return self._service.deletion_grounds(jurisdiction, context, regime)

    def autosave(self, values: dict[str, Any]) -> None:
        self.saver.save(values)
