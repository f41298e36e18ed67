"""Secrets (the PostgreSQL password now, the database key later) behind a small interface.

The app always knows where a secret went: into a real OS store, or nowhere. Without a secure
backend nothing is persisted and the user is asked for the secret each session (Vorta's rule).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

import keyring
import keyring.backends.chainer
import keyring.errors

log = logging.getLogger(__name__)

SERVICE = "Habeas"

# Backends that are not a secure OS store: they fail, drop, store in plain text or prompt on stdin.
_INSECURE = {
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.file.EncryptedKeyring",
}


@dataclass(frozen=True)
class KeystoreInfo:
    backend: str
    secure: bool


class Keystore:
    """Reads and writes secrets in the OS keyring, if it is a secure one."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend if backend is not None else keyring.get_keyring()

    def info(self) -> KeystoreInfo:
        backends = (
            self._backend.backends
            if isinstance(self._backend, keyring.backends.chainer.ChainerBackend)
            else [self._backend]
        )
        names = [f"{type(b).__module__}.{type(b).__name__}" for b in backends]
        secure = [n for n in names if n not in _INSECURE]
        return KeystoreInfo(backend=", ".join(names) or "none", secure=bool(secure))

    def get(self, name: str) -> str | None:
        if not self.info().secure:
            return None
        try:
            value: str | None = self._backend.get_password(SERVICE, name)
        except keyring.errors.KeyringError as exc:
            log.warning("keyring read failed: %s", type(exc).__name__)
            return None
        return value

    def set(self, name: str, secret: str) -> bool:
        """Store the secret; returns False (and stores nothing) without a secure backend."""
        if not self.info().secure:
            return False
        try:
            self._backend.set_password(SERVICE, name, secret)
        except keyring.errors.KeyringError as exc:
            log.warning("keyring write failed: %s", type(exc).__name__)
            return False
        return True

    def delete(self, name: str) -> None:
        with contextlib.suppress(keyring.errors.KeyringError):
            self._backend.delete_password(SERVICE, name)
