"""Display names shared by several pages (kept free of the law package so the window starts fast)."""

from __future__ import annotations

import re
from datetime import date

from app.i18n import N_, _, current_language, ngettext
from app.languages import language
from app.law import KnowledgeBase

RIGHT_LABELS: dict[str, str] = {
    "access": N_("Access: see and get a copy of the data"),
    "correction": N_("Correction: fix or complete wrong data"),
    "deletion": N_("Deletion: erase the data (or restrict them where erasure is barred)"),
    "restriction": N_("Restriction: stop using the data except for storage"),
    "sealing": N_("Sealing: confirm the record is sealed"),
    "explanation": N_("Explanation: how and why the data are processed"),
    "indirect_access": N_("Indirect access: have the supervisory authority check the data"),
}


def right_label(right: str) -> str:
    return _(RIGHT_LABELS[right]) if right in RIGHT_LABELS else right


def right_short_label(right: str) -> str:
    """The right's name without its explanation ("Access: see and copy…" -> "Access")."""
    return re.split("[:：]", right_label(right), maxsplit=1)[0].strip()


# Punctuation follows the UI language's registry entry (resources/languages.toml).


def joined(items: list[str] | tuple[str, ...]) -> str:
    """A short list in running text: "a, b" in English and German, "a、b" in Chinese."""
    return language(current_language()).join(items)


def list_separator() -> str:
    """Between longer items such as citations: full-width in Chinese text."""
    return language(current_language()).list_separator


def in_brackets(text: str) -> str:
    """ " (text)" in English and German, "（text）" in Chinese."""
    return language(current_language()).in_brackets(text)


def kind_label(kind: str, kb: KnowledgeBase | None = None) -> str:
    """An event kind's translated label, capitalised for a table cell or a list.

    The events that file an escalation step are named by their step kind in the law data (``kb``).
    """
    from app.cases.lifecycle import event_label

    text = event_label(kind, kb)
    return text[:1].upper() + text[1:]


def days_text(due: date, today: date) -> str:
    """How far away a date is, in words: "3 days late", "due today", "in 1 day"."""
    days = (due - today).days
    if days < 0:
        return ngettext("{n} day late", "{n} days late", -days).format(n=-days)
    if days == 0:
        return _("due today")
    return ngettext("in {n} day", "in {n} days", days).format(n=days)
