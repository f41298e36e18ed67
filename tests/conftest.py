"""Shared test setup: offscreen Qt, a private HABEAS_HOME per test, a memory keyring."""

from __future__ import annotations

import os

# Must happen before anything imports Qt: without a display the process would abort.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A secure-looking keyring that lives in memory, so tests never touch the real one."""

    priority = 10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def habeas_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own empty HABEAS_HOME and no database URL from the outside."""
    home = tmp_path / "habeas-home"
    monkeypatch.setenv("HABEAS_HOME", str(home))
    monkeypatch.delenv("HABEAS_DATABASE_URL", raising=False)
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _reset_language() -> Iterator[None]:
    from app.i18n import set_language

    set_language("en")
    yield
    set_language("en")
