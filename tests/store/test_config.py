"""Database URLs, passwords and their redaction."""

from __future__ import annotations

from pathlib import Path

import keyring.backend
import pytest

from app.errors import StoreError
from app.keystore import Keystore
from app.store import DatabaseConfig, redacted_url

SECRET = "s3cr:et@pw"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgresql+psycopg://clinic:hunter2@db.example:5432/habeas",
            "postgresql+psycopg://clinic:***@db.example:5432/habeas",
        ),
        ("postgresql://clinic:p@ss/word@db.example/habeas", "postgresql://clinic:***@db.example/habeas"),
        ("postgresql://clinic@db.example/habeas", "postgresql://clinic@db.example/habeas"),
        (
            "postgresql://db.example/habeas?user=clinic&password=hunter2&sslmode=require",
            "postgresql://db.example/habeas?user=clinic&password=***&sslmode=require",
        ),
        ("not a url :// at all", "not a url :// at all"),
    ],
)
def test_redacted_url_hides_passwords(url: str, expected: str) -> None:
    assert redacted_url(url) == expected


def test_empty_url_means_the_default_file(tmp_path: Path) -> None:
    config = DatabaseConfig.from_url("", None, sqlite_default=tmp_path / "habeas.sqlite3")
    assert config.backend == "sqlite" and config.sqlite_file == tmp_path / "habeas.sqlite3"


def test_sqlite_url_names_a_file(tmp_path: Path) -> None:
    config = DatabaseConfig.from_url(f"sqlite:///{tmp_path}/x.db", None)
    assert config.sqlite_file == tmp_path / "x.db"
    with pytest.raises(StoreError):
        DatabaseConfig.from_url("sqlite://", None)


def test_password_in_url_is_used_but_kept_out_of_the_url() -> None:
    asked: list[bool] = []
    config = DatabaseConfig.from_url(
        "postgresql://clinic:hunter2@db.example/habeas", Keystore(), lambda: asked.append(True) or "x"
    )
    assert config.backend == "postgresql"
    assert config.password == "hunter2" and config.password_source == "url"
    assert "hunter2" not in config.url and "hunter2" not in repr(config)
    assert config.url.startswith("postgresql+psycopg://clinic@db.example")
    assert config.sqlalchemy_url().password == "hunter2"
    assert not asked


def test_password_comes_from_keystore_before_asking(memory_keyring: keyring.backend.KeyringBackend) -> None:
    keystore = Keystore()
    bare = DatabaseConfig.from_url("postgresql+psycopg://clinic@db.example/habeas", None)
    keystore.set(bare.keystore_name, SECRET)
    config = DatabaseConfig.from_url(
        "postgresql+psycopg://clinic@db.example/habeas", keystore, lambda: pytest.fail("must not ask")
    )
    assert config.password == SECRET and config.password_source == "keystore"


def test_password_is_asked_for_and_can_be_remembered() -> None:
    keystore = Keystore()
    config = DatabaseConfig.from_url("postgresql://clinic@db.example/habeas", keystore, lambda: SECRET)
    assert config.password_source == "asked"
    assert keystore.get(config.keystore_name) is None  # nothing stored until the caller decides
    assert config.remember_password(keystore)
    assert keystore.get(config.keystore_name) == SECRET
    assert SECRET not in config.keystore_name


def test_no_password_anywhere_is_allowed_for_trust_authentication() -> None:
    config = DatabaseConfig.from_url("postgresql://clinic@db.example/habeas", Keystore(), lambda: None)
    assert config.password is None and config.password_source == "none"


@pytest.mark.parametrize(
    "url", ["mysql://clinic:hunter2@db.example/habeas", "postgresql://clinic:hunter2@db.example", "::::"]
)
def test_unusable_urls_are_refused_without_the_password(url: str) -> None:
    with pytest.raises(StoreError) as error:
        DatabaseConfig.from_url(url, None)
    assert "hunter2" not in str(error.value)
