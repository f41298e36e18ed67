"""Store fixtures: every store test runs on a temporary SQLite file and, when
HABEAS_TEST_POSTGRES_URL is set (CI always sets it), on PostgreSQL too.

The PostgreSQL tests use one uniquely named database per test session (dropped at the end) and a
fresh ``public`` schema per test, so tests never see each other's data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.store import DatabaseConfig, Store, open_store

POSTGRES_ENV = "HABEAS_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL (with password) of a private database for this test session."""
    base = os.environ.get(POSTGRES_ENV, "").strip()
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    admin_url = make_url(base).set(drivername="postgresql+psycopg")
    name = f"habeas_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def fresh_postgres(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_config(request: pytest.FixtureRequest, tmp_path: Path) -> DatabaseConfig:
    """An empty database of each backend."""
    if request.param == "sqlite":
        return DatabaseConfig.sqlite(tmp_path / "store.sqlite3")
    url: str = request.getfixturevalue("postgres_url")
    fresh_postgres(url)
    return DatabaseConfig.from_url(url, keystore=None)


@pytest.fixture
def store(db_config: DatabaseConfig) -> Iterator[Store]:
    opened = open_store(db_config)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_config(tmp_path: Path) -> DatabaseConfig:
    return DatabaseConfig.sqlite(tmp_path / "other.sqlite3")
