"""The window without a secure keyring (issue 14): it asks for the store's passphrase, a new one
typed twice, and opens the encrypted store with it; a wrong one is refused, nothing changed."""

from __future__ import annotations

from typing import Any

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from app import bootstrap
from app.errors import InputError
from app.store import crypto
from app.store.crypto import CipherKey
from app.ui.password_dialog import PasswordDialog

PASSPHRASE = "window passphrase 1"


def _press_ok(dialog: PasswordDialog) -> None:
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_the_window_asks_for_a_passphrase_without_a_secure_keyring(qtbot: Any) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    env = bootstrap.load_environment()
    prompt = bootstrap._password_prompt(env)
    assert prompt is not None and not prompt.can_remember
    assert prompt.server == str(env.paths.database_file)
    assert prompt.needed()

    dialog = PasswordDialog(prompt.server, prompt.can_remember)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.mode == "new" and dialog.confirm.isVisible()
    QTest.keyClicks(dialog.password, "short")
    _press_ok(dialog)
    assert dialog.isVisible() and "too short" in dialog.problem.text()
    dialog.password.clear()
    QTest.keyClicks(dialog.password, PASSPHRASE)
    QTest.keyClicks(dialog.confirm, PASSPHRASE + "x")
    _press_ok(dialog)
    assert dialog.isVisible() and "differ" in dialog.problem.text()
    QTest.keyClicks(dialog.confirm, PASSPHRASE)
    _press_ok(dialog)
    assert not dialog.isVisible() and dialog.secret() == PASSPHRASE

    prompt.open_with(dialog.secret(), dialog.wants_remember()).close()
    database = env.paths.database_file
    assert crypto.opens_with(database, CipherKey.from_passphrase(PASSPHRASE))

    again = PasswordDialog(prompt.server, prompt.can_remember)
    qtbot.addWidget(again)
    assert again.mode == "passphrase" and again.confirm.isHidden()
    before = database.read_bytes()
    with pytest.raises(InputError, match="does not open"):
        prompt.open_with("not the passphrase", False)
    assert database.read_bytes() == before
