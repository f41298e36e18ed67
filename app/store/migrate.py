"""Alembic, configured in code: the schema is brought to the newest revision whenever a store opens.

Before upgrading an existing SQLite file, a consistent copy is taken next to it
(``habeas.sqlite3.before-<revision>-<time>.bak``), so a failed or regretted upgrade loses nothing.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from app.errors import StoreError
from app.i18n import _
from app.store.config import DatabaseConfig

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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
        backup = backup_sqlite(engine, config.sqlite_file, current)
        log.info("database backed up before upgrade from %s to %s: %s", current, head, backup.name)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    log.info("database schema upgraded from %s to %s", current or "empty", head)
    return head


def backup_sqlite(engine: Engine, database_file: Path, revision: str) -> Path:
    """A consistent copy via SQLite's online backup (a plain file copy could miss WAL pages)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = database_file.with_name(f"{database_file.name}.before-{revision}-{stamp}.bak")
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        if not isinstance(source, sqlite3.Connection):
            raise TypeError("backup_sqlite needs a sqlite3 connection")
        with sqlite3.connect(target) as destination:
            source.backup(destination)
        destination.close()
    finally:
        raw.close()
    target.chmod(0o600)
    return target


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
