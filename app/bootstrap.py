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
    from app.store.keys import Passphrases
    from app.ui.context import PasswordPrompt

log = logging.getLogger(__name__)

DATABASE_ENV = "HABEAS_DATABASE_URL"
PASSPHRASE_ENV = "HABEAS_PASSPHRASE"  # noqa: S105 - the local store's passphrase, for scripts without a keyring


@dataclass(frozen=True)
class Environment:
    """What every entry point needs: where things are, the user's preferences, the secret store."""

    paths: AppPaths
    settings: Settings
    keystore: Keystore
    database_url: str  # empty: the local SQLite file
    log_file: Path | None = None  # None: no log could be written (read-only home, full disk)
    # The local store's passphrase given up front (``--passphrase-file``, HABEAS_PASSPHRASE); never stored.
    passphrase: str | None = dataclasses.field(default=None, repr=False)
    # Keyring entries whose PostgreSQL password the server refused this session: asked for instead.
    refused_passwords: set[str] = dataclasses.field(default_factory=set)

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
        paths=paths,
        settings=settings,
        keystore=Keystore(),
        database_url=url,
        log_file=log_file,
        passphrase=os.environ.get(PASSPHRASE_ENV) or None,
    )


def with_database_override(env: Environment, url: str | None) -> Environment:
    """``--database URL`` wins over the environment variable and the settings file."""
    if not url:
        return env
    return dataclasses.replace(env, database_url=url.strip())


def with_passphrase_file(env: Environment, file: Path | None) -> Environment:
    """``--passphrase-file FILE``: its first line (without the line break) wins over HABEAS_PASSPHRASE."""
    if file is None:
        return env
    return dataclasses.replace(env, passphrase=read_passphrase_file(file))


def read_passphrase_file(file: Path) -> str:
    """The first line of ``file`` without its line break; InputError if unreadable or empty."""
    from app.errors import InputError
    from app.files import os_error_reason

    try:
        with Path(file).open(encoding="utf-8") as handle:
            line = handle.readline()
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_error_reason(exc) if isinstance(exc, OSError) else _("it is not UTF-8 text")
        raise InputError(
            _("Cannot read the passphrase file {file}: {reason}.").format(file=file, reason=reason)
        ) from None
    passphrase = line.rstrip("\r\n")
    if not passphrase:
        raise InputError(_("The passphrase file {file} is empty.").format(file=file))
    return passphrase


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
    """How the GUI finds out whether to ask for a secret, and opens with what it was told.

    PostgreSQL: the server's password. The local store: its passphrase (no secure keyring, or a
    store whose key is not in it); ``server`` is then the file's path, which tells the dialog so.
    A password the user typed wins over the keyring's entry, which may be stale.
    """
    if not env.database_url.strip().lower().startswith("postgres"):
        return _passphrase_prompt(env)
    from app.store.config import DatabaseConfig, redacted_url
    from app.ui.context import PasswordPrompt

    def needed() -> bool:
        config = DatabaseConfig.from_url(
            env.database_url, env.keystore, None, sqlite_default=env.paths.database_file
        )
        if config.backend != "postgresql":
            return False
        if config.password_source == "keystore" and config.keystore_name in env.refused_passwords:  # noqa: S105
            return True  # the keyring's password was refused this session: ask, never use it again
        return config.password_source == "none"  # noqa: S105 - a source name

    def open_with(password: str, remember: bool) -> Store:
        # The password is handed to the opener only; it is kept in the keyring if the user asked
        # and the keyring is secure (open_store checks both), never written anywhere else.
        return open_store(env, typed_password=password or None, offer_to_remember=lambda: remember)

    return PasswordPrompt(
        needed=needed,
        open_with=open_with,
        server=redacted_url(env.database_url),
        can_remember=env.keystore.info().secure,
    )


def _passphrase_prompt(env: Environment) -> PasswordPrompt | None:
    """The local store: ask the window's user for the passphrase when the keyring cannot give a key."""
    from app.ui.context import PasswordPrompt

    database_file = _local_database_file(env)
    if database_file is None or env.passphrase:
        return None

    def needed() -> bool:
        from app.store.keys import passphrase_needed

        return passphrase_needed(database_file, env.keystore)

    def open_with(passphrase: str, remember: bool) -> Store:
        from app.store.keys import Passphrases

        # Never remembered: a passphrase exists because there is no secure place to keep a key.
        return open_store(env, passphrases=Passphrases(given=passphrase or None))

    return PasswordPrompt(needed=needed, open_with=open_with, server=str(database_file), can_remember=False)


def _local_database_file(env: Environment) -> Path | None:
    """The local store's file for an empty or ``sqlite:///`` URL, without importing SQLAlchemy."""
    url = env.database_url.strip()
    if not url:
        return env.paths.database_file
    if url.lower().startswith(("sqlite:///", "sqlite+pysqlite:///")):
        return Path(url.split(":///", 1)[1]).expanduser()
    return None


def open_store(
    env: Environment,
    ask_password: Callable[[], str | None] | None = None,
    offer_to_remember: Callable[[], bool] | None = None,
    *,
    typed_password: str | None = None,
    passphrases: Passphrases | None = None,
    notify: Callable[[str], None] | None = None,
) -> Store:
    """Open (and migrate) the case store the environment names: the local file or a PostgreSQL URL.

    The local file is always encrypted (``app.store.keys.unlock``): its key comes from the keyring
    or a passphrase from ``passphrases`` (default: the environment's, nobody asked); a plaintext
    store of an older Habeas is encrypted first, announced through ``notify``.

    ``ask_password`` is called when a PostgreSQL password is neither typed, in the URL nor in the
    keyring (CLI: getpass; GUI: a dialog), and again when the server refuses the keyring's
    password: what the user types then wins, and the stale entry is replaced (if they want it
    remembered) or removed. Once the connection works, an asked password is stored in the keyring
    if it is a secure one and ``offer_to_remember()`` says yes. Raises StoreError or InputError.
    """
    from app.store import DatabaseConfig
    from app.store import open_store as open_configured_store
    from app.store.engine import PasswordRefusedError
    from app.store.keys import Passphrases, unlock

    config = DatabaseConfig.from_url(
        env.database_url,
        env.keystore,
        ask_password,
        sqlite_default=env.paths.database_file,
        typed_password=typed_password,
    )
    if config.backend == "sqlite":
        given = passphrases if passphrases is not None else Passphrases(given=env.passphrase)
        if passphrases is not None and passphrases.given is None and env.passphrase:
            given = dataclasses.replace(passphrases, given=env.passphrase)
        config = unlock(config, env.keystore, given, notify or _log_notice)
    try:
        store = open_configured_store(config)
    except PasswordRefusedError:
        if config.password_source != "keystore":  # noqa: S105 - a source name
            raise
        env.refused_passwords.add(config.keystore_name)
        log.info("the keyring's database password was refused")
        asked = ask_password() if ask_password is not None else None
        if not asked:
            raise
        config = dataclasses.replace(config, password=asked, password_source="asked")  # noqa: S106
        store = open_configured_store(config)
    if config.password_source == "asked":  # noqa: S105 - a source name
        stale = config.keystore_name in env.refused_passwords
        env.refused_passwords.discard(config.keystore_name)
        if offer_to_remember is not None and env.keystore.info().secure and offer_to_remember():
            config.remember_password(env.keystore)  # replaces a stale entry
        elif stale:
            env.keystore.delete(config.keystore_name)  # the typed one worked: never use the stale one again
    return store


def _log_notice(message: str) -> None:
    log.info("store notice given (no one to show it to)")
