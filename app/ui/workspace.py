"""The controller of the main window: opens the store off the GUI thread (asking for a PostgreSQL
password first when needed, and again after a refused one), loads the case list and the deadlines
page by page, and turns the user's actions into small operations on the service run through the
one ``TaskRunner`` (Anki's CollectionOp shape). Widgets only lay out; this connects them. The case
page's own actions are in ``app.ui.case_actions``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QFileDialog

from app.cases.records import ALL_ROWS, Authority, utc_now
from app.errors import HabeasError
from app.files import write_atomically
from app.i18n import _, ngettext
from app.ui.authorities_page import AuthoritiesPage
from app.ui.case_actions import CaseActions, _documents
from app.ui.case_page import CasePage
from app.ui.dashboard import DashboardPage
from app.ui.mainwindow import MainWindow
from app.ui.messages import describe
from app.ui.settings_dialog import SettingsDialog
from app.ui.start_page import FIRST_RUN, NOT_CONNECTED, OPENING, StartPage
from app.ui.tray import TrayNotifier

if TYPE_CHECKING:
    # The service pulls in the store, the law and the letters: imported on the worker thread at
    # start-up (see ``start``), so the window appears before those modules are loaded.
    from app.cases.records import DraftRecord, GeneratedLetter
    from app.services.kept import MovedDeadline
    from app.store.store import Store
    from app.ui.password_dialog import PasswordDialog
    from app.ui.service import GeneratedCase, WorkspaceService
    from app.ui.views import CaseView, DeadlineItem, LoadedPage
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
        self.deadlines: list[DeadlineItem] = []
        self.failed: list[tuple[int, str]] = []
        self.current_case: int | None = None
        self.wizard: RequestWizard | None = None
        self.moved_dialog: QDialog | None = None  # the "what moved" list, kept while open
        # Deadline moves recorded since then are announced on the dashboard until looked at.
        self._moves_seen_at = utc_now()
        self.password_dialog: PasswordDialog | None = None
        self.has_cases: bool | None = None  # None until the first page of the case list is loaded
        self._load_generation = 0
        self._notify_after_load = True  # at start, then after each periodic check

        self.dashboard = DashboardPage(window.pages)
        self.case_page = CasePage(window.pages)
        self.authorities_page = AuthoritiesPage(window.pages)
        # Stands in for the deadlines until the store is open and holds a case.
        self.start_page = StartPage(window.pages)
        for page in (self.start_page, self.dashboard, self.case_page, self.authorities_page):
            window.add_page(page)
            window.languages.changed.connect(page.retranslate)
        window.languages.changed.connect(lambda _lang: self._language_changed())
        self.cases = CaseActions(self)
        self.tray = TrayNotifier(window, window.windowIcon(), self.check_deadlines, self.messages.note)
        window.languages.changed.connect(self.tray.retranslate)

        self.dashboard.open_case.connect(self.open_case)
        self.dashboard.show_moved.connect(self.show_moved)
        window.cases_page.open_case.connect(self.open_case)
        window.cases_page.new_request.connect(self.new_request)
        window.cases_page.search_requested.connect(self.search_cases)
        self.case_page.back.connect(self.show_cases)
        self.authorities_page.save.connect(self.save_authority)
        window.navigation.chosen.connect(self._navigate)
        window.act_new.triggered.connect(lambda: self.new_request())
        window.act_dashboard.triggered.connect(self.show_dashboard)
        window.act_authorities.triggered.connect(self.show_authorities)
        window.act_refresh.triggered.connect(self.reload)
        window.act_settings.triggered.connect(self.show_settings)
        window.act_export.triggered.connect(self.export)
        window.act_export_ics.triggered.connect(self.export_calendar)
        window.act_settings.setEnabled(True)
        window.act_dashboard.setEnabled(True)
        window.menu_file.aboutToShow.connect(self._fill_resume_menu)
        self.start_page.new_request.connect(lambda: self.new_request())
        self.start_page.reconnect.connect(self.start)
        self.start_page.show_help.connect(window.show_handbook)
        window.can_print = self._can_print
        window.print_letter = self.print_letter
        self.case_page.print_state_changed.connect(window.update_print_action)
        self.show_dashboard()

    # -- start-up ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Open the store: at start, and again from the not-connected page."""
        open_store, load_kb = self.ctx.open_store, self.ctx.load_knowledge_base
        if open_store is None or load_kb is None:
            return
        prompt = self.ctx.password_prompt
        self._set_store_state(OPENING)
        if prompt is None:
            self._open(open_store)
            return

        def checked(needed: bool) -> None:
            if needed:
                self.ask_password()
            else:
                self._open(open_store)

        # The keyring may block (D-Bus): asked off the GUI thread; the dialog itself is on it.
        self.tasks.run(prompt.needed, checked, self._failed_to_open)

    def ask_password(self, problem: str = "") -> None:
        """Ask on the GUI thread; ``problem`` is why the last password did not open the store.

        The loop ends when the store opens or the user cancels: then the window says plainly that
        it is not connected, and "Connect again…" starts over.
        """
        from app.ui.password_dialog import PasswordDialog

        prompt = self.ctx.password_prompt
        assert prompt is not None
        dialog = PasswordDialog(prompt.server, prompt.can_remember, self.window)
        if problem:
            dialog.show_problem(problem)
        self.password_dialog = dialog

        def finished(result: int) -> None:
            self.password_dialog = None
            if result != QDialog.DialogCode.Accepted:
                self._not_connected(_("No password was given, so the case store was not opened."))
                return
            secret, remember = dialog.secret(), dialog.wants_remember()
            dialog.password.clear()
            self._open(lambda: prompt.open_with(secret, remember), asked=True)

        dialog.finished.connect(finished)
        dialog.open()

    def _open(self, open_store: Callable[[], Store], *, asked: bool = False) -> None:
        load_kb = self.ctx.load_knowledge_base
        assert load_kb is not None
        self._set_store_state(OPENING)

        def build() -> WorkspaceService:
            from app.ui.service import WorkspaceService

            return WorkspaceService(open_store(), load_kb())

        def failed(exc: BaseException) -> None:
            if asked and isinstance(exc, HabeasError):
                # A mistyped password (or a server that did not answer): say why and ask again.
                reason = describe(exc)[0]
                self._set_store_state(NOT_CONNECTED, reason)
                self.ask_password(reason)
            else:
                self._failed_to_open(exc)

        self.tasks.run(build, self._ready, failed)

    def _ready(self, service: WorkspaceService) -> None:
        self.service = service
        for action in (
            self.window.act_new,
            self.window.act_export,
            self.window.act_export_ics,
            self.window.act_cases,
            self.window.act_authorities,
            self.window.act_refresh,
        ):
            action.setEnabled(True)
        self.window.navigation.set_enabled_places(True)
        self.authorities_page.set_jurisdictions(service.kb.jurisdictions)
        self.case_page.set_knowledge_base(service.kb)
        self.window.set_store_state("shared" if service.store.backend == "postgresql" else "local")
        self.window.statusBar().clearMessage()
        self.reload()

    def _failed_to_open(self, exc: BaseException) -> None:
        self.window.statusBar().clearMessage()
        self._not_connected(describe(exc)[0])

    def _set_store_state(self, state: str, reason: str = "") -> None:
        """Before the store is open: the start page says so, and only settings and help are at hand."""
        self.window.set_store_state(state)
        self.start_page.set_state(state, reason)
        if self.window.pages.currentWidget() in (self.start_page, self.dashboard):
            self.show_dashboard()

    def _not_connected(self, reason: str) -> None:
        self.window.statusBar().clearMessage()
        self._set_store_state(NOT_CONNECTED, reason)
        self.show_dashboard()

    # -- the case list and the deadlines, loaded page by page ----------------------------------------
    def reload(self) -> None:
        if self.service is None:
            return
        self._load_generation += 1
        self.window.cases_page.set_rows([], self.today())
        self._load_dashboard(self._load_generation)
        self._load_page(0, self._load_generation)
        if self.current_case is not None and self.window.pages.currentWidget() is self.case_page:
            self.open_case(self.current_case)

    def search_cases(self, text: str) -> None:
        """Ask the database's text index which cases match; the page filters its rows by them."""
        service = self.service
        if service is None:
            return
        page = self.window.cases_page
        self.tasks.run(
            lambda: service.search_cases(text), lambda ids: page.show_matches(text, ids), self.messages.error
        )

    def _load_page(self, offset: int, generation: int) -> None:
        service, today = self.service, self.today()
        assert service is not None
        size = FIRST_PAGE if offset == 0 else PAGE_SIZE

        def done(page: LoadedPage) -> None:
            if generation != self._load_generation:
                return  # a newer reload started; drop stale pages
            if offset == 0:
                self._first_page_loaded(bool(page.rows))
            self.window.cases_page.model.append_rows(page.rows)
            self.window.cases_page.set_loaded_total(self.window.cases_page.model.total_rows())
            if len(page.rows) == size:
                self._load_page(offset + size, generation)

        self.tasks.run(lambda: service.load_page(offset, size, today), done, self.messages.error)

    def _load_dashboard(self, generation: int) -> None:
        """Every open deadline at once, from the kept states: the dashboard is right when first shown.

        What is stale is derived again first, with progress on the dashboard (after a change of the
        law data, the holiday schedules or Habeas: every open request); deadlines that moved are
        announced with a way to see them.
        """
        service, today, since = self.service, self.today(), self._moves_seen_at
        assert service is not None

        def work(
            report: Callable[[int, int], None],
        ) -> tuple[int, tuple[tuple[DeadlineItem, ...], tuple[tuple[int, str], ...]]]:
            # The case list's loader may have derived them first, on the other worker: count what
            # was recorded, not what this call derived.
            service.refresh_deadlines(today, report)
            return service.moves_since(since), service.dashboard(today)

        def progress(done: int, total: int) -> None:
            if generation == self._load_generation:
                self.dashboard.show_progress(done, total)

        def done(
            result: tuple[int, tuple[tuple[DeadlineItem, ...], tuple[tuple[int, str], ...]]],
        ) -> None:
            self.dashboard.show_progress(0, 0)
            moves, (items, failed) = result
            self.dashboard.set_moved(moves)
            if generation != self._load_generation:
                return
            self.deadlines, self.failed = list(items), list(failed)
            self.dashboard.set_items(self.deadlines, today, self.failed)
            if self._notify_after_load:
                self._notify_after_load = False
                self.tray.notify(self.deadlines, today)

        self.tasks.run_reporting(work, progress, done, self.messages.error)

    def show_moved(self) -> None:
        """The deadlines that moved, newest first, in a dialog; a row opens its case."""
        service = self.service
        if service is None:
            return
        self._moves_seen_at = utc_now()  # seen: the dashboard stops announcing them
        self.dashboard.set_moved(0)

        def show(items: list[MovedDeadline]) -> None:
            from app.ui.moved_dialog import MovedDialog

            dialog = MovedDialog(items, self.window)
            dialog.open_case.connect(self.open_case)
            dialog.show()
            self.moved_dialog = dialog

        self.tasks.run(service.moved_deadlines, show, self.messages.error)

    def _first_page_loaded(self, has_cases: bool) -> None:
        """An empty store gets the first-run page in place of an empty list of deadlines."""
        changed = has_cases != self.has_cases
        self.has_cases = has_cases
        if not has_cases:
            self.start_page.set_state(FIRST_RUN)
        if changed and self.window.pages.currentWidget() in (self.start_page, self.dashboard):
            self.show_dashboard()

    def check_deadlines(self) -> None:
        """The periodic check: reload (the date may have changed) and notify once loaded."""
        self._notify_after_load = True
        self.reload()

    # -- navigation ------------------------------------------------------------------------------
    def _navigate(self, place: str) -> None:
        {"deadlines": self.show_dashboard, "cases": self.show_cases, "authorities": self.show_authorities}[
            place
        ]()

    def show_dashboard(self) -> None:
        """The deadlines; while the store is not open, or holds no case, the start page instead."""
        if self.service is not None and self.has_cases is not False:
            self.window.show_page(self.dashboard, "deadlines", _("Deadlines"))
            return
        title = {
            FIRST_RUN: _("Welcome"),
            NOT_CONNECTED: _("Not connected"),
        }.get(self.start_page.state, "")
        self.window.show_page(self.start_page, "deadlines", title)

    def show_cases(self) -> None:
        self.window.show_page(self.window.cases_page, "cases", _("Cases"))

    def open_case(self, case_id: int) -> None:
        service, today = self.service, self.today()
        if service is None:
            return
        self.current_case = case_id

        def show(view: CaseView) -> None:
            self.case_page.set_view(view)
            self.window.show_page(self.case_page, "cases", view.case.title)

        self.tasks.run(lambda: service.case_view(case_id, today), show, self.messages.error)

    # -- printing the case page's letter (Ctrl+P) ---------------------------------------------------
    def _can_print(self) -> bool:
        return (
            self.window.pages.currentWidget() is self.case_page
            and self.case_page.letter_to_print() is not None
        )

    def print_letter(self) -> bool:
        """File → Print letter: the letter chosen on the case page, in the preview, its print dialog asked."""
        letter: GeneratedLetter | None = self.case_page.letter_to_print() if self._can_print() else None
        if letter is None:
            return False
        self.cases.show_letters([letter])
        if self.cases.preview is not None:
            self.cases.preview.print_letter()
        return True

    # -- new request and drafts --------------------------------------------------------------------
    def new_request(
        self, restore: dict[str, Any] | None = None, draft_id: int | None = None, version: int = 1
    ) -> None:
        service = self.service
        if service is None:
            return
        from app.ui.drafts import DraftSaver
        from app.ui.wizard.backend import WizardBackend
        from app.ui.wizard.dialog import RequestWizard

        saver = DraftSaver(self.tasks, service.store, draft_id, version)
        adapter = WizardBackend(service, saver)
        self.wizard = RequestWizard(
            adapter,
            self.window.languages,
            parent=self.window,
            default_jurisdiction=self.ctx.settings.default_jurisdiction,
            restore=restore,
            tasks=self.tasks,
        )
        wizard = self.wizard
        wizard.generate_requested.connect(lambda values: self._generate(wizard, saver, values))
        wizard.show()

    def _generate(self, wizard: RequestWizard, saver: Any, values: dict[str, Any]) -> None:
        service = self.service
        assert service is not None
        saver.save(values)
        wizard.setEnabled(False)

        def done(result: GeneratedCase) -> None:
            wizard.setEnabled(True)
            wizard.finish()
            saver.discard()
            self.reload()
            self.cases.show_letters(list(result.letters))
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
        service = self.service
        menu.setEnabled(False)
        if service is None:
            return

        def fill(drafts: list[DraftRecord]) -> None:
            from app.ui.drafts import draft_values

            menu.setEnabled(bool(drafts))
            for record in drafts[:15]:
                values = draft_values(record)
                if values is None:
                    continue
                action = menu.addAction(record.title or _("Untitled draft"))
                action.triggered.connect(
                    lambda _c=False, v=values, i=record.id, n=record.version: self.new_request(v, i, n)
                )

        self.tasks.run(service.store.list_drafts, fill, self.messages.error)

    # -- directory, settings, exports ----------------------------------------------------------------
    def show_authorities(self) -> None:
        service = self.service
        if service is None:
            return

        def show(items: list[Authority]) -> None:
            self.authorities_page.set_authorities(items)
            self.window.show_page(self.authorities_page, "authorities", _("Authorities"))

        self.tasks.run(lambda: service.store.list_authorities(page=ALL_ROWS), show, self.messages.error)

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
        jurisdictions = self.service.kb.jurisdictions if self.service is not None else None
        SettingsDialog(self.ctx, self.window.languages, self.window, jurisdictions).open()

    def export(self) -> None:
        service = self.service
        name, _filter = QFileDialog.getSaveFileName(
            self.window, _("Export the case store"), "habeas-export.json", _("JSON files (*.json)")
        )
        if not name or service is None:
            return

        def write() -> None:
            # Imported here, off the GUI thread: the window paints before SQLAlchemy is loaded.
            from app.store import export_to_file

            # The same file as 'habeas export': versioned, atomic, readable by the user only,
            # written record by record (memory flat at clinic scale).
            export_to_file(service.store, Path(name))

        self.tasks.run(write, lambda _r: self.messages.note(_("Exported.")), self.messages.error)

    def export_calendar(self) -> None:
        """File → Export deadlines to calendar: every open deadline and escalation window, with alarms."""
        service, today = self.service, self.today()
        name, _filter = QFileDialog.getSaveFileName(
            self.window,
            _("Export deadlines to calendar"),
            str(_documents() / "habeas-deadlines.ics"),
            _("Calendar files (*.ics)"),
        )
        if not name or service is None:
            return
        path = Path(name)

        def write() -> int:
            rows = service.casework.deadlines(today).rows
            data = service.casework.calendar(rows, today)
            try:
                write_atomically(path, data)
            except OSError as exc:
                raise HabeasError(
                    _("The calendar could not be saved: {reason}").format(
                        reason=exc.strerror or type(exc).__name__
                    )
                ) from exc
            return len(rows)

        def written(count: int) -> None:
            self.messages.note(
                ngettext("{n} deadline written to {path}", "{n} deadlines written to {path}", count).format(
                    n=count, path=path
                )
            )

        self.tasks.run(write, written, self.messages.error)

    def _language_changed(self) -> None:
        # Status names and deadline explanations are computed text: recompute in the new language.
        if self.window.pages.currentWidget() is self.start_page:
            self.show_dashboard()  # its title, in the new language
        self.reload()
