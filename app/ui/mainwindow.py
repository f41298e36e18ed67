"""The main window: menus, a navigation bar and the pages (dashboard, cases, case detail...)."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import logging
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QMenu, QStackedWidget, QWidget

from app.errors import HabeasError
from app.i18n import _
from app.ui.about import show_about
from app.ui.cases_page import CasesPage
from app.ui.context import UiContext
from app.ui.language import LanguageManager
from app.ui.messages import MessagePresenter
from app.ui.navigation import NavigationPanel
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

GEOMETRY_KEY = "window_geometry"  # in Settings.extra: UI state, base64 of QWidget.saveGeometry()


class MainWindow(QMainWindow):
    """The top-level window: navigation on the left, the pages, the store in the status bar.

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
        self.statusBar().addPermanentWidget(self.store_label)
        self.set_store_description(ctx.database_description)
        self.page_title = ""
        self._page_titles: dict[QWidget, str] = {}

        self._build_actions()
        self._build_menus()
        self.navigation.new_button.clicked.connect(self.act_new.trigger)
        self.navigation.set_enabled_places(False)
        self._restore_geometry()
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

    def set_store_description(self, text: str) -> None:
        self.store_label.setText(text)
        self.store_label.setAccessibleName(text)

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
        self.act_settings.setShortcut(QKeySequence.StandardKey.Preferences)
        self.act_settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.act_about = QAction(self)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.act_about.triggered.connect(lambda: show_about(self, self.ctx.version))
        # Until a controller provides these features, their actions stay disabled (never silent no-ops).
        for action in (
            self.act_new,
            self.act_export,
            self.act_export_ics,
            self.act_dashboard,
            self.act_authorities,
            self.act_refresh,
            self.act_settings,
        ):
            action.setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = QMenu(bar)
        self.menu_file.addAction(self.act_new)
        self.menu_file.addAction(self.act_export)
        self.menu_file.addAction(self.act_export_ics)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_view = QMenu(bar)
        for action in (self.act_dashboard, self.act_cases, self.act_authorities):
            self.menu_view.addAction(action)
        self.menu_view.addSeparator()
        self.menu_view.addAction(self.act_refresh)
        self.menu_tools = QMenu(bar)
        self.menu_tools.addAction(self.act_settings)
        self.menu_help = QMenu(bar)
        self.menu_help.addAction(self.act_about)
        for menu in (self.menu_file, self.menu_view, self.menu_tools, self.menu_help):
            bar.addMenu(menu)

    def retranslate(self) -> None:
        self._update_title()
        self.menu_file.setTitle(_("&File"))
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
        self.act_about.setText(_("&About Habeas"))
        self.cases_page.retranslate()
        self.navigation.retranslate()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Let running background work finish delivering, so nothing half-written is left behind.
        self.tasks.shutdown()
        self.save_geometry()
        super().closeEvent(event)
