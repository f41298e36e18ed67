"""The one engine factory, and the translation of database failures into helpful messages.

Later issues extend ``create_engine_for`` for SQLCipher: the key arrives in ``DatabaseConfig.key``
and will be applied in ``_on_sqlite_connect`` before any other statement.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from app.errors import StoreError
from app.i18n import _
from app.store.config import DatabaseConfig, redacted_url

log = logging.getLogger(__name__)

# Seconds to wait for a locked SQLite file (another Habeas window) or an unreachable server.
SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_CONNECT_TIMEOUT_S = 10


def create_engine_for(config: DatabaseConfig) -> Engine:
    """An engine for the configured database. Nothing is connected yet."""
    if config.backend == "sqlite":
        if config.key:
            # Refuse rather than silently write personal data unencrypted when a key was asked for.
            raise StoreError(_("Encrypted database files are not supported by this version of Habeas."))
        if config.sqlite_file is None:
            raise StoreError(_("No database file was given."))
        _create_private_file(config.sqlite_file)
        engine = create_engine(config.sqlalchemy_url())
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return create_engine(
        config.sqlalchemy_url(),
        pool_pre_ping=True,
        connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_S, "application_name": "habeas"},
    )


def _create_private_file(path: Path) -> None:
    """Create a new database file readable by its owner only (it holds personal data).

    SQLite gives the -wal and -shm files the database file's permissions.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        if path.is_dir():
            raise StoreError(_("{file} is a folder, not a database file.").format(file=path)) from None
    except OSError as exc:
        raise StoreError(
            _("Cannot create the database file {file}: {reason}").format(file=path, reason=exc.strerror)
        ) from None


def _on_sqlite_connect(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets the GUI read while a background task writes; foreign keys are off by default.
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def store_error(exc: BaseException, config: DatabaseConfig) -> StoreError:
    """A translated StoreError for a database failure. Never contains the password."""
    raw = exc.orig if isinstance(exc, DBAPIError) else exc
    detail = _scrub(str(raw), config)
    text = detail.lower()
    where = config.display_url
    log.warning("database failure on %s: %s", config.backend, type(raw).__name__)
    if config.backend == "sqlite":
        if isinstance(raw, sqlite3.DatabaseError) and "not a database" in text:
            return StoreError(
                _("{file} is not a Habeas database (it may be damaged or encrypted).").format(file=where)
            )
        if "unable to open" in text or "readonly" in text or "read-only" in text:
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
            return StoreError(
                _(
                    "The database server at {url} needs a password. Run Habeas in a terminal to be asked "
                    "for it, or store it in the system keyring."
                ).format(url=where)
            )
        return StoreError(
            _("The database server at {url} refused the user name or password.").format(url=where)
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


def _scrub(text: str, config: DatabaseConfig) -> str:
    """Driver messages may quote the connection string; take the password out."""
    text = redacted_url(text.strip().splitlines()[0] if text.strip() else type(text).__name__)
    if config.password:
        text = text.replace(config.password, "***")
    return text


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, SQLAlchemyError | sqlite3.Error)
