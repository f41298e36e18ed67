"""The response clock of one request: when it starts, when it stops, and how far it may be extended.

- Start: the day the authority received the request. How receipt is proved matters (OGI art 31):
  in person → the day of submission; registered mail → the day the organ signs for it; e-mail,
  online or fax → the day both sides confirm. Without proof the day of sending is used and the
  result is flagged as presumed (the earliest possible date, so nothing is missed).
- Stop-the-clock on a request for clarification or identity proof, as each law says: CN OGI art 30
  restarts the period from the supplemented request; DPA 2018 s.54(3C) (and UK GDPR art 12A [S])
  pauses it, including the one-month window for the s.54(3B) extension notice; FOIA
  § 552(a)(6)(A)(ii)(I) tolls it once. Elsewhere the clock keeps running, and the trace says so.
- Extension: a notice moves the due date within the rule's extension limit; one beyond the limit,
  one the law does not provide, a second one or a late one is flagged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.cases.lifecycle import RECEIPT_KINDS, ordered
from app.cases.records import RequestEvent
from app.contract import read_day
from app.i18n import _, ngettext
from app.law import ClockRule, DeadlineRule, DueDateResult, KnowledgeBase, Pause, Unit, due_date

log = logging.getLogger(__name__)


def rule_due(
    kb: KnowledgeBase,
    jurisdiction: str,
    start: date,
    rule: DeadlineRule,
    *,
    extended: bool = False,
    pauses: Sequence[Pause] = (),
    lang: str = "en",
) -> DueDateResult:
    """``app.law.due_date`` for a rule of ``kb``.

    Not memoised here: the law engine caches its calendars itself and notices a schedule file the
    user adds, which a cache at this level would hide (a deadline would stay provisional).
    """
    return due_date(jurisdiction, start, rule=rule, extended=extended, pauses=pauses, kb=kb, lang=lang)


@dataclass(frozen=True)
class Receipt:
    day: date
    presumed: bool
    explanation: str


@dataclass(frozen=True)
class ResponseClock:
    """The computed response deadline of the request stage, or why there is none (yet)."""

    result: DueDateResult | None  # None while the period is suspended (OGI art 30) or not started
    receipt: Receipt | None
    flags: tuple[str, ...]  # warnings the user must see (presumed receipt, late or excessive extension)
    notes: tuple[str, ...]  # how the events were applied (restart, pauses, extension)
    running_pause_since: date | None = None  # clock stopped and still stopped on ``today``


def find_receipt(events: Sequence[RequestEvent], restart_on_confirmation: bool) -> Receipt | None:
    """When the authority received the request, and how that is known (OGI art 31)."""
    evs = ordered(events)
    for e in evs:
        if e.kind in RECEIPT_KINDS:
            how = _method(e.receipt_method)
            return Receipt(
                e.date, False, _("Received on {day} ({how}).").format(day=e.date.isoformat(), how=how)
            )
    sent = next((e for e in evs if e.kind == "sent"), None)
    if sent is None:
        return None
    if sent.receipt_method == "in_person":
        return Receipt(
            sent.date,
            False,
            _("Handed in person on {day}: received that day (OGI art. 31).").format(
                day=sent.date.isoformat()
            ),
        )
    ack = next((e for e in evs if e.kind == "acknowledged"), None)
    if (
        restart_on_confirmation
        and ack is not None
        and sent.receipt_method in ("email", "portal", "fax", "other")
    ):
        # OGI art 31: online/fax applications are received the day both sides confirm receipt.
        return Receipt(
            ack.date,
            False,
            _("Sent by {how}; receipt confirmed on {day} (OGI art. 31).").format(
                how=_method(sent.receipt_method), day=ack.date.isoformat()
            ),
        )
    return Receipt(
        sent.date,
        True,
        _(
            "Receipt not proved: counted from the day the request was sent ({day}), "
            "the earliest possible start. Record the receipt (signature, confirmation) "
            "to count from the legal start."
        ).format(day=sent.date.isoformat()),
    )


def _method(method: str) -> str:
    from app.cases.records import RECEIPT_METHOD_LABELS

    return _(RECEIPT_METHOD_LABELS[method]) if method in RECEIPT_METHOD_LABELS else _("method not recorded")


def response_clock(
    kb: KnowledgeBase,
    jurisdiction: str,
    regime: str,
    rule: DeadlineRule,
    events: Sequence[RequestEvent],
    today: date,
    lang: str = "en",
) -> ResponseClock:
    """The request stage's due date after receipt, clarifications and extensions.

    What a request for clarification does is the regime's ``clock`` rule in the law data.
    """
    clock = kb.jurisdiction(jurisdiction).regimes[regime].clock
    mode = clock.mode if clock is not None else "none"
    basis = "; ".join(p.citation_in(lang) for p in clock.provisions) if clock is not None else ""
    receipt = find_receipt(events, restart_on_confirmation=(mode == "restart"))
    if receipt is None:
        return ResponseClock(None, None, (), (_("Not sent yet: no deadline runs."),))
    flags: list[str] = [receipt.explanation] if receipt.presumed else []
    notes: list[str] = [] if receipt.presumed else [receipt.explanation]
    start = receipt.day
    pauses: list[Pause] = []
    running: date | None = None
    asked: date | None = None
    tolled = 0
    for e in ordered(events):
        if e.date < receipt.day:
            continue
        if e.kind == "clarification_requested" and asked is None:
            asked = e.date
            if mode == "restart":
                flags += _late_request(kb, jurisdiction, clock, receipt.day, e.date, lang)
        elif e.kind == "clarification_given" and asked is not None:
            if mode == "restart":
                start = e.date
                notes.append(
                    _("{basis}: the period restarts from the supplemented request received on {day}.").format(
                        basis=basis, day=e.date.isoformat()
                    )
                )
            elif mode == "pause" or (mode == "toll_once" and tolled == 0):
                pauses.append(Pause(asked, e.date, "clarification"))
                tolled += 1
                notes.append(
                    _("{basis}: the clock stopped from {start} to {end}.").format(
                        basis=basis, start=asked.isoformat(), end=e.date.isoformat()
                    )
                )
            elif mode == "toll_once":
                flags.append(
                    _(
                        "{basis}: the period may be tolled only once for requested information; "
                        "the request of {day} did not stop the clock."
                    ).format(basis=basis, day=asked.isoformat())
                )
            else:
                notes.append(
                    _(
                        "The law applied here has no stop-the-clock rule: the clarification asked on "
                        "{day} did not stop the period."
                    ).format(day=asked.isoformat())
                )
            asked = None
    if asked is not None:
        if mode == "restart":
            notes.append(
                _(
                    "{basis}: the period is suspended until you supply what was asked on {day}; it then "
                    "starts again."
                ).format(basis=basis, day=asked.isoformat())
            )
            return ResponseClock(None, receipt, tuple(flags), tuple(notes), running_pause_since=asked)
        if mode == "pause" or (mode == "toll_once" and tolled == 0):
            running = asked
            pauses.append(Pause(asked, max(asked, today), "clarification"))
            notes.append(
                _(
                    "{basis}: the clock has been stopped since {day}; the due date moves on each day "
                    "until you reply."
                ).format(basis=basis, day=asked.isoformat())
            )
        elif mode == "none":
            notes.append(
                _(
                    "The law applied here has no stop-the-clock rule: the clarification asked on "
                    "{day} does not stop the period."
                ).format(day=asked.isoformat())
            )
    base = rule_due(kb, jurisdiction, start, rule, pauses=pauses, lang=lang)
    result, ext_flags, ext_notes = _apply_extensions(
        kb, jurisdiction, rule, start, pauses, base, events, lang
    )
    return ResponseClock(result, receipt, tuple(flags + ext_flags), tuple(notes + ext_notes), running)


def _late_request(
    kb: KnowledgeBase, jurisdiction: str, clock: ClockRule | None, received: date, asked: date, lang: str
) -> list[str]:
    """A request for supplementation later than the law allows (OGI art 30: 7 working days)."""
    if clock is None or clock.ask_within is None:
        return []
    limit = rule_due(kb, jurisdiction, received, clock.ask_within, lang=lang).due
    if asked <= limit:
        return []
    rule = clock.ask_within
    period = {
        Unit.WORKING_DAYS: ngettext("{n} working day", "{n} working days", rule.count),
        Unit.CALENDAR_DAYS: ngettext("{n} calendar day", "{n} calendar days", rule.count),
        Unit.MONTHS: ngettext("{n} month", "{n} months", rule.count),
    }[rule.unit].format(n=rule.count)
    return [
        _(
            "The request for supplementation came on {day}, after the {period} {basis} allows "
            "(last day {limit}); you may contest the restart."
        ).format(
            day=asked.isoformat(),
            period=period,
            basis="; ".join(p.citation_in(lang) for p in clock.provisions),
            limit=limit.isoformat(),
        )
    ]


def _apply_extensions(
    kb: KnowledgeBase,
    jurisdiction: str,
    rule: DeadlineRule,
    start: date,
    pauses: Sequence[Pause],
    base: DueDateResult,
    events: Sequence[RequestEvent],
    lang: str,
) -> tuple[DueDateResult, list[str], list[str]]:
    notices = [e for e in ordered(events) if e.kind == "extended"]
    if not notices:
        return base, [], []
    flags: list[str] = []
    notes: list[str] = []
    first = notices[0]
    if rule.extension_count is None:
        flags.append(
            _(
                "The authority announced an extension on {day}, but {rule} provides for none: the due date "
                "stays {due}."
            ).format(day=first.date.isoformat(), rule=rule.id, due=base.due.isoformat())
        )
        return base, flags, notes
    if first.date > base.due:
        # GDPR art 12(3), DPA s.54(3B): notice within the first period (paused under s.54(3C)(b)(ii)).
        flags.append(
            _(
                "The extension notice of {day} came after the original period ended on {due}; it may be "
                "invalid."
            ).format(day=first.date.isoformat(), due=base.due.isoformat())
        )
    for extra in notices[1:]:
        flags.append(
            _(
                "A further extension notice on {day}: the law allows one extension, up to the limit below."
            ).format(day=extra.date.isoformat())
        )
    lawful = rule_due(kb, jurisdiction, start, rule, extended=True, pauses=pauses, lang=lang)
    announced = _announced(notices)
    if announced is not None and announced > lawful.due:
        flags.append(
            _(
                "The authority set {announced}, beyond the legal limit of {limit} ({conditions}); "
                "the limit is used."
            ).format(
                announced=announced.isoformat(),
                limit=lawful.due.isoformat(),
                conditions=rule.text_in("extension_conditions", lang) or rule.id,
            )
        )
        return lawful, flags, notes
    if announced is not None and announced < lawful.due:
        notes.append(
            _("Extension announced until {day} (the legal limit would be {limit}).").format(
                day=announced.isoformat(), limit=lawful.due.isoformat()
            )
        )
        return _replace_due(lawful, announced), flags, notes
    notes.append(
        _("Extension notified on {day}: due date moved from {old} to {new}.").format(
            day=first.date.isoformat(), old=base.due.isoformat(), new=lawful.due.isoformat()
        )
    )
    return lawful, flags, notes


def _announced(notices: Sequence[RequestEvent]) -> date | None:
    """The latest date an extension notice names (event data ``until``), if any."""
    found: date | None = None
    for e in notices:
        value = e.data.get("until")
        day = read_day(value)  # ASCII YYYY-MM-DD; its range is checked with the events (deadlines.py)
        if day is not None:
            found = day if found is None else max(found, day)
    return found


def _replace_due(result: DueDateResult, day: date) -> DueDateResult:
    import dataclasses

    from app.law import TraceLine
    from app.law.trace import Rendered

    line = TraceLine("extension", _("Due as announced by the authority: {day}.").format(day=day.isoformat()))
    lines = Rendered((*result.trace, line), result.provisional_reason, "")
    return dataclasses.replace(result, due=day, alternative=None, facts=None, fixed=lines)


def days_late(due: date, today: date) -> int:
    return max(0, (today - due).days)


def day_after(day: date) -> date:
    return day + timedelta(days=1)
