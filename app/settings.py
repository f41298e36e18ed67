"""User preferences, stored as JSON in the config directory. Never secrets.

Unknown keys written by a newer version are kept when saving, so a downgrade loses nothing.
A damaged file is set aside (``settings.json.bad``) and defaults are used, with a warning logged.
The file is the user's only (0600): written so, and repaired when found readable by others.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.errors import HabeasError, InputError, Problem
from app.files import FileWriteError, os_error_reason, write_atomically
from app.i18n import LANGUAGES, _, normalize_language
from app.paths import make_private, make_private_dir

log = logging.getLogger(__name__)

# Schemes the store accepts (app.store.config); checked here too so a bad URL is refused on saving.
DATABASE_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres", "sqlite", "sqlite+pysqlite")


@dataclass
class Settings:
    language: str = ""  # empty: follow the system locale
    default_jurisdiction: str = ""
    database_url: str = ""  # empty: the local SQLite file; never contains a password
    # Extra law packs (folders laid out like resources/), after those on $HABEAS_LAW_PATH.
    law_packs: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = dict(self.extra)
        data.update(
            language=self.language,
            default_jurisdiction=self.default_jurisdiction,
            database_url=self.database_url,
        )
        if self.law_packs:
            data["law_packs"] = list(self.law_packs)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Settings:
        known = {"language", "default_jurisdiction", "database_url"}
        values: dict[str, Any] = {k: data[k] for k in known if isinstance(data.get(k), str)}
        packs = data.get("law_packs")
        if isinstance(packs, list) and all(isinstance(p, str) for p in packs):
            values["law_packs"] = tuple(packs)
        extra = {k: v for k, v in data.items() if k not in known | {"law_packs"}}
        return cls(**values, extra=extra)

    def validate(self, jurisdictions: Collection[str] | None = None) -> None:
        """Raise InputError naming every bad value; ``jurisdictions``: the codes the law data know."""
        problems = []
        if self.language and normalize_language(self.language) not in LANGUAGES:
            problems.append(Problem("language", _("unknown language")))
        if (
            self.default_jurisdiction
            and jurisdictions is not None
            and self.default_jurisdiction not in jurisdictions
        ):
            problems.append(Problem("default_jurisdiction", _("unknown jurisdiction")))
        problems += database_url_problems(self.database_url)
        if problems:
            raise InputError(_("The settings are not valid."), problems)


def database_url_problems(url: str) -> list[Problem]:
    """What is wrong with a database URL for the settings file (empty means the local file)."""
    if not url.strip():
        return []
    try:
        parts = urlsplit(url.strip())
        password = parts.password
    except ValueError:
        return [Problem("database_url", _("not a database URL"))]
    if parts.scheme not in DATABASE_SCHEMES:
        return [
            Problem(
                "database_url",
                _("unknown kind of database; use postgresql+psycopg://user@host/database"),
            )
        ]
    if password:
        # The settings file is plain text: the password goes into the keyring or is asked for.
        return [
            Problem(
                "database_url",
                _("leave the password out: Habeas asks for it and keeps it only in a secure keyring"),
            )
        ]
    if parts.scheme.startswith("postgres") and not (parts.hostname and parts.path.strip("/")):
        return [
            Problem(
                "database_url", _("name the server and the database: postgresql+psycopg://user@host/database")
            )
        ]
    return []


class SettingsError(HabeasError):
    """The settings file exists but cannot be read."""


def load_settings(path: Path) -> Settings:
    """The saved settings, or defaults when there are none (or the file is damaged: set aside).

    A file that exists but cannot be read raises SettingsError: running with defaults would open
    the local store instead of the clinic's server the settings name, and saving would lose them.
    """
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # no settings file, or not even its folder
        return Settings()
    except OSError as exc:
        reason = os_error_reason(exc)
        raise SettingsError(
            _("Cannot read the settings file {file}: {reason}.").format(file=path, reason=reason)
        ) from exc
    make_private(path)
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except ValueError:
        backup = path.with_suffix(path.suffix + ".bad")
        try:
            path.replace(backup)
        except OSError as exc:
            log.warning("settings file was damaged, cannot be set aside (%s); defaults used", exc.strerror)
        else:
            log.warning("settings file was damaged; kept as %s and defaults used", backup.name)
        return Settings()
    return Settings.from_json(data)


def save_settings(path: Path, settings: Settings) -> None:
    """Write atomically: a crash while saving never leaves a half-written file.

    Raises FileWriteError (an OSError) naming the file and the cause when it cannot be written.
    """
    try:
        make_private_dir(path.parent)
    except OSError as exc:
        raise FileWriteError(path, exc) from exc
    text = json.dumps(settings.to_json(), ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, text.encode("utf-8"))
