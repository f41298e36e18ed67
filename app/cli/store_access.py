"""Opening the case store from the command line: the password and passphrase prompts.

Every CLI command that needs the store calls ``open_cli_store(env)``. On a terminal the user is
asked (without echo) for a PostgreSQL password the keyring lacks or that the server refused, and
for the local store's passphrase where no secure keyring holds its key; scripts are never asked
and get a message naming ``--passphrase-file`` and ``HABEAS_PASSPHRASE`` instead.
"""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING

from app.bootstrap import Environment, open_store
from app.i18n import _

if TYPE_CHECKING:
    from app.store import Store
    from app.store.keys import Passphrases


def ask_password() -> str | None:
    """Prompt without echo when a person is at the terminal; scripts get None (no hanging prompt)."""
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(_("Database password: ")) or None
    except (EOFError, KeyboardInterrupt):
        return None


def offer_to_remember() -> bool:
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(_("Store the password in the system keyring? [y/N] "))
    except EOFError:
        return False
    return answer.strip().lower() in {"y", "yes", _("y"), _("yes")}


def ask_passphrase(new: bool, problem: str) -> str | None:
    """The local store's passphrase from the person at the terminal; a new one is typed twice."""
    if not sys.stdin.isatty():
        return None
    try:
        if problem:
            print(problem, file=sys.stderr)
        if not new:
            return getpass.getpass(_("Passphrase of the case store: ")) or None
        print(
            _(
                "No secure system keyring was found, so your case store is protected by a passphrase. "
                "Choose one (at least 8 characters); it is never stored, and without it the cases "
                "cannot be read."
            ),
            file=sys.stderr,
        )
        for _attempt in range(3):
            first = getpass.getpass(_("New passphrase: "))
            if not first:
                return None
            if getpass.getpass(_("The same passphrase again: ")) == first:
                return first
            print(_("The two passphrases differ; try again."), file=sys.stderr)
    except (EOFError, KeyboardInterrupt):
        return None
    return None


def cli_passphrases(env: Environment) -> Passphrases:
    from app.store.keys import Passphrases

    return Passphrases(given=env.passphrase, ask=ask_passphrase if sys.stdin.isatty() else None)


def notify(message: str) -> None:
    print(message, file=sys.stderr)


def open_cli_store(env: Environment) -> Store:
    return open_store(
        env,
        ask_password=ask_password,
        offer_to_remember=offer_to_remember,
        passphrases=cli_passphrases(env),
        notify=notify,
    )
