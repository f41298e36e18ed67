"""``habeas deadline`` (count a period) and ``habeas law list|show`` (what the law data hold).

    habeas deadline --jurisdiction CN --working-days 20 --from 2026-02-05
    habeas deadline --rule CN-OGI-33 --extended --from 2026-02-05 --json
    habeas law show CN

The first line of ``deadline`` is the ISO due date alone, so scripts can read it with ``head -1``.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING

from app.bootstrap import Environment
from app.errors import InputError, Problem
from app.i18n import LANGUAGE_NAMES, _, current_language

if TYPE_CHECKING:
    from app.cli.main import Subparsers
    from app.law import DeadlineRule, Jurisdiction, Pause, Provision


def register(sub: Subparsers) -> None:
    deadline: argparse.ArgumentParser = sub.add_parser(
        "deadline", help=_("compute a legal deadline with holiday-aware calendars")
    )
    deadline.add_argument(
        "--jurisdiction", metavar="CODE", help=_("a jurisdiction of the law data ('habeas law list')")
    )
    period = deadline.add_mutually_exclusive_group(required=True)
    period.add_argument("--working-days", metavar="N", help=_("count N working days"))
    period.add_argument("--calendar-days", metavar="N", help=_("count N calendar days"))
    period.add_argument("--months", metavar="N", help=_("count N months"))
    period.add_argument("--rule", metavar="RULE_ID", help=_("apply a deadline rule from the law data"))
    deadline.add_argument(
        "--from",
        dest="start",
        metavar="YYYY-MM-DD",
        required=True,
        help=_("the triggering day (e.g. the day the request was received)"),
    )
    deadline.add_argument("--extended", action="store_true", help=_("apply the rule's extension"))
    deadline.add_argument(
        "--pause",
        action="append",
        default=[],
        metavar="START:END",
        help=_("days the clock stops, inclusive (repeatable), e.g. 2026-03-02:2026-03-06"),
    )
    deadline.add_argument(
        "--subdivision", metavar="CODE", help=_("region for holidays, e.g. a German Land (BY)")
    )
    deadline.add_argument("--json", action="store_true", help=_("machine-readable output"))
    deadline.set_defaults(handler=run_deadline)

    law: argparse.ArgumentParser = sub.add_parser(
        "law", help=_("show the law data: jurisdictions, routes, rules")
    )
    law_sub = law.add_subparsers(dest="law_command", metavar="ACTION", required=True)
    listing = law_sub.add_parser("list", help=_("list jurisdictions and regimes"))
    listing.set_defaults(handler=run_list)
    show = law_sub.add_parser(
        "show", help=_("show regimes, routes, citations and deadlines of a jurisdiction")
    )
    show.add_argument("code", metavar="CODE")
    show.set_defaults(handler=run_show)


def _parse_date(value: str, name: str) -> date:
    from app.contract import parse_day

    return parse_day(value, name, _("Invalid date."))


def _parse_count(value: str, name: str) -> int:
    from app.contract import parse_number
    from app.law.engine import MAX_COUNT

    return parse_number(value, name, 1, MAX_COUNT, _("Invalid count."))


def _parse_pause(value: str) -> Pause:
    from app.contract import MAX_LINE, text_problem
    from app.law import Pause

    parts = value.split(":", 2)
    if len(parts) < 2:
        raise InputError(
            _("Invalid pause."), [Problem("--pause", _("use START:END, e.g. 2026-03-02:2026-03-06"))]
        )
    start, end = _parse_date(parts[0], "--pause"), _parse_date(parts[1], "--pause")
    if end < start:
        raise InputError(_("Invalid pause."), [Problem("--pause", _("the end is before the start"))])
    reason = parts[2] if len(parts) > 2 else ""
    problem = text_problem(reason, MAX_LINE)
    if problem:
        raise InputError(_("Invalid pause."), [Problem("--pause", problem)])
    return Pause(start, end, reason)


def _check_code(value: str | None, name: str) -> None:
    """A jurisdiction, rule or subdivision code: short valid text (quoted in messages)."""
    from app.contract import MAX_CODE, text_problem

    problem = text_problem(value, MAX_CODE) if value is not None else None
    if problem:
        raise InputError(_("Nothing was computed."), [Problem(name, problem)])


def run_deadline(args: argparse.Namespace, env: Environment) -> int:
    from app.law import Unit, due_date

    for value, name in (
        (args.jurisdiction, "--jurisdiction"),
        (args.rule, "--rule"),
        (args.subdivision, "--subdivision"),
    ):
        _check_code(value, name)
    start = _parse_date(args.start, "--from")
    pauses = [_parse_pause(p) for p in args.pause]
    kb = env.knowledge_base()
    rule = None
    count: int | None = None
    unit: Unit | None = None
    if args.rule:
        # A bare rule id is looked up in --jurisdiction first (ids are local to their law folder).
        rule = kb.rule(
            args.rule, within=kb.jurisdiction(args.jurisdiction).code if args.jurisdiction else None
        )
        owner = kb.rule_jurisdictions[rule.key]
        if args.jurisdiction and kb.jurisdiction(args.jurisdiction).code != owner:
            raise InputError(
                _("The rule {rule} belongs to {code}, not {other}.").format(
                    rule=rule.id, code=owner, other=args.jurisdiction
                )
            )
        jurisdiction = owner
    else:
        if not args.jurisdiction:
            raise InputError(_("Give --jurisdiction, one of: {codes}.").format(codes=", ".join(kb.codes)))
        jurisdiction = kb.jurisdiction(args.jurisdiction).code
        if args.extended:
            raise InputError(_("--extended needs --rule."))
        for option, value, candidate in (
            ("--working-days", args.working_days, Unit.WORKING_DAYS),
            ("--calendar-days", args.calendar_days, Unit.CALENDAR_DAYS),
            ("--months", args.months, Unit.MONTHS),
        ):
            if value is not None:
                count, unit = _parse_count(value, option), candidate
    lang = current_language()
    result = due_date(
        jurisdiction,
        start,
        count=count,
        unit=unit,
        rule=rule,
        extended=args.extended,
        pauses=pauses,
        kb=kb,
        lang=lang,
        subdivision=args.subdivision,
    )
    if args.json:
        payload = {
            "jurisdiction": jurisdiction,
            "start": start.isoformat(),
            "due": result.due.isoformat(),
            "provisional": result.provisional,
            "provisional_reason": result.provisional_reason,
            "alternative": result.alternative.isoformat() if result.alternative else None,
            "alternative_reason": result.alternative_reason,
            "statutory": result.statutory,
            "rule": result.rule_id,
            "extended": args.extended,
            "trace": [{"kind": line.kind, "text": line.text} for line in result.trace],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(result.due.isoformat())
    for line in result.explain():
        print(line)
    return 0


def run_list(args: argparse.Namespace, env: Environment) -> int:
    kb = env.knowledge_base()
    lang = current_language()
    for j in kb.jurisdictions.values():
        print(
            f"{j.code}  {_jurisdiction_name(j, lang)}  "
            + _("letters in {lang}, {paper}").format(
                lang=LANGUAGE_NAMES.get(j.letter_language, j.letter_language), paper=j.paper
            )
        )
        for regime in j.regimes.values():
            rights = ", ".join(kb.rights(j.code, regime.id))
            print(f"    {regime.id}: {regime.text_in('name', lang)}")
            print("        " + _("rights: {rights}").format(rights=rights))
    return 0


def run_show(args: argparse.Namespace, env: Environment) -> int:
    _check_code(args.code, "CODE")
    kb = env.knowledge_base()
    j = kb.jurisdiction(args.code)
    lang = current_language()
    out: list[str] = [f"{j.code}  {_jurisdiction_name(j, lang)}"]
    if j.notes:
        out.append(f"  {j.text_in('notes', lang)}")
    out.append(_("Contexts:"))
    for ctx in j.contexts.values():
        out.append(f"  {ctx.id} -> {', '.join(ctx.regimes)}: {ctx.text_in('label', lang)}")
    for regime in j.regimes.values():
        out.append("")
        out.append(_("Regime {id}: {name}").format(id=regime.id, name=regime.text_in("name", lang)))
        out.append("  " + _("Question: {question}").format(question=regime.text_in("question", lang)))
        for right in kb.rights(j.code, regime.id):
            route = kb.route(j.code, regime.id, right)
            out.append(f"  [{right}]")
            for p in route.provisions:
                validity = _validity(p)
                out.append(
                    f"    {p.citation_in(j.letter_language)} | {p.citation_en} [{p.confidence}]{validity}"
                )
            for p in route.fallback_provisions:
                out.append(
                    "    "
                    + _("fallback: {citation} [{tag}]").format(citation=p.citation_en, tag=p.confidence)
                )
            out.append("    " + _("deadline: {rule}").format(rule=_rule_text(route.deadline)))
            out.append("    " + _("silence: {text}").format(text=route.text_in("silence", lang)))
            for step in route.escalation:
                window = _rule_text(step.deadline) if step.deadline else _("no deadline")
                out.append(f"    -> {step.kind}: {step.text_in('name', lang)} ({window})")
    print("\n".join(out))
    return 0


def _jurisdiction_name(j: Jurisdiction, lang: str) -> str:
    """The name in the UI language, with the original where it differs ("Germany (Deutschland)")."""
    name: str = j.text_in("name_en", lang)
    return name if j.name_original in ("", name) else f"{name} ({j.name_original})"


def _validity(provision: Provision) -> str:
    """Validity worth showing: an end date, or a start later than the instrument's own."""
    if provision.valid_to is not None:
        return " " + _("(cite only up to {date})").format(date=provision.valid_to.isoformat())
    if provision.valid_from is not None and provision.valid_from != provision.instrument.in_force_from:
        return " " + _("(from {date})").format(date=provision.valid_from.isoformat())
    return ""


def _rule_text(rule: DeadlineRule) -> str:
    unit = {"working_days": _("working days"), "calendar_days": _("calendar days"), "months": _("months")}
    text = f"{rule.id}: {rule.count} {unit[rule.unit]}"
    if rule.extension_count and rule.extension_unit is not None:
        text += " " + _("(+{n} {unit} extension)").format(
            n=rule.extension_count, unit=unit[rule.extension_unit]
        )
    if not rule.statutory:
        text += " " + _("[reference period, not statutory]")
    return f"{text} [{rule.confidence}]"
