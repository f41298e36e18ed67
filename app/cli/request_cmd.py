"""``habeas request add|event|show``: requests and their events, headless, for clinics' scripts.

    habeas request add --input request.json          # prints the new request's id alone on line 1
    habeas request event 12 sent --date 2026-03-02 --method registered-mail --reference RR123456789CN
    habeas request event 12 extended --date 2026-03-20 --until 2026-04-28
    habeas request event 12 refused --date 2026-04-02 --reply reply.json
    habeas request show 12 [--today 2026-04-10]

Bad ids, kinds, dates or files: a clear message, exit 2, nothing recorded.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.bootstrap import Environment
from app.errors import HabeasError, InputError, Problem
from app.i18n import N_, _, current_language

if TYPE_CHECKING:
    from app.cases.deadlines import AvailableStep, Deadline
    from app.cases.records import Authority, Request, RequestEvent
    from app.cases.service import RequestOverview
    from app.cli.main import Subparsers
    from app.law import KnowledgeBase
    from app.services import CaseworkService

log = logging.getLogger(__name__)

# How ``overview_lines`` shows one deadline: (deadline, today, verbose) -> indented lines.
DescribeDeadline = Callable[["Deadline", date, bool], list[str]]


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("request", help=_("add requests, record their events, show their status"))
    sub = parser.add_subparsers(dest="request_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help=_("store a request from a JSON request (the letter input format)"))
    add.add_argument(
        "--input", "-i", required=True, metavar="FILE", help=_("the request as JSON ('-' for stdin)")
    )
    add.add_argument(
        "--with-letter",
        action="store_true",
        help=_("also compose the request letter and keep it with the case (for the dossier)"),
    )
    add.set_defaults(handler=run_add)

    event = sub.add_parser("event", help=_("record what happened to a request"))
    event.add_argument("id", metavar="ID", help=_("the request id"))
    event.add_argument(
        "kind",
        metavar="KIND",
        help=_(
            "sent, delivered, received, acknowledged, extended, clarification-requested, "
            "clarification-given, answered, granted, partly-granted, refused, no-data, withdrawn, closed; "
            "the filing of an escalation step (reminder-sent, complaint-filed, reconsideration-filed, "
            "objection-filed, appeal-filed, review-filed, court-filed, indirect-access-requested) with "
            "--step; a decision on a filed step: decision-received --step STEP_ID --outcome OUTCOME"
        ),
    )
    event.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=_("when it happened"))
    event.add_argument("--note", default="", help=_("a short note (kept in the store only)"))
    event.add_argument(
        "--method",
        default="",
        metavar="METHOD",
        help=_("how it was sent or received: registered-mail, email, in-person, portal, fax, other"),
    )
    event.add_argument(
        "--reference", default="", help=_("registered-mail number, message id, receipt number")
    )
    event.add_argument(
        "--until", metavar="YYYY-MM-DD", help=_("extension: the new date the authority announced")
    )
    event.add_argument("--reply", metavar="FILE", help=_("answer: the reply in structure, as JSON"))
    event.add_argument(
        "--step",
        default="",
        metavar="STEP_ID",
        help=_("a filing or a decision: the escalation step, as 'habeas request show' lists it"),
    )
    event.add_argument(
        "--outcome",
        default="",
        metavar="OUTCOME",
        help=_("a decision: granted, refused or partly-granted"),
    )
    event.add_argument("--today", metavar="YYYY-MM-DD", help=_("today's date (for scripts and tests)"))
    event.set_defaults(handler=run_event)

    letter = sub.add_parser(
        "letter", help=_("write the letter of an escalation step (reminder, complaint...)")
    )
    letter.add_argument("id", metavar="ID", help=_("the request id"))
    letter.add_argument("step", metavar="STEP", help=_("the step id shown by 'habeas request show'"))
    letter.add_argument("--out", "-o", required=True, metavar="FILE.pdf", help=_("the PDF to write"))
    letter.add_argument("--to-name", default="", help=_("the addressee (complaint body, reviewing body...)"))
    letter.add_argument(
        "--to-address", default="", help=_("the addressee's address (lines separated by '\\n')")
    )
    letter.add_argument("--date", metavar="YYYY-MM-DD", help=_("the letter's date (default: today)"))
    letter.add_argument(
        "--defendant", default="", help=_("court action: the defendant (the authority's legal entity)")
    )
    letter.add_argument(
        "--represented-by", default="", help=_("court action: who represents the defendant (optional)")
    )
    letter.add_argument(
        "--complaint-reference",
        default="",
        help=_("the complaint body's reference (default: the reference recorded with the complaint)"),
    )
    facts = letter.add_mutually_exclusive_group()
    facts.add_argument(
        "--facts", default="", help=_("the facts this letter states (for the body it goes to)")
    )
    facts.add_argument(
        "--facts-file", metavar="FILE", help=_("the facts this letter states, from a text file")
    )
    letter.set_defaults(handler=run_letter)

    show = sub.add_parser("show", help=_("status, events, deadlines with their calculation, next steps"))
    show.add_argument("id", metavar="ID", help=_("the request id"))
    show.add_argument("--today", metavar="YYYY-MM-DD", help=_("today's date (for scripts and tests)"))
    show.add_argument("--json", action="store_true", help=_("machine-readable output"))
    show.set_defaults(handler=run_show)

    listing = sub.add_parser("list", help=_("every request with its status and next deadline"))
    listing.add_argument("--today", metavar="YYYY-MM-DD", help=_("today's date (for scripts and tests)"))
    listing.add_argument("--json", action="store_true", help=_("machine-readable output"))
    listing.set_defaults(handler=run_list)


def parse_day(value: str | None, option: str, failure: str | None = None) -> date | None:
    """A date option (YYYY-MM-DD, ASCII digits, within the contract's range), None when not given.

    ``failure``: the headline of the error, what the command did not do ("Nothing was listed.");
    by default "Nothing was changed.", which only a command that writes may say.
    """
    from app.contract import parse_day as parse_contract_day

    return None if value is None else parse_contract_day(value, option, failure)


def parse_id(value: str, option: str = "ID", failure: str | None = None) -> int:
    """An id typed in ASCII digits, from 1 to the contract's largest id (``failure`` as above)."""
    from app.contract import parse_id as parse_contract_id

    return parse_contract_id(value, option, failure)


def check_texts(values: Iterable[tuple[str, str | None, int]], failure: str | None = None) -> None:
    """Text options (option name, value, longest length): InputError listing each one that is not
    acceptable text (too long, a NUL, a lone surrogate from undecodable bytes in argv)."""
    from app.contract import text_problem

    problems = [
        Problem(option, problem)
        for option, value, limit in values
        if value is not None and (problem := text_problem(value, limit))
    ]
    if problems:
        raise InputError(failure or _("Nothing was changed."), problems)


@contextmanager
def casework_service(
    env: Environment, kb: KnowledgeBase | None = None, *, failure: str | None = None
) -> Iterator[CaseworkService]:
    """The casework service on the environment's store and law data; the store is closed afterwards.

    ``failure``: for a command that does not write to the store, the headline of "there is no
    request with id 9" ("Nothing to show."), instead of the store's "Nothing was saved.".
    """
    from app.cli.store_access import open_cli_store
    from app.services import CaseworkService
    from app.store import NotFoundError

    kb = kb if kb is not None else env.knowledge_base()
    store = open_cli_store(env)
    try:
        yield CaseworkService(store, kb)
    except NotFoundError as exc:
        if failure is None:
            raise
        raise NotFoundError(failure, exc.problems) from None
    finally:
        store.close()


def run_add(args: argparse.Namespace, env: Environment) -> int:
    from app.cases.draft import RequestDraft
    from app.cli.letter_cmd import read_request

    kb = env.knowledge_base()
    draft = RequestDraft.from_json(read_request(args.input), kb)  # every problem listed; nothing stored
    with casework_service(env, kb) as service:
        # With --with-letter the letter is composed before anything is stored.
        request = service.open_case([draft], with_letters=args.with_letter).requests[0]
        # Said the moment it is stored, flushed, before the store is closed: stdout to a pipe is
        # buffered until exit, and a script killed or timed out in between would not learn the id
        # of a request that is stored, and would add it again.
        print(request.id, flush=True)
    print(
        _(
            "Request {id} stored in case {case} ({code}, {regime}, {right}). Record its events with "
            "'habeas request event {id} sent --date YYYY-MM-DD'."
        ).format(
            id=request.id,
            case=request.case_id,
            code=request.jurisdiction,
            regime=request.regime,
            right=", ".join(request.rights),
        )
    )
    return 0


def run_event(args: argparse.Namespace, env: Environment) -> int:
    from app.cases.lifecycle import status_label
    from app.cases.replies import parse_reply
    from app.cli.letter_cmd import read_request
    from app.contract import MAX_CODE, MAX_FREE_TEXT

    request_id = parse_id(args.id)
    check_texts(
        (
            ("KIND", args.kind, MAX_CODE),
            ("--note", args.note, MAX_FREE_TEXT),
            ("--method", args.method, MAX_CODE),
            ("--reference", args.reference, 128),  # the stored column's length
            ("--step", args.step, MAX_CODE),
            ("--outcome", args.outcome, MAX_CODE),
        )
    )
    day = parse_day(args.date, "--date")
    assert day is not None
    until = parse_day(args.until, "--until")
    today = parse_day(args.today, "--today") or date.today()
    reply = parse_reply(read_request(args.reply)) if args.reply else None
    with casework_service(env) as service:
        event = service.record_event(
            request_id,
            args.kind,
            day,
            today=today,
            note=args.note,
            method=args.method,
            reference=args.reference,
            until=until,
            reply=reply,
            step=args.step,
            outcome=args.outcome,
        )
        # Said as soon as it is stored (flushed: a pipe buffers until exit), before the status is
        # derived, so a script that is stopped in between still learns what was recorded.
        print(
            _("Event {event} recorded: {kind} on {day}.").format(
                event=event.id, kind=event.kind.replace("_", "-"), day=day.isoformat()
            ),
            flush=True,
        )
        overview = service.overview(request_id, today)
    print(_("Status: {status}").format(status=status_label(overview.state.status)))
    if overview.state.deadlines:
        first = overview.state.deadlines[0]
        print(_("Next deadline: {due} {title}").format(due=first.due.isoformat(), title=first.title))
    return 0


def _facts(args: argparse.Namespace) -> str:
    """``--facts`` or the text of ``--facts-file`` (UTF-8); a file that cannot be read is bad input."""
    from app.contract import MAX_FREE_TEXT, read_limited

    if not args.facts_file:
        return str(args.facts)
    try:
        # A little more than the limit is read, so a text that is too long is reported as such.
        return read_limited(Path(args.facts_file), 4 * MAX_FREE_TEXT + 4).decode("utf-8")
    except (InputError, UnicodeDecodeError) as exc:
        reason = str(exc) if isinstance(exc, InputError) else type(exc).__name__
        raise InputError(
            _("Nothing was written."),
            [Problem("--facts-file", _("cannot be read: {reason}").format(reason=reason))],
        ) from None


def run_letter(args: argparse.Namespace, env: Environment) -> int:
    """Compose, render and keep the letter of an escalation step (nothing is kept if it fails)."""
    from app.cases.draft import Authority as DraftAuthority
    from app.contract import MAX_CODE, MAX_FREE_TEXT, MAX_LINE, lines_problem
    from app.files import write_atomically

    request_id = parse_id(args.id, failure=_("Nothing was written."))
    day = parse_day(args.date, "--date", _("Nothing was written.")) or date.today()
    facts = _facts(args)
    check_texts(
        (
            ("STEP", args.step, MAX_CODE),
            ("--to-name", args.to_name, MAX_LINE),
            ("--to-address", args.to_address, 2_000),
            ("--defendant", args.defendant, MAX_LINE),
            ("--represented-by", args.represented_by, MAX_LINE),
            ("--complaint-reference", args.complaint_reference, MAX_CODE),
            ("--facts-file" if args.facts_file else "--facts", facts, MAX_FREE_TEXT),
            ("--out", args.out, 4_096),
        ),
        _("Nothing was written."),
    )
    if too_many := lines_problem(facts):
        raise InputError(
            _("Nothing was written."), [Problem("--facts-file" if args.facts_file else "--facts", too_many)]
        )
    out = Path(args.out)
    if not (out.parent if str(out.parent) else Path(".")).exists():
        raise InputError(_("The folder {folder} does not exist.").format(folder=out.parent))
    addressee = None
    if args.to_name.strip():
        addressee = DraftAuthority(
            name=args.to_name.strip(), address=args.to_address.replace("\\n", "\n").strip()
        )
    court = {
        "defendant": args.defendant,
        "defendant_representative": args.represented_by,
        "complaint_reference": args.complaint_reference,
        "step_facts": facts,
    }
    with casework_service(env, failure=_("Nothing was written.")) as service:
        letter = service.escalation_letter(request_id, args.step, day, addressee, court)
        write_atomically(out, letter.pdf)  # kept only once the file is written
        service.store_letter(letter)
    print(_("Letter written to {path}").format(path=out))
    return 0


def run_show(args: argparse.Namespace, env: Environment) -> int:
    from app.cli.deadlines_cmd import describe_deadline

    request_id = parse_id(args.id, failure=_("Nothing to show."))
    today = parse_day(args.today, "--today", _("Nothing to show.")) or date.today()
    with casework_service(env, failure=_("Nothing to show.")) as service:
        kb = service.kb
        try:
            overview = service.overview(request_id, today)
        except InputError:
            raise
        except HabeasError as exc:
            # Stored data Habeas cannot use (an event dated 9999-12-20 put in by hand, a route the
            # law data no longer have): show what is stored, and why there are no deadlines.
            print("\n".join(stored_lines(service, request_id, kb)))
            raise InputError(
                _("The deadlines of this request cannot be computed."), [Problem("", str(exc))]
            ) from None
    if args.json:
        print(json.dumps(overview_json(overview, today), ensure_ascii=False, indent=2))
        return 0
    print("\n".join(overview_lines(overview, today, describe_deadline, kb)))
    return 0


def overview_json(overview: RequestOverview, today: date) -> dict[str, object]:
    """``request show --json``: the request's status, open deadlines and escalation steps."""
    req, state = overview.request, overview.state
    return {
        "id": req.id,
        "case_id": req.case_id,
        "jurisdiction": req.jurisdiction,
        "regime": req.regime,
        "rights": list(req.rights),
        "status": str(state.status),
        "overdue": str(state.overdue),
        "deadlines": [
            {
                "key": d.key,
                "kind": str(d.kind),
                "title": d.title,
                "due": d.due.isoformat(),
                "overdue": d.is_overdue(today),
                "provisional": d.provisional,
                "alternative": d.alternative.isoformat() if d.alternative else None,
                "rule": d.rule_id,
                "step": d.step_id,
            }
            for d in state.deadlines
        ],
        "steps": [
            {
                "id": s.step.id,
                "kind": s.step.kind,
                "name": s.step.text_in("name", current_language()),
                "state": str(s.state),
                "opens": s.opens.isoformat() if s.opens else None,
                "closes": s.closes.isoformat() if s.closes else None,
                "filed": s.filed_on.isoformat() if s.filed_on else None,
                "decision_due": s.answer.due.isoformat() if s.answer else None,
                "decided": s.decided_on.isoformat() if s.decided_on else None,
                "outcome": s.outcome or None,
                "provisional": s.provisional,
            }
            for s in state.steps
        ],
        "notices": list(state.notices),
    }


def run_list(args: argparse.Namespace, env: Environment) -> int:
    today = parse_day(args.today, "--today", _("Nothing was listed.")) or date.today()
    with casework_service(env, failure=_("Nothing was listed.")) as service:
        report, failed = _overviews(service, today)
    for request_id, reason in failed:
        print(
            _("Warning: request {id} cannot be shown: {reason}").format(id=request_id, reason=reason),
            file=sys.stderr,
        )
    if args.json:
        rows = [
            {
                "id": o.request.id,
                "case_id": o.request.case_id,
                "jurisdiction": o.request.jurisdiction,
                "rights": list(o.request.rights),
                "authority": o.authority.name.split("\n")[0] if o.authority else None,
                "status": str(o.state.status),
                "overdue": str(o.state.overdue),
                "next_due": o.state.deadlines[0].due.isoformat() if o.state.deadlines else None,
            }
            for o in report
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    from app.cases.lifecycle import status_label

    for o in report:
        due = o.state.deadlines[0].due.isoformat() if o.state.deadlines else "-"
        authority = o.authority.name.split("\n")[0] if o.authority else "-"
        print(
            f"{o.request.id:>5}  {o.request.jurisdiction:<7} {', '.join(o.request.rights):<12} "
            f"{status_label(o.state.status):<28} {due:<10}  {authority}"
        )
    if not report and not failed:
        print(_("No requests yet."))
    return 1 if failed else 0  # like ``habeas deadlines``: a request that cannot be read must not pass


def _overviews(service: CaseworkService, today: date) -> tuple[list[RequestOverview], list[tuple[int, str]]]:
    """Every request's overview in id order, and (id, reason) for each that cannot be derived (stored
    data outside the input contract, law data that no longer has its route): the others are listed."""
    from app.cases.records import ALL_ROWS
    from app.errors import HabeasError

    found: list[RequestOverview] = []
    failed: list[tuple[int, str]] = []
    for request in service.store.list_requests(page=ALL_ROWS):
        if not request.id:
            continue
        try:
            found.append(service.overview(request.id, today))
        except HabeasError as exc:
            log.warning("request %s cannot be shown: %s", request.id, type(exc).__name__)
            failed.append((request.id, str(exc)))
    return found, failed


def stored_lines(service: CaseworkService, request_id: int, kb: KnowledgeBase) -> list[str]:
    """The request and its events as stored, for a request whose deadlines cannot be derived."""
    request = service.store.get_request(request_id)
    authority = service.store.get_authority(request.authority_id) if request.authority_id else None
    return [_title_line(request, authority), "", *_event_lines(service.store.list_events(request_id), kb)]


def _title_line(req: Request, authority: Authority | None) -> str:
    from app.cases.service import one_line

    return _("Request {id} (case {case}): {code} · {regime} · {rights} · {authority}").format(
        id=req.id,
        case=req.case_id,
        code=req.jurisdiction,
        regime=req.regime,
        rights=", ".join(req.rights),
        authority=one_line(authority.name) if authority else "-",
    )


def _event_lines(events: Sequence[RequestEvent], kb: KnowledgeBase) -> list[str]:
    from app.cases.lifecycle import event_label
    from app.cases.records import RECEIPT_METHOD_LABELS

    out = [_("Events:")]
    for e in events:
        how = _(RECEIPT_METHOD_LABELS[e.receipt_method]) if e.receipt_method in RECEIPT_METHOD_LABELS else ""
        extra = ", ".join(x for x in (how, e.receipt_reference, e.note) if x)
        label = event_label(e.kind, kb)
        out.append(f"  {e.date.isoformat()}  {label}" + (f"  ({extra})" if extra else ""))
    if not events:
        out.append("  " + _("none yet"))
    return out


def overview_lines(
    overview: RequestOverview, today: date, describe: DescribeDeadline, kb: KnowledgeBase
) -> list[str]:
    from app.cases.lifecycle import Overdue, overdue_label, status_label

    req, state = overview.request, overview.state
    out = [_title_line(req, overview.authority)]
    status = status_label(state.status)
    if state.overdue is not Overdue.NO:
        status += f" ({overdue_label(state.overdue)})"
    out += [_("Status: {status}").format(status=status), ""]
    out += _event_lines(overview.events, kb)
    out += ["", _("Open deadlines:")]
    for d in state.deadlines:
        out += describe(d, today, True)
    if not state.deadlines:
        out.append("  " + _("none"))
    if state.steps:
        out += ["", _("Escalation steps:")]
        for s in state.steps:
            name = s.step.text_in("name", current_language())
            dates = step_dates(s)
            out.append(
                f"  [{step_state_label(str(s.state))}] {s.step.id}: {name}" + (f" — {dates}" if dates else "")
            )
            out.append("      " + "; ".join(p.citation_in(current_language()) for p in s.step.provisions))
    if overview.suggestions:
        out += ["", _("Suggested next steps:")]
        for sug in overview.suggestions:
            out.append(f"  - {sug.title}: {sug.reason}")
    if state.notices:
        out += ["", _("Notices:")]
        out += [f"  ! {n}" for n in state.notices]
    return out


STEP_STATE_LABELS: dict[str, str] = {
    "waiting": N_("waiting"),
    "open": N_("open"),
    "filed": N_("filed"),
    "decided": N_("decided"),
    "lapsed": N_("lapsed"),
    "closed": N_("closed"),
}


def step_state_label(state: str) -> str:
    return _(STEP_STATE_LABELS[state]) if state in STEP_STATE_LABELS else state


def step_dates(s: AvailableStep) -> str:
    """When a step opens or must be filed, when it was filed, when its decision is due or came."""
    parts = []
    if s.decided_on is not None:
        parts.append(_("decided {day}").format(day=s.decided_on.isoformat()))
    elif s.answer is not None:
        parts.append(_("decision due {day}").format(day=s.answer.due.isoformat()))
    elif s.state == "waiting" and s.opens is not None:
        parts.append(_("possible from {day}").format(day=s.opens.isoformat()))
    elif s.closes is not None:
        parts.append(_("file by {day}").format(day=s.closes.isoformat()))
    if s.filed_on is not None:
        parts.append(_("filed {day}").format(day=s.filed_on.isoformat()))
    return ", ".join(parts)
