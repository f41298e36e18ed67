"""The controller of the main window: opens the store off the GUI thread, loads the case list in
pages, and turns the user's actions into small operations on ``WorkspaceService`` run through the
one ``TaskRunner`` (Anki's CollectionOp shape). Widgets only lay out; this connects them.
"""

from __future__ import annotations

import json
import logging
import mimetypes
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QFileDialog

from app.cases.records import Authority, Page, RequestEvent
from app.i18n import _
from app.ui.authorities_page import AuthoritiesPage
from app.ui.case_page import CasePage
from app.ui.caselist_model import CaseRow
from app.ui.dashboard import DashboardPage
from app.ui.event_dialog import EventDialog
from app.ui.mainwindow import MainWindow
from app.ui.pdf_preview import PdfPreview
from app.ui.settings_dialog import SettingsDialog
from app.ui.wizard.form import DraftFiles

if TYPE_CHECKING:
    # The service pulls in the store, the law and the letters: imported on the worker thread at
    # start-up (see ``start``), so the window appears before those modules are loaded.
    from app.ui.service import CaseView, GeneratedCase, WorkspaceService
    from app.ui.wizard.base import AuthorityChoice
    from app.ui.wizard.dialog import RequestWizard

log = logging.getLogger(__name__)

PAGE_SIZE = 500
FIRST_PAGE = 100  # small, so the list appears quickly; the rest follows in the background


class Workspace:
    """Wires the main window's pages and actions to the service."""

    def __init__(self, window: MainWindow, today: Callable[[], date] = date.today) -> None:
        self.window = window
        self.ctx = window.ctx
        self.tasks = window.tasks
        self.messages = window.messages
        self.today = today
        self.service: WorkspaceService | None = None
        self.drafts = DraftFiles(self.ctx.drafts_dir)
        self.rows: list[CaseRow] = []
        self.current_case: int | None = None
        self.wizard: RequestWizard | None = None
        self.preview: PdfPreview | None = None
        self._load_generation = 0

        self.dashboard = DashboardPage(window.pages)
        self.case_page = CasePage(window.pages)
        self.authorities_page = AuthoritiesPage(window.pages)
        for page in (self.dashboard, self.case_page, self.authorities_page):
            window.add_page(page)
        languages = window.languages
        for page in (self.dashboard, self.case_page, self.authorities_page):
            languages.changed.connect(page.retranslate)
        languages.changed.connect(lambda _lang: self._language_changed())

        self.dashboard.open_case.connect(self.open_case)
        window.cases_page.open_case.connect(self.open_case)
        window.cases_page.new_request.connect(self.new_request)
        self.case_page.back.connect(lambda: window.show_page(window.cases_page))
        self.case_page.record_event.connect(self.ask_event)
        self.case_page.open_letters.connect(self.show_letters)
        self.case_page.add_note.connect(self.add_note)
        self.case_page.add_attachment.connect(self.add_attachment)
        self.authorities_page.save.connect(self.save_authority)
        window.act_new.triggered.connect(self.new_request)
        window.act_dashboard.triggered.connect(lambda: window.show_page(self.dashboard))
        window.act_authorities.triggered.connect(self.show_authorities)
        window.act_refresh.triggered.connect(self.reload)
        window.act_settings.triggered.connect(self.show_settings)
        window.act_export.triggered.connect(self.export)
        window.act_settings.setEnabled(True)
        window.act_dashboard.setEnabled(True)
        window.menu_file.aboutToShow.connect(self._fill_resume_menu)
        window.show_page(self.dashboard)

    # -- start-up ----------------------------------------------------------------------------------
    def start(self) -> None:
        open_store, load_kb = self.ctx.open_store, self.ctx.load_knowledge_base
        if open_store is None or load_kb is None:
            return

        def build() -> WorkspaceService:
            from app.ui.service import WorkspaceService

            return WorkspaceService(open_store(), load_kb())

        self.window.statusBar().showMessage(_("Opening the case store…"))
        self.tasks.run(build, self._ready, self._failed_to_open)

    def _ready(self, service: WorkspaceService) -> None:
        self.service = service
        for action in (
            self.window.act_new,
            self.window.act_export,
            self.window.act_authorities,
            self.window.act_refresh,
        ):
            action.setEnabled(True)
        self.window.statusBar().clearMessage()
        self.reload()

    def _failed_to_open(self, exc: BaseException) -> None:
        self.window.statusBar().clearMessage()
        self.messages.error(exc, title=_("The case store could not be opened"))

    # -- the case list, loaded page by page ------------------------------------------------------
    def reload(self) -> None:
        if self.service is None:
            return
        self._load_generation += 1
        self.service.forget_cached_deadlines()
        self.rows = []
        self.window.cases_page.set_rows([], self.today())
        self._load_page(0, self._load_generation)
        if self.current_case is not None and self.window.pages.currentWidget() is self.case_page:
            self.open_case(self.current_case)

    def _load_page(self, offset: int, generation: int) -> None:
        service, today = self.service, self.today()
        assert service is not None

        def done(rows: list[CaseRow]) -> None:
            if generation != self._load_generation:
                return  # a newer reload started; drop stale pages
            self.rows += rows
            self.window.cases_page.model.append_rows(rows)
            self.window.cases_page.set_loaded_total(len(self.rows))
            self.dashboard.set_rows(self.rows, today)
            if len(rows) == size:
                self._load_page(offset + size, generation)

        size = FIRST_PAGE if offset == 0 else PAGE_SIZE
        self.tasks.run(lambda: service.case_rows(offset, size, today), done, self.messages.error)

    # -- a case ----------------------------------------------------------------------------------
    def open_case(self, case_id: int) -> None:
        service, today = self.service, self.today()
        if service is None:
            return
        self.current_case = case_id

        def show(view: CaseView) -> None:
            self.case_page.set_view(view, today)
            self.window.show_page(self.case_page)

        self.tasks.run(lambda: service.case_view(case_id, today), show, self.messages.error)

    def ask_event(self, request_id: int, kind: str) -> None:
        dialog = EventDialog(request_id, kind, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.record_event(dialog.event_record())

    def record_event(self, event: RequestEvent) -> None:
        service = self.service
        if service is None:
            return
        self.tasks.run(lambda: service.record_event(event), lambda _e: self.reload(), self.messages.error)

    def add_note(self, case_id: int, text: str) -> None:
        service = self.service
        if service is None:
            return

        def saved(_result: None) -> None:
            self.case_page.note_saved()
            self.open_case(case_id)

        self.tasks.run(lambda: service.add_note(case_id, text), saved, self.messages.error)

    def add_attachment(self, case_id: int) -> None:
        service = self.service
        name, _filter = QFileDialog.getOpenFileName(self.window, _("Add attachment"))
        if not name or service is None:
            return
        path = Path(name)

        def add() -> None:
            content = path.read_bytes()
            media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            service.add_attachment(case_id, path.name, media, content)

        self.tasks.run(add, lambda _r: self.open_case(case_id), self.messages.error)

    def show_letters(self, letters: list[Any]) -> None:
        self.preview = PdfPreview(letters, self.window)
        self.preview.show()

    # -- new request -----------------------------------------------------------------------------
    def new_request(self, restore: dict[str, Any] | None = None, draft_id: str | None = None) -> None:
        if self.service is None:
            return
        from app.ui.wizard.dialog import RequestWizard

        adapter = _WizardServices(self.service, self.drafts, draft_id or DraftFiles.new_id())
        self.wizard = RequestWizard(
            adapter,
            self.window.languages,
            parent=self.window,
            default_jurisdiction=self.ctx.settings.default_jurisdiction,
            restore=restore,
        )
        self.wizard.generate_requested.connect(lambda values: self._generate(adapter, values))
        self.wizard.show()

    def _generate(self, adapter: _WizardServices, values: dict[str, Any]) -> None:
        service, wizard = self.service, self.wizard
        assert service is not None and wizard is not None
        adapter.autosave(values)
        wizard.setEnabled(False)

        def done(result: GeneratedCase) -> None:
            wizard.setEnabled(True)
            wizard.finish()
            self.drafts.delete(adapter.draft_id)
            self.reload()
            self.show_letters(list(result.letters))
            self.open_case(result.case_id)

        def failed(exc: BaseException) -> None:
            wizard.setEnabled(True)  # the wizard stays open with everything the user typed
            self.messages.error(exc)

        self.tasks.run(lambda: service.generate(values), done, failed)

    def _fill_resume_menu(self) -> None:
        menu = getattr(self, "_resume_menu", None)
        if menu is None:
            menu = self.window.menu_file.addMenu("")
            self.window.menu_file.insertMenu(self.window.act_export, menu)
            self._resume_menu = menu
        menu.setTitle(_("&Resume draft"))
        menu.clear()
        drafts = self.drafts.list()
        menu.setEnabled(bool(drafts) and self.service is not None)
        for saved in drafts[:15]:
            action = menu.addAction(saved.title or _("Untitled draft"))
            action.triggered.connect(lambda _c=False, s=saved: self.new_request(s.values, s.draft_id))

    # -- directory, settings, export ----------------------------------------------------------------
    def show_authorities(self) -> None:
        service = self.service
        if service is None:
            return

        def show(items: list[Authority]) -> None:
            self.authorities_page.set_authorities(items)
            self.window.show_page(self.authorities_page)

        self.tasks.run(
            lambda: service.store.list_authorities(page=Page(0, 100_000)), show, self.messages.error
        )

    def save_authority(self, record: Authority) -> None:
        service = self.service
        if service is None:
            return

        def save() -> Authority:
            if record.id is None:
                return service.store.add_authority(record)
            return service.store.update_authority(record)

        self.tasks.run(save, lambda _a: self.show_authorities(), self.messages.error)

    def show_settings(self) -> None:
        SettingsDialog(self.ctx, self.window.languages, self.window).open()

    def export(self) -> None:
        service = self.service
        name, _filter = QFileDialog.getSaveFileName(
            self.window, _("Export the case store"), "habeas-export.json", _("JSON files (*.json)")
        )
        if not name or service is None:
            return

        def write() -> None:
            data = service.store.export_data()
            Path(name).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

        self.tasks.run(write, lambda _r: self.messages.note(_("Exported.")), self.messages.error)

    def _language_changed(self) -> None:
        # Status names and deadline explanations are computed text: recompute in the new language.
        self.reload()


class _WizardServices:
    """What the wizard pages may ask for (``WizardServices``), backed by the workspace service."""

    def __init__(self, service: WorkspaceService, drafts: DraftFiles, draft_id: str) -> None:
        self.advisor = service.advisor
        self._service = service
        self._drafts = drafts
        self.draft_id = draft_id

    def authorities(self, jurisdiction: str, search: str) -> list[AuthorityChoice]:
        return self._service.authorities(jurisdiction, search)

    def deletion_grounds(self, jurisdiction: str) -> list[tuple[str, str]]:
        return self._service.deletion_grounds(jurisdiction)

    def autosave(self, values: dict[str, Any]) -> None:
        try:
            self._drafts.save(self.draft_id, values)
        except OSError as exc:
            # Not fatal: the wizard still holds everything; the next page change tries again.
            log.warning("draft autosave failed: %s", type(exc).__name__)
