"""Which database to open, and with which secret.

Two backends: a local SQLite file (default; encrypted with SQLCipher when ``DatabaseConfig.key``
is set, which ``app.store.keys.unlock`` does for every user's store) and a PostgreSQL server for
clinics. The PostgreSQL password is never
written to settings or logs: it comes from the URL the user typed for this session, from the
OS keyring, or from asking the user; ``password_source`` says which, so the caller can offer to
remember an asked password once the connection has worked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from app.errors import StoreError
from app.i18n import _
from app.keystore import Keystore
from app.store.crypto import CipherKey

log = logging.getLogger(__name__)

Backend = Literal["sqlite", "postgresql"]
PasswordSource = Literal["none", "url", "keystore", "asked"]

POSTGRES_DRIVER = "postgresql+psycopg"
_POSTGRES_ALIASES = {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg3"}
_SQLITE_ALIASES = {"sqlite", "sqlite+pysqlite"}


@dataclass(frozen=True)
class DatabaseConfig:
    """A database to open. ``url`` never contains a password; secrets are separate fields.

    ``key``: the SQLCipher key of an encrypted SQLite file; None opens a plaintext file (tests and
    benchmarks that want one say so by giving no key; users' stores always get one).
    ``create_folder``: whether a missing folder for a new SQLite file may be created (the default
    location, and stores made by code); a file the user named must go into an existing folder.
    """

    backend: Backend
    url: str  # a SQLAlchemy URL without password
    sqlite_file: Path | None = None
    password: str | None = field(default=None, repr=False)
    password_source: PasswordSource = "none"  # noqa: S105 - a source name, not a secret
    key: CipherKey | None = field(default=None, repr=False)
    create_folder: bool = True

    @classmethod
    def sqlite(
        cls, path: Path, key: CipherKey | None = None, *, create_folder: bool = True
    ) -> DatabaseConfig:
        path = Path(path)
        return cls(
            backend="sqlite",
            url=f"sqlite+pysqlite:///{path}",
            sqlite_file=path,
            key=key,
            create_folder=create_folder,
        )

    @classmethod
    def from_url(
        cls,
        url: str,
        keystore: Keystore | None,
        ask_password: Callable[[], str | None] | None = None,
        *,
        sqlite_default: Path | None = None,
        typed_password: str | None = None,
    ) -> DatabaseConfig:
        """Parse a user-given URL (empty: the default SQLite file) and find the password.

        A password inside the URL is used for this session only. Otherwise ``typed_password``
        (what the user just typed wins over the keyring, whose entry may be stale), the keyring,
        then ``ask_password`` (CLI: getpass on a TTY; GUI: a dialog). Raises StoreError for a URL
        that is not understood.
        """
        url = url.strip()
        if not url:
            if sqlite_default is None:
                raise StoreError(_("No database was given."))
            return cls.sqlite(sqlite_default)
        parsed = _parse(url)
        driver = parsed.drivername.lower()
        if driver in _SQLITE_ALIASES:
            if not parsed.database or parsed.database == ":memory:":
                raise StoreError(_("A SQLite database URL must name a file: sqlite:///path/to/file"))
            # A typo in a path must not create folders: the store goes where the user meant it.
            return cls.sqlite(Path(parsed.database).expanduser(), create_folder=False)
        if driver not in _POSTGRES_ALIASES:
            raise StoreError(
                _("Unsupported database “{driver}”: use a local file or postgresql+psycopg://…").format(
                    driver=parsed.drivername
                )
            )
        if not parsed.database:
            raise StoreError(_("The PostgreSQL URL must name a database: postgresql+psycopg://user@host/db"))
        parsed = parsed.set(drivername=POSTGRES_DRIVER)
        password = parsed.password
        # URL.set() ignores None, so the password-free URL is built anew.
        bare = URL.create(
            POSTGRES_DRIVER, parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query
        )
        config = cls(backend="postgresql", url=bare.render_as_string(hide_password=False))
        if password:
            return replace(config, password=str(password), password_source="url")  # noqa: S106 - a source name
        if typed_password:
            return replace(config, password=typed_password, password_source="asked")  # noqa: S106
        if keystore is not None:
            stored = keystore.get(config.keystore_name)
            if stored:
                return replace(config, password=stored, password_source="keystore")  # noqa: S106
        if ask_password is not None:
            asked = ask_password()
            if asked:
                return replace(config, password=asked, password_source="asked")  # noqa: S106
        # No password at all: fine for peer/trust authentication; the server says if it is not.
        return config

    @property
    def keystore_name(self) -> str:
        """The keyring entry for this server's password: one per user, host, port and database."""
        return f"database:{self.url}"

    @property
    def display_url(self) -> str:
        return self.sqlite_file.as_posix() if self.sqlite_file is not None else redacted_url(self.url)

    def with_key(self, key: CipherKey | None) -> DatabaseConfig:
        return replace(self, key=key)

    def sqlalchemy_url(self) -> URL:
        url = make_url(self.url)
        if self.password is not None:
            url = url.set(password=self.password)
        return url

    def remember_password(self, keystore: Keystore) -> bool:
        """Store an asked-for password in a secure keyring; False when there is none (nothing stored)."""
        if self.password is None or self.backend != "postgresql":
            return False
        stored = keystore.set(self.keystore_name, self.password)
        log.info(
            "database password %s", "stored in the keyring" if stored else "not stored: no secure keyring"
        )
        return stored


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except (ArgumentError, ValueError):
        raise StoreError(
            _(
                "The database URL “{url}” is not valid: expected e.g. postgresql+psycopg://user@host/db"
            ).format(url=redacted_url(url))
        ) from None


# Greedy up to the last "@": users type passwords containing "@" without percent-encoding them.
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][\w+.-]*://)(?P<user>[^:@/]*):(?P<password>.*)@")
_QUERY_PASSWORD = re.compile(r"(?i)([?&]password=)[^&]*")


def redacted_url(url: str) -> str:
    """The URL with any password replaced by ``***``, safe to show and to log.

    Works on URLs SQLAlchemy cannot parse too, so error messages about bad URLs stay safe.
    """
    text = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:***@", url)
    return _QUERY_PASSWORD.sub(r"\1***", text)


def tls_settings(url: str) -> tuple[str, str]:
    """The host and the ``sslmode`` of a PostgreSQL URL ("" when not given), for ``habeas doctor``."""
    parsed = _parse(url)
    sslmode = parsed.query.get("sslmode", "")
    if isinstance(sslmode, tuple):
        sslmode = sslmode[-1] if sslmode else ""
    host = parsed.host or ""
    if not host:  # a socket folder given as ?host=/run/postgresql
        given = parsed.query.get("host", "")
        host = given[-1] if isinstance(given, tuple) and given else str(given or "")
    return host.lower(), str(sslmode)
