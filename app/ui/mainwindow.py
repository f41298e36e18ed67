"""The main window: menus, a navigation bar and the pages (dashboard, cases, case detail...)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QStackedWidget, QWidget

from app.i18n import _
from app.ui.about import show_about
from app.ui.cases_page import CasesPage
from app.ui.context import UiContext
from app.ui.language import LanguageManager
from app.ui.messages import MessagePresenter
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The top-level window. Owns its pages; controllers hook into its actions."""

    def __init__(self, ctx: UiContext, languages: LanguageManager, tasks: TaskRunner) -> None:
        super().__init__()
        self.ctx = ctx
        self.languages = languages
        self.tasks = tasks
        self.setObjectName("MainWindow")
        self.messages = MessagePresenter(self, self.statusBar())
        self.workspace: Any = None  # the controller, attached by application.create_main_window

        self.pages = QStackedWidget(self)
        self.cases_page = CasesPage(self.pages)
        self.pages.addWidget(self.cases_page)
        self.setCentralWidget(self.pages)

        self._build_actions()
        self._build_menus()
        self.resize(1100, 700)
        languages.changed.connect(self.retranslate)
        self.retranslate()

    def add_page(self, page: QWidget) -> None:
        self.pages.addWidget(page)

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        page.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- actions and menus ---------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.act_new = QAction(self)
        self.act_new.setShortcut(QKeySequence.StandardKey.New)
        self.act_export = QAction(self)
        self.act_quit = QAction(self)
        self.act_quit.setShortcut(QKeySequence.StandardKey.Quit)
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_quit.triggered.connect(self.close)
        self.act_dashboard = QAction(self)
        self.act_dashboard.setShortcut(QKeySequence("Ctrl+1"))
        self.act_cases = QAction(self)
        self.act_cases.setShortcut(QKeySequence("Ctrl+2"))
        self.act_cases.triggered.connect(lambda: self.show_page(self.cases_page))
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
        self.setWindowTitle(_("Habeas"))
        self.menu_file.setTitle(_("&File"))
        self.menu_view.setTitle(_("&View"))
        self.menu_tools.setTitle(_("&Tools"))
        self.menu_help.setTitle(_("&Help"))
        self.act_new.setText(_("&New request…"))
        self.act_export.setText(_("&Export…"))
        self.act_quit.setText(_("&Quit"))
        self.act_dashboard.setText(_("&Deadlines"))
        self.act_cases.setText(_("&Cases"))
        self.act_authorities.setText(_("&Authority directory"))
        self.act_refresh.setText(_("&Refresh"))
        self.act_settings.setText(_("&Settings…"))
        self.act_about.setText(_("&About Habeas"))
        self.cases_page.retranslate()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Let running background work finish delivering, so nothing half-written is left behind.
        self.tasks.wait_for_done()
        super().closeEvent(event)
