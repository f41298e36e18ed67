"""A PostgreSQL password from the keyring that the server refuses (issue 14): what the user types
then wins, in the terminal and in the window, and the stale entry is never used again."""

from __future__ import annotations

from typing import Any

import pytest

from app import bootstrap
from app.errors import StoreError
from app.keystore import Keystore
from app.store.engine import PasswordRefusedError

SERVER = "postgresql+psycopg://clinic@db.example/habeas"
ENTRY = f"database:{SERVER}"


class FakeStore:
    def close(self) -> None:
        return None


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """A server that accepts only the password "fresh"; returns the passwords it was offered."""
    tried: list[str | None] = []

    def open_store(config: Any) -> FakeStore:
        tried.append(config.password)
        if config.password != "fresh":
            raise PasswordRefusedError("refused")
        return FakeStore()

    monkeypatch.setattr("app.store.open_store", open_store)
    Keystore().set(ENTRY, "stale")
    return tried


def test_the_terminal_asks_after_a_refused_keyring_password(server: list[str | None]) -> None:
    env = bootstrap.with_database_override(bootstrap.load_environment(), SERVER)
    bootstrap.open_store(env, ask_password=lambda: "fresh", offer_to_remember=lambda: False)
    assert server == ["stale", "fresh"]
    assert Keystore().get(ENTRY) is None  # the stale entry is gone, the typed one not kept


def test_remembering_replaces_the_stale_entry(server: list[str | None]) -> None:
    env = bootstrap.with_database_override(bootstrap.load_environment(), SERVER)
    bootstrap.open_store(env, ask_password=lambda: "fresh", offer_to_remember=lambda: True)
    assert Keystore().get(ENTRY) == "fresh"


def test_a_script_is_told_and_nothing_is_deleted(server: list[str | None]) -> None:
    env = bootstrap.with_database_override(bootstrap.load_environment(), SERVER)
    with pytest.raises(StoreError, match="refused"):
        bootstrap.open_store(env, ask_password=lambda: None)
    assert Keystore().get(ENTRY) == "stale"


def test_the_window_asks_once_the_keyring_password_was_refused(server: list[str | None]) -> None:
    env = bootstrap.with_database_override(bootstrap.load_environment(), SERVER)
    prompt = bootstrap._password_prompt(env)
    assert prompt is not None and not prompt.needed()  # the keyring has one: tried first
    with pytest.raises(StoreError):
        bootstrap.open_store(env)  # what the window's plain open does
    assert prompt.needed()  # refused this session: ask rather than use it again
    prompt.open_with("fresh", False)
    assert server == ["stale", "fresh"]  # the typed password won over the keyring's
    assert Keystore().get(ENTRY) is None
