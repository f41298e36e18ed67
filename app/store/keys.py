"""Which key opens the local store, and bringing the file to the state that key expects.

Every user's SQLite store is encrypted. ``unlock`` finds its key and returns the config to open:

* A secure OS keyring holds a random 256-bit key per store file (entry ``store-key:<path>``),
  made at first start. A keyring that is locked or does not answer is an error (exit 1): a key
  that cannot be read is never replaced by a new one, and nothing is written.
* Without a secure keyring (none, or a plaintext one such as keyrings.alt), the user chooses a
  passphrase; it is given for each session (the window asks, the CLI reads ``--passphrase-file``,
  ``HABEAS_PASSPHRASE`` or asks on a terminal) and never stored. No passphrase: no store, never
  a silently plaintext one. A passphrase given explicitly also wins for a new store.
* A plaintext store left by an older Habeas (and its plaintext automatic backups) is encrypted in
  place once, with a message, through ``crypto.rewrite_database`` (crash-safe).

Key rotation with the keyring (``rotate``) is resumable: the new key is stored first under
``store-key-next:<path>``; the store is rewritten; the automatic backups follow; only then does
the new key replace the old one. A start that finds a pending key finishes or drops the rotation
(``_finish_rotation``), so a kill at any step leaves a store that some stored key opens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.errors import InputError, StoreError
from app.i18n import _
from app.keystore import KeyringUnavailableError, Keystore
from app.store import crypto
from app.store.config import DatabaseConfig
from app.store.crypto import CipherKey
from app.store.migrate import backups_of

log = logging.getLogger(__name__)

MIN_PASSPHRASE_LENGTH = 8
ASK_ATTEMPTS = 3
Notify = Callable[[str], None]


class WrongPassphraseError(InputError):
    """The passphrase does not open the store (CLI exit status 2). Nothing was changed."""


class PassphraseNeededError(InputError):
    """A passphrase is needed and none was given (a script without ``--passphrase-file``)."""


class StoreKeyMissingError(StoreError):
    """The keyring has no key, or a wrong one, for an encrypted store, and no passphrase was given."""


@dataclass(frozen=True)
class Passphrases:
    """Where a passphrase comes from when one is needed.

    ``given``: chosen up front (``--passphrase-file``, ``HABEAS_PASSPHRASE``, the window's dialog);
    ``ask(new, problem)``: ask the person now (``new``: choosing one, so ask twice; ``problem``: why
    the last one failed, or ""), returning None when they cancelled. ``ask`` is None when nobody
    can be asked (a script).
    """

    given: str | None = None
    ask: Callable[[bool, str], str | None] | None = None


def key_entry(path: Path) -> str:
    return f"store-key:{path.resolve()}"


def pending_entry(path: Path) -> str:
    return f"store-key-next:{path.resolve()}"


def _log_only(message: str) -> None:
    log.info("store notice given")


def unlock(
    config: DatabaseConfig, keystore: Keystore, passphrases: Passphrases, notify: Notify = _log_only
) -> DatabaseConfig:
    """The config with the key that opens the store, the store encrypted if it was not yet.

    Raises WrongPassphraseError / PassphraseNeededError (InputError, exit 2), StoreKeyMissingError,
    KeyringUnavailableError or StoreError (exit 1). A wrong key changes nothing on disk.
    """
    path = config.sqlite_file
    if config.backend != "sqlite" or path is None:
        return config
    if crypto.has_leftovers(path):
        with crypto.rewrite_lock(path):
            crypto.remove_leftovers(path)
    state = crypto.file_state(path)
    if state == "encrypted":
        key = _existing_key(path, keystore, passphrases)
    else:
        key = _new_key(path, keystore, passphrases)
    if state == "plain":
        from app.store.opener import check_sqlite_file

        check_sqlite_file(config)  # only a Habeas store is encrypted (and so changed) here
        notify(
            _("Encrypting the case store {file}. This happens once and may take a moment.").format(file=path)
        )
        crypto.rewrite_database(path, None, key)
        notify(_("The case store is now encrypted."))
    _encrypt_plain_backups(path, key)
    return config.with_key(key)


def passphrase_needed(path: Path, keystore: Keystore) -> bool:
    """Whether opening the store will need a passphrase (for the window: ask before opening)."""
    if not keystore.info().secure:
        return True
    if crypto.file_state(path) != "encrypted":
        return False
    try:
        stored = keystore.read(key_entry(path)) or keystore.read(pending_entry(path))
    except KeyringUnavailableError:
        return False  # opening says so
    return not stored


def key_location(path: Path, key: CipherKey, keystore: Keystore) -> str:
    """Where the key lives, in words, for ``habeas doctor``."""
    if key.origin == "keyring":
        return _("the system keyring ({backend}), entry “{entry}”").format(
            backend=keystore.info().backend, entry=key_entry(path)
        )
    return _("a passphrase, asked for each session and never stored")


def _new_key(path: Path, keystore: Keystore, passphrases: Passphrases) -> CipherKey:
    """The key for a store about to be made (or encrypted): the keyring's, else a chosen passphrase."""
    if passphrases.given:
        return _checked_new_passphrase(passphrases.given)
    if keystore.info().secure:
        entry = key_entry(path)
        existing = keystore.read(entry)  # a locked keyring stops here, before anything is written
        if existing:
            return CipherKey.from_hex(existing)
        key = CipherKey.generate()
        keystore.store(entry, key.secret)
        log.info("new store key made and kept in the keyring")
        return key
    chosen = passphrases.ask(True, "") if passphrases.ask is not None else None
    if not chosen:
        raise PassphraseNeededError(
            _(
                "No secure system keyring is available, so the case store is protected by a passphrase "
                "you choose. Give it with --passphrase-file FILE or the HABEAS_PASSPHRASE variable, or "
                "run the command in a terminal to be asked. It is never stored."
            )
        )
    return _checked_new_passphrase(chosen)


def _checked_new_passphrase(passphrase: str) -> CipherKey:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise InputError(
            _("The passphrase is too short: use at least {n} characters.").format(n=MIN_PASSPHRASE_LENGTH)
        )
    return CipherKey.from_passphrase(passphrase)


def _existing_key(path: Path, keystore: Keystore, passphrases: Passphrases) -> CipherKey:
    secure = keystore.info().secure
    stored: str | None = None
    if secure:
        _finish_rotation(path, keystore)
        try:
            stored = keystore.read(key_entry(path))
        except KeyringUnavailableError:
            if not passphrases.given:
                raise
        if stored:
            key = CipherKey.from_hex(stored)
            if crypto.opens_with(path, key):
                return key
            log.warning("the keyring's store key does not open the store")
            if not passphrases.given and passphrases.ask is None:
                raise StoreKeyMissingError(
                    _(
                        "The key in the system keyring does not open the case store {file}: the file may "
                        "come from another computer or have been replaced. If it has a passphrase, give it "
                        "with --passphrase-file or HABEAS_PASSPHRASE; otherwise put back the file this "
                        "keyring belongs to. Nothing was changed."
                    ).format(file=path)
                )
    if passphrases.given:
        return _open_with_passphrase(path, passphrases.given)
    if passphrases.ask is None:
        if secure:
            raise StoreKeyMissingError(
                _(
                    "The key of the encrypted case store {file} is not in the system keyring (a store from "
                    "another computer, or the keyring was reset). If the store has a passphrase, give it "
                    "with --passphrase-file or HABEAS_PASSPHRASE. Nothing was changed."
                ).format(file=path)
            )
        raise PassphraseNeededError(
            _(
                "The case store {file} is encrypted with a passphrase. Give it with --passphrase-file FILE "
                "or the HABEAS_PASSPHRASE variable, or run the command in a terminal to be asked."
            ).format(file=path)
        )
    problem = ""
    for attempt in range(1, ASK_ATTEMPTS + 1):
        typed = passphrases.ask(False, problem)
        if not typed:
            raise PassphraseNeededError(_("No passphrase was given, so the case store was not opened."))
        try:
            return _open_with_passphrase(path, typed)
        except WrongPassphraseError as exc:
            if attempt == ASK_ATTEMPTS:
                raise
            problem = str(exc)
    raise AssertionError("unreachable")


def _open_with_passphrase(path: Path, passphrase: str) -> CipherKey:
    key = CipherKey.from_passphrase(passphrase)
    if not crypto.opens_with(path, key):
        raise WrongPassphraseError(
            _("The passphrase does not open the case store {file}. Nothing was changed.").format(file=path)
        )
    return key


def _encrypt_plain_backups(path: Path, key: CipherKey) -> None:
    """Automatic backups made before encryption hold plaintext: encrypt them with the store's key."""
    try:
        backups = backups_of(path)
    except OSError:
        return
    for backup in backups:
        if crypto.file_state(backup) == "plain":
            crypto.rewrite_database(backup, None, key, lock=path)
            log.info("an automatic backup was encrypted")


# -- changing the key -----------------------------------------------------------------------------


def rotate(path: Path, old: CipherKey, new: CipherKey, keystore: Keystore) -> int:
    """Rewrite the store (and its automatic backups) under ``new``; returns how many backups followed.

    ``new`` from the keyring: kept as the pending entry first, the old entry replaced only at the
    end (see the module docstring). ``new`` a passphrase: the keyring's entry, if any, is removed
    once the store no longer needs it.
    """
    if new.raw:
        keystore.store(pending_entry(path), new.secret)
    crypto.rewrite_database(path, old, new)
    moved = _rekey_backups(path, old, new)
    if new.raw:
        keystore.store(key_entry(path), new.secret)
        keystore.delete(pending_entry(path))
    elif old.origin == "keyring":
        keystore.delete(key_entry(path))
    log.info("store key changed")
    return moved


def _rekey_backups(path: Path, old: CipherKey, new: CipherKey) -> int:
    moved = 0
    try:
        backups = backups_of(path)
    except OSError:
        return 0
    for backup in backups:
        if crypto.file_state(backup) == "plain":
            crypto.rewrite_database(backup, None, new, lock=path)
        elif crypto.opens_with(backup, old):
            crypto.rewrite_database(backup, old, new, lock=path)
        else:
            continue  # already under the new key (a resumed rotation), or not ours
        moved += 1
    return moved


def _finish_rotation(path: Path, keystore: Keystore) -> None:
    """A rotation was interrupted: finish it if the store has its new key, else forget the new key."""
    pending = keystore.read(pending_entry(path))
    if not pending:
        return
    new = CipherKey.from_hex(pending)
    if crypto.opens_with(path, new):
        current = keystore.read(key_entry(path))
        if current:
            _rekey_backups(path, CipherKey.from_hex(current), new)
        keystore.store(key_entry(path), new.secret)
        log.info("an interrupted key rotation was finished")
    else:
        log.info("an interrupted key rotation had not reached the store; its new key was dropped")
    keystore.delete(pending_entry(path))
