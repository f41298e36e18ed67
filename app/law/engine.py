"""The deadline engine: ``due_date`` counts a period in a jurisdiction's calendar and conventions.

The computation is language-free (``Facts``); ``app.law.trace`` renders it in any UI language, so
``DueDateResult.explain(lang)`` can re-render without recounting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from app.contract import LATEST, day_problem
from app.errors import InputError
from app.law.calendars import WorkingCalendar, calendar_for
from app.law.conventions import CONVENTIONS, Convention, add_months, corresponding_date_exists
from app.law.model import DeadlineRule, Jurisdiction, KnowledgeBase, Provision, Unit

if TYPE_CHECKING:
    from app.law.trace import Audience, Rendered

log = logging.getLogger(__name__)

MAX_COUNT = 36_500  # nothing in law counts further; protects the day-by-day loops from typos


@dataclass(frozen=True)
class Pause:
    """Days the clock stops (inclusive), e.g. OGI art 33(3) consultation, DPA s.54(3C), FOIA tolling."""

    start: date
    end: date
    reason: str = ""


@dataclass(frozen=True)
class TraceLine:
    kind: str  # rule, reference, start, period, convention, extension, pause, days, roll, due, ...
    text: str


@dataclass(frozen=True)
class Facts:
    """Everything the explanation needs, independent of language."""

    jurisdiction: Jurisdiction
    calendar: WorkingCalendar
    convention: Convention
    start: date
    count: int
    unit: Unit
    rule: DeadlineRule | None
    rule_provisions: tuple[Provision, ...]
    extended: bool
    extension_count: int
    extension_unit: Unit | None
    pauses: tuple[Pause, ...]
    paused_days: int  # calendar days (months/calendar units) or working days (working-day unit)
    unrolled_end: date
    due: date
    skipped: tuple[date, ...]  # holidays skipped while counting working days
    makeup_counted: tuple[date, ...]  # make-up weekend working days counted
    closures_counted: tuple[date, ...]  # US executive-order closures counted as working days
    missing_years: tuple[int, ...]
    alternative: date | None
    alternative_kind: str  # receipt_day, strict_beginning_with, chained_extension, closures, ""
    not_in_force: tuple[Provision, ...]
    convention_sources: tuple[Provision, ...] = ()  # provisions behind the counting convention


@dataclass(frozen=True)
class DueDateResult:
    """A computed due date. Its explanation (``trace`` and the reasons) is built from ``facts``
    only when something reads it: listing thousands of dates builds no text (profiled: rendering
    was a third of deriving a clinic's requests)."""

    due: date
    provisional: bool
    alternative: date | None
    statutory: bool
    rule_id: str | None
    lang: str = "en"
    facts: Facts | None = field(default=None, compare=False, repr=False)
    # The explanation of a result that has no facts (a date the authority announced).
    fixed: Rendered | None = field(default=None, compare=False, repr=False)

    @cached_property
    def _rendered(self) -> Rendered:
        from app.law.trace import Rendered, render

        if self.fixed is not None:
            return self.fixed
        if self.facts is None:
            return Rendered((), "", "")
        return render(self.facts, self.lang)

    @property
    def trace(self) -> tuple[TraceLine, ...]:
        return self._rendered.lines

    @property
    def provisional_reason(self) -> str:
        return self._rendered.provisional_reason

    @property
    def alternative_reason(self) -> str:
        return self._rendered.alternative_reason

    def explain(self, lang: str | None = None, audience: Audience = "user") -> list[str]:
        """The explanation as lines, in ``lang`` (default: the language it was computed in).

        ``audience="authority"`` for a letter's annex: the law and the dates only, no confidence
        tags or instructions to the user; a provisional date still says it is provisional.
        """
        from app.law.trace import provisional_for_authority, render, strip_tags

        if audience == "authority":
            if self.facts is not None:
                return [line.text for line in render(self.facts, lang or self.lang, audience).lines]
            # Re-dated results (an extension the authority announced) keep only their lines.
            return [
                provisional_for_authority((), self.lang)
                if line.kind == "provisional"
                else strip_tags(line.text)
                for line in self.trace
            ]
        if lang is None or lang == self.lang or self.facts is None:
            return [line.text for line in self.trace]
        return [line.text for line in render(self.facts, lang).lines]


def due_date(
    jurisdiction: str,
    start: date,
    *,
    count: int | None = None,
    unit: Unit | str | None = None,
    rule: DeadlineRule | None = None,
    extended: bool = False,
    pauses: Sequence[Pause] = (),
    kb: KnowledgeBase,
    lang: str = "en",
    subdivision: str | None = None,
) -> DueDateResult:
    """When a period that starts on ``start`` (the triggering event, not counted) ends.

    Give either ``rule`` (count, unit and extension from the law data) or ``count`` and ``unit``.
    """
    from app.i18n import _

    base = kb
    j = base.jurisdiction(jurisdiction)
    if rule is not None:
        count, unit_value = rule.count, Unit(rule.unit)
    else:
        if count is None or unit is None:
            raise InputError(_("Give a deadline rule, or a count and a unit."))
        try:
            unit_value = Unit(unit)
        except ValueError:
            raise InputError(_("Unknown unit {unit}.").format(unit=unit)) from None
        if extended:
            raise InputError(_("An extension needs a deadline rule (--rule)."))
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise InputError(_("The count must be a whole number from 1 to {max}.").format(max=MAX_COUNT))
    ext_count, ext_unit = 0, None
    if extended:
        assert rule is not None
        if rule.extension_count is None or rule.extension_unit is None:
            raise InputError(_("The rule {rule} has no extension.").format(rule=rule.id))
        ext_count, ext_unit = rule.extension_count, Unit(rule.extension_unit)
    for day in (start, *(p.start for p in pauses), *(p.end for p in pauses)):
        problem = day_problem(day)
        if problem:
            raise InputError(_("The deadline cannot be computed: {problem}.").format(problem=problem))
    for pause in pauses:
        if pause.end < pause.start:
            raise InputError(
                _("A pause ends before it starts ({start} to {end}).").format(
                    start=pause.start.isoformat(), end=pause.end.isoformat()
                )
            )

    convention_id = (rule.convention if rule and rule.convention else None) or getattr(
        j.counting, unit_value.value
    )
    convention = CONVENTIONS[convention_id]
    calendar = calendar_for(j.code, kb=base, subdivision=subdivision)
    facts = _compute(
        j, calendar, convention, start, count, unit_value, rule, ext_count, ext_unit, pauses, base
    )
    return DueDateResult(
        due=facts.due,
        provisional=bool(facts.missing_years),
        alternative=facts.alternative,
        statutory=rule.statutory if rule is not None else True,
        rule_id=rule.id if rule is not None else None,
        lang=lang,
        facts=facts,
    )


def _compute(
    j: Jurisdiction,
    cal: WorkingCalendar,
    conv: Convention,
    start: date,
    count: int,
    unit: Unit,
    rule: DeadlineRule | None,
    ext_count: int,
    ext_unit: Unit | None,
    pauses: Sequence[Pause],
    kb: KnowledgeBase,
) -> Facts:
    paused = _paused_dates(pauses, start)
    skipped: list[date] = []
    makeup: list[date] = []
    closures: list[date] = []
    alternative: date | None = None
    alt_kind = ""
    chained = ext_unit is not None and ext_unit != unit  # different units can only be chained
    total = count + (ext_count if ext_unit == unit else 0)

    if unit is Unit.WORKING_DAYS:
        end, paused_days = _add_working_days(cal, start, total, paused, skipped, makeup, closures)
        if chained:
            end = _extend(cal, conv, end, ext_count, ext_unit)
        unrolled = due = end
        if conv.receipt_day_alternative and cal.is_working_day(start) and start not in paused:
            # law.md G.1: an organ counting the day of receipt as day 1 answers one working day earlier
            alternative = (
                start if total == 1 else _add_working_days(cal, start, total - 1, paused, [], [], [])[0]
            )
            alt_kind = "receipt_day"
        if conv.closures_alternative and closures:
            # law.md D.3 / G.11: closure days by executive order are not legal holidays
            alternative = _add_working_days(cal, start, total, paused, [], [], [], skip_closures=True)[0]
            alt_kind = "closures"
    else:

        def raw_end(days_paused: int) -> date:
            base_end = add_months(start, total) if unit is Unit.MONTHS else start + timedelta(days=total)
            return base_end + timedelta(days=days_paused)

        unrolled, paused_days = _with_pauses(raw_end, paused, start)
        if chained:
            unrolled = _extend(cal, conv, unrolled, ext_count, ext_unit)
        due = _roll(cal, unrolled) if conv.rolls_forward else unrolled
        if unit is Unit.MONTHS and conv.strict_beginning_with:
            # law.md C.4 / G.9: "one month beginning with" day X strictly ends the day before the
            # corresponding date (Zoan v Rouamba); no roll-forward, which is ICO guidance only.
            strict = unrolled - timedelta(days=1) if corresponding_date_exists(start, total) else unrolled
            if strict < due:
                alternative, alt_kind = strict, "strict_beginning_with"
        if unit is Unit.MONTHS and conv.chained_extension and ext_unit is Unit.MONTHS and ext_count:
            # law.md G.8: one month, then two further months from the end of the first
            first = add_months(start, count)
            chained_end = add_months(first, ext_count) + timedelta(days=paused_days)
            chained_due = _roll(cal, chained_end) if conv.rolls_forward else chained_end
            if chained_due != due:
                alternative, alt_kind = chained_due, "chained_extension"

    last = max(due, alternative or due)
    if last > LATEST:
        raise _past_latest()
    if unit is Unit.WORKING_DAYS:
        years = range(start.year, last.year + 1)
    else:
        years = range(unrolled.year, last.year + 1)  # only the end (and its roll) needs the calendar
    missing = tuple(y for y in years if not cal.has_official_data(y))

    provisions = tuple(kb.provision(pid) for pid in rule.provisions) if rule else ()
    extension_provisions = (
        tuple(kb.provision(pid) for pid in rule.extension_provisions) if rule and ext_count else ()
    )
    not_in_force = tuple(
        p for p in dict.fromkeys(provisions + extension_provisions) if not p.in_force_on(start)
    )
    source_ids = () if rule is not None and rule.convention else j.counting.sources.get(unit.value, ())
    return Facts(
        convention_sources=tuple(kb.provision(pid) for pid in source_ids),
        jurisdiction=j,
        calendar=cal,
        convention=conv,
        start=start,
        count=count,
        unit=unit,
        rule=rule,
        rule_provisions=provisions,
        extended=bool(ext_count),
        extension_count=ext_count,
        extension_unit=ext_unit,
        pauses=tuple(pauses),
        paused_days=paused_days,
        unrolled_end=unrolled,
        due=due,
        skipped=tuple(skipped),
        makeup_counted=tuple(makeup),
        closures_counted=tuple(closures),
        missing_years=missing,
        alternative=alternative,
        alternative_kind=alt_kind,
        not_in_force=not_in_force,
    )


def _past_latest() -> InputError:
    from app.i18n import _

    # The loops below stop here: a pause or a period cannot run past the contract's last date.
    return InputError(
        _("The deadline would fall after {last}, the last date Habeas works with.").format(
            last=LATEST.isoformat()
        )
    )


def _paused_dates(pauses: Sequence[Pause], start: date) -> frozenset[date]:
    """Every paused day after ``start``; overlapping pauses are merged first, so a day is visited once."""
    spans = sorted((max(p.start, start + timedelta(days=1)), p.end) for p in pauses)
    merged: list[list[date]] = []
    for first, last in spans:
        if first > last:
            continue
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    days: set[date] = set()
    for first, last in merged:
        days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return frozenset(days)


def _add_working_days(
    cal: WorkingCalendar,
    start: date,
    count: int,
    paused: frozenset[date],
    skipped: list[date],
    makeup: list[date],
    closures: list[date],
    *,
    skip_closures: bool = False,
) -> tuple[date, int]:
    """The ``count``-th working day after ``start`` (start not counted); also returns paused working days."""
    day, counted, paused_count = start, 0, 0
    while counted < count:
        if day >= LATEST:
            raise _past_latest()
        day += timedelta(days=1)
        if not cal.is_working_day(day):
            if cal.holiday_name(day):
                skipped.append(day)
            continue
        if day in paused:
            paused_count += 1
            continue
        if skip_closures and cal.closure_name(day):
            continue
        if day.weekday() >= 5:
            makeup.append(day)
        if cal.closure_name(day):
            closures.append(day)
        counted += 1
    return day, paused_count


def _with_pauses(raw_end: Callable[[int], date], paused: frozenset[date], start: date) -> tuple[date, int]:
    """Add paused calendar days that fall inside the period, until stable (law.md G.10 [I]).

    ``raw_end(n)`` is the unpaused end moved on by ``n`` days, so the stable count is the least
    ``n`` whose ``n``-th paused day (in date order) lies after ``raw_end(n)``: one pass over the
    sorted days instead of a recount per round (a pause of decades took minutes).
    """
    base = raw_end(0)
    if base > LATEST:
        raise _past_latest()
    days = sorted(d for d in paused if d > start)
    days_paused = 0
    while days_paused < len(days) and days[days_paused] <= base + timedelta(days=days_paused):
        days_paused += 1
    end = base + timedelta(days=days_paused)
    if end > LATEST:
        raise _past_latest()
    return end, days_paused


def _roll(cal: WorkingCalendar, day: date) -> date:
    """Move an end date off a non-working day (CC 203, Reg. 1182/71 art 3(4), BGB § 193, ICO)."""
    while not cal.is_working_day(day):
        if day >= LATEST:
            raise _past_latest()
        day += timedelta(days=1)
    return day


def _extend(cal: WorkingCalendar, conv: Convention, end: date, count: int, unit: Unit | None) -> date:
    if unit is Unit.WORKING_DAYS:
        return _add_working_days(cal, end, count, frozenset(), [], [], [])[0]
    if unit is Unit.MONTHS:
        return add_months(end, count)
    return end + timedelta(days=count)
