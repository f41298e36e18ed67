"""Render a deadline computation as explanation lines in a UI language.

Lines read like "15–23 Feb: Spring Festival; Sat 14 Feb, Sat 28 Feb: official working days".
Strings go through ``translator(lang)`` (the gettext catalogs in locales/); dates, ranges,
separators and brackets follow the language's registry entry (app.languages), so any registered
language renders, with English text where it has no catalog; holiday names come from the calendar
in that language where available.

Two audiences (``Audience``): the user reads everything, with the data's confidence tags ([V], [S],
[M], [I]) explained in words and what to do about a provisional date; an authority (a letter's
deadline annex) reads the law and the dates only: no tags, no instructions to the user, and a
provisional date marked as such in plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from app.i18n import N_, translator
from app.languages import Language, language
from app.law.dates import interval, language_date, skeleton_date
from app.law.engine import Facts, TraceLine
from app.law.model import DeadlineKind, DeadlineRule, Provision, Unit

_TIGHT_DASH = re.compile(r"(\d)\u2009–\u2009(\d)")

Audience = Literal["user", "authority"]
AUDIENCES: tuple[Audience, ...] = ("user", "authority")

# A confidence tag in a data text: "[S]", "[S/I]", or qualified, "[applicability to s.51 requests: I]";
# the blanks before it go with it. Not "[Status]" or "[1]".
_TAG = re.compile(r"[ \t\u00a0]*\[(?:([^\[\]\n]{1,80}?)\s*[:：]\s*)?([VSMI](?:/[VSMI])*)\]")
TAG_WORDS: dict[str, str] = {
    "V": N_("checked against the official text"),
    "S": N_("from a secondary source, not yet checked against the official text"),
    "M": N_("not yet verified against the official text — check before relying on it"),
    "I": N_("an interpretation chosen by Habeas: the law does not settle this"),
}


def strip_tags(text: str) -> str:
    """``text`` for an authority: the confidence tags removed ("expected [S])" → "expected)")."""
    return _TAG.sub("", text).strip()


def tags_in_words(text: str, lang: str) -> str:
    """``text`` for the user: each confidence tag said in words, in brackets of ``lang``."""
    spoken = language(lang)
    t = translator(spoken.catalog)

    def words(match: re.Match[str]) -> str:
        said = spoken.join(t.gettext(TAG_WORDS[tag]) for tag in match.group(2).split("/"))
        qualifier = match.group(1)
        return spoken.in_brackets(f"{qualifier.strip()}: {said}" if qualifier else said)

    return _TAG.sub(words, text).strip()


def for_audience(text: str, lang: str, audience: Audience) -> str:
    """A data text (a note, a reason) as ``audience`` reads it."""
    return strip_tags(text) if audience == "authority" else tags_in_words(text, lang)


def provisional_for_authority(years: tuple[int, ...], lang: str) -> str:
    """A provisional date, as a letter says it: what is estimated, without instructions to the user."""
    t = translator(language(lang).catalog)
    if not years:
        return t.gettext(
            "Provisional date: the official holiday schedule was not available when this date was "
            "calculated, so the holidays are estimated."
        )
    return t.gettext(
        "Provisional date: the official holiday schedule for {years} was not available when this date "
        "was calculated, so the holidays of that year are estimated."
    ).format(years=", ".join(str(y) for y in years))


@dataclass(frozen=True)
class Rendered:
    lines: tuple[TraceLine, ...]
    provisional_reason: str
    alternative_reason: str


def render(facts: Facts, lang: str, audience: Audience = "user") -> Rendered:
    # Text in the catalog language; dates, separators and brackets from the registry entry, so a
    # variant such as en_US keeps English text with month-first dates (US letters' deadline annex).
    spoken = language(lang)
    lang = spoken.catalog
    locale = spoken.babel_locale
    t = translator(lang)
    sep = spoken.list_separator
    lines: list[TraceLine] = []

    def add(kind: str, text: str) -> None:
        lines.append(TraceLine(kind, text))

    def long(day: date) -> str:
        return language_date(day, spoken) + spoken.in_brackets(skeleton_date("EEE", day, locale))

    rule = facts.rule
    if rule is not None:
        add(
            "rule",
            # The rule id stays out of the text: letters and dossiers go to authorities and courts.
            t.gettext("Legal basis: {citations}").format(
                citations=sep.join(_citation(p, facts, lang) for p in facts.rule_provisions)
            ),
        )
        if not rule.statutory:
            add(
                "reference",
                t.gettext(
                    "No statutory number of days: this is a reference period, not a legal deadline. {note}"
                ).format(note=for_audience(rule.text_in("reference_note", lang), lang, audience)),
            )
    add(
        "start",
        t.gettext("Start: {date} ({event}); {counting}").format(
            date=long(facts.start),
            event=_event(rule.start_event if rule else "received", lang),
            counting=t.gettext("counted as day one")
            if facts.convention.strict_beginning_with and facts.unit is Unit.MONTHS
            else t.gettext("not counted"),
        ),
    )
    add("period", t.gettext("Period: {period}").format(period=_period(facts.count, facts.unit, lang)))
    add("convention", t.gettext(facts.convention.description))
    sources = facts.convention_sources
    if sources:
        add(
            "sources",
            t.gettext("Counting rules: {citations}").format(
                citations=sep.join(_citation(p, facts, lang) for p in sources)
            ),
        )
    if facts.extended and facts.extension_unit is not None:
        add(
            "extension",
            t.gettext("Extended by {period}. Conditions: {conditions}").format(
                period=_period(facts.extension_count, facts.extension_unit, lang),
                conditions=for_audience(rule.text_in("extension_conditions", lang), lang, audience)
                if rule
                else "",
            ),
        )
    for pause in facts.pauses:
        add(
            "pause",
            t.gettext("Clock stopped {range}{reason}.").format(
                range=interval(pause.start, pause.end, "yMMMd", locale),
                reason=spoken.in_brackets(for_audience(pause.reason, lang, audience)) if pause.reason else "",
            ),
        )
    if facts.paused_days:
        if facts.unit is Unit.WORKING_DAYS:
            text = t.ngettext(
                "{n} working day in the pauses was not counted.",
                "{n} working days in the pauses were not counted.",
                facts.paused_days,
            )
        else:
            text = t.ngettext(
                "{n} paused calendar day was added to the period (an interpretation: the law does not "
                "say how paused days count).",
                "{n} paused calendar days were added to the period (an interpretation: the law does not "
                "say how paused days count).",
                facts.paused_days,
            )
        add("pause", text.format(n=facts.paused_days))
    special = _special_days(facts, spoken)
    if special:
        add("days", special)
    if facts.due != facts.unrolled_end:
        reason = facts.calendar.holiday_name(facts.unrolled_end, lang) or t.gettext("weekend")
        add(
            "roll",
            t.gettext(
                "{date} is not a working day ({reason}); the period ends on the next working day."
            ).format(date=long(facts.unrolled_end), reason=reason),
        )
    elif facts.unit is not Unit.WORKING_DAYS and facts.calendar.is_makeup_workday(facts.due):
        add(
            "roll",
            t.gettext(
                "{date} is an official make-up working day, so the end does not move (an "
                "interpretation: the law moves a period's end only off statutory rest days)."
            ).format(date=long(facts.due)),
        )
    if facts.closures_counted:
        add(
            "closures",
            t.gettext("Counted although federal offices were closed by executive order: {days}.").format(
                days=", ".join(skeleton_date("MMMEd", d, locale) for d in facts.closures_counted)
            ),
        )
    kind = rule.kind if rule else DeadlineKind.RESPONSE
    if kind is DeadlineKind.WAITING:
        # "Not before three months have passed" (§ 75 VwGO, s.166, ALL art 47...): the period runs to
        # the end of its last day, so the next step opens the day after.
        add(
            "due",
            t.gettext("The waiting period ends on {end}; the next step is open from {date}.").format(
                end=long(facts.due), date=long(facts.due + timedelta(days=1))
            ),
        )
    else:
        due_label = (
            t.gettext("Due: {date}") if kind is DeadlineKind.RESPONSE else t.gettext("File by: {date}")
        )
        add("due", due_label.format(date=long(facts.due)))
    for provision in facts.not_in_force:
        add(
            "warning",
            t.gettext("Warning: {citation} is not in force on {date}.").format(
                citation=_citation(provision, facts, lang), date=language_date(facts.start, spoken)
            ),
        )

    provisional_reason = ""
    if facts.missing_years and audience == "authority":
        provisional_reason = provisional_for_authority(facts.missing_years, lang)
        add("provisional", provisional_reason)
    elif facts.missing_years:
        years = ", ".join(str(y) for y in facts.missing_years)
        provisional_reason = t.gettext(
            "Provisional: no official holiday schedule is loaded for {years}; holidays are estimated and "
            "make-up working days are unknown. Add the official schedule to the calendars folder."
        ).format(years=years)
        add("provisional", provisional_reason)
    alternative_reason = ""
    if facts.alternative is not None:
        alternative_reason = _alternative_reason(facts, lang)
        if kind is DeadlineKind.WAITING:
            # Waiting periods protect the other side: the later reading is the safe one to act on.
            safe = max(facts.due, facts.alternative) + timedelta(days=1)
            text = t.gettext(
                "On another reading the waiting period ends on {date}. {reason} To be safe, act only "
                "from {safe}: acting too early risks being premature."
            ).format(date=long(facts.alternative), reason=alternative_reason, safe=long(safe))
        else:
            text = t.gettext("Alternative date: {date}. {reason}").format(
                date=long(facts.alternative), reason=alternative_reason
            )
        add("alternative", text)
    return Rendered(tuple(lines), provisional_reason, alternative_reason)


def _citation(provision: Provision, facts: Facts, lang: str) -> str:
    # The original-language citation where the reader reads that language (zh for CN, de for DE).
    if lang == facts.jurisdiction.letter_language:
        return provision.citation_original
    return provision.citation_en


def _event(event: str, lang: str) -> str:
    t = translator(lang)
    names = {
        "received": t.gettext("day of receipt"),
        "act_known": t.gettext("day you knew of the act"),
        "accepted": t.gettext("day of acceptance"),
        "decision_received": t.gettext("day the decision was received"),
        "complaint_received": t.gettext("day the complaint was received"),
        "objection_received": t.gettext("day the objection was received"),
        "appeal_received": t.gettext("day the appeal was received"),
        "reconsideration_received": t.gettext("day the application for reconsideration was received"),
        "review_received": t.gettext("day the request for review was received"),
        "determination": t.gettext("day of the determination"),
        "review_requested": t.gettext("day the review was requested"),
        "cause_of_action": t.gettext("day the cause of action arose"),
        "performance_period_expired": t.gettext("day the performance period expired"),
    }
    return names.get(event, event)


def _period(count: int, unit: Unit, lang: str) -> str:
    t = translator(lang)
    text = {
        Unit.WORKING_DAYS: t.ngettext("{n} working day", "{n} working days", count),
        Unit.CALENDAR_DAYS: t.ngettext("{n} calendar day", "{n} calendar days", count),
        Unit.MONTHS: t.ngettext("{n} month", "{n} months", count),
    }[unit]
    return text.format(n=count)


def _special_days(facts: Facts, spoken: Language) -> str:
    """ "15–23 Feb: Spring Festival; Sat 14 Feb, Sat 28 Feb: official working days"."""
    lang, locale = spoken.catalog, spoken.babel_locale
    t = translator(lang)
    parts: list[str] = []
    spans_years = facts.start.year != facts.due.year
    skeleton = "yMMMd" if spans_years else "MMMd"
    for first, last, name in _group(facts, lang):
        if first == last:
            when = skeleton_date(skeleton, first, locale)
        else:
            # CLDR puts thin spaces round the dash; "15–23 Feb" reads better between bare numbers.
            when = _TIGHT_DASH.sub(r"\1–\2", interval(first, last, skeleton, locale))
        parts.append(t.gettext("{when}: {name}").format(when=when, name=name))
    if facts.makeup_counted:
        days = spoken.join(
            skeleton_date("yMMMEd" if spans_years else "MMMEd", d, locale) for d in facts.makeup_counted
        )
        parts.append(t.gettext("{days}: official working days").format(days=days))
    return spoken.join_list(parts)


def _group(facts: Facts, lang: str) -> list[tuple[date, date, str]]:
    """Consecutive skipped holidays with the same name become one range."""
    groups: list[tuple[date, date, str]] = []
    cal = facts.calendar
    for day in facts.skipped:
        name = cal.holiday_name(day, lang) or ""
        if groups and groups[-1][2] == name:
            last = groups[-1][1]
            # Packages that list only weekday holidays leave weekend gaps inside one festival.
            if all(not cal.is_working_day(last + timedelta(days=k)) for k in range(1, (day - last).days)):
                groups[-1] = (groups[-1][0], day, name)
                continue
        groups.append((day, day, name))
    return groups


def _alternative_reason(facts: Facts, lang: str) -> str:
    t = translator(lang)
    kind = facts.alternative_kind
    if kind == "receipt_day":
        return t.gettext(
            "Some organs count the day of receipt as day 1, which ends the period one working day "
            "earlier (an interpretation: the regulations do not settle which day is day 1)."
        )
    if kind == "strict_beginning_with":
        return t.gettext(
            'On a strict reading of a period "beginning with" a day, it ends the day before the '
            "corresponding date, without moving off weekends or bank holidays; the ICO's method used "
            "above is guidance, not statute."
        )
    if kind == "chained_extension":
        return t.gettext(
            "If the extension is counted from the end of the first month instead of from receipt, the "
            "period ends earlier."
        )
    if kind == "closures":
        return t.gettext(
            "Federal offices were closed by executive order on some counted days; these are not legal "
            "public holidays, but if they are not counted the answer is due on this later date."
        )
    return ""


def rule_in_words(rule: DeadlineRule, lang: str) -> str:
    """A step's period as the user reads it: "File within 1 month, counted from the day of receipt."."""
    t = translator(language(lang).catalog)
    values = {"period": _period(rule.count, Unit(rule.unit), lang), "event": _event(rule.start_event, lang)}
    if rule.kind is DeadlineKind.FILING:
        text = t.gettext("File within {period}, counted from the {event}.")
    elif rule.kind is DeadlineKind.WAITING:
        text = t.gettext("Possible only after {period}, counted from the {event}.")
    else:
        text = t.gettext("The decision is due within {period}, counted from the {event}.")
    text = text.format(**values)
    if not rule.statutory:
        text += " " + t.gettext("This is a reference period: the law sets no number of days.")
    return text
