"""Counting conventions (law.md section 0), chosen per jurisdiction and unit in the data files.

The arithmetic is shared; what differs is whether an end date on a rest day rolls forward and
which alternative reading the result must also show (law.md G.1, G.8, G.9, D.3/G.11).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from app.i18n import N_


@dataclass(frozen=True)
class Convention:
    id: str
    description: str  # N_-marked; translated when shown
    rolls_forward: bool  # an end date on a non-working day moves to the next working day
    receipt_day_alternative: bool = False  # G.1: some organs count the receipt day as day 1
    strict_beginning_with: bool = False  # G.9: UK "one month beginning with" read strictly
    chained_extension: bool = False  # G.8: EU extension computed as 1 month, then 2 more
    closures_alternative: bool = False  # D.3/G.11: US executive-order closures


CONVENTIONS: dict[str, Convention] = {
    c.id: c
    for c in (
        Convention(
            "cn-working-days",
            N_(
                "Working days: the day of receipt is not counted; weekends and statutory holidays are "
                "skipped; official make-up working days count."
            ),
            rolls_forward=False,
            receipt_day_alternative=True,
        ),
        Convention(
            "cn-civil-code",
            N_(
                "Civil Code arts 201-203: counting starts the day after; a month ends on the corresponding "
                "date (else the month's last day); an end on a rest day or statutory holiday moves to the "
                "next working day; official make-up working days are working days."
            ),
            rolls_forward=True,
        ),
        Convention(
            "eu-1182-71",
            N_(
                "Regulation 1182/71 art 3: the day of the event is not counted; a month ends on the same "
                "date (else the month's last day); an end on a Saturday, Sunday or public holiday moves to "
                "the next working day."
            ),
            rolls_forward=True,
            chained_extension=True,
        ),
        Convention(
            "de-bgb",
            N_(
                "BGB §§ 187, 188, 193 (VwVfG § 31): the day of the event is not counted; a month ends on "
                "the corresponding date (else the month's last day); an end on a Saturday, Sunday or public "
                "holiday moves to the next working day."
            ),
            rolls_forward=True,
        ),
        Convention(
            "plain-working-days",
            N_("Working days: the day of receipt is not counted; weekends and public holidays are skipped."),
            rolls_forward=False,
        ),
        Convention(
            "uk-ico",
            N_(
                "ICO method: the day of receipt is day one; the period ends on the corresponding date "
                "(else the month's last day); an end on a weekend or bank holiday moves to the next "
                "working day."
            ),
            rolls_forward=True,
            strict_beginning_with=True,
        ),
        Convention(
            "us-working-days",
            N_(
                "Days excepting Saturdays, Sundays and legal public holidays (as observed), counted from "
                "the day after receipt."
            ),
            rolls_forward=False,
            closures_alternative=True,
        ),
        Convention(
            "us-calendar",
            N_("Calendar days from the day after the event; an end on a weekend or holiday does not move."),
            rolls_forward=False,
        ),
    )
}


def add_months(start: date, months: int) -> date:
    """The corresponding date ``months`` later, clamped to the month's last day (CC 202, 1182/71 3(2)(c))."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def corresponding_date_exists(start: date, months: int) -> bool:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return start.day <= calendar.monthrange(year, month)[1]
