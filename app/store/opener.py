"""Open the case store: connect, upgrade the schema to head (backing up SQLite first), wrap in a Store.

A SQLite file is looked at before anything is written to it: the journal mode (WAL) and the
migrations only ever touch a file that is a Habeas store. Anything else (an empty file, another
program's database, a document) is refused and left exactly as it was. A new store is made only
where no file exists, in a temporary file that is linked into place once its schema is complete:
a crash while making it leaves no half-made store behind.

A store with a key (``DatabaseConfig.key``) is made encrypted from its first byte, and looked at
through SQLCipher with that key: its file has no readable header, so what it holds is checked
only once the key has opened it.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app.errors import StoreError
from app.files import os_error_reason
from app.i18n import _
from app.paths import make_private, make_private_dir
from app.store import crypto
from app.store.config import DatabaseConfig
from app.store.engine import SQLITE_BUSY_TIMEOUT_MS, create_engine_for, damaged_store_error, store_error
from app.store.migrate import backups_of, known_revisions, sqlite_pages_intact, upgrade_to_head
from app.store.store import Store

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
HABEAS_TABLE = "alembic_version"  # every Habeas store has it, from its first migration on
# What tells a Habeas store from another program's Alembic-managed database at an unknown revision.
CORE_TABLES = frozenset({"clients", "cases", "requests"})
OPEN_ERRORS: tuple[type[Exception], ...] = (SQLAlchemyError, *crypto.DATABASE_ERRORS)


def open_store(config: DatabaseConfig) -> Store:
    """The store for ``config``, migrated to the newest schema. Raises StoreError with a helpful message."""
    if config.backend == "sqlite" and config.sqlite_file is not None:
        if not _exists(config.sqlite_file):
            _create_sqlite_store(config)
        check_sqlite_file(config)
        _make_files_private(config.sqlite_file)
    engine = create_engine_for(config)
    try:
        revision = upgrade_to_head(engine, config)
    except StoreError:
        engine.dispose()
        raise
    except OPEN_ERRORS as exc:  # the drivers' own: the page check before an upgrade
        engine.dispose()
        raise store_error(exc, config) from exc
    log.info("store opened: %s, schema %s", config.backend, revision)
    return Store(engine, config)


def check_sqlite_file(config: DatabaseConfig) -> None:
    """Raise StoreError unless the existing file is a Habeas store. Reads only; writes nothing."""
    path = _sqlite_file(config)
    if path.is_dir():
        raise StoreError(_("{file} is a folder, not a database file.").format(file=path))
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        reason = os_error_reason(exc)
        raise StoreError(
            _("Cannot read the database file {file}: {reason}.").format(file=path, reason=reason)
        ) from exc
    if size == 0 and not _has_content(_companion(path, "-wal")):
        raise StoreError(
            _(
                "The database file {file} is empty (0 bytes), so it holds no cases. Habeas makes a new "
                "store only where no file exists: move the empty file away to start afresh, or put "
                "back a copy that holds your cases."
            ).format(file=path)
        )
    if size and config.key is not None and header == SQLITE_HEADER:
        # Never silently plaintext: the caller encrypts a plaintext store first (app.store.keys).
        raise StoreError(
            _("{file} is not encrypted; Habeas encrypts it when it next starts.").format(file=path)
        )
    if size and config.key is None and header != SQLITE_HEADER:
        raise StoreError(
            _("{file} is not a Habeas database (it may be damaged or encrypted).").format(file=path)
        )
    tables, revision = _schema_of(config)
    ours = HABEAS_TABLE in tables and (
        revision is None or revision in known_revisions() or tables >= CORE_TABLES
    )
    if ours:
        return  # a newer Habeas's store is refused by upgrade_to_head, which names its schema
    if tables:
        raise StoreError(
            _("{where} already contains tables that are not a Habeas case store.").format(where=path)
        )
    raise StoreError(
        _(
            "{file} is an empty SQLite database, not a Habeas case store. Habeas makes a new store "
            "only where no file exists: move it away to start afresh."
        ).format(file=path)
    )


def damage_found(config: DatabaseConfig) -> StoreError | None:
    """Check the pages of a SQLite store (``PRAGMA quick_check``): the damaged-file error, or None.

    For ``habeas doctor`` and after a failure a damaged page explains (a row that must exist reads
    as missing, "there is no client with id 1"). None too for PostgreSQL and a file not there.
    """
    if config.backend != "sqlite" or config.sqlite_file is None or not config.sqlite_file.is_file():
        return None
    if config.key is None and crypto.file_state(config.sqlite_file) == "encrypted":
        return None  # unreadable without its key: nothing can be said about its pages
    try:
        connection = _connect_existing(config.sqlite_file, config.key)
        try:
            intact = sqlite_pages_intact(connection)
        finally:
            connection.close()
    except crypto.DATABASE_ERRORS as exc:
        log.warning("pages not checked: %s", type(exc).__name__)
        return None
    if intact:
        return None
    log.warning("damaged pages found in the store")
    return damaged_store_error(config)


def _schema_of(config: DatabaseConfig) -> tuple[set[str], str | None]:
    """The tables of an existing SQLite file and its Alembic revision, read without changing it.

    ``mode=rw`` (never create) rather than ``mode=ro``: a read-only connection to a file in WAL mode
    leaves its -wal and -shm files behind, a read-write one removes them when it closes. Nothing
    sets the journal mode here, and ``query_only`` refuses any write.
    """
    path = _sqlite_file(config)
    try:
        connection = _connect_existing(path, config.key)
        try:
            connection.execute("PRAGMA query_only = ON")
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            tables = {str(name) for (name,) in rows}
            revision = None
            if HABEAS_TABLE in tables:
                found = connection.execute(f"SELECT version_num FROM {HABEAS_TABLE}").fetchone()  # noqa: S608
                revision = str(found[0]) if found else None
        finally:
            connection.close()
    except crypto.DATABASE_ERRORS as exc:
        raise store_error(exc, config) from exc
    return tables, revision


def _connect_existing(path: Path, key: crypto.CipherKey | None) -> sqlite3.Connection:
    """A connection to an existing file, never creating one: plain sqlite3, or SQLCipher with the key.

    Raises WrongKeyError (a StoreError) when the key does not open the file.
    """
    if key is not None:
        connection: sqlite3.Connection = crypto.connect(path, key)
        return connection
    uri = f"{path.resolve().as_uri()}?mode=rw"
    return sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)


def _create_sqlite_store(config: DatabaseConfig) -> None:
    """Make a new store at the configured path, which does not exist yet.

    Built in a 0600 temporary file next to it, then hard-linked into place: the name appears only
    with a complete schema, and if another Habeas made the store meanwhile, that one is kept.
    """
    path = _sqlite_file(config)
    folder = path.parent
    _ensure_folder(config, folder)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=folder)
    except OSError as exc:
        raise StoreError(
            _(
                "Cannot create the database file {file}: the folder {folder} cannot be written ({reason})."
            ).format(file=path, folder=folder, reason=os_error_reason(exc))
        ) from exc
    os.close(fd)
    scratch = Path(name)
    try:
        engine = create_engine_for(DatabaseConfig.sqlite(scratch, config.key))
        try:
            upgrade_to_head(engine, config)
        except SQLAlchemyError as exc:
            raise store_error(exc, config) from exc
        finally:
            engine.dispose()  # the last connection checkpoints the WAL into the file and removes it
        if _has_content(_companion(scratch, "-wal")):
            raise StoreError(_("The new database file {file} could not be completed.").format(file=path))
        _link_into_place(scratch, path)
        log.info("new store created")
    finally:
        for leftover in (scratch, _companion(scratch, "-wal"), _companion(scratch, "-shm")):
            leftover.unlink(missing_ok=True)


def _ensure_folder(config: DatabaseConfig, folder: Path) -> None:
    if folder.is_dir():
        return
    if _exists(folder):
        raise StoreError(
            _("Cannot create the database file {file}: {folder} is a file, not a folder.").format(
                file=_sqlite_file(config), folder=folder
            )
        )
    if not config.create_folder:
        raise StoreError(
            _(
                "The folder {folder} does not exist, so the database file {file} cannot be made there. "
                "Create the folder, or correct the database location."
            ).format(folder=folder, file=_sqlite_file(config))
        )
    try:
        make_private_dir(folder)
    except OSError as exc:
        raise StoreError(
            _("Cannot create the folder {folder} for the database: {reason}.").format(
                folder=folder, reason=os_error_reason(exc)
            )
        ) from exc


def _link_into_place(scratch: Path, path: Path) -> None:
    try:
        os.link(scratch, path)  # fails if the name exists: never replaces a store
    except FileExistsError:
        log.info("another process created the store meanwhile; using it")
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise StoreError(
                _("Cannot create the database file {file}: {reason}.").format(
                    file=path, reason=os_error_reason(exc)
                )
            ) from exc
        # No hard links on this file system (FAT, some network shares): a rename, checked first.
        if not _exists(path):
            os.replace(scratch, path)


def _make_files_private(path: Path) -> None:
    """The database, its -wal and -shm files and its backups: 0600 (a file copied in keeps 0644)."""
    for file in (path, _companion(path, "-wal"), _companion(path, "-shm")):
        make_private(file)
    try:
        backups = backups_of(path)
    except OSError:
        return
    for backup in backups:
        make_private(backup)


def _sqlite_file(config: DatabaseConfig) -> Path:
    if config.sqlite_file is None:
        raise StoreError(_("No database file was given."))
    return config.sqlite_file


def _companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _exists(path: Path) -> bool:
    """Whether anything is at ``path`` (a dangling symlink counts: it must not be written through)."""
    return os.path.lexists(path)


def _has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False
