"""The ``habeas`` command: no subcommand launches the desktop app; subcommands run headless.

Exit status: 0 success, 2 bad input or usage, 1 any other failure. Bad input never shows a
traceback; unexpected failures print one line and log the details (without personal data).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from app import __version__
from app.errors import HabeasError, InputError

if TYPE_CHECKING:
    from app.bootstrap import Environment

    # What ``add_subparsers`` returns; argparse's class is generic for the type checker only.
    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

log = logging.getLogger(__name__)

# Each module defines ``register(subparsers: Subparsers)``; its parsers set
# ``handler=fn(args, env: Environment) -> int``.
COMMAND_MODULES: tuple[str, ...] = (
    "app.cli.doctor_cmd",
    "app.cli.data_cmd",
    "app.cli.letter_cmd",
    "app.cli.law_cmd",
    "app.cli.request_cmd",
    "app.cli.deadlines_cmd",
    "app.cli.dossier_cmd",
    "app.cli.authorities_cmd",
    "app.cli.store_cmd",
    "app.cli.backup_cmd",
)

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    from app.cli.argparse_i18n import use_app_catalog
    from app.i18n import _

    use_app_catalog()  # "usage:", "options", argparse's errors: in the UI language, at call time
    parser = argparse.ArgumentParser(
        prog="habeas",
        description=_("Habeas: requests for access, correction and deletion of police data."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"Habeas {__version__}",
        help=_("show program's version number and exit"),  # argparse 3.11 leaves its own in English
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help=_("database URL (default: the local file; postgresql+psycopg://user@host/db for clinics)"),
    )
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        type=Path,
        help=_("read the local case store's passphrase from FILE (or set HABEAS_PASSPHRASE)"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from app import bootstrap
    from app.files import os_error_message
    from app.i18n import _

    env: Environment | None = None
    try:
        # Inside the handler: a read-only home or an unreadable settings file is a message too.
        env = bootstrap.load_environment()
        parser = build_parser()  # after the environment: the help is in the user's language
        args = parser.parse_args(argv)  # usage errors exit with status 2 here
        env = bootstrap.with_database_override(env, args.database)
        env = bootstrap.with_passphrase_file(env, args.passphrase_file)
        if args.command is None:
            return bootstrap.run_gui(env)
        status: int = args.handler(args, env)
        return status
    except InputError as exc:
        damaged = _damaged_store(exc, env)
        if damaged is not None:
            print(_("Error: {message}").format(message=damaged), file=sys.stderr)
            return EXIT_FAILURE
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_USAGE
    except HabeasError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped early (``habeas request add … | head -1``): the work is done, and only
        # output nobody reads is lost. Point stdout at /dev/null so the exit flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        # A full disk, a read-only folder, a file that vanished: the cause in words, no traceback.
        _log_unexpected(exc)
        print(_("Error: {message}").format(message=os_error_message(exc)), file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:
        _log_unexpected(exc)
        log_file = env.log_file if env is not None else None
        if log_file is None:
            message = _("Unexpected error ({kind}).").format(kind=type(exc).__name__)
        else:
            message = _("Unexpected error ({kind}). Details are in the log file: {path}").format(
                kind=type(exc).__name__, path=log_file
            )
        print(message, file=sys.stderr)
        return EXIT_FAILURE


def _damaged_store(exc: InputError, env: Environment | None) -> HabeasError | None:
    """A record that must exist but reads as missing may be a damaged page: check the store's pages.

    Only after "there is no … with id …" (a mistyped id costs one check, 0.1 s at 10,000 cases),
    never on every run.
    """
    store_module = sys.modules.get("app.store.store")
    if env is None or store_module is None or not isinstance(exc, store_module.NotFoundError):
        return None
    from app.store import DatabaseConfig
    from app.store.keys import Passphrases, unlock
    from app.store.opener import damage_found

    try:
        config = DatabaseConfig.from_url(env.database_url, None, sqlite_default=env.paths.database_file)
        config = unlock(config, env.keystore, Passphrases(given=env.passphrase))  # the key, never asked
    except HabeasError:
        return None
    return damage_found(config)


def _log_unexpected(exc: BaseException) -> None:
    # The message may quote user data, so only the type and the code location are logged.
    log.error("unexpected %s\n%s", type(exc).__name__, "".join(traceback.format_tb(exc.__traceback__)))


def gui_main() -> int:
    """Entry point for desktop shortcuts: always the window, whatever the arguments."""
    return main([])
