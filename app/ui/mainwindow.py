"""The main window: menus, a navigation bar and the pages (dashboard, cases, case detail...)."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QMenu, QStackedWidget, QWidget

from app.errors import HabeasError
from app.i18n import _
from app.ui.about import show_about
from app.ui.cases_page import CasesPage
from app.ui.context import UiContext
from app.ui.edit_actions import EditActions
from app.ui.help import HandbookDialog
from app.ui.language import LanguageManager
from app.ui.messages import MessagePresenter
from app.ui.navigation import NavigationPanel
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def _unique_keys(*keys: QKeySequence | QKeySequence.StandardKey) -> list[QKeySequence]:
    """Each key sequence once, without empty ones (a platform without a standard key for it)."""
    found: list[QKeySequence] = []
    for key in keys:
        for sequence in QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [key]:
            if not sequence.isEmpty() and sequence not in found:
                found.append(sequence)
    return found


GEOMETRY_KEY = "window_geometry"  # in Settings.extra: UI state, base64 of QWidget.saveGeometry()


class MainWindow(QMainWindow):
    """The top-level window: navigation on the left, the pages; in the status bar whether the case
    store is connected (never its path: that is in Settings → Advanced) and "not legal advice".

    Owns its pages; controllers hook into its actions and the navigation's ``chosen`` signal.
    """

    def __init__(self, ctx: UiContext, languages: LanguageManager, tasks: TaskRunner) -> None:
        super().__init__()
        self.ctx = ctx
        self.languages = languages
        self.tasks = tasks
        self.setObjectName("MainWindow")
        self.messages = MessagePresenter(self, self.statusBar())
        self.workspace: Any = None  # the controller, attached by application.create_main_window

        self.navigation = NavigationPanel(self)
        self.pages = QStackedWidget(self)
        self.cases_page = CasesPage(self.pages)
        self.pages.addWidget(self.cases_page)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.store_label = QLabel(self)
        self.store_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.store_label)
        self.statusBar().addPermanentWidget(self.advice_label)
        self.store_state = "opening"  # "opening", "local", "shared" or "not_connected"
        self.page_title = ""
        self._page_titles: dict[QWidget, str] = {}
        self.handbook: HandbookDialog | None = None

        self._build_actions()
        self._build_menus()
        self.navigation.new_button.clicked.connect(self.act_new.trigger)
        self.navigation.set_enabled_places(False)
        self._restore_geometry()
        from app.ui.lock import IdleLock, lock_minutes

        self.idle_lock = IdleLock(self, lock_minutes(ctx.settings.extra))  # issue 14: lock when idle
        languages.changed.connect(self.retranslate)
        self.retranslate()

    # -- geometry ------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = self.ctx.settings.extra.get(GEOMETRY_KEY)
        if isinstance(saved, str):
            try:
                if self.restoreGeometry(QByteArray(base64.b64decode(saved, validate=True))):
                    return
            except (binascii.Error, ValueError):
                log.warning("saved window geometry ignored: not readable")
        # A sensible default: room for the tables, but never larger than the screen.
        screen = QGuiApplication.primaryScreen()
        width, height = 1200, 780
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, int(area.width() * 0.9)), min(height, int(area.height() * 0.9))
        self.resize(width, height)

    def save_geometry(self) -> None:
        """Keep the window's size and place in the settings file (UI state, no personal data)."""
        data = base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii")
        settings = self.ctx.settings
        new = dataclasses.replace(settings, extra={**settings.extra, GEOMETRY_KEY: data})
        try:
            self.ctx.save_settings(new)
        except (HabeasError, OSError) as exc:
            log.warning("window geometry not saved: %s", type(exc).__name__)
            return
        self.ctx.settings = new

    def set_store_state(self, state: str) -> None:
        """``opening``, ``local``, ``shared`` or ``not_connected``: said in words, without a path or URL."""
        self.store_state = state
        self._show_store_state()

    def _show_store_state(self) -> None:
        text = {
            "opening": _("Opening the case store…"),
            "local": _("Cases on this computer"),
            "shared": _("Cases on a shared server"),
            "not_connected": _("Not connected"),
        }.get(self.store_state, "")
        self.store_label.setText(text)
        self.store_label.setAccessibleName(text)
        self.store_label.setToolTip(_("Where the case store is: Tools → Settings → Advanced"))

    def add_page(self, page: QWidget) -> None:
        self.pages.addWidget(page)

    def show_page(self, page: QWidget, place: str = "", title: str = "") -> None:
        """Show ``page``; ``place`` marks the navigation entry, ``title`` goes into the window title."""
        self.pages.setCurrentWidget(page)
        if place:
            self.navigation.mark(place)
        self._page_titles[page] = title
        self._update_title()
        page.setFocus(Qt.FocusReason.OtherFocusReason)
        self.update_print_action()

    def _update_title(self) -> None:
        current = self.pages.currentWidget()
        title = self._page_titles.get(current, "") if current is not None else ""
        self.setWindowTitle(_("{page} — Habeas").format(page=title) if title else _("Habeas"))

    # -- actions and menus ---------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.act_new = QAction(self)
        self.act_new.setShortcut(QKeySequence.StandardKey.New)
        self.act_export = QAction(self)
        self.act_export_ics = QAction(self)
        self.act_quit = QAction(self)
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_quit.triggered.connect(self.close)
        self.act_dashboard = QAction(self)
        self.act_dashboard.setShortcut(QKeySequence("Ctrl+1"))
        self.act_cases = QAction(self)
        self.act_cases.setShortcut(QKeySequence("Ctrl+2"))
        self.act_cases.triggered.connect(lambda: self.show_page(self.cases_page, "cases", _("Cases")))
        self.act_authorities = QAction(self)
        self.act_authorities.setShortcut(QKeySequence("Ctrl+3"))
        self.act_refresh = QAction(self)
        self.act_refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        self.act_settings = QAction(self)
        # Ctrl+, everywhere (KDE's own is Ctrl+Shift+,; macOS's is Ctrl+, already).
        self.act_settings.setShortcuts(
            _unique_keys(QKeySequence("Ctrl+,"), QKeySequence.StandardKey.Preferences)
        )
        self.act_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        # Print the letter shown or chosen on the case page; elsewhere disabled, and the tooltip says why.
        self.act_print = QAction(self)
        self.act_print.setShortcut(QKeySequence.StandardKey.Print)
        self.print_letter: Callable[[], bool] | None = None  # set by the controller: prints, or False
        self.can_print: Callable[[], bool] = lambda: False
        self.act_print.triggered.connect(self._print)
        self.edit = EditActions(self)
        self.act_handbook = QAction(self)
        self.act_handbook.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.act_handbook.triggered.connect(self.show_handbook)
        self.act_about = QAction(self)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.act_about.triggered.connect(lambda: show_about(self, self.ctx.version))
        # Until a controller provides these features, their actions stay disabled (never silent no-ops).
        for action in (
            self.act_new,
            self.act_export,
            self.act_export_ics,
            self.act_dashboard,
            self.act_cases,
            self.act_authorities,
            self.act_refresh,
            self.act_settings,
            self.act_print,
        ):
            action.setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = QMenu(bar)
        self.menu_file.addAction(self.act_new)
        self.menu_file.addAction(self.act_export)
        self.menu_file.addAction(self.act_export_ics)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_print)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_file.setToolTipsVisible(True)  # why "Print letter" is disabled
        self.menu_file.aboutToShow.connect(self.update_print_action)
        self.menu_edit = QMenu(bar)
        self.menu_edit.addActions([self.edit.undo, self.edit.redo])
        self.menu_edit.addSeparator()
        self.menu_edit.addActions([self.edit.cut, self.edit.copy, self.edit.paste])
        self.menu_edit.addSeparator()
        self.menu_edit.addAction(self.edit.select_all)
        self.menu_edit.aboutToShow.connect(self.edit.update)
        self.menu_view = QMenu(bar)
        for action in (self.act_dashboard, self.act_cases, self.act_authorities):
            self.menu_view.addAction(action)
        self.menu_view.addSeparator()
        self.menu_view.addAction(self.act_refresh)
        self.menu_tools = QMenu(bar)
        self.menu_tools.addAction(self.act_settings)
        self.menu_help = QMenu(bar)
        self.menu_help.addAction(self.act_handbook)
        self.menu_help.addSeparator()
        self.menu_help.addAction(self.act_about)
        for menu in (self.menu_file, self.menu_edit, self.menu_view, self.menu_tools, self.menu_help):
            bar.addMenu(menu)

    # -- print, handbook ---------------------------------------------------------------------------
    def update_print_action(self) -> None:
        enabled = self.can_print()
        self.act_print.setEnabled(enabled)
        self.act_print.setToolTip(
            _("Print the letter chosen on the case page (Ctrl+P)")
            if enabled
            else _("Open a case with a letter to print it")
        )

    def _print(self) -> None:
        if self.print_letter is not None:
            self.print_letter()

    def show_handbook(self) -> HandbookDialog:
        """Help → Handbook, in the UI language (one dialog, raised if already open)."""
        if self.handbook is None:
            self.handbook = HandbookDialog(self.languages, self)
        self.handbook.show()
        self.handbook.raise_()
        self.handbook.activateWindow()
        return self.handbook

    def retranslate(self) -> None:
        self._update_title()
        self.menu_file.setTitle(_("&File"))
        self.menu_edit.setTitle(_("&Edit"))
        self.menu_view.setTitle(_("&View"))
        self.menu_tools.setTitle(_("&Tools"))
        self.menu_help.setTitle(_("&Help"))
        self.act_new.setText(_("&New request…"))
        self.act_export.setText(_("&Export…"))
        self.act_export_ics.setText(_("Export deadlines to &calendar (.ics)…"))
        self.act_quit.setText(_("&Quit"))
        self.act_dashboard.setText(_("&Deadlines"))
        self.act_cases.setText(_("&Cases"))
        self.act_authorities.setText(_("&Authority directory"))
        self.act_refresh.setText(_("&Refresh"))
        self.act_settings.setText(_("&Settings…"))
        self.act_print.setText(_("&Print letter…"))
        self.act_handbook.setText(_("Habeas &Handbook"))
        self.act_about.setText(_("&About Habeas"))
        self.edit.retranslate()
        self.update_print_action()
        self._show_store_state()
        self.advice_label.setText("· " + _("Not legal advice"))
        self.advice_label.setToolTip(
            _("Habeas helps with the letter and the deadlines; it is not legal advice.")
        )
        self.cases_page.retranslate()
        self.navigation.retranslate()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Let running background work finish delivering, so nothing half-written is left behind.
        self.tasks.shutdown()
        self.save_geometry()
        super().closeEvent(event)
