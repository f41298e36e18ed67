"""SQLCipher for the local store: keys, keyed connections, and crash-safe rewriting of a file.

Cipher settings are SQLCipher 4's defaults, which Habeas never changes: AES-256-CBC, an
HMAC-SHA512 on every 4096-byte page (a changed or damaged page is refused, not read), and for a
passphrase PBKDF2-HMAC-SHA512 with 256,000 iterations and a random salt kept in the file's first
16 bytes. A key from the keyring is 256 random bits given to SQLCipher as a raw key (no KDF: it is
already random). ``cipher_log_level = NONE`` keeps SQLCipher from printing to stderr on a wrong key.

Encrypting a plaintext store, changing its key and restoring a backup all go through
``rewrite_database``: ``sqlcipher_export`` into a scratch file beside the original, checked (row
counts, ``quick_check`` with the new key), flushed to disk, then renamed over the original in one
step. A kill at any moment leaves either the old file or the new one at the store's name, never
neither; a scratch file left by a kill is removed on the next start (``remove_leftovers``).
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import re
import secrets
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import sqlcipher3
from sqlcipher3 import dbapi2 as sqlcipher

from app.errors import StoreError
from app.i18n import _

log = logging.getLogger(__name__)

KeyOrigin = Literal["keyring", "passphrase", "test"]
FileState = Literal["missing", "empty", "plain", "encrypted"]

SQLITE_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32  # AES-256
BUSY_TIMEOUT_S = 10.0
LOCK_TIMEOUT_S = 30.0
SQLITE_NOTADB = 26
# Errors of either driver: plain sqlite3 (plaintext files) and sqlcipher3 (everything keyed).
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error)
_HEX_KEY = re.compile(r"[0-9a-f]{64}")


class WrongKeyError(StoreError):
    """The key or passphrase does not open the file (SQLCipher cannot tell which of the two is wrong)."""


@dataclass(frozen=True)
class CipherKey:
    """What opens an encrypted store: a raw 256-bit key (from the keyring) or a passphrase.

    ``secret`` is 64 lowercase hex digits for a raw key, the passphrase's text otherwise. It never
    appears in ``repr``, logs or messages.
    """

    secret: str = field(repr=False)
    raw: bool
    origin: KeyOrigin

    @classmethod
    def generate(cls, origin: KeyOrigin = "keyring") -> CipherKey:
        return cls(secrets.token_hex(KEY_BYTES), raw=True, origin=origin)

    @classmethod
    def from_hex(cls, value: str, origin: KeyOrigin = "keyring") -> CipherKey:
        value = value.strip().lower()
        if not _HEX_KEY.fullmatch(value):
            raise StoreError(_("The store key in the system keyring is not a valid key."))
        return cls(value, raw=True, origin=origin)

    @classmethod
    def from_passphrase(cls, passphrase: str) -> CipherKey:
        if not passphrase or "\x00" in passphrase:
            raise StoreError(_("A passphrase must not be empty."))
        return cls(passphrase, raw=False, origin="passphrase")

    def sql_literal(self) -> str:
        """The key as an SQL string literal for ``PRAGMA key`` and ``ATTACH … KEY``.

        PRAGMA takes no bound parameters, so the text is quoted here: single quotes doubled.
        SQLCipher reads the value ``x'…'`` (64 hex digits) as a raw key, anything else as a passphrase.
        """
        value = f"x'{self.secret}'" if self.raw else self.secret
        return "'" + value.replace("'", "''") + "'"


def apply_key(connection: Any, key: CipherKey) -> None:
    """Key a fresh sqlcipher3 connection and prove the key opens the file; raises WrongKeyError.

    Must run before any other statement touches the database.
    """
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = {key.sql_literal()}")
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_NOTADB:
            raise WrongKeyError(_("The key or passphrase does not open this case store.")) from None
        raise


def connect(path: Path, key: CipherKey | None, *, create: bool = False) -> Any:
    """A sqlcipher3 connection to ``path``, keyed (or plain when ``key`` is None), in autocommit mode.

    ``create=False`` never makes a file that is not there. Raises WrongKeyError, sqlcipher errors.
    """
    uri = f"{path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}"
    connection = sqlcipher3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        if key is not None:
            apply_key(connection, key)
        else:
            connection.execute("PRAGMA cipher_log_level = NONE")
    except BaseException:
        connection.close()
        raise
    return connection


def file_state(path: Path) -> FileState:
    """What is at ``path``: nothing, an empty file, a plaintext SQLite file, or something else.

    "encrypted" means only "not plaintext SQLite": SQLCipher files have no recognisable header,
    so whether it is a store is known only once a key opens it.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return "missing"
    if not header:
        return "empty"
    return "plain" if header == SQLITE_HEADER else "encrypted"


def opens_with(path: Path, key: CipherKey) -> bool:
    """Whether ``key`` opens the file at ``path``; False also when it is not there."""
    try:
        connection = connect(path, key)
    except WrongKeyError:
        return False
    except DATABASE_ERRORS:
        return False
    connection.close()
    return True


@dataclass(frozen=True)
class CipherSettings:
    version: str
    cipher: str
    kdf: str
    kdf_iterations: int
    page_size: int
    hmac: str
    provider: str


def cipher_settings(path: Path, key: CipherKey) -> CipherSettings:
    """The settings SQLCipher uses for the file (read with the key; for ``habeas doctor``)."""
    connection = connect(path, key)
    try:

        def one(pragma: str) -> str:
            row = connection.execute(f"PRAGMA {pragma}").fetchone()
            return str(row[0]) if row else ""

        return CipherSettings(
            version=one("cipher_version"),
            cipher=one("cipher"),
            kdf=one("cipher_kdf_algorithm") if not key.raw else _("none (raw 256-bit key)"),
            kdf_iterations=int(one("kdf_iter") or 0),
            page_size=int(one("cipher_page_size") or 0),
            hmac=one("cipher_hmac_algorithm") if one("cipher_use_hmac") == "1" else _("off"),
            provider=f"{one('cipher_provider')} {one('cipher_provider_version')}".strip(),
        )
    finally:
        connection.close()


# -- rewriting a file under a new key ------------------------------------------------------------


def scratch_of(path: Path) -> Path:
    """The one scratch name a rewrite of ``path`` uses: a kill leaves it behind under a known name."""
    return path.with_name(f".{path.name}.rewrite")


def _lock_file(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def companions(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + s) for s in ("-journal", "-wal", "-shm"))


@contextlib.contextmanager
def rewrite_lock(path: Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Only one process rewrites (or cleans up after) a store at a time: an OS lock on a lock file.

    The lock file is empty and stays; the lock goes with the process, also when it is killed.
    """
    lock = _lock_file(path)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise StoreError(
                    _("The case store {file} is being rewritten by another Habeas. Try again later.").format(
                        file=path
                    )
                )
            time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _try_lock(fd: int) -> bool:
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _scratch_files(path: Path) -> list[Path]:
    try:
        return list(path.parent.glob(f".{glob.escape(path.name)}*.rewrite"))
    except OSError:
        return []


def has_leftovers(path: Path) -> bool:
    """Whether a rewrite's scratch file is beside ``path`` (a rewrite going on, or a killed one's)."""
    return bool(_scratch_files(path))


def remove_leftovers(path: Path) -> bool:
    """Remove scratch files killed rewrites left beside ``path`` (its own, its backups'); True if any.

    Call it holding ``rewrite_lock``: a scratch file is a leftover only when nobody is writing it.
    The store itself is never touched: the rename is the only step that changes it.
    """
    found = False
    for scratch in _scratch_files(path):
        for leftover in (scratch, *companions(scratch)):
            if os.path.lexists(leftover):
                leftover.unlink()
                found = True
    if found:
        log.info("removed a partial file left by an interrupted rewrite of the store")
    return found


def rewrite_database(
    path: Path,
    old_key: CipherKey | None,
    new_key: CipherKey,
    *,
    lock: Path | None = None,
    locked: bool = False,
) -> None:
    """Replace the file at ``path`` by a copy keyed with ``new_key`` (``old_key`` None: plaintext).

    ``lock``: the store whose lock to hold (an automatic backup is rewritten under its store's lock);
    ``locked``: the caller holds it already.

    Steps: leave WAL mode (which also fails, "in use", if another program has the file open), take
    an exclusive lock, export everything into the scratch file in one transaction, compare the row
    counts of every table, check the scratch file's pages with the new key, flush it, and rename it
    over the original while still holding the lock (another writer meanwhile would mean a lost
    change, so the data version is compared first). Raises StoreError; the original is untouched
    unless the rename happened.
    """
    with contextlib.nullcontext() if locked else rewrite_lock(lock or path):
        scratch = scratch_of(path)
        for leftover in (scratch, *companions(scratch)):
            leftover.unlink(missing_ok=True)
        try:
            _rewrite_locked(path, scratch, old_key, new_key)
        except BaseException:
            for leftover in (scratch, *companions(scratch)):
                leftover.unlink(missing_ok=True)
            raise


def _rewrite_locked(path: Path, scratch: Path, old_key: CipherKey | None, new_key: CipherKey) -> None:
    source = connect(path, old_key)
    try:
        mode = source.execute("PRAGMA journal_mode = DELETE").fetchone()
        if not mode or str(mode[0]).lower() != "delete":
            raise StoreError(_("The case store {file} is in use by another program.").format(file=path))
        source.execute("PRAGMA secure_delete = ON")
        source.execute(f"ATTACH DATABASE ? AS rewritten KEY {new_key.sql_literal()}", (str(scratch),))
        source.execute("BEGIN EXCLUSIVE")
        version = source.execute("PRAGMA data_version").fetchone()
        source.execute("SELECT sqlcipher_export('rewritten')")
        user_version = int(source.execute("PRAGMA main.user_version").fetchone()[0])
        source.execute(f"PRAGMA rewritten.user_version = {user_version}")
        _compare_counts(source)
        source.execute("COMMIT")
        source.execute("DETACH DATABASE rewritten")
        _check_pages(scratch, new_key)
        _fsync(scratch)
        source.execute("BEGIN EXCLUSIVE")
        if source.execute("PRAGMA data_version").fetchone() != version:
            raise StoreError(
                _("The case store {file} was changed while it was being rewritten. Try again.").format(
                    file=path
                )
            )
        os.replace(scratch, path)
        fsync_folder(path.parent)
        source.execute("ROLLBACK")
    except sqlcipher.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(
                _("The case store {file} is in use by another program. Close it, then try again.").format(
                    file=path
                )
            ) from exc
        raise
    finally:
        source.close()
    log.info("store rewritten (%s key)", "raw" if new_key.raw else "passphrase")


def _compare_counts(connection: Any) -> None:
    """Row counts of every table, original against copy. Virtual tables (the FTS5 search index) are
    compared through their shadow tables: the copy's schema is only read by a new connection."""
    tables = [
        str(row[0])
        for row in connection.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL TABLE%'"
        ).fetchall()
    ]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        before = connection.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()  # noqa: S608
        after = connection.execute(f"SELECT count(*) FROM rewritten.{quoted}").fetchone()  # noqa: S608
        if before != after:
            raise StoreError(_("The rewritten copy of the case store is incomplete; nothing was changed."))


def _check_pages(scratch: Path, key: CipherKey) -> None:
    check = connect(scratch, key)
    try:
        rows = check.execute("PRAGMA quick_check").fetchall()
        virtual = check.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        ).fetchall()
        for (name,) in virtual:  # the search index must work in the copy too
            quoted = '"' + str(name).replace('"', '""') + '"'
            check.execute(f"SELECT count(*) FROM {quoted}").fetchone()  # noqa: S608
    finally:
        check.close()
    if rows != [("ok",)]:
        raise StoreError(_("The rewritten copy of the case store is damaged; nothing was changed."))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to flush."""
    if os.name == "nt":  # pragma: no cover - Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def export_to(source: Any, target: Path, key: CipherKey) -> str:
    """Copy the database of ``source`` (a keyed connection) into ``target``, encrypted with ``key``.

    One read transaction: a consistent snapshot even while another connection writes. Returns the
    schema revision of the copy ("" without one).
    """
    source.execute(f"ATTACH DATABASE ? AS exported KEY {key.sql_literal()}", (str(target),))
    try:
        source.execute("BEGIN")
        try:
            source.execute("SELECT sqlcipher_export('exported')")
            version = int(source.execute("PRAGMA main.user_version").fetchone()[0])
            source.execute(f"PRAGMA exported.user_version = {version}")
            tables = {str(r[0]) for r in source.execute("SELECT name FROM main.sqlite_master").fetchall()}
            row = (
                source.execute("SELECT version_num FROM main.alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
            source.execute("COMMIT")
        except BaseException:
            source.execute("ROLLBACK")
            raise
    finally:
        source.execute("DETACH DATABASE exported")
    return str(row[0]) if row else ""


def replace_store(path: Path, replacement: Path, key: CipherKey, still_empty: Callable[[Any], bool]) -> None:
    """Rename ``replacement`` over the store at ``path``, holding the store's exclusive SQLite lock.

    The caller holds ``rewrite_lock``. Refused while another program has the store open, and when
    ``still_empty(connection)`` turns False (someone added a case meanwhile).
    """
    _fsync(replacement)
    store = connect(path, key)
    try:
        mode = store.execute("PRAGMA journal_mode = DELETE").fetchone()
        if not mode or str(mode[0]).lower() != "delete":
            raise StoreError(_("The case store {file} is in use by another program.").format(file=path))
        store.execute("BEGIN EXCLUSIVE")
        if not still_empty(store):
            raise StoreError(
                _("The case store {file} is no longer empty; nothing was changed.").format(file=path)
            )
        os.replace(replacement, path)
        fsync_folder(path.parent)
        store.execute("ROLLBACK")
    except sqlcipher.OperationalError as exc:
        raise StoreError(
            _("The case store {file} is in use by another program. Close it, then try again.").format(
                file=path
            )
        ) from exc
    finally:
        store.close()
