"""``habeas doctor``: an honest report on the installation, one fact per line, with fix hints.

Exit status 0 when nothing is wrong; warnings (e.g. a holiday schedule not yet published) are
reported but do not make the installation unhealthy.
"""

from __future__ import annotations

import argparse
import os
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.bootstrap import Environment, open_store
from app.errors import HabeasError
from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.cli.main import Subparsers


@dataclass(frozen=True)
class Check:
    label: str
    value: str
    problem: str = ""  # something is broken: exit 1
    warning: str = ""  # works, but the user should know
    hint: str = ""


def register(sub: Subparsers) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "doctor", help=_("check the installation and report problems with fix hints")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, env: Environment) -> int:
    checks = [check(env) for check in CHECKS]
    width = max(_display_width(c.label) for c in checks)
    for c in checks:
        padding = " " * (width - _display_width(c.label))
        print(f"{c.label}{padding}  {c.value}")
    for c in checks:
        if c.problem:
            print(_("Problem: {text}").format(text=c.problem))
        elif c.warning:
            print(_("Warning: {text}").format(text=c.warning))
        if (c.problem or c.warning) and c.hint:
            print(_("  Fix: {hint}").format(hint=c.hint))
    problems = sum(1 for c in checks if c.problem)
    warnings = sum(1 for c in checks if c.warning and not c.problem)
    print(summary(problems, warnings))
    return 1 if problems else 0


def summary(problems: int, warnings: int) -> str:
    """The last line: the counts of the problems and warnings listed above it."""
    if not problems and not warnings:
        return _("No problems found.")
    return _("Summary: {problems}, {warnings} (see above).").format(
        problems=ngettext("{n} problem", "{n} problems", problems).format(n=problems),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
    )


def _display_width(text: str) -> int:
    """Terminal columns: Chinese labels take two columns per character."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _data_dir(env: Environment) -> Check:
    path = env.paths.data_dir
    label = _("Data directory:")
    if not os.access(path, os.W_OK):
        return Check(
            label,
            str(path),
            problem=_("the data directory is not writable"),
            hint=_("give your user write access to it, or set HABEAS_HOME to a writable folder"),
        )
    return Check(label, str(path))


def _database(env: Environment) -> Check:
    from app.store.keys import PassphraseNeededError

    label = _("Database:")
    try:
        # Never prompt from doctor: a missing password is reported, not asked for.
        store = open_store(env, ask_password=lambda: None)
    except PassphraseNeededError:
        return Check(
            label,
            _("encrypted with a passphrase; not opened (none was given)"),
            warning=_("the case store was not checked"),
            hint=_("run 'habeas --passphrase-file FILE doctor', or set HABEAS_PASSPHRASE, to check it too"),
        )
    except HabeasError as exc:
        return Check(
            label,
            _("cannot be opened"),
            problem=str(exc),
            hint=_("check the database URL in the settings, --database or HABEAS_DATABASE_URL"),
        )
    try:
        revision = store.schema_revision() or _("none")
        value = _("{backend} ({where}), schema revision {revision}").format(
            backend=store.backend, where=store.display_url, revision=revision
        )
    finally:
        store.close()
    from app.store.opener import damage_found

    # Reads every page (a second or so at 10,000 cases from a cold disk): here, not on every open.
    damaged = damage_found(store.config)
    if damaged is not None:
        return Check(label, value, problem=str(damaged))
    return Check(label, value)


def _encryption(env: Environment) -> Check:
    """The local store: encrypted or not, the cipher settings, where the key lives. PostgreSQL: TLS."""
    from app.store import DatabaseConfig, crypto
    from app.store.keys import Passphrases, key_location, unlock

    label = _("Encryption:")
    try:
        config = DatabaseConfig.from_url(env.database_url, None, sqlite_default=env.paths.database_file)
    except HabeasError:
        return Check(label, _("not checked: the database URL is not valid"))
    if config.backend == "postgresql":
        return _postgres_tls(label, config.url)
    path = config.sqlite_file
    assert path is not None
    state = crypto.file_state(path)
    if state in ("missing", "empty"):
        return Check(label, _("no case store yet; it is made encrypted"))
    if state == "plain":
        return Check(
            label,
            _("not encrypted"),
            problem=_("the case store is in plaintext"),
            hint=_("start Habeas once, or run 'habeas store encrypt'"),
        )
    try:
        keyed = unlock(config, env.keystore, Passphrases(given=env.passphrase))  # never asks
    except HabeasError as exc:
        return Check(label, _("encrypted; the key was not available ({reason})").format(reason=exc))
    key = keyed.key
    assert key is not None
    settings = crypto.cipher_settings(path, key)
    kdf = (
        _("{kdf}, {n} iterations").format(kdf=settings.kdf, n=settings.kdf_iterations)
        if not key.raw
        else settings.kdf
    )
    return Check(
        label,
        _(
            "SQLCipher {version} ({provider}): {cipher}, page HMAC {hmac}, key derivation {kdf}, "
            "pages of {page} bytes; key: {where}"
        ).format(
            version=settings.version,
            provider=settings.provider,
            cipher=settings.cipher,
            hmac=settings.hmac,
            kdf=kdf,
            page=settings.page_size,
            where=key_location(path, key, env.keystore),
        ),
    )


LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})
VERIFYING_SSL_MODES = frozenset({"verify-full", "verify-ca"})


def _postgres_tls(label: str, url: str) -> Check:
    """A PostgreSQL server on another machine must be reached over TLS that checks the server."""
    from app.store.config import tls_settings

    host, sslmode = tls_settings(url)
    if host.startswith("/") or host in LOCAL_HOSTS:
        return Check(label, _("PostgreSQL on this computer (sslmode={mode})").format(mode=sslmode or "-"))
    if sslmode in VERIFYING_SSL_MODES:
        return Check(
            label,
            _("TLS to {host}, server certificate checked (sslmode={mode})").format(host=host, mode=sslmode),
        )
    return Check(
        label,
        _("connection to {host} with sslmode={mode}").format(host=host, mode=sslmode or _("unset")),
        warning=_(
            "the connection to the database server may be unencrypted or its certificate unchecked: "
            "case data could be read or changed on the way"
        ),
        hint=_("add ?sslmode=verify-full (and the server's CA as sslrootcert) to the database URL"),
    )


def _private_files(env: Environment) -> Check:
    """Folders and files holding personal data are the user's only (opening repairs what it can)."""
    label = _("Private files:")
    if os.name == "nt":
        return Check(label, _("not checked on Windows (the folders inherit your profile's access rules)"))
    paths = env.paths
    candidates = [paths.data_dir, paths.config_dir, paths.log_dir, paths.settings_file, paths.log_file]
    candidates += _database_files(env)
    exposed = []
    for path in candidates:
        try:
            if stat.S_IMODE(path.stat().st_mode) & 0o077:
                exposed.append(str(path))
        except OSError:
            continue  # not there (yet): nothing to expose
    if not exposed:
        return Check(label, _("folders 0700, files 0600"))
    return Check(
        label,
        _("readable by others: {paths}").format(paths=", ".join(exposed)),
        warning=_("these hold personal data, and other users of this computer can read them"),
        hint=_("make the folders 0700 and the files 0600 (chmod), and check that you own them"),
    )


def _database_files(env: Environment) -> list[Path]:
    from app.store import DatabaseConfig

    try:
        config = DatabaseConfig.from_url(env.database_url, None, sqlite_default=env.paths.database_file)
    except HabeasError:
        return []
    if config.sqlite_file is None:
        return []
    file = config.sqlite_file
    return [file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")]


def _keyring(env: Environment) -> Check:
    info = env.keystore.info()
    label = _("Keyring:")
    if info.secure:
        return Check(label, _("{backend} (secure OS store)").format(backend=info.backend))
    return Check(
        label,
        _("{backend} (not a secure store: secrets are asked for each session, never saved)").format(
            backend=info.backend
        ),
        warning=_("no secure keyring was found"),
        hint=_("install and unlock your desktop's keyring (GNOME Keyring, KWallet, macOS Keychain)"),
    )


def _cjk_font(env: Environment) -> Check:
    from app.letters.fonts import CJK, missing
    from app.paths import resources_dir

    label = _("CJK font for letters:")
    path = resources_dir() / "fonts" / CJK.regular_file
    if not path.is_file():
        return Check(
            label,
            _("missing"),
            problem=_("Chinese letters cannot be printed without it"),
            hint=_("reinstall Habeas: the font is part of it"),
        )
    try:
        absent = missing(CJK, "申请书第四十五条")
    except Exception as exc:  # a damaged file raises reportlab's own errors
        return Check(
            label, str(path), problem=_("the font cannot be read ({kind})").format(kind=type(exc).__name__)
        )
    if absent:
        return Check(label, str(path), problem=_("the font lacks common Chinese characters"))
    return Check(label, str(path))


def _law_data(env: Environment) -> Check:
    label = _("Law data:")
    try:
        kb = env.knowledge_base()
    except HabeasError as exc:
        return Check(
            label, _("invalid"), problem=str(exc), hint=_("reinstall Habeas or remove the broken file")
        )
    codes = ", ".join(kb.codes)
    from app.languages import registry

    skipped = [(where, reason) for where, reason in kb.problems]
    skipped += [(error.file, str(error)) for error in registry().problems]
    if skipped:
        # A broken law pack is skipped; the shipped jurisdictions keep working.
        return Check(
            label,
            codes,
            warning=ngettext(
                "{n} law pack skipped: {problems}",
                "{n} law packs skipped: {problems}",
                len(skipped),
            ).format(n=len(skipped), problems="; ".join(reason for _where, reason in skipped)),
            hint=_(
                "correct the pack (the message names the file and the key) or remove it from the law path"
            ),
        )
    return Check(label, codes)


def _holiday_schedules(env: Environment) -> Check:
    from app.law import calendar_for

    label = _("Official holiday schedules:")
    year = date.today().year
    lacking = []
    try:
        kb = env.knowledge_base()
    except HabeasError:
        return Check(label, _("not checked: the law data could not be read"))
    for code in kb.codes:
        calendar = calendar_for(code, env.paths.calendars_dir, kb=kb)
        missing_years = [y for y in (year, year + 1) if not calendar.has_official_data(y)]
        if missing_years:
            lacking.append(f"{code} {', '.join(map(str, missing_years))}")
    if not lacking:
        return Check(label, _("loaded for {a} and {b}").format(a=year, b=year + 1))
    return Check(
        label,
        _("not loaded: {list}").format(list="; ".join(lacking)),
        warning=_("deadlines reaching into these years are marked provisional"),
        hint=_(
            "check such deadlines against the official holiday announcement, and update Habeas once "
            "a version with that year's schedule is out (a clinic can also put the schedule in {folder})"
        ).format(folder=env.paths.calendars_dir),
    )


CHECKS: tuple[Callable[[Environment], Check], ...] = (
    _data_dir,
    _database,
    _encryption,
    _private_files,
    _keyring,
    _cjk_font,
    _law_data,
    _holiday_schedules,
)
