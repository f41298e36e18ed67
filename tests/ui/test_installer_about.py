"""About → Third-party licences: the bundle's notices file, or why a source checkout has none."""

from __future__ import annotations

from pathlib import Path

import pytest

import app.ui.about as about
from app.ui.about import AboutDialog, third_party_text

pytestmark = pytest.mark.gui


def test_the_notices_file_is_shown_when_the_bundle_has_one(qtbot, monkeypatch, tmp_path: Path) -> None:
    notices = tmp_path / "THIRD-PARTY-NOTICES.txt"
    notices.write_text("Habeas 9: third-party notices\nkeyring 25: MIT\n", encoding="utf-8")
    monkeypatch.setattr(about, "third_party_notices_file", lambda: notices)
    dialog = AboutDialog(None, "9.8.7")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.licences_button.click()
    assert dialog.isVisible()  # the notices open on top; About stays
    assert dialog.third_party is not None and dialog.third_party.isVisible()
    assert "keyring 25: MIT" in dialog.third_party.view.toPlainText()
    assert dialog.third_party.view.isReadOnly()


def test_from_source_it_says_why_there_is_no_list(monkeypatch, tmp_path: Path) -> None:
    text = third_party_text(tmp_path / "absent.txt")
    assert "source code" in text and "installer/third_party.py" in text
