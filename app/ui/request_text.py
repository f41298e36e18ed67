"""What the case page says about one request, as HTML: status, every open deadline with its
calculation, the notices, the route's notes and the warnings of each step open now (for the user
only: none of this goes into a letter). No Qt; the lifecycle engine's results are only read here."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from app.errors import HabeasError
from app.i18n import N_, _, current_language, format_date
from app.law.trace import tags_in_words
from app.ui.caselist_model import status_label
from app.ui.colours import Tone, css_colour
from app.ui.labels import days_text, in_brackets, joined, list_separator, right_short_label

if TYPE_CHECKING:
    from app.cases.deadlines import AvailableStep, Deadline
    from app.law import KnowledgeBase
    from app.ui.views import RequestItem

OVERDUE_TEXT: dict[str, str] = {
    "overdue": N_("overdue"),
    "very_overdue": N_("very overdue"),
}
DEADLINE_KIND_TEXT: dict[str, str] = {
    "response": N_("The authority must answer by this date."),
    "filing": N_("You must file by this date, or the remedy may be lost."),
    "waiting": N_("This step is possible from this date on."),
}
# Letters that are not an escalation step's; a step's letter is labelled by its kind in the law data.
LETTER_KIND_LABELS: dict[str, str] = {
    "request": N_("Request"),
    "dossier": N_("Dossier"),
}


def letter_kind_label(kind: str, kb: KnowledgeBase | None = None) -> str:
    if kind in LETTER_KIND_LABELS:
        return _(LETTER_KIND_LABELS[kind])
    spec = kb.step_kinds.get(kind) if kb is not None else None
    return spec.text_in("label", current_language()) if spec is not None else kind


def status_text(item: RequestItem) -> str:
    state = item.overview.state
    text = status_label(str(state.status))
    level = str(state.overdue)
    if level in OVERDUE_TEXT:
        text += in_brackets(_(OVERDUE_TEXT[level]))
    return text


def rights_text(item: RequestItem) -> str:
    return joined([right_short_label(r) for r in item.overview.request.rights])


OUTCOME_TEXT: dict[str, str] = {
    "granted": N_("granted"),
    "refused": N_("refused"),
    "partly_granted": N_("partly granted"),
}


def step_window(step: AvailableStep, today: date) -> str:
    """Where the step stands, in words: "file by 2 May 2026 (in 12 days)", "filed 3 Apr 2026; decision
    due 1 Jun 2026", "decided 20 Apr 2026: refused", "from …", "window closed on …"."""
    if step.decided_on is not None:
        outcome = _(OUTCOME_TEXT[step.outcome]) if step.outcome in OUTCOME_TEXT else step.outcome
        return _("decided {date}: {outcome}").format(
            date=format_date(step.decided_on, "medium"), outcome=outcome
        )
    if step.filed:
        filed = format_date(step.filed_on, "medium") if step.filed_on else ""
        if step.answer is not None:
            due = format_date(step.answer.due, "medium") + in_brackets(days_text(step.answer.due, today))
            return _("filed {date}; decision due {due}").format(date=filed, due=due)
        return _("filed {date}").format(date=filed) if filed else _("filed")
    if str(step.state) == "lapsed" and step.closes is not None:
        return _("window closed on {date}").format(date=format_date(step.closes, "medium"))
    if str(step.state) == "closed":
        return _("closed (another step was taken)")
    deadline = step.deadline
    if deadline is None:
        return _("no time limit set by the law")
    when = format_date(deadline.due, "medium") + in_brackets(days_text(deadline.due, today))
    if str(deadline.kind) == "waiting":
        return _("from {date}").format(date=when)
    if str(deadline.kind) == "filing":
        return _("file by {date}").format(date=when)
    return _("decision due {date}").format(date=when)


def request_html(item: RequestItem, today: date, kb: KnowledgeBase | None = None) -> str:
    """Status, the open deadlines each with its explanation trace, and the notices; with ``kb``, the
    route's notes and the warnings of the steps open now or waiting."""
    overview = item.overview
    state = overview.state
    authority = overview.authority.name.replace("\n", ", ") if overview.authority else "—"
    # Translated outside the f-strings: pybabel cannot extract calls inside them.
    to_line = _("To: {name}").format(name=authority)
    status_line = _("Status: {status}").format(status=status_text(item))
    parts = [
        f"<h3>{escape(rights_text(item))} · {escape(item.regime_name)}</h3>",
        f"<p>{escape(to_line)}<br><b>{escape(status_line)}</b></p>",
    ]
    if state.deadlines:
        parts.append("<h4>" + escape(_("Open deadlines")) + "</h4>")
        parts += [_deadline_html(d, today) for d in state.deadlines]
    elif str(state.status) == "draft":
        hint = _("Record when the letter was sent: the reply deadline follows from it.")
        parts.append(f"<p>{escape(hint)}</p>")
    else:
        parts.append("<p>" + escape(_("No open deadline.")) + "</p>")
    if state.notices:
        parts.append("<h4>" + escape(_("Notices")) + "</h4><ul>")
        parts += [f"<li>{escape(tags_in_words(n, current_language()))}</li>" for n in state.notices]
        parts.append("</ul>")
    if kb is not None:
        parts += _guidance_html(item, kb)
    return "".join(parts)


def _guidance_html(item: RequestItem, kb: KnowledgeBase) -> list[str]:
    """The route's notes and each open (or waiting) step's warnings, in the UI language."""
    lang = current_language()
    request = item.overview.request
    notes: list[str] = []
    for right in request.rights:
        try:
            text = kb.route(request.jurisdiction, request.regime, right).text_in("notes", lang)
        except HabeasError:  # a route the law data no longer have: nothing to add
            continue
        if text and tags_in_words(text, lang) not in notes:
            notes.append(tags_in_words(text, lang))
    parts: list[str] = []
    if notes:
        parts.append("<h4>" + escape(_("Good to know")) + "</h4>")
        parts += [f"<p>{escape(n)}</p>" for n in notes]
    for available in item.overview.state.steps:
        if str(available.state) not in ("open", "waiting"):
            continue
        step = available.step
        lines = [tags_in_words(w, lang) for w in step.texts_in("warnings", lang)]
        if step.notes:
            lines.append(tags_in_words(step.text_in("notes", lang), lang))
        if lines:
            parts.append(f"<p><b>{escape(step.text_in('name', lang))}</b></p><ul>")
            warning = css_colour(Tone.WARNING)
            parts += [f"<li style='color:{warning}'>⚠ {escape(line)}</li>" for line in lines]
            parts.append("</ul>")
    return parts


def _deadline_html(deadline: Deadline, today: date) -> str:
    when = f"<b>{escape(format_date(deadline.due))}</b> — {escape(days_text(deadline.due, today))}"
    if deadline.is_overdue(today):
        when = f"<span style='color:{css_colour(Tone.OVERDUE)}'>{when}</span>"
    # Otherwise no colour at all: Qt's rich text has no "inherit" and drew such text black, unreadable
    # on a dark palette.
    head = f"<p><b>{escape(deadline.title)}</b><br>{when}"
    kind = DEADLINE_KIND_TEXT.get(str(deadline.kind))
    if kind:
        head += f"<br>{escape(_(kind))}"
    if not deadline.statutory:
        head += "<br>" + escape(_("A reference date: the law sets no number of days."))
    head += "</p>"
    # Engine notes may carry confidence tags ("[I]"): said in words here.
    lang = current_language()
    lines = [f"<li>{escape(tags_in_words(line, lang))}</li>" for line in deadline.trace]
    flags = "".join(
        f"<p style='color:{css_colour(Tone.WARNING)}'>⚠ {escape(tags_in_words(flag, lang))}</p>"
        for flag in deadline.flags
    )
    law = _("Law:")
    cites = (
        f"<p><i>{escape(law)} {escape(list_separator().join(deadline.citations))}</i></p>"
        if deadline.citations
        else ""
    )
    return head + cites + flags + f"<ul>{''.join(lines)}</ul>"
