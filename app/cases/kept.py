"""A request's derived state as the store keeps it, so lists need no recomputation.

``request_state`` derives a request's status and deadlines from its events, the law and the day;
the store keeps the result with two facts that say when it must be derived again:
``valid_until`` (the first day it may change without a new event: a due date passes, a waiting
period ends, a window closes) and ``fingerprint`` (the law data, the holiday calendars and the app
version it was computed with). The dashboard and ``habeas deadlines`` read kept states; a missing,
expired or foreign one is derived again first, and what moved is recorded. Pure: no Qt, no SQL.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from app.cases.deadlines import Deadline, RequestState, deadline_title, request_state
from app.cases.lifecycle import VERY_OVERDUE_DAYS, derive_status
from app.cases.records import Request, RequestEvent
from app.errors import HabeasError
from app.i18n import _
from app.law import DeadlineKind, KnowledgeBase
from app.law.calendars import schedule_files_state

log = logging.getLogger(__name__)

# A state with no date ahead stays valid until an event or a change of the law data.
NEVER = date(9999, 12, 31)


@dataclass(frozen=True)
class KeptDeadline:
    """A dated deadline without its text: titles, citations and traces are built when shown."""

    request_id: int
    key: str
    kind: str
    due: date
    start: date
    statutory: bool
    provisional: bool
    alternative: date | None
    rule_id: str | None
    step_id: str | None
    step_kind: str | None

    def is_overdue(self, today: date) -> bool:
        return self.kind != DeadlineKind.WAITING and today > self.due


@dataclass(frozen=True)
class KeptState:
    request_id: int
    status: str
    overdue: str
    next_due: date | None
    computed_for: date
    valid_until: date
    fingerprint: str
    failure: str  # why the deadlines cannot be computed ("" when they can)
    deadlines: tuple[KeptDeadline, ...]


def fingerprint(kb: KnowledgeBase, version: str) -> str:
    """What kept states depend on besides the events: ``law-calendars-version`` (each part hashed),
    so a change can be told apart ("China's 2027 holiday schedule added")."""
    calendars = hashlib.sha256()
    for code in kb.codes:
        calendars.update(repr(schedule_files_state(kb.user_calendars_dir, code)).encode())
    calendars.update(_package_versions().encode())
    return f"{kb.data_fingerprint[:20]}-{calendars.hexdigest()[:20]}-{version}"[:64]


@cache
def _package_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = []
    for package in ("holidays", "chinesecalendar"):
        try:
            parts.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}=?")
    return ",".join(parts)


def change_reason(old: str, new: str) -> str:
    """Why kept deadlines were derived again, from the parts of the two fingerprints."""
    old_parts, new_parts = [*old.split("-", 2), "", ""][:3], [*new.split("-", 2), "", ""][:3]
    reasons = []
    if old_parts[0] != new_parts[0]:
        reasons.append(_("the law data changed"))
    if old_parts[1] != new_parts[1]:
        reasons.append(_("the holiday schedules changed"))
    if old_parts[2] != new_parts[2]:
        reasons.append(_("Habeas was updated to {version}").format(version=new_parts[2]))
    return "; ".join(reasons) or _("recomputed")


def keep(
    kb: KnowledgeBase, request: Request, events: Sequence[RequestEvent], today: date, print_: str
) -> KeptState:
    """The state of ``request`` on ``today``, to keep, with the day it stops being valid."""
    rid = request.id or 0
    try:
        state = request_state(kb, request, events, today)
    except HabeasError as exc:  # never silently dropped: kept as a failure, tried again tomorrow
        log.warning("deadlines of request %s cannot be computed: %s", rid, type(exc).__name__)
        # The status needs no law data: lists show it even when the dates cannot be computed.
        status = str(derive_status(events))
        return KeptState(rid, status, "no", None, today, today + timedelta(days=1), print_, str(exc), ())
    deadlines = tuple(_kept(d) for d in state.deadlines)
    return KeptState(
        rid,
        str(state.status),
        str(state.overdue),
        min((d.due for d in deadlines), default=None),
        today,
        valid_until(state, today),
        print_,
        "",
        deadlines,
    )


def _kept(d: Deadline) -> KeptDeadline:
    return KeptDeadline(
        d.request_id,
        d.key,
        str(d.kind),
        d.due,
        d.start,
        d.statutory,
        d.provisional,
        d.alternative,
        d.rule_id,
        d.step_id,
        d.step_kind,
    )


def valid_until(state: RequestState, today: date) -> date:
    """The first day after ``today`` on which the same events may give another state."""
    candidates: list[date] = []
    for d in state.deadlines:
        candidates.append(d.due + timedelta(days=1))  # overdue, lapsed, or a waiting period over
    if state.response is not None:
        candidates.append(state.response.due + timedelta(days=VERY_OVERDUE_DAYS + 1))
    for s in state.steps:
        for day in (s.opens, s.closes, s.answer.due if s.answer else None):
            if day is not None:
                candidates += [day, day + timedelta(days=1)]
    ahead = [day for day in candidates if day > today]
    return min(ahead, default=NEVER)


def as_deadline(
    kb: KnowledgeBase,
    kept: KeptDeadline,
    jurisdiction: str,
    lang: str,
    memo: dict[tuple[object, ...], tuple[str, tuple[str, ...]]] | None = None,
) -> Deadline:
    """A kept deadline as the lists show it: titled in the UI language; no trace (built on demand).

    ``memo`` shares titles and citations between the rows of one list (thousands of rows, a few
    dozen rules and steps).
    """
    label = (
        jurisdiction,
        kept.rule_id,
        kept.step_id,
        kept.key.endswith(":answer"),
        kept.kind,
        kept.statutory,
    )
    known = memo.get(label) if memo is not None else None
    if known is None:
        known = _label(kb, kept, jurisdiction, lang)
        if memo is not None:
            memo[label] = known
    title, citations = known
    return Deadline(
        request_id=kept.request_id,
        key=kept.key,
        kind=kept.kind,
        title=title,
        due=kept.due,
        start=kept.start,
        rule_id=kept.rule_id,
        step_id=kept.step_id,
        step_kind=kept.step_kind,
        statutory=kept.statutory,
        provisional=kept.provisional,
        alternative=kept.alternative,
        citations=citations,
    )


def _label(
    kb: KnowledgeBase, kept: KeptDeadline, jurisdiction: str, lang: str
) -> tuple[str, tuple[str, ...]]:
    step = kb.step(jurisdiction, kept.step_id) if kept.step_id else None
    rule = None
    if kept.rule_id:
        try:
            rule = kb.rule(kept.rule_id, within=jurisdiction)
        except HabeasError:
            rule = None
    citations = tuple(kb.provisions[p].citation_in(lang) for p in rule.provisions) if rule else ()
    if step is not None:
        citations = tuple(p.citation_in(lang) for p in step.provisions)
    return deadline_title(step, kept.key, kept.kind, kept.statutory, lang), citations


@dataclass(frozen=True)
class DeadlineChange:
    """A recorded move: ``habeas deadlines --changes`` and the window list them."""

    request_id: int
    key: str
    old_due: date | None
    new_due: date | None
    old_provisional: bool
    new_provisional: bool
    reason: str
    changed: datetime


@dataclass(frozen=True)
class Moved:
    """A kept deadline whose date (or certainty) changed when it was derived again."""

    request_id: int
    key: str
    old_due: date | None
    new_due: date | None
    old_provisional: bool
    new_provisional: bool


def moved(old: Iterable[KeptDeadline], new: Iterable[KeptDeadline]) -> list[Moved]:
    """Deadlines that moved, appeared or went away, or whose provisional date became certain."""
    before = {(d.request_id, d.key): d for d in old}
    after = {(d.request_id, d.key): d for d in new}
    out = []
    for key in sorted(set(before) | set(after)):
        a, b = before.get(key), after.get(key)
        if a is not None and b is not None and (a.due, a.provisional) == (b.due, b.provisional):
            continue
        out.append(
            Moved(
                key[0],
                key[1],
                a.due if a else None,
                b.due if b else None,
                a.provisional if a else False,
                b.provisional if b else False,
            )
        )
    return out
