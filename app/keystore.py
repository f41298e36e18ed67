"""Secrets (the PostgreSQL password, the local store's key) behind a small interface.

The app always knows where a secret went: into a real OS store, or nowhere. Without a secure
backend nothing is persisted and the user is asked for the secret each session (Vorta's rule).

``get`` treats a failing keyring like an empty one (fine for a password that can be asked for
again); ``read`` and ``store`` tell a locked or broken keyring apart (KeyringUnavailableError),
which the store key needs: a key that cannot be read must never be replaced by a new one.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

import keyring
import keyring.backends.chainer
import keyring.errors

from app.errors import HabeasError
from app.i18n import _

log = logging.getLogger(__name__)

SERVICE = "Habeas"

# Backends that are not a secure OS store: they fail, drop, store in plain text or prompt on stdin.
_INSECURE = {
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
    "keyrings.alt.file.PlaintextKeyring",
    "keyrings.alt.file.EncryptedKeyring",
}


class KeyringUnavailableError(HabeasError):
    """The secure keyring is there but did not answer: locked, the unlock dialog dismissed, gone."""


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

    def read(self, name: str) -> str | None:
        """The secret, or None when the keyring has no entry or is not a secure one.

        Raises KeyringUnavailableError (message translated) when a secure keyring fails to answer.
        """
        if not self.info().secure:
            return None
        try:
            value: str | None = self._backend.get_password(SERVICE, name)
        except keyring.errors.KeyringError as exc:
            log.warning("keyring read failed: %s", type(exc).__name__)
            raise KeyringUnavailableError(_unavailable()) from None
        return value

    def store(self, name: str, secret: str) -> None:
        """Store the secret and read it back; raises KeyringUnavailableError unless both worked."""
        if not self.info().secure:
            raise KeyringUnavailableError(_unavailable())
        try:
            self._backend.set_password(SERVICE, name, secret)
            stored = self._backend.get_password(SERVICE, name)
        except keyring.errors.KeyringError as exc:
            log.warning("keyring write failed: %s", type(exc).__name__)
            raise KeyringUnavailableError(_unavailable()) from None
        if stored != secret:
            log.warning("keyring write not kept")
            raise KeyringUnavailableError(_unavailable())

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


def _unavailable() -> str:
    return _(
        "The system keyring did not answer (it may be locked, or its service is not running). "
        "Unlock it, then try again."
    )
