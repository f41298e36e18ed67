"""The case page's actions as small operations on the casework, run through the one TaskRunner:
record an event, write an escalation letter, start a suggested follow-up request, export the
dossier, save a request's "what happens next" sheet, add notes and attachments. Dialogs collect;
failures keep the dialog open with its input.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog

from app.errors import HabeasError, InputError
from app.files import write_atomically
from app.i18n import _
from app.ui.messages import describe
from app.ui.pdf_preview import PdfPreview
from app.ui.printing import system_print_service

if TYPE_CHECKING:
    from app.cases.draft import Authority as DraftAuthority
    from app.cases.records import Authority, GeneratedLetter
    from app.cases.replies import Suggestion
    from app.ui.event_dialog import EventDialog
    from app.ui.letter_dialog import LetterDialog
    from app.ui.views import CaseView, EventInput
    from app.ui.workspace import Workspace

log = logging.getLogger(__name__)


def _documents() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))


class CaseActions:
    """Connects the case page's signals; ``workspace`` gives the service, tasks and today."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.event_dialog: EventDialog | None = None
        self.letter_dialog: LetterDialog | None = None
        self.preview: PdfPreview | None = None
        # Letters are printed as PDF files through the system's print service; the copy waits
        # in a private folder until it is handed over.
        self.printing = system_print_service(workspace.ctx.paths.data_dir / "printing")
        page = workspace.case_page
        page.record_event.connect(self.ask_event)
        page.write_letter.connect(self.ask_letter)
        page.start_suggestion.connect(self.start_suggestion)
        page.open_letters.connect(self.show_letters)
        page.export_dossier.connect(self.ask_dossier)
        page.save_sheet.connect(self.ask_sheet)
        page.add_note.connect(self.add_note)
        page.add_attachment.connect(self.add_attachment)

    def _run(
        self,
        fn: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.ws.tasks.run(fn, done, failed or self.ws.messages.error)

    def _view(self) -> CaseView | None:
        return self.ws.case_page.view

    # -- events --------------------------------------------------------------------------------
    def ask_event(self, request_id: int, status: str) -> None:
        from app.ui.event_dialog import EventDialog

        service = self.ws.service
        if service is None:
            return
        view = self._view()
        item = next((r for r in view.requests if r.overview.request.id == request_id), None) if view else None
        steps = item.overview.state.steps if item is not None else ()
        dialog = EventDialog(request_id, status, self.ws.today(), service.kb, self.ws.window, steps=steps)
        dialog.submitted.connect(lambda event: self.record_event(event, dialog))
        self.event_dialog = dialog
        dialog.open()

    def record_event(self, event: EventInput, dialog: EventDialog | None = None) -> None:
        service, today = self.ws.service, self.ws.today()
        if service is None:
            return

        def done(_event: object) -> None:
            if dialog is not None:
                dialog.recorded()
            self.ws.reload()

        def failed(exc: BaseException) -> None:
            if dialog is not None:
                dialog.refused(exc)  # the dialog stays open with everything typed
            else:
                self.ws.messages.error(exc)

        self._run(lambda: service.record_event(event, today), done, failed)

    # -- escalation letters --------------------------------------------------------------------
    def ask_letter(self, request_id: int, step_id: str) -> None:
        from app.ui.letter_dialog import LetterDialog

        service, view = self.ws.service, self._view()
        if service is None or view is None:
            return
        item = next((r for r in view.requests if r.overview.request.id == request_id), None)
        available = (
            next((s for s in item.overview.state.steps if s.step.id == step_id), None) if item else None
        )
        if item is None or available is None:
            return
        step = available.step
        jurisdiction = item.overview.request.jurisdiction

        def show(choices: list[Authority]) -> None:
            dialog = LetterDialog(
                step, service.kb.step_kind(step.kind), choices, self.ws.today(), self.ws.window
            )
            dialog.submitted.connect(
                lambda addressee, day: self.write_letter(
                    request_id, step_id, addressee, day, dialog, dialog.court_details()
                )
            )
            self.letter_dialog = dialog
            dialog.open()

        self._run(lambda: service.casework.addressees(jurisdiction, str(step.kind)), show)

    def write_letter(
        self,
        request_id: int,
        step_id: str,
        addressee: DraftAuthority | None,
        day: date,
        dialog: LetterDialog | None = None,
        court: dict[str, str] | None = None,
    ) -> None:
        service = self.ws.service
        if service is None:
            return

        def done(letter: GeneratedLetter) -> None:
            if dialog is not None:
                dialog.written()
            self.show_letters([letter])
            self.ws.reload()

        def failed(exc: BaseException) -> None:
            if dialog is None:
                self.ws.messages.error(exc)
                return
            head, details = describe(exc)
            dialog.refused("\n".join(x for x in (head, details) if x))

        self._run(
            lambda: service.casework.write_escalation_letter(request_id, step_id, day, addressee, court),
            done,
            failed,
        )

    def show_letters(self, letters: list[GeneratedLetter]) -> None:
        if not letters:  # nothing to preview: no empty viewer
            return
        self.preview = PdfPreview(letters, self.ws.tasks, self.printing, self.ws.window)
        self.preview.show()

    # -- suggested follow-up requests ---------------------------------------------------------
    def start_suggestion(self, _request_id: int, suggestion: Suggestion) -> None:
        """E.g. an access reply showing wrong data → the wizard prefilled with the correction."""
        service = self.ws.service
        if service is None or suggestion.draft is None:
            return
        from app.ui.wizard.form import draft_to_form

        draft = suggestion.draft
        values = draft_to_form(draft)
        values["situation"] = service.advisor.situation_for(draft.jurisdiction, draft.context)
        self.ws.new_request(restore=values)

    # -- dossier, notes, attachments ---------------------------------------------------------------
    def ask_dossier(self, case_id: int) -> None:
        service, today = self.ws.service, self.ws.today()
        name, _filter = QFileDialog.getSaveFileName(
            self.ws.window,
            _("Export dossier"),
            str(_documents() / f"habeas-dossier-{case_id}.pdf"),
            _("PDF files (*.pdf)"),
        )
        if not name or service is None:
            return
        path = Path(name)

        def write() -> None:
            data = service.casework.dossier(case_id, today)
            try:
                write_atomically(path, data)
            except OSError as exc:
                raise HabeasError(
                    _("The dossier could not be saved: {reason}").format(
                        reason=exc.strerror or type(exc).__name__
                    )
                ) from exc

        self._run(write, lambda _r: self.ws.messages.note(_("Dossier written to {path}").format(path=path)))

    def ask_sheet(self, request_id: int) -> None:
        """Save the request's "what happens next" sheet (for the user; never sent)."""
        service, view = self.ws.service, self._view()
        item = next((r for r in view.requests if r.overview.request.id == request_id), None) if view else None
        if service is None or item is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self.ws.window,
            _("Save the “what happens next” sheet"),
            str(_documents() / f"habeas-next-steps-{request_id}.pdf"),
            _("PDF files (*.pdf)"),
        )
        if not name:
            return
        path = Path(name)
        stored = item.overview.request.draft.get("draft")

        def write() -> None:
            from app.cases.draft import RequestDraft

            draft = RequestDraft.parse(stored)  # the letter input the request was stored with
            data = service.casework.next_steps_sheet(draft, request_id)
            try:
                write_atomically(path, data)
            except OSError as exc:
                raise HabeasError(
                    _("The sheet could not be saved: {reason}").format(
                        reason=exc.strerror or type(exc).__name__
                    )
                ) from exc

        self._run(write, lambda _r: self.ws.messages.note(_("Sheet written to {path}").format(path=path)))

    def add_note(self, case_id: int, text: str) -> None:
        service = self.ws.service
        if service is None:
            return

        def saved(_note: object) -> None:
            self.ws.case_page.note_saved()
            self.ws.open_case(case_id)

        self._run(lambda: service.casework.add_note(case_id, text), saved)

    def add_attachment(self, case_id: int) -> None:
        service = self.ws.service
        name, _filter = QFileDialog.getOpenFileName(self.ws.window, _("Add attachment"))
        if not name or service is None:
            return
        path = Path(name)

        def add() -> None:
            try:
                content = path.read_bytes()
            except OSError as exc:
                raise InputError(
                    _("The file could not be read: {reason}").format(
                        reason=exc.strerror or type(exc).__name__
                    )
                ) from exc
            media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            service.casework.add_attachment(case_id, path.name, media, content)

        self._run(add, lambda _r: self.ws.open_case(case_id))
