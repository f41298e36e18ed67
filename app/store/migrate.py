"""Alembic, configured in code: the schema is brought to the newest revision whenever a store opens.

Before upgrading an existing SQLite file, its pages are checked (``PRAGMA quick_check``: a
damaged file is not upgraded, nor copied over a good backup) and a consistent copy is taken next
to it (``habeas.sqlite3.before-<revision>-<time>.bak``, 0600), so a failed or regretted upgrade
loses nothing. The copy of an encrypted store is encrypted with the same key (``sqlcipher_export``):
a backup never holds personal data in plaintext. ``newest_backup`` finds the newest such copy
for messages about a damaged file.
"""

from __future__ import annotations

import errno
import glob
import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from app.errors import StoreError
from app.files import os_error_reason
from app.i18n import _
from app.paths import PRIVATE_FILE_MODE
from app.store.config import DatabaseConfig
from app.store.crypto import DATABASE_ERRORS, CipherKey, export_to

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB = 11, 13, 26  # SQLite result codes
BACKUP_ERRORS: tuple[type[Exception], ...] = (OSError, *DATABASE_ERRORS)


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    # ConfigParser interpolation: a "%" in the install path must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("no Alembic revisions found")
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine, config: DatabaseConfig) -> str:
    """Upgrade the database to the newest revision; returns it. Raises StoreError for foreign databases."""
    head = head_revision()
    with engine.connect() as connection:
        current = current_revision(connection)
        tables = set(inspect(connection).get_table_names())
    if current == head:
        return head
    if current is None and tables - {"alembic_version"}:
        raise StoreError(
            _("{where} already contains tables that are not a Habeas case store.").format(
                where=config.display_url
            )
        )
    if current is not None and current not in known_revisions():
        raise StoreError(
            _(
                "The database {where} was written by a newer version of Habeas (schema {revision}). "
                "Please update Habeas."
            ).format(where=config.display_url, revision=current)
        )
    if current is not None and config.backend == "sqlite" and config.sqlite_file is not None:
        if not pages_intact(engine):
            from app.store.engine import damaged_store_error  # engine imports this module

            raise damaged_store_error(config)
        try:
            backup = backup_sqlite(engine, config.sqlite_file, current, config.key)
        except BACKUP_ERRORS as exc:
            raise StoreError(
                _(
                    "Before upgrading {file}, Habeas backs it up next to it, and that failed: {reason}. "
                    "Nothing was changed."
                ).format(file=config.display_url, reason=_backup_failure(exc))
            ) from exc
        log.info("database backed up before upgrade from %s to %s: %s", current, head, backup.name)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    log.info("database schema upgraded from %s to %s", current or "empty", head)
    return head


def pages_intact(engine: Engine) -> bool:
    """``PRAGMA quick_check`` on a SQLite store: False when a page is damaged.

    It reads the whole file (0.1 s warm, 1.2 s from a cold disk at 10,000 cases), so it runs before
    an upgrade, in ``habeas doctor`` and after a suspicious failure, never on every open.
    """
    raw = engine.raw_connection()
    try:
        return sqlite_pages_intact(raw.driver_connection)
    finally:
        raw.close()


def sqlite_pages_intact(connection: Any) -> bool:
    """``PRAGMA quick_check`` on an open sqlite3 or sqlcipher3 connection; other failures are raised."""
    try:
        rows: list[tuple[str]] = connection.execute("PRAGMA quick_check").fetchall()
    except DATABASE_ERRORS as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return False  # "database disk image is malformed" while checking
        if "malformed" in str(exc):
            return False
        raise
    return rows == [("ok",)]


def backup_sqlite(engine: Engine, database_file: Path, revision: str, key: CipherKey | None = None) -> Path:
    """A consistent copy (a plain file copy could miss WAL pages), encrypted with ``key`` if given.

    Plaintext: SQLite's online backup. Encrypted: ``sqlcipher_export`` into the new file, attached
    with the same key, in one read transaction (a snapshot even while another program writes).
    """
    target = _new_backup_file(database_file, revision)
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        if key is None:
            if not isinstance(source, sqlite3.Connection):
                raise TypeError("backup_sqlite needs a sqlite3 connection for a plaintext store")
            with sqlite3.connect(target) as destination:
                source.backup(destination)
            destination.close()
        else:
            export_to(source, target, key)
    except BaseException:
        target.unlink(missing_ok=True)  # half a backup must never pass for the newest good one
        raise
    finally:
        raw.close()
    return target


def _backup_failure(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return os_error_reason(exc)
    if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_FULL or "is full" in str(exc):
        return _("the disk is full")
    return str(exc)


def _new_backup_file(database_file: Path, revision: str) -> Path:
    """Create the backup's file, 0600 before SQLite writes into it; never an existing backup's name."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(1, 100):
        tail = f"-{attempt}" if attempt > 1 else ""  # a second upgrade within the same second
        target = database_file.with_name(f"{database_file.name}.before-{revision}-{stamp}{tail}.bak")
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE))
        except FileExistsError:
            continue
        return target
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))


def backups_of(database_file: Path) -> list[Path]:
    """The automatic backups next to ``database_file``, oldest first."""
    pattern = f"{glob.escape(database_file.name)}.before-*.bak"
    found = [p for p in database_file.parent.glob(pattern) if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def newest_backup(database_file: Path) -> Path | None:
    """The newest automatic backup of ``database_file``, or None (none made, or the folder unreadable)."""
    try:
        found = backups_of(database_file)
    except OSError:
        return None
    return found[-1] if found else None


def new_revision(message: str, rev_id: str) -> None:
    """Developer helper: autogenerate the next revision from the models against a scratch database.

        python -c "from app.store.migrate import new_revision; new_revision('add x', '0002')"

    Review the generated file, then add a fixture: tests/store/fixtures/make_fixture.py.
    """
    import tempfile

    from sqlalchemy import create_engine

    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine(f"sqlite:///{scratch}/scratch.sqlite3")
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
            command.revision(alembic_config(connection), message=message, autogenerate=True, rev_id=rev_id)
        engine.dispose()
