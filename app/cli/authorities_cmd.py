"""``habeas authorities list`` (the shipped directory) and ``habeas authorities import FILE`` (a clinic's).

    habeas authorities list --jurisdiction GB-ENG
    habeas authorities list --json > directory.json
    habeas authorities import clinic-addressees.csv --jurisdiction DE

The list shows the shipped directory (``resources/directory``) with each entry's source and the
date it was checked. An import file is JSON (a list of objects, or ``{"authorities": [...]}``,
so the output of ``list --json`` imports) or CSV with a header row; keys: ``name``,
``jurisdiction`` (or ``--jurisdiction``), ``kind``, ``address``, ``email``, ``portal`` (or
``website``), ``notes``; ``aliases``, ``source`` and ``checked`` are accepted and not stored.
The file is checked whole before anything is stored; entries already stored exactly so are skipped.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.bootstrap import Environment
from app.errors import InputError, Problem
from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.cases.records import Authority
    from app.cli.main import Subparsers
    from app.services.directory_data import DirectoryEntry

log = logging.getLogger(__name__)

_IMPORT_KEYS = frozenset(
    {
        "name",
        "jurisdiction",
        "kind",
        "address",
        "email",
        "portal",
        "website",
        "notes",
        "aliases",
        "source",
        "checked",
    }
)
_IGNORED_KEYS = frozenset({"aliases", "source", "checked"})


def register(sub: Subparsers) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "authorities", help=_("list the authority directory, or import a clinic's list of authorities")
    )
    actions = parser.add_subparsers(dest="authorities_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help=_("list the shipped directory with sources and dates"))
    listing.add_argument("--jurisdiction", metavar="CODE", help=_("only this jurisdiction, e.g. GB-ENG"))
    listing.add_argument("--json", action="store_true", help=_("machine-readable output"))
    listing.set_defaults(handler=run_list)
    load = actions.add_parser("import", help=_("add authorities from a JSON or CSV file to the case store"))
    load.add_argument("file", type=Path, metavar="FILE", help=_("a .json or .csv file of authorities"))
    load.add_argument(
        "--jurisdiction", metavar="CODE", help=_("the jurisdiction of entries that do not name one")
    )
    load.set_defaults(handler=run_import)


# -- list ---------------------------------------------------------------------------------------


def run_list(args: argparse.Namespace, env: Environment) -> int:
    from app.services.directory_data import load_directory

    directory = load_directory()
    codes = sorted({e.jurisdiction for e in directory.entries})
    code = _known_code(args.jurisdiction, codes) if args.jurisdiction else ""
    entries = [e for e in directory.entries if not code or e.jurisdiction == code]
    if args.json:
        print(json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=2))
        return 0
    for jurisdiction in [code] if code else codes:
        _print_jurisdiction(jurisdiction, directory.of(jurisdiction), directory.notes.get(jurisdiction, ""))
    return 0


def _known_code(given: str, codes: list[str]) -> str:
    found = next((c for c in codes if c.casefold() == given.strip().casefold()), None)
    if found is None:
        raise InputError(
            _("The directory has no jurisdiction “{code}”.").format(code=given),
            [Problem("--jurisdiction", _("expected one of: {codes}").format(codes=", ".join(codes)))],
        )
    return found


def _print_jurisdiction(code: str, entries: list[DirectoryEntry], note: str) -> None:
    with_address = sum(1 for e in entries if e.address)
    print(
        ngettext(
            "{code}: {n} authority, {with_address} with an address",
            "{code}: {n} authorities, {with_address} with an address",
            len(entries),
        ).format(code=code, n=len(entries), with_address=with_address)
    )
    if note:
        print(f"  {note}")
    for entry in entries:
        flags = [entry.kind]
        if not entry.address:
            flags.append(_("no address"))
        if not entry.verified:
            flags.append(_("not verified"))
        place = f" · {entry.place}" if entry.place else ""
        print(f"  {entry.name}{place} [{', '.join(flags)}]")
        print(
            "    " + _("source: {source}; checked {day}").format(source=entry.source_text, day=entry.checked)
        )
    print()


# -- import -------------------------------------------------------------------------------------


def run_import(args: argparse.Namespace, env: Environment) -> int:
    from app.cases.records import ALL_ROWS
    from app.cli.store_access import open_cli_store
    from app.contract import MAX_INPUT_FILE, read_limited

    raw = read_limited(args.file, MAX_INPUT_FILE)
    rows = _rows(raw, args.file)
    codes = sorted(env.knowledge_base().jurisdictions)
    default = _known_code(args.jurisdiction, codes) if args.jurisdiction else ""
    authorities = _checked(rows, codes, default, args.file)
    store = open_cli_store(env)
    added = skipped = 0
    try:
        known: dict[str, set[tuple[str, ...]]] = {}
        for where, authority in authorities:
            if authority.jurisdiction not in known:
                stored = store.list_authorities(jurisdiction=authority.jurisdiction, page=ALL_ROWS)
                known[authority.jurisdiction] = {_identity(a) for a in stored}
            if _identity(authority) in known[authority.jurisdiction]:
                skipped += 1
                continue
            try:
                store.add_authority(authority)
            except InputError as exc:  # the store's own check of the contract, said for this entry
                raise InputError(
                    ngettext(
                        "Stopped at {entry}: {count} authority was added before it.",
                        "Stopped at {entry}: {count} authorities were added before it.",
                        added,
                    ).format(entry=where, count=added),
                    [Problem(f"{where}.{p.path}" if p.path else where, p.message) for p in exc.problems],
                ) from None
            known[authority.jurisdiction].add(_identity(authority))
            added += 1
    finally:
        store.close()
    log.info("authorities imported: %d added, %d skipped", added, skipped)
    print(
        ngettext("Added {n} authority from {file}.", "Added {n} authorities from {file}.", added).format(
            n=added, file=args.file
        )
    )
    if skipped:
        print(
            ngettext(
                "Skipped {n} entry already in the case store.",
                "Skipped {n} entries already in the case store.",
                skipped,
            ).format(n=skipped)
        )
    return 0


def _identity(authority: Authority) -> tuple[str, ...]:
    """Two entries are the same if every field a user sees is the same (an "exact duplicate")."""
    return (
        authority.jurisdiction,
        authority.name,
        authority.kind,
        authority.address,
        authority.email,
        authority.website,
        authority.notes,
    )


def _rows(raw: bytes, path: Path) -> list[tuple[str, object]]:
    """(where, entry) for each entry of a JSON or CSV file; ``where`` names it in messages."""
    from app.contract import loads_json

    try:
        text = raw.decode("utf-8-sig")  # a spreadsheet's CSV may start with a byte-order mark
    except UnicodeDecodeError:
        raise InputError(_("{file} is not UTF-8 text.").format(file=path)) from None
    if path.suffix.casefold() == ".json" or text.lstrip()[:1] in ("[", "{"):
        data = loads_json(text, str(path))
        if isinstance(data, dict) and set(data) == {"authorities"}:
            data = data["authorities"]
        if not isinstance(data, list):
            raise InputError(
                _("{file} must hold a list of authorities.").format(file=path),
                [Problem("", _('expected [ {…}, … ] or {"authorities": [ … ]}'))],
            )
        return [(_("entry {n}").format(n=i + 1), item) for i, item in enumerate(data)]
    return _csv_rows(text, path)


def _csv_rows(text: str, path: Path) -> list[tuple[str, object]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        rows: list[tuple[str, object]] = [
            (_("line {n}").format(n=reader.line_num), dict(row)) for row in reader
        ]
    except csv.Error as exc:
        raise InputError(
            _("{file} is not a valid CSV file.").format(file=path),
            [Problem(_("line {n}").format(n=reader.line_num), str(exc))],
        ) from None
    if reader.fieldnames is None:
        raise InputError(_("{file} is empty.").format(file=path))
    return rows


def _checked(
    rows: Iterable[tuple[str, object]], codes: list[str], default: str, path: Path
) -> list[tuple[str, Authority]]:
    """Every entry checked against the input contract; InputError naming entry and key otherwise."""
    problems: list[Problem] = []
    authorities: list[tuple[str, Authority]] = []
    for where, item in rows:
        found, authority = _entry(item, codes, default)
        label = where
        if isinstance(item, Mapping) and isinstance(item.get("name"), str) and item["name"].strip():
            label = f"{where} ({_short(item['name'])})"
        problems += [Problem(f"{label}.{key}" if key else label, message) for key, message in found]
        if authority is not None:
            authorities.append((label, authority))
    if not authorities and not problems:
        problems.append(Problem("", _("no authorities in the file")))
    if problems:
        raise InputError(_("Nothing was imported: {file} has errors.").format(file=path), problems)
    return authorities


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def _entry(item: object, codes: list[str], default: str) -> tuple[list[tuple[str, str]], Authority | None]:
    from app.cases.records import AUTHORITY_KINDS, Authority
    from app.contract import MAX_FREE_TEXT, MAX_LINE, text_problem

    if not isinstance(item, Mapping):
        return [("", _("must be an object with a name"))], None
    problems: list[tuple[str, str]] = []
    for key in sorted(set(item) - _IMPORT_KEYS, key=str):
        problems.append(
            (str(key), _("unknown key; expected one of: {keys}").format(keys=", ".join(sorted(_IMPORT_KEYS))))
        )
    values: dict[str, str] = {}
    limits = {"name": MAX_LINE, "jurisdiction": 64, "kind": 64, "address": MAX_FREE_TEXT}
    for key in _IMPORT_KEYS - _IGNORED_KEYS:
        value: Any = item.get(key)
        if value is None:
            value = ""
        if problem := text_problem(value, limits.get(key, MAX_LINE)):
            problems.append((key, problem))
            continue
        values[key] = value.strip()
    if "name" in values and not values["name"]:
        problems.append(("name", _("must not be empty")))
    jurisdiction = values.get("jurisdiction", "") or default
    code = next((c for c in codes if c.casefold() == jurisdiction.casefold()), None)
    if "jurisdiction" in values and code is None:
        problems.append(
            (
                "jurisdiction",
                _("unknown jurisdiction “{code}”; expected one of: {codes}").format(
                    code=jurisdiction, codes=", ".join(codes)
                )
                if jurisdiction
                else _("missing: give it in the file or with --jurisdiction"),
            )
        )
    kind = values.get("kind", "") or "police"
    if "kind" in values and kind not in AUTHORITY_KINDS:
        problems.append(
            (
                "kind",
                _("unknown kind “{kind}”; expected one of: {kinds}").format(
                    kind=kind, kinds=", ".join(AUTHORITY_KINDS)
                ),
            )
        )
    if values.get("portal") and values.get("website") and values["portal"] != values["website"]:
        problems.append(("website", _("give either portal or website, not two different addresses")))
    if problems:
        return problems, None
    assert code is not None
    return [], Authority(
        name=values["name"],
        jurisdiction=code,
        kind=kind,
        address=values["address"],
        email=values["email"],
        website=values["portal"] or values["website"],
        notes=values["notes"],
    )
