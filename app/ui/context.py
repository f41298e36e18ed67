"""What the desktop UI needs from the rest of the program, built once by ``app.bootstrap.run_gui``.

The UI never reaches for globals: every window and dialog gets this object (or the parts of it
it needs) passed in. Keeping it a plain dataclass also keeps the layer contract readable: the
UI depends on the store, letters, cases and law packages, never on ``app.bootstrap``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.paths import AppPaths
from app.settings import Settings

if TYPE_CHECKING:
    from app.law import KnowledgeBase
    from app.store import Store


@dataclass(frozen=True)
class PasswordPrompt:
    """How the UI gets a PostgreSQL password it must ask for (built by ``app.bootstrap.run_gui``).

    ``needed()`` runs off the GUI thread (it may read the keyring) and says whether a password is
    missing from both the URL and the keyring; the UI then asks on the GUI thread and calls
    ``open_with(password, remember)`` off-thread. ``remember`` is honoured only for a secure keyring.
    """

    needed: Callable[[], bool]
    open_with: Callable[[str, bool], Store]
    server: str  # the URL without credentials, for the dialog
    can_remember: bool  # the keyring is a secure OS store


@dataclass
class UiContext:
    """Everything the windows need.

    ``save_settings`` persists ``settings`` (it raises ``HabeasError`` if the file cannot be written).
    ``database_url`` is empty for the local SQLite file; it never contains a password.
    """

    paths: AppPaths
    settings: Settings
    save_settings: Callable[[Settings], None]
    database_url: str = ""
    version: str = ""
    # Slow to run (migrations, parsing law data): the UI calls them on a worker thread.
    # None only in tests of the bare window.
    open_store: Callable[[], Store] | None = None
    load_knowledge_base: Callable[[], KnowledgeBase] | None = None
    # PostgreSQL without a known password: ask on the GUI thread first (None for SQLite and tests).
    password_prompt: PasswordPrompt | None = None
    # Extra arguments for QApplication (e.g. ``-platform offscreen``); tests leave it empty.
    qt_arguments: list[str] = field(default_factory=list)

    @property
    def database_description(self) -> str:
        """Backend for display: the file path for SQLite, the URL without credentials otherwise."""
        if not self.database_url:
            return str(self.paths.database_file)
        return _strip_credentials(self.database_url)


def _strip_credentials(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    return f"{scheme}://{rest.split('@', 1)[1]}"
