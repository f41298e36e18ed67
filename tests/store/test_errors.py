"""Opening a store that cannot be opened gives a helpful StoreError, never a password or traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app.errors import StoreError
from app.store import DatabaseConfig, open_store


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"This is a shopping list, not a database.\n" * 200)
    with pytest.raises(StoreError, match="not a Habeas database"):
        open_store(DatabaseConfig.sqlite(path))
    assert path.read_bytes().startswith(b"This is a shopping list")


def test_a_foreign_sqlite_database_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    connection.close()
    with pytest.raises(StoreError, match="not a Habeas case store"):
        open_store(DatabaseConfig.sqlite(path))
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    connection.close()
    assert tables == {"recipes"}


def test_a_database_from_a_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_store(DatabaseConfig.sqlite(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    with pytest.raises(StoreError, match="newer version of Habeas"):
        open_store(DatabaseConfig.sqlite(path))


def test_an_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        open_store(DatabaseConfig.sqlite(blocker / "sub" / "habeas.sqlite3"))


def test_an_unreachable_server_message_has_no_password() -> None:
    # Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
    config = DatabaseConfig.from_url("postgresql+psycopg://clinic:hunter2-secret@127.0.0.1:9/habeas", None)
    with pytest.raises(StoreError) as error:
        open_store(config)
    message = str(error.value)
    assert "hunter2-secret" not in message
    assert "Cannot reach the database server" in message and "127.0.0.1:9" in message


@pytest.mark.postgres
def test_a_wrong_password_message_has_no_password(postgres_url: str) -> None:
    url = make_url(postgres_url).set(password="wrong-Pa55word")
    config = DatabaseConfig.from_url(url.render_as_string(hide_password=False), None)
    with pytest.raises(StoreError) as error:
        open_store(config)
    assert "wrong-Pa55word" not in str(error.value)
    assert "refused the user name or password" in str(error.value)


@pytest.mark.postgres
def test_a_missing_database(postgres_url: str) -> None:
    url = make_url(postgres_url).set(database="habeas_no_such_database")
    with pytest.raises(StoreError, match="does not exist"):
        open_store(DatabaseConfig.from_url(url.render_as_string(hide_password=False), None))


@pytest.mark.postgres
def test_a_missing_password_says_how_to_give_one(postgres_url: str) -> None:
    url = make_url(postgres_url)
    bare = url.set(drivername="postgresql+psycopg").render_as_string(hide_password=True).replace(":***", "")
    config = DatabaseConfig.from_url(bare, None, lambda: None)
    assert config.password is None
    try:
        open_store(config).close()
    except StoreError as error:
        assert "needs a password" in str(error)
    else:
        pytest.skip("this server trusts password-less connections")
