"""``habeas deadlines``: every open deadline and escalation window, overdue first.

habeas deadlines --within 7                  # what a clinic runs every morning
habeas deadlines --json                      # for scripts
habeas deadlines --ics --out habeas.ics      # calendar with alarms 7 days and 1 day before
habeas deadlines --today 2026-04-10          # a fixed "today" for scripts and tests
habeas deadlines --verbose                   # each deadline with its calculation
habeas deadlines --changes                   # what moved when the law data or a calendar changed

The list comes from the request states the store keeps (derived again first where stale), so it
costs one query; the calculation of each date is built only with --verbose.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.bootstrap import Environment
from app.errors import InputError
from app.i18n import _, ngettext

if TYPE_CHECKING:
    from app.cases.deadlines import Deadline
    from app.cases.service import DeadlineRow
    from app.cli.main import Subparsers

log = logging.getLogger(__name__)


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser(
        "deadlines", help=_("list open deadlines and escalation windows, overdue first")
    )
    parser.add_argument(
        "--within", metavar="DAYS", help=_("only those due within DAYS days (overdue always shown)")
    )
    parser.add_argument(
        "--verbose", action="store_true", help=_("with each deadline's calculation (slower for many cases)")
    )
    form = parser.add_mutually_exclusive_group()
    form.add_argument(
        "--changes",
        action="store_true",
        help=_("the deadlines that moved when the law data, a holiday schedule or Habeas changed"),
    )
    form.add_argument("--json", action="store_true", help=_("machine-readable output"))
    form.add_argument("--ics", action="store_true", help=_("iCalendar output with alarms"))
    parser.add_argument("--out", metavar="FILE", help=_("write to FILE instead of standard output"))
    parser.add_argument("--today", metavar="YYYY-MM-DD", help=_("today's date (for scripts and tests)"))
    parser.set_defaults(handler=run)


def _within(value: str | None) -> int | None:
    from app.contract import parse_number

    if value is None:
        return None
    return parse_number(value, "--within", 0, 36_500, _("Nothing was listed."))


def run(args: argparse.Namespace, env: Environment) -> int:
    from app.cli.request_cmd import casework_service, check_texts, parse_day

    days = _within(args.within)
    today = parse_day(args.today, "--today", _("Nothing was listed.")) or date.today()
    check_texts((("--out", args.out, 4_096),), _("Nothing was listed."))
    out = Path(args.out) if args.out else None
    if out is not None and not (out.parent if str(out.parent) else Path(".")).exists():
        raise InputError(_("The folder {folder} does not exist.").format(folder=out.parent))
    if args.changes:
        return _print_changes(env, today)
    with casework_service(env) as service:
        report = service.deadlines_explained(today, days) if args.verbose else service.deadlines(today, days)
        calendar = service.calendar(report.rows, today) if args.ics else b""
    rows, failed = report.rows, report.failed
    for request_id, reason in failed:
        print(
            _("Warning: the deadlines of request {id} cannot be computed: {reason}").format(
                id=request_id, reason=reason
            ),
            file=sys.stderr,
        )
    if args.ics:
        data = calendar
    elif args.json:
        data = (json.dumps([row_json(r, today) for r in rows], ensure_ascii=False, indent=2) + "\n").encode()
    else:
        data = ("\n".join(text_lines(rows, today, args.verbose)) + "\n").encode()
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        from app.files import write_atomically

        write_atomically(out, data)
        print(
            ngettext("{n} deadline written to {file}.", "{n} deadlines written to {file}.", len(rows)).format(
                n=len(rows), file=out
            )
        )
    return 1 if failed else 0  # a request whose deadlines are unknown must not pass unnoticed


def row_json(row: DeadlineRow, today: date) -> dict[str, Any]:
    d = row.deadline
    return {
        "request_id": d.request_id,
        "case_id": row.case_id,
        "jurisdiction": row.jurisdiction,
        "authority": row.authority,
        "key": d.key,
        "kind": d.kind,
        "title": d.title,
        "due": d.due.isoformat(),
        "start": d.start.isoformat(),
        "days_left": d.days_left(today),
        "overdue": d.is_overdue(today),
        "statutory": d.statutory,
        "provisional": d.provisional,
        "alternative": d.alternative.isoformat() if d.alternative else None,
        "rule_id": d.rule_id,
        "step_id": d.step_id,
        "step_kind": d.step_kind,
        "citations": list(d.citations),
        "flags": list(d.flags),
        "trace": list(d.trace),
    }


def _print_changes(env: Environment, today: date) -> int:
    """``--changes``: each kept deadline that moved, old -> new, and why."""
    from app.cli.request_cmd import casework_service

    with casework_service(env) as service:
        service.kept().refresh(today)
        changes = service.deadline_changes()
    if not changes:
        print(_("No deadline has moved."))
        return 0
    for c in changes:
        old = c.old_due.isoformat() if c.old_due else "-"
        new = c.new_due.isoformat() if c.new_due else "-"
        certain = (
            "  " + _("(now certain)") if c.old_provisional and not c.new_provisional and c.new_due else ""
        )
        print(
            _("request {rid} {key}: {old} -> {new}{certain} ({reason}; {when})").format(
                rid=c.request_id,
                key=c.key,
                old=old,
                new=new,
                certain=certain,
                reason=c.reason,
                when=c.changed.date().isoformat(),
            )
        )
    return 0


def text_lines(rows: Sequence[DeadlineRow], today: date, verbose: bool = False) -> list[str]:
    if not rows:
        return [_("No open deadlines.")]
    out = []
    for row in rows:
        d = row.deadline
        out.append(
            f"{d.due.isoformat()}  {when(d, today):<16}  "
            + _("request {rid} (case {case}) {code} {authority}: {title}").format(
                rid=d.request_id,
                case=row.case_id,
                code=row.jurisdiction,
                authority=row.authority or "-",
                title=d.title,
            )
        )
        if verbose:
            out += [f"      {t}" for t in (*d.flags, *d.trace)]
    return out


def when(d: Deadline, today: date) -> str:
    left = d.days_left(today)
    if d.is_overdue(today):
        return ngettext("OVERDUE {n} day", "OVERDUE {n} days", -left).format(n=-left)
    if left == 0:
        return _("today")
    return ngettext("in {n} day", "in {n} days", left).format(n=left)


def describe_deadline(d: Deadline, today: date, verbose: bool = False) -> list[str]:
    """A deadline with its calculation, for ``habeas request show``."""
    head = f"  {d.due.isoformat()}  {when(d, today)}  {d.title}"
    if d.rule_id:
        head += f"  [{d.rule_id}]"
    lines = [head]
    if d.alternative and str(d.kind) != "waiting":  # a waiting period's other reading is in the trace
        lines.append("      " + _("other reading: {day}").format(day=d.alternative.isoformat()))
    if verbose:
        lines += [f"      ! {f}" for f in d.flags]
        lines += [f"      {t}" for t in d.trace]
    return lines
