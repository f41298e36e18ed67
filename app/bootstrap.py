"""The one place that builds the concrete objects and wires them together."""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import HabeasError
from app.i18n import _, set_language, system_language
from app.keystore import Keystore
from app.languages import use_pack_dirs
from app.logs import start_logging
from app.paths import AppPaths, app_paths, law_pack_dirs
from app.settings import Settings, load_settings

if TYPE_CHECKING:
    from app.law import KnowledgeBase
    from app.store import Store
    from app.ui.context import PasswordPrompt

log = logging.getLogger(__name__)

DATABASE_ENV = "HABEAS_DATABASE_URL"


@dataclass(frozen=True)
class Environment:
    """What every entry point needs: where things are, the user's preferences, the secret store."""

    paths: AppPaths
    settings: Settings
    keystore: Keystore
    database_url: str  # empty: the local SQLite file
    log_file: Path | None = None  # None: no log could be written (read-only home, full disk)

    def law_packs(self) -> tuple[Path, ...]:
        """Extra law packs: ``$HABEAS_LAW_PATH``, then the folders named in the settings."""
        return law_pack_dirs(self.settings.law_packs)

    def knowledge_base(self) -> KnowledgeBase:
        """The shipped law, the extra packs and the user's holiday schedules (validated)."""
        from app.law import load_knowledge_base

        return load_knowledge_base(self.paths.calendars_dir, packs=self.law_packs())


def load_environment() -> Environment:
    """Paths, logging, settings and language. Raises HabeasError only for unreadable settings.

    Folders that cannot be made (a read-only home) are no failure here: work that needs none of
    them goes on, without a log if need be, and a store or file write names the folder it lacks.
    """
    paths = app_paths()
    unavailable = paths.prepare()
    log_file = start_logging(paths.log_file)
    for directory, error in unavailable.items():
        log.warning("folder %s unavailable: %s", directory.name, error.strerror)
    settings = load_settings(paths.settings_file)
    # Packs may add languages (languages.toml at their root): known before the UI language is set.
    use_pack_dirs(law_pack_dirs(settings.law_packs))
    set_language(settings.language or system_language())
    url = os.environ.get(DATABASE_ENV, "").strip() or settings.database_url
    return Environment(
        paths=paths, settings=settings, keystore=Keystore(), database_url=url, log_file=log_file
    )


def with_database_override(env: Environment, url: str | None) -> Environment:
    """``--database URL`` wins over the environment variable and the settings file."""
    if not url:
        return env
    return dataclasses.replace(env, database_url=url.strip())


def run_gui(env: Environment) -> int:
    """Build what the desktop UI needs and run it (Qt is imported only on this path)."""
    problem = missing_display(os.environ, sys.platform)
    if problem is not None:
        # Qt would abort (exit 134) with a message about plugins; say what is wrong instead.
        raise HabeasError(problem)
    from app import __version__
    from app.settings import save_settings
    from app.ui.application import run
    from app.ui.context import UiContext

    ctx = UiContext(
        paths=env.paths,
        settings=env.settings,
        save_settings=lambda settings: save_settings(env.paths.settings_file, settings),
        database_url=env.database_url,
        version=__version__,
        # Runs off the GUI thread: never asks. A PostgreSQL password missing from the URL and the
        # keyring is asked for first, on the GUI thread, through ``password_prompt``.
        open_store=lambda: open_store(env),
        load_knowledge_base=env.knowledge_base,
        password_prompt=_password_prompt(env),
    )
    return run(ctx)


def missing_display(environ: Mapping[str, str], platform: str) -> str | None:
    """Why the window cannot open on this Linux/BSD session (no display), or None.

    Windows and macOS always have their own display; an explicit QT_QPA_PLATFORM other than
    xcb/wayland (offscreen, vnc…) is the user's choice and is not second-guessed.
    """
    if platform.startswith(("win", "darwin")):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if chosen and chosen not in ("xcb", "wayland", "wayland-egl"):
        return None
    if environ.get("WAYLAND_DISPLAY"):
        return None
    display = environ.get("DISPLAY", "")
    local = re.fullmatch(r":(\d+)(\.\d+)?", display)
    if display and not (local and not Path(f"/tmp/.X11-unix/X{local.group(1)}").exists()):  # noqa: S108 - X's socket
        return None
    return _(
        "Habeas cannot open its window: no graphical display was found{detail}. Start it from a desktop "
        "session, or use the command line: 'habeas --help' lists what it can do without a window."
    ).format(detail=f" (DISPLAY={display})" if display else "")


def _password_prompt(env: Environment) -> PasswordPrompt | None:
    """For a PostgreSQL URL: how the GUI finds out whether to ask, and opens with what it was told."""
    if not env.database_url.strip().lower().startswith("postgres"):
        return None  # SQLite (the default): no password, and no SQLAlchemy import on the GUI thread
    from app.store.config import DatabaseConfig, redacted_url
    from app.ui.context import PasswordPrompt

    def needed() -> bool:
        config = DatabaseConfig.from_url(
            env.database_url, env.keystore, None, sqlite_default=env.paths.database_file
        )
        return config.backend == "postgresql" and config.password_source == "none"  # noqa: S105 - a source name

    def open_with(password: str, remember: bool) -> Store:
        # The password is handed to the opener only; it is kept in the keyring if the user asked
        # and the keyring is secure (open_store checks both), never written anywhere else.
        return open_store(env, ask_password=lambda: password or None, offer_to_remember=lambda: remember)

    return PasswordPrompt(
        needed=needed,
        open_with=open_with,
        server=redacted_url(env.database_url),
        can_remember=env.keystore.info().secure,
    )


def open_store(
    env: Environment,
    ask_password: Callable[[], str | None] | None = None,
    offer_to_remember: Callable[[], bool] | None = None,
) -> Store:
    """Open (and migrate) the case store the environment names: the local file or a PostgreSQL URL.

    ``ask_password`` is called when a PostgreSQL password is neither in the URL nor in the keyring
    (CLI: getpass; GUI: a dialog). Once the connection works, an asked password is stored in the
    keyring if it is a secure one and ``offer_to_remember()`` says yes. Raises StoreError.
    """
    from app.store import DatabaseConfig
    from app.store import open_store as open_configured_store

    config = DatabaseConfig.from_url(
        env.database_url, env.keystore, ask_password, sqlite_default=env.paths.database_file
    )
    store = open_configured_store(config)
    if (
        config.password_source == "asked"  # noqa: S105 - a source name
        and offer_to_remember is not None
        and env.keystore.info().secure
        and offer_to_remember()
    ):
        config.remember_password(env.keystore)
    return store
