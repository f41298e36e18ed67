"""Switching the UI language live: gettext for our strings, Qt's own catalogs for Qt's buttons.

Every widget that shows text puts its ``setText(_(...))`` calls in a ``retranslate()`` method,
calls it once from ``__init__`` and connects it to ``LanguageManager.changed``. Models emit
``headerDataChanged``/``dataChanged`` from their own ``retranslate()``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from app.i18n import (
    current_language,
    normalize_language,
    regional_locale,
    set_language,
    set_region,
    system_region,
)
from app.languages import ENGLISH

log = logging.getLogger(__name__)


class LanguageManager(QObject):
    """Owns the installed Qt translator and announces language changes.

    Signals:
        changed(str): the new language code (``en``, ``zh_CN``, ``de``, or any UI language of the
            registry, app.languages), emitted after the switch.
    """

    changed = Signal(str)

    def __init__(self, app: QCoreApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._qt_translator: QTranslator | None = None
        set_region(system_region())

    @property
    def language(self) -> str:
        return current_language()

    def apply(self, lang: str) -> str:
        """Switch gettext and Qt to ``lang``; returns the normalised code. Emits ``changed``."""
        code = set_language(normalize_language(lang))
        self._install_qt_translator(code)
        # Qt's own dates (date fields, calendars) in the UI language as written in the user's
        # region ("en_GB": day first), like the app's dates (app.i18n.format_date).
        QLocale.setDefault(QLocale(regional_locale(code) or code))
        self.changed.emit(code)
        return code

    def _install_qt_translator(self, code: str) -> None:
        if self._qt_translator is not None:
            self._app.removeTranslator(self._qt_translator)
            self._qt_translator = None
        if code == ENGLISH:
            return  # Qt's source strings are English
        translator = QTranslator(self)
        directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(QLocale(code), "qtbase", "_", directory):
            self._app.installTranslator(translator)
            self._qt_translator = translator
        else:
            # Not fatal (a registered language Qt does not ship): our own strings are still
            # translated; Qt's buttons stay English.
            log.warning("Qt translations for %s not found in %s", code, directory)
