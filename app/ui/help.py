"""Help → Handbook: what Habeas does, the steps of a request, the confidence tags, not legal advice.

The handbook is one HTML file per UI language in ``resources/help/`` (``en.html``, ``de.html``,
``zh_CN.html``), written as prose by a speaker of the language rather than assembled from catalog
strings. A UI language without its own file gets the English one.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.i18n import _, current_language
from app.languages import ENGLISH
from app.paths import resources_dir
from app.ui.language import LanguageManager

log = logging.getLogger(__name__)


def help_dir() -> Path:
    return resources_dir() / "help"


def handbook_file(lang: str, folder: Path | None = None) -> Path:
    """The handbook for ``lang`` (``zh_CN``, ``de``…): its own file, its base language's, or English."""
    folder = folder if folder is not None else help_dir()
    for code in (lang, lang.split("_")[0], ENGLISH):
        candidate = folder / f"{code}.html"
        if candidate.is_file():
            return candidate
    return folder / f"{ENGLISH}.html"


def handbook_html(lang: str) -> str:
    path = handbook_file(lang)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("handbook %s unreadable: %s", path.name, exc.strerror)
        return "<p>" + _("The handbook could not be read: {file}").format(file=path) + "</p>"


class HandbookDialog(QDialog):
    """The handbook in a QTextBrowser; follows a change of the UI language while open."""

    def __init__(self, languages: LanguageManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HandbookDialog")
        self.language = ""
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.buttons)
        self._fit_to_screen()
        languages.changed.connect(self.retranslate)
        self.retranslate()

    def _fit_to_screen(self) -> None:
        width, height = 720, 760
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            width, height = min(width, int(area.width() * 0.9)), min(height, int(area.height() * 0.85))
        self.resize(width, height)

    def retranslate(self) -> None:
        self.language = current_language()
        self.setWindowTitle(_("Habeas handbook"))
        self.browser.setAccessibleName(_("Habeas handbook"))
        path = handbook_file(self.language)
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path)))
        self.browser.setHtml(handbook_html(self.language))

    def show_section(self, anchor: str) -> None:
        self.browser.scrollToAnchor(anchor)


def handbook_shortcuts() -> list[QKeySequence]:
    """F1 (the platform's help key) for the handbook."""
    return [QKeySequence(QKeySequence.StandardKey.HelpContents)]
