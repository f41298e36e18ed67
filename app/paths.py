"""Where Habeas keeps things, readable by the user only.

Everything the user owns (database, settings, logs, user-supplied calendar files) lives under one
of three directories. ``HABEAS_HOME`` relocates all of them below one folder, for portable use
and for tests. Read-only resources ship with the program.

They hold personal data, so the folders are made 0700 and the files Habeas writes 0600, and both
are repaired when found more open (a database copied in with 0644, a folder made by hand).
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "Habeas"
HOME_ENV = "HABEAS_HOME"
# Extra law packs (folders laid out like resources/: law/CODE/, letters/CODE/, languages.toml),
# separated by os.pathsep, for a German Land or another country added without forking.
LAW_PATH_ENV = "HABEAS_LAW_PATH"


def _program_root() -> Path:
    """The folder holding resources/ and locales/: the source tree, or a PyInstaller bundle's data.

    A bundle (installer/habeas.spec) unpacks them into ``sys._MEIPASS`` (``_internal`` beside the
    program on Linux and Windows, ``Contents/Frameworks`` in a macOS .app); said explicitly rather than
    relying on where the bundler happens to put module files.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and isinstance(bundle, str):
        return Path(bundle)
    return Path(__file__).resolve().parent.parent


PROGRAM_ROOT = _program_root()

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


@dataclass(frozen=True)
class AppPaths:
    """The user's directories for Habeas."""

    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def database_file(self) -> Path:
        return self.data_dir / "habeas.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "habeas.log"

    @property
    def calendars_dir(self) -> Path:
        """User-supplied official holiday schedules (e.g. China's next year, published each November)."""
        return self.data_dir / "calendars"

    def prepare(self) -> dict[Path, OSError]:
        """Create the three folders (0700) and repair their permissions; returns those that failed.

        A read-only home must not stop what needs none of them (``habeas deadline``); whatever does
        need one reports the folder when it tries to write there.
        """
        failed: dict[Path, OSError] = {}
        for directory in (self.data_dir, self.config_dir, self.log_dir):
            try:
                make_private_dir(directory)
            except OSError as exc:
                failed[directory] = exc
        return failed

    def ensure(self) -> None:
        """Create the three folders (0700); raises the first OSError."""
        for error in self.prepare().values():
            raise error


def app_paths(environ: os._Environ[str] | dict[str, str] | None = None) -> AppPaths:
    """The directories to use: below ``$HABEAS_HOME`` if set, else the platform's conventions."""
    env = os.environ if environ is None else environ
    home = env.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser().resolve()
        return AppPaths(data_dir=root / "data", config_dir=root / "config", log_dir=root / "logs")
    return AppPaths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def make_private_dir(directory: Path) -> None:
    """Create ``directory`` (and missing parents) as 0700, or make an existing one 0700.

    Raises OSError when it cannot be created; a failed repair is only logged (a folder owned by
    someone else, a file system without Unix permissions).
    """
    missing = []
    for folder in (directory, *directory.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another Habeas process
            folder.mkdir(mode=PRIVATE_DIR_MODE)
    if not directory.is_dir():
        raise NotADirectoryError(20, os.strerror(20), str(directory))
    make_private(directory)


def make_private(path: Path) -> None:
    """Take group and other permissions away from an existing file or folder; a no-op if missing.

    The owner's bits are left as they are (a file the user made read-only stays read-only).
    """
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("cannot check the permissions of a %s: %s", _kind(path), exc.strerror)
        return
    if current & 0o077 == 0:
        return
    try:
        path.chmod(current & 0o700)
    except OSError as exc:
        log.warning("cannot make a %s private: %s", _kind(path), exc.strerror)
    else:
        log.info("permissions of a %s repaired: %o -> %o", _kind(path), current, current & 0o700)


def _kind(path: Path) -> str:
    """What the log may say about a path: its kind, not its name (which may be personal)."""
    return "folder" if path.is_dir() else "file"


def law_pack_dirs(
    extra: tuple[str, ...] = (), environ: os._Environ[str] | dict[str, str] | None = None
) -> tuple[Path, ...]:
    """Folders holding extra law packs: ``$HABEAS_LAW_PATH`` first, then ``extra`` (the setting).

    Empty entries are ignored and each folder is listed once; a folder that does not exist is kept,
    so the loader can report it instead of silently skipping a clinic's pack.
    """
    env = os.environ if environ is None else environ
    entries = [*env.get(LAW_PATH_ENV, "").split(os.pathsep), *extra]
    out: list[Path] = []
    for entry in entries:
        if entry.strip():
            path = Path(entry.strip()).expanduser().resolve()
            if path not in out:
                out.append(path)
    return tuple(out)


def resources_dir() -> Path:
    return PROGRAM_ROOT / "resources"


def locales_dir() -> Path:
    return PROGRAM_ROOT / "locales"


def third_party_notices_file() -> Path:
    """The licences of everything a bundle ships; generated by installer/third_party.py at build time.

    Missing when running from source (nothing was bundled, the installed distributions are the
    user's own).
    """
    return PROGRAM_ROOT / "THIRD-PARTY-NOTICES.txt"
