"""``habeas store encrypt`` and ``habeas store rekey``: the local store's encryption, for scripts.

Every start already encrypts a plaintext store (``app.store.keys.unlock``); ``store encrypt`` does
that step alone and says what it did. ``store rekey`` rewrites the store under a new key: a new
random key in the keyring (``--keyring``, the default for a store whose key is there), or a new
passphrase (``--passphrase``; asked twice on a terminal, or read from ``--new-passphrase-file`` or
``HABEAS_NEW_PASSPHRASE``). Both are crash-safe: a kill leaves the old store or the new one.
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
from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.cli.main import Subparsers
    from app.store import DatabaseConfig
    from app.store.crypto import CipherKey

log = logging.getLogger(__name__)

NEW_PASSPHRASE_ENV = "HABEAS_NEW_PASSPHRASE"  # noqa: S105 - a variable's name


def register(sub: Subparsers) -> None:
    store = sub.add_parser("store", help=_("encrypt the local case store or change its key"))
    actions = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    encrypt = actions.add_parser(
        "encrypt", help=_("encrypt a plaintext case store in place (done at start too)")
    )
    encrypt.set_defaults(handler=run_encrypt)
    rekey = actions.add_parser("rekey", help=_("rewrite the case store under a new key or passphrase"))
    to = rekey.add_mutually_exclusive_group()
    to.add_argument(
        "--keyring",
        action="store_true",
        help=_("a new random key kept in the system keyring (needs a secure keyring)"),
    )
    to.add_argument(
        "--passphrase",
        action="store_true",
        help=_("a new passphrase (asked on the terminal, or from --new-passphrase-file)"),
    )
    rekey.add_argument(
        "--new-passphrase-file",
        type=Path,
        metavar="FILE",
        help=_("read the new passphrase from the first line of FILE (or set HABEAS_NEW_PASSPHRASE)"),
    )
    rekey.set_defaults(handler=run_rekey)


def local_config(env: Environment) -> DatabaseConfig:
    """The local store's config (no key yet); StoreError for a PostgreSQL URL."""
    from app.store import DatabaseConfig

    config = DatabaseConfig.from_url(env.database_url, None, sqlite_default=env.paths.database_file)
    if config.backend != "sqlite" or config.sqlite_file is None:
        raise StoreError(
            _(
                "Only the local case store is encrypted by Habeas; a PostgreSQL server protects its data "
                "itself (use TLS: sslmode=verify-full)."
            )
        )
    return config


def unlocked(env: Environment) -> DatabaseConfig:
    """The local store's config with its key (asking on a terminal), the store encrypted if it was not."""
    from app.cli.store_access import cli_passphrases, notify
    from app.store.keys import unlock

    config = local_config(env)
    if config.sqlite_file is not None and not config.sqlite_file.exists():
        raise StoreError(_("There is no case store at {file} yet.").format(file=config.sqlite_file))
    return unlock(config, env.keystore, cli_passphrases(env), notify)


def run_encrypt(args: argparse.Namespace, env: Environment) -> int:
    from app.store import crypto

    config = local_config(env)
    path = config.sqlite_file
    assert path is not None
    before = crypto.file_state(path)
    unlocked(env)
    if before == "encrypted":
        print(_("The case store {file} is already encrypted.").format(file=path))
    else:
        print(_("The case store {file} is encrypted.").format(file=path))
    return 0


def run_rekey(args: argparse.Namespace, env: Environment) -> int:
    from app.store.keys import key_location, rotate

    config = unlocked(env)
    path, old = config.sqlite_file, config.key
    assert path is not None and old is not None
    to_keyring = args.keyring or (not args.passphrase and old.origin == "keyring")
    new = _new_keyring_key(env) if to_keyring else _new_passphrase(args, old)
    moved = rotate(path, old, new, env.keystore)
    print(
        _("The case store {file} now opens with {where}.").format(
            file=path, where=key_location(path, new, env.keystore)
        )
    )
    if moved:
        print(
            ngettext(
                "{n} automatic backup was rewritten under the new key too.",
                "{n} automatic backups were rewritten under the new key too.",
                moved,
            ).format(n=moved)
        )
    return 0


def _new_keyring_key(env: Environment) -> CipherKey:
    from app.store.crypto import CipherKey

    if not env.keystore.info().secure:
        raise InputError(
            _("No secure system keyring is available to keep a key in; choose a new passphrase instead.")
        )
    return CipherKey.generate()


def _new_passphrase(args: argparse.Namespace, old: CipherKey) -> CipherKey:
    from app.bootstrap import read_passphrase_file
    from app.cli.store_access import ask_passphrase
    from app.store.keys import MIN_PASSPHRASE_LENGTH

    chosen: str | None
    if args.new_passphrase_file is not None:
        chosen = read_passphrase_file(args.new_passphrase_file)  # the rules of --passphrase-file
    elif os.environ.get(NEW_PASSPHRASE_ENV):
        chosen = os.environ[NEW_PASSPHRASE_ENV]
    elif sys.stdin.isatty():
        chosen = ask_passphrase(True, "")
    else:
        chosen = None
    if not chosen:
        raise InputError(
            _("No new passphrase was given: use --new-passphrase-file FILE or HABEAS_NEW_PASSPHRASE.")
        )
    if len(chosen) < MIN_PASSPHRASE_LENGTH:
        raise InputError(
            _("The passphrase is too short: use at least {n} characters.").format(n=MIN_PASSPHRASE_LENGTH)
        )
    from app.store.crypto import CipherKey

    new = CipherKey.from_passphrase(chosen)
    if not old.raw and new.secret == old.secret:
        raise InputError(_("The new passphrase is the same as the old one."))
    return new
