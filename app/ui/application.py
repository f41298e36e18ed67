"""Start the desktop app: QApplication, translations, the main window, the event loop."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from app.i18n import current_language
from app.paths import resources_dir
from app.ui.context import UiContext
from app.ui.language import LanguageManager
from app.ui.mainwindow import MainWindow
from app.ui.messages import MessagePresenter
from app.ui.tasks import TaskRunner
from app.ui.workspace import Workspace

log = logging.getLogger(__name__)

ORGANISATION = "Habeas"
APPLICATION = "Habeas"
GIL_SWITCH_INTERVAL = 0.0005  # seconds
ICON_ID = "org.habeas.Habeas"  # the desktop entry's and AppStream id (installer/linux)


def ensure_application(arguments: list[str] | None = None) -> QApplication:
    """The process's QApplication (created once; Qt allows only one)."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Qt 6 always scales for high DPI (PassThrough rounding by default), so nothing to switch on.
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    app = QApplication([sys.argv[0] if sys.argv else "habeas", *(arguments or [])])
    # Workers run Python (store queries, deadline derivation) while the GUI thread's paints call back
    # into Python (table models). A thread that wants the GIL waits up to the switch interval for it;
    # CPython's 5 ms, paid by every callback of a paint, stalls the window (measured: a 7,800-row dashboard
    # painted in 0.9 s beside a busy worker at 5 ms, 0.07-0.2 s at 0.2-1 ms).
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    app.setApplicationDisplayName(APPLICATION)
    # Wayland and some X11 docks match the window to its desktop entry by this name.
    app.setDesktopFileName(ICON_ID)
    return app


def app_icon(app: QApplication) -> QIcon:
    """Habeas's icon (resources/icons, the one of the desktop entry and the installers), every size."""
    hicolor = resources_dir() / "icons" / "hicolor"
    icon = QIcon()
    for png in sorted(hicolor.glob(f"*/apps/{ICON_ID}.png")):
        icon.addFile(str(png))
    if icon.isNull():  # a source tree without the icons: Qt's generic one rather than none
        return QIcon(app.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
    return icon


def create_main_window(ctx: UiContext, app: QApplication) -> MainWindow:
    """Build the window and everything it needs (also used by tests and the startup benchmark)."""
    QCoreApplication.setApplicationVersion(ctx.version)
    languages = LanguageManager(app)
    tasks = TaskRunner()
    window = MainWindow(ctx, languages, tasks)
    languages.setParent(window)
    tasks.setParent(window)
    window.setWindowIcon(app_icon(app))
    languages.apply(current_language())
    window.workspace = Workspace(window)
    if ctx.open_store is None:
        window.cases_page.set_rows([])  # nothing to load: show the empty state at once
    window.workspace.start()
    return window


def run(ctx: UiContext) -> int:
    """Run the desktop app until the main window closes; returns the process exit status."""
    app = ensure_application(ctx.qt_arguments)
    window = create_main_window(ctx, app)
    install_error_hook(MessagePresenter(window))
    window.show()
    log.info("main window shown")
    status = app.exec()
    sys.excepthook = sys.__excepthook__
    return int(status)


def install_error_hook(presenter: MessagePresenter) -> None:
    """An exception escaping a slot is shown in a message box instead of a traceback on stderr.

    The presenter logs an unexpected exception's type and code location only: its message may
    quote personal data, so it never reaches the log (the crash report of a desktop app).
    """

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        presenter.error(exc.with_traceback(tb))

    sys.excepthook = hook
