"""``habeas export --out FILE.json`` and ``habeas import FILE.json``: the whole store as JSON.

The export holds personal data: it is written with mode 0600 and a warning says so. An import
goes only into an empty store, all or nothing.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.bootstrap import Environment
from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.cli.main import Subparsers

log = logging.getLogger(__name__)


def register(sub: Subparsers) -> None:
    export = sub.add_parser("export", help=_("write the whole case store to a JSON file"))
    export.add_argument("--out", required=True, type=Path, metavar="FILE.json", help=_("the file to write"))
    export.set_defaults(handler=run_export)
    load = sub.add_parser("import", help=_("read an export file into an empty case store"))
    load.add_argument("file", type=Path, metavar="FILE.json", help=_("a file written by habeas export"))
    load.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace, env: Environment) -> int:
    from app.cli.store_access import open_cli_store
    from app.store import export_to_file

    store = open_cli_store(env)
    try:
        # Record by record from one snapshot: memory stays flat however large the store.
        cases = export_to_file(store, args.out)
    finally:
        store.close()
    log.info("store exported: %d cases", cases)
    print(
        ngettext("Exported {n} case to {file}.", "Exported {n} cases to {file}.", cases).format(
            n=cases, file=args.out
        )
    )
    print(
        _(
            "Warning: this file is not encrypted: it holds personal data in plain text, unlike the "
            "case store. Keep it safe and delete it when no longer needed; for a copy to keep, use "
            "'habeas backup', which is encrypted."
        ),
        file=sys.stderr,
    )
    return 0


def run_import(args: argparse.Namespace, env: Environment) -> int:
    from app.cases.lifecycle import known_event_kinds
    from app.cli.store_access import open_cli_store

    # The file is read as a stream, record by record, each checked against the contract (NUL,
    # lone surrogates, lengths, dates, nesting) and inserted in one transaction: a bad file, too
    # large, not UTF-8 JSON or with any bad record, leaves the store as it was (empty).
    kinds = known_event_kinds(env.knowledge_base())
    store = open_cli_store(env)
    try:
        cases = store.import_file(args.file, kinds)
    finally:
        store.close()
    log.info("store imported: %d cases", cases)
    print(
        ngettext("Imported {n} case from {file}.", "Imported {n} cases from {file}.", cases).format(
            n=cases, file=args.file
        )
    )
    return 0
