"""``habeas backup --out FILE`` and ``habeas restore FILE``: one encrypted, checked file.

The format and its guarantees are in ``app.store.backup``. By default a backup is encrypted with
the store's own key (restorable where that keyring or passphrase is); ``--passphrase`` protects it
with a passphrase of its own instead, for another computer. ``restore`` goes only into an empty
store.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.bootstrap import Environment
from app.errors import InputError, StoreError
from app.i18n import _

if TYPE_CHECKING:
    from app.cli.main import Subparsers
    from app.store import DatabaseConfig

log = logging.getLogger(__name__)

BACKUP_PASSPHRASE_ENV = "HABEAS_BACKUP_PASSPHRASE"  # noqa: S105 - a variable's name


def register(sub: Subparsers) -> None:
    backup = sub.add_parser("backup", help=_("write an encrypted backup of the local case store"))
    backup.add_argument("--out", required=True, type=Path, metavar="FILE", help=_("the backup file to write"))
    backup.add_argument(
        "--passphrase",
        action="store_true",
        help=_("protect the backup with a passphrase of its own (to restore it on another computer)"),
    )
    _passphrase_file_option(backup)
    backup.set_defaults(handler=run_backup)
    restore = sub.add_parser("restore", help=_("restore a backup into an empty local case store"))
    restore.add_argument("file", type=Path, metavar="FILE", help=_("a file written by habeas backup"))
    _passphrase_file_option(restore)
    restore.set_defaults(handler=run_restore)


def _passphrase_file_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--backup-passphrase-file",
        type=Path,
        metavar="FILE",
        help=_("read the backup's own passphrase from FILE (or set HABEAS_BACKUP_PASSPHRASE)"),
    )


def _keyed_local_store(env: Environment) -> DatabaseConfig:
    from app.cli.store_access import open_cli_store

    store = open_cli_store(env)  # makes an empty store if there is none; encrypts a plaintext one
    try:
        config = store.config
    finally:
        store.close()
    if config.backend != "sqlite" or config.sqlite_file is None or config.key is None:
        raise StoreError(
            _(
                "habeas backup and restore work on the local case store; back up a PostgreSQL server "
                "with its own tools."
            )
        )
    return config


def _backup_passphrase(args: argparse.Namespace, new: bool) -> str | None:
    from app.bootstrap import read_passphrase_file
    from app.cli.store_access import ask_passphrase

    if args.backup_passphrase_file is not None:
        return read_passphrase_file(args.backup_passphrase_file)
    if os.environ.get(BACKUP_PASSPHRASE_ENV):
        return os.environ[BACKUP_PASSPHRASE_ENV]
    if sys.stdin.isatty():
        return ask_passphrase(new, "")
    return None


def run_backup(args: argparse.Namespace, env: Environment) -> int:
    from app.store.backup import write_backup
    from app.store.crypto import CipherKey
    from app.store.keys import MIN_PASSPHRASE_LENGTH

    config = _keyed_local_store(env)
    assert config.sqlite_file is not None and config.key is not None
    own = None
    if args.passphrase:
        chosen = _backup_passphrase(args, new=True)
        if not chosen:
            raise InputError(
                _(
                    "No passphrase for the backup was given: use --backup-passphrase-file FILE or "
                    "HABEAS_BACKUP_PASSPHRASE."
                )
            )
        if len(chosen) < MIN_PASSPHRASE_LENGTH:
            raise InputError(
                _("The passphrase is too short: use at least {n} characters.").format(n=MIN_PASSPHRASE_LENGTH)
            )
        own = CipherKey.from_passphrase(chosen)
    header = write_backup(config.sqlite_file, config.key, args.out, own)
    print(
        _("Backup written to {file} (encrypted, schema {schema}).").format(
            file=args.out, schema=header.schema
        )
    )
    if own is None:
        print(
            _("It opens only with this case store's key; for another computer, make one with --passphrase."),
            file=sys.stderr,
        )
    return 0


def run_restore(args: argparse.Namespace, env: Environment) -> int:
    from app.store.backup import read_header, restore_backup

    header = read_header(args.file)  # a file that is no backup is refused before the store is touched
    config = _keyed_local_store(env)
    assert config.sqlite_file is not None and config.key is not None
    passphrase = _backup_passphrase(args, new=False) if header.key == "passphrase" else None
    restore_backup(args.file, config.sqlite_file, config.key, passphrase)
    # Opening brings an older backup's schema up to date (with the usual encrypted pre-upgrade copy).
    from app.cli.store_access import open_cli_store

    open_cli_store(env).close()
    print(
        _("Backup {file} of {made} restored into {store}.").format(
            file=args.file, made=header.made, store=config.sqlite_file
        )
    )
    return 0
