"""Where Habeas keeps things.

Everything the user owns (database, settings, logs, user-supplied calendar files) lives under one
of three directories. ``HABEAS_HOME`` relocates all of them below one folder, for portable use
and for tests. Read-only resources ship with the program.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Habeas"
HOME_ENV = "HABEAS_HOME"
# Extra law packs (folders laid out like resources/: law/CODE/, letters/CODE/, languages.toml),
# separated by os.pathsep, for a German Land or another country added without forking.
LAW_PATH_ENV = "HABEAS_LAW_PATH"

# The source tree (editable install, PyInstaller bundle root) holds resources/ and locales/.
PROGRAM_ROOT = Path(__file__).resolve().parent.parent


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

    def ensure(self) -> None:
        for directory in (self.data_dir, self.config_dir, self.log_dir):
            directory.mkdir(parents=True, exist_ok=True)


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
