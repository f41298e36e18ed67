"""The one engine factory, and the translation of database failures into helpful messages.

A SQLite store with a key (``DatabaseConfig.key``, the default for every user's store) is opened
with SQLCipher: the key is applied in ``_on_sqlite_connect`` before any other statement, and a key
that does not open the file fails there, before SQLAlchemy or Alembic read anything.

Messages say what the user can do: a full disk says so, a damaged file names the newest automatic
backup and how to put it back. SQLite's result codes are read first, its message text second.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlcipher3 import dbapi2 as sqlcipher

from app.errors import StoreError
from app.i18n import _
from app.store.config import DatabaseConfig, redacted_url
from app.store.crypto import DATABASE_ERRORS, CipherKey, WrongKeyError, apply_key
from app.store.migrate import SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB, newest_backup

log = logging.getLogger(__name__)

# Seconds to wait for a locked SQLite file (another Habeas window) or an unreachable server.
SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_CONNECT_TIMEOUT_S = 10

# SQLite primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CANTOPEN = 14
POSTGRES_DISK_FULL = "53100"
# Below this much free space an I/O error is reported as a full disk (SQLite needs room for its
# -wal and -shm files even to read).
DISK_NEARLY_FULL_BYTES = 1 << 20


class PasswordRefusedError(StoreError):
    """The PostgreSQL server wants a (different) password: the caller may ask the user for it."""


def create_engine_for(config: DatabaseConfig) -> Engine:
    """An engine for the configured database. Nothing is connected yet.

    For SQLite the file must exist and be known to be a Habeas store (``app.store.opener`` makes
    and checks it): the first connection switches it to WAL.
    """
    if config.backend == "sqlite":
        if config.sqlite_file is None:
            raise StoreError(_("No database file was given."))
        key = config.key
        if key is None:
            engine = create_engine(config.sqlalchemy_url())
            event.listen(engine, "connect", _on_sqlite_connect)
            return engine
        # SQLAlchemy's pysqlite dialect driving the sqlcipher3 module (same API). The key is applied
        # by our listener, not through the URL (the pysqlcipher dialect's way): it never sits in a URL.
        engine = create_engine(config.sqlalchemy_url(), module=sqlcipher)
        event.listen(
            engine, "connect", lambda dbapi_connection, record: _on_cipher_connect(dbapi_connection, key)
        )
        return engine
    return create_engine(
        config.sqlalchemy_url(),
        pool_pre_ping=True,
        connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S, "application_name": "habeas"},
    )


def _on_sqlite_connect(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets the GUI read while a background task writes; foreign keys are off by default.
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_cipher_connect(dbapi_connection: Any, key: CipherKey) -> None:
    """Key the connection first; then the same settings as a plain store, and secure_delete.

    ``secure_delete`` overwrites deleted records with zeros inside the (encrypted) file, so that a
    deleted request cannot be read back by anyone who later learns the key.
    """
    apply_key(dbapi_connection, key)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def store_error(exc: BaseException, config: DatabaseConfig) -> StoreError:
    """A translated StoreError for a database failure. Never contains the password."""
    raw: BaseException = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    if isinstance(raw, WrongKeyError):
        return raw
    detail = _scrub(str(raw), config)
    text = detail.lower()
    where = config.display_url
    log.warning("database failure on %s: %s", config.backend, type(raw).__name__)
    if config.backend == "sqlite":
        code = _sqlite_code(raw)
        folder = config.sqlite_file.parent if config.sqlite_file is not None else ""
        if code == SQLITE_CORRUPT or "malformed" in text:
            return damaged_store_error(config)
        if code == SQLITE_NOTADB or (isinstance(raw, DATABASE_ERRORS) and "not a database" in text):
            return StoreError(
                _("{file} is not a Habeas database (it may be damaged or encrypted).").format(file=where)
            )
        if code == SQLITE_FULL or "database or disk is full" in text or _disk_full_under(config, code, text):
            return StoreError(
                _(
                    "The disk holding the database file {file} is full. Free some space, then try "
                    "again; a change that failed was not saved."
                ).format(file=where)
            )
        if code == SQLITE_IOERR or "disk i/o error" in text:
            return StoreError(
                _(
                    "Reading or writing the database file {file} failed (disk I/O error). The disk may "
                    "be full, removed or failing: free some space and check the disk, then try again."
                ).format(file=where)
            )
        if code == SQLITE_READONLY or "readonly" in text or "read-only" in text or _read_only_disk(config):
            return StoreError(
                _(
                    "The database file {file} cannot be written: Habeas needs to write to it and to its "
                    "folder {folder} (a read-only disk, or permissions)."
                ).format(file=where, folder=folder)
            )
        if code == SQLITE_CANTOPEN or "unable to open" in text:
            return StoreError(
                _(
                    "Cannot open the database file {file}: check that its folder exists and is writable."
                ).format(file=where)
            )
        if "locked" in text:
            return StoreError(_("The database file {file} is in use by another program.").format(file=where))
        return StoreError(_("The database file {file} failed: {reason}").format(file=where, reason=detail))
    if "password authentication failed" in text or "no password supplied" in text:
        if config.password is None:
            return PasswordRefusedError(
                _(
                    "The database server at {url} needs a password, and none was given. Type it when "
                    "Habeas asks for it, or store it in the system keyring."
                ).format(url=where)
            )
        return PasswordRefusedError(
            _("The database server at {url} refused the user name or password.").format(url=where)
        )
    if getattr(raw, "sqlstate", None) == POSTGRES_DISK_FULL or "no space left on device" in text:
        return StoreError(
            _("The database server at {url} is out of disk space: {reason}").format(url=where, reason=detail)
        )
    if "does not exist" in text and "database" in text:
        return StoreError(_("The database named in {url} does not exist on the server.").format(url=where))
    if any(
        s in text
        for s in (
            "connection refused",
            "could not translate host",
            "timeout",
            "timed out",
            "name or service not known",
            "no route to host",
            "could not connect",
        )
    ):
        return StoreError(
            _("Cannot reach the database server at {url}. Is it running, and is the address right?").format(
                url=where
            )
        )
    if "permission denied" in text:
        return StoreError(
            _("The database user of {url} lacks a permission: {reason}").format(url=where, reason=detail)
        )
    return StoreError(_("The database at {url} failed: {reason}").format(url=where, reason=detail))


def damaged_store_error(config: DatabaseConfig) -> StoreError:
    """The SQLite file is damaged: say which backup to put back, and how (Habeas closed, WAL removed)."""
    where = config.display_url
    backup = newest_backup(config.sqlite_file) if config.sqlite_file is not None else None
    try:
        made = datetime.fromtimestamp(backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M") if backup else ""
    except OSError:
        backup = None  # gone since it was listed
    if backup is None:
        return StoreError(
            _(
                "The database file {file} is damaged, and there is no automatic backup next to it. "
                "Close Habeas and put back your own most recent copy of the file."
            ).format(file=where)
        )
    return StoreError(
        _(
            "The database file {file} is damaged. The newest automatic backup is {backup} (made {made}). "
            "To restore it: close Habeas, move the damaged file and any {file}-wal and {file}-shm "
            "next to it elsewhere, then copy the backup to {file}. Changes made after the backup "
            "are not in it."
        ).format(file=where, backup=backup, made=made)
    )


def _disk_full_under(config: DatabaseConfig, code: int | None, text: str) -> bool:
    """An I/O error (SQLite cannot grow its -wal or -shm file) on a disk with next to no space left."""
    if not (code == SQLITE_IOERR or "disk i/o error" in text) or config.sqlite_file is None:
        return False
    try:
        return shutil.disk_usage(config.sqlite_file.parent).free < DISK_NEARLY_FULL_BYTES
    except OSError:
        return False


def _read_only_disk(config: DatabaseConfig) -> bool:
    """Whether the database's folder is on a file system mounted read-only (SQLite says "unable to open")."""
    if config.sqlite_file is None or not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(config.sqlite_file.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _sqlite_code(raw: BaseException) -> int | None:
    """SQLite's primary result code of a sqlite3 error (Python 3.11+), or None."""
    code = getattr(raw, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _scrub(text: str, config: DatabaseConfig) -> str:
    """Driver messages may quote the connection string; take the password out."""
    text = redacted_url(text.strip().splitlines()[0] if text.strip() else type(text).__name__)
    if config.password:
        text = text.replace(config.password, "***")
    return text


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, (SQLAlchemyError, *DATABASE_ERRORS))
