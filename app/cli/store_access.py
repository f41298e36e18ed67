"""Opening the case store from the command line: the password prompt and the offer to remember it.

Every CLI command that needs the store calls ``open_cli_store(env)``.
"""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING

from app.bootstrap import Environment, open_store
from app.i18n import _

if TYPE_CHECKING:
    from app.store import Store


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


def open_cli_store(env: Environment) -> Store:
    return open_store(env, ask_password=ask_password, offer_to_remember=offer_to_remember)
