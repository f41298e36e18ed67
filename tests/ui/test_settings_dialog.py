"""Settings: the shared database is chosen here, never with its password in the settings file."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QDialog

from app.ui.settings_dialog import SettingsDialog


def test_database_url_with_password_is_refused_and_the_input_kept(qtbot, main_window, store_context) -> None:
    dialog = SettingsDialog(store_context, main_window.languages, main_window)
    qtbot.addWidget(dialog)
    typed = "postgresql+psycopg://clinic:secret@db.example.org/habeas"
    dialog.database_url.setText(typed)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.database_url.text() == typed  # nothing the user typed is lost
    assert store_context.settings.database_url == ""  # the settings in use are unchanged
    assert not store_context.paths.settings_file.exists() or "secret" not in (
        store_context.paths.settings_file.read_text(encoding="utf-8")
    )


def test_database_url_is_saved_for_the_next_start(qtbot, main_window, store_context) -> None:
    dialog = SettingsDialog(store_context, main_window.languages, main_window)
    qtbot.addWidget(dialog)
    dialog.database_url.setText("  postgresql+psycopg://clinic@db.example.org/habeas ")
    dialog.accept()
    saved = json.loads(store_context.paths.settings_file.read_text(encoding="utf-8"))
    assert saved["database_url"] == "postgresql+psycopg://clinic@db.example.org/habeas"
    assert store_context.settings.database_url == saved["database_url"]
