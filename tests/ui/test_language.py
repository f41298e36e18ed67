"""Switching the UI language in Settings changes visible texts at once, Qt's own buttons included."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from app.i18n import current_language, translator


def test_switch_language_live(qtbot, main_window, store_context) -> None:
    window = main_window
    window.act_new.trigger()
    wizard = window.workspace.wizard
    qtbot.addWidget(wizard)
    english_next = wizard.buttonText(QWizard.WizardButton.NextButton)
    english_header = window.cases_page.model.headerData(0, Qt.Orientation.Horizontal)

    from app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(store_context, window.languages, window)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    dialog.accept()

    assert current_language() == "de"
    saved = json.loads(store_context.paths.settings_file.read_text(encoding="utf-8"))
    assert saved["language"] == "de"
    # Qt's own wizard buttons come from qtbase_de.qm.
    assert wizard.buttonText(QWizard.WizardButton.NextButton) != english_next
    assert "Weiter" in wizard.buttonText(QWizard.WizardButton.NextButton)
    # Our texts are re-read from the German catalog, including model headers.
    de = translator("de")
    assert window.menu_file.title() == de.gettext("&File")
    assert window.cases_page.model.headerData(0, Qt.Orientation.Horizontal) == de.gettext("Case")
    assert wizard.situation.title() == de.gettext("Your situation")
    # The catalogs are complete (tests/core/test_catalogs.py), so the visible texts really change.
    assert window.cases_page.model.headerData(0, Qt.Orientation.Horizontal) != english_header
    assert window.menu_file.title() not in ("&File", "File")
    assert wizard.situation.title() != "Your situation"


def test_qt_dates_follow_the_users_region(qtbot, monkeypatch) -> None:
    """A British user of the English UI gets day-first dates from Qt's own widgets too."""
    from PySide6.QtCore import QDate, QLocale
    from PySide6.QtWidgets import QApplication

    from app.i18n import set_region
    from app.ui.language import LanguageManager

    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    try:
        manager = LanguageManager(QApplication.instance())
        manager.apply("en")
        assert QLocale().name() == "en_GB"
        assert QLocale().toString(QDate(2026, 3, 11), QLocale.FormatType.ShortFormat) == "11/03/2026"
    finally:
        set_region(None)
        QLocale.setDefault(QLocale("en"))
