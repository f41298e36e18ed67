"""For tests that look inside the user's store: since issue 14 it is encrypted with a key that the
test's memory keyring holds (tests/conftest.py). ``connect_user_store`` opens it as sqlite3 would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.keystore import Keystore
from app.store import crypto
from app.store.crypto import CipherKey
from app.store.keys import key_entry


def user_store_key(path: Path) -> CipherKey:
    """The key the keyring holds for the store at ``path`` (made by a CLI or window run)."""
    stored = Keystore().read(key_entry(path))
    assert stored, f"no key in the keyring for {path}"
    return CipherKey.from_hex(stored)


def connect_user_store(path: Path) -> Any:
    """A keyed sqlcipher3 connection (autocommit) to the user's encrypted store."""
    return crypto.connect(path, user_store_key(path))
