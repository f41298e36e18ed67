"""The review page's texts, as HTML in the UI language: the request in plain words, then (behind
"How was this counted?") the reply date's arithmetic and the provisions each letter cites.

Two audiences never mix: this is for the user; the letter says the same in the authority's
language. One language per screen: names, grounds and citations appear in the UI language (a
citation in its original form, the English short form only in the English UI) and confidence
tags are said in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError

from app.cases.draft import RequestDraft, identity_document_of
from app.errors import HabeasError
from app.i18n import _, current_language, format_date, ngettext
from app.languages import language
from app.law.trace import tags_in_words
from app.letters.next_steps import RouteGuide, route_guide
from app.ui.advice import RightPlan, confidence_label
from app.ui.colours import Tone, css_colour
from app.ui.labels import in_brackets, right_label, right_short_label
from app.ui.wizard.form import form_to_drafts

if TYPE_CHECKING:
    from app.ui.wizard.base import WizardServices


def _plans(values: dict[str, Any], services: WizardServices) -> list[tuple[RequestDraft, RightPlan | str]]:
    """Each letter's draft with its plan (or the reason there is none, in the UI language)."""
    drafts, _problems = form_to_drafts(values, services.advisor.kb)
    code, context = str(values.get("jurisdiction", "")), str(values.get("context", ""))
    out: list[tuple[RequestDraft, RightPlan | str]] = []
    for draft in drafts:
        if not draft.right or draft.date is None:
            continue
        try:
            out.append((draft, services.advisor.plan(code, context, draft.right, draft.date)))
        except HabeasError as exc:
            out.append((draft, str(exc)))
    return out


def language_name(code: str) -> str:
    """A language's name in the UI language ("German", "Deutsch", "德语")."""
    ui = language(current_language()).babel_locale
    try:
        return Locale.parse(language(code).babel_locale).get_language_name(ui) or code
    except (UnknownLocaleError, ValueError, HabeasError):
        return code


def summary_html(values: dict[str, Any], services: WizardServices) -> str:
    """Who asks what of whom, the user's own data, what happens next and by when."""
    kb = services.advisor.kb
    lang = current_language()
    plans = _plans(values, services)
    drafts = [draft for draft, _plan in plans]
    heading = escape(_("Your request in brief"))
    parts = [f"<h3>{heading}</h3>", "<table cellspacing='4'>"]

    def row(label: str, lines: Iterable[str]) -> None:
        shown = [escape(line) for line in lines if line]
        if shown:
            parts.append(
                f"<tr><td valign='top'><b>{escape(label)}</b></td><td>{'<br>'.join(shown)}</td></tr>"
            )

    first = drafts[0] if drafts else None
    if first is not None:
        r = first.requester
        document = identity_document_of(first, kb)
        who = [r.name, *r.address.splitlines(), r.postal_code]
        if r.birth_date is not None:
            who.append(_("born {date}").format(date=format_date(r.birth_date)))
        if document is not None and r.id_number:
            who.append(f"{document.text_in('label', lang)}: {r.id_number}")
        who += [r.phone, r.email]
        row(_("From:"), who)
        if first.representative is not None:
            rep = first.representative
            row(_("Represented by:"), [rep.name, rep.organisation, *rep.address.splitlines()])
        a = first.authority
        row(_("To:"), [a.name, *a.address.splitlines(), a.postal_code])
    for draft, plan in plans:
        asked = [right_label(draft.right)]
        if isinstance(plan, RightPlan):
            regime = kb.jurisdiction(draft.jurisdiction).regimes.get(plan.route.regime)
            if regime is not None:
                asked.append(_("Law: {law}").format(law=regime.text_in("name", lang)))
        if draft.correction is not None:
            asked.append(_("Wrong: {text}").format(text=draft.correction.wrong))
            asked.append(_("Right: {text}").format(text=draft.correction.correct))
        if draft.deletion is not None:
            texts = dict(
                services.deletion_grounds(draft.jurisdiction, draft.context, draft.regime)
                if draft.jurisdiction
                else []
            )
            asked += [f"• {texts.get(g, g)}" for g in draft.deletion.grounds]
        row(_("You ask for:"), asked)
    if first is not None:
        letter_language = first.language or kb.jurisdiction(first.jurisdiction).letter_language
        count = ngettext(
            "{n} letter, in {language}", "{n} letters, one for each right, in {language}", len(drafts)
        ).format(n=len(drafts), language=language_name(letter_language))
        row(_("Letters:"), [count])
    parts.append("</table>")
    parts += _next_steps_html(plans)
    for draft, plan in plans:
        if isinstance(plan, RightPlan) and draft.date is not None:
            guide = route_guide(kb, plan.route, lang, draft.date)
            parts += guide_html(guide, right_short_label(draft.right) if len(plans) > 1 else "")
    return "".join(parts)


def _next_steps_html(plans: list[tuple[RequestDraft, RightPlan | str]]) -> list[str]:
    parts = [f"<h4>{escape(_('What happens next'))}</h4><ol>"]
    steps = [
        _("“Generate letters” stores the case and shows the letters."),
        _(
            "Print each letter, sign it by hand and send it by registered post, "
            "or hand it in and ask for a receipt."
        ),
        _(
            "On the case page, record that you sent it, with the date: "
            "Habeas then counts the deadline and reminds you."
        ),
    ]
    parts += [f"<li>{escape(step)}</li>" for step in steps]
    parts.append("</ol>")
    for draft, plan in plans:
        name = right_short_label(draft.right)
        if isinstance(plan, str):
            parts.append(f"<p>{escape(name)}: {escape(plan)}</p>")
            continue
        if plan.reply is None:
            parts.append(f"<p>{escape(name)}: {escape(plan.reply_error)}</p>")
            continue
        due = format_date(plan.reply.due)
        if plan.reply.statutory:
            text = _("{right}: the authority must answer by {date}.")
        else:
            text = _("{right}: the law sets no number of days; Habeas reminds you on {date}.")
        parts.append(f"<p><b>{escape(text.format(right=name, date=due))}</b>")
        assumed = _(
            "Counted as if the authority receives the letter on the letter date; "
            "it moves with the day it arrives."
        )
        parts.append(f"<br>{escape(assumed)}")
        if plan.reply.provisional:
            reason = escape(plan.reply.provisional_reason)
            parts.append(f"<br><span style='{_warning_style()}'>{reason}</span>")
        parts.append("</p>")
    return parts


def counting_html(values: dict[str, Any], services: WizardServices) -> str:
    """Behind "How was this counted?": each reply date's arithmetic and the provisions cited."""
    lang = current_language()
    parts: list[str] = []
    for draft, plan in _plans(values, services):
        parts.append(f"<h4>{escape(right_label(draft.right))}</h4>")
        if isinstance(plan, str):
            parts.append(f"<p>{escape(plan)}</p>")
            continue
        if plan.reply is not None:
            parts.append("<ul>")
            parts += [f"<li>{escape(tags_in_words(line, lang))}</li>" for line in plan.reply.explain(lang)]
            parts.append("</ul>")
        cites = escape(_("Provisions the letter cites:"))
        parts.append(f"<p><b>{cites}</b></p><ul>")
        for p in (*plan.provisions, *plan.fallback):
            citation = p.citation_original
            if lang == "en" and p.citation_en and p.citation_en != citation:
                citation += in_brackets(p.citation_en)  # the English short form: English UI only
            tag = in_brackets(confidence_label(str(p.confidence)))
            line = _("{citation}: {text}").format(
                citation=citation, text=tags_in_words(p.text_in("paraphrase", lang), lang)
            )
            parts.append(f"<li>{escape(line)}<i>{escape(tag)}</i></li>")
        parts.append("</ul>")
    return "".join(parts)


def guide_html(guide: RouteGuide, title: str = "") -> list[str]:
    """What the user must know before sending: the law's requirements, the route's notes, the facts
    not yet verified, and every next step with when it opens and its warnings (never in the letter)."""
    parts: list[str] = []
    suffix = in_brackets(title) if title else ""

    def items(heading: str, lines: Iterable[str], style: str = "") -> None:
        shown = [line for line in lines if line]
        if shown:
            attribute = f" style='{style}'" if style else ""
            parts.append(f"<p><b>{escape(heading + suffix)}</b></p><ul>")
            parts.extend(f"<li{attribute}>{escape(line)}</li>" for line in shown)
            parts.append("</ul>")

    items(_("What the law asks of the request:"), guide.requirements)
    items(_("Good to know:"), (guide.notes,))
    items(_("Not yet verified — check before relying on it:"), guide.unverified, _warning_style())
    if guide.steps:
        heading = _("If the answer is a refusal, incomplete or late:")
        parts.append(f"<p><b>{escape(heading + suffix)}</b></p><ul>")
        for step in guide.steps:
            text = f"<b>{escape(step.name)}</b>"
            text += "".join(f"<br>{escape(line)}" for line in (step.when, step.window, step.notes) if line)
            style = _warning_style()
            text += "".join(f"<br><span style='{style}'>⚠ {escape(w)}</span>" for w in step.warnings)
            parts.append(f"<li>{text}</li>")
        parts.append("</ul>")
    return parts


def _warning_style() -> str:
    """The warning colour of the current palette (readable on light and dark backgrounds)."""
    return f"color:{css_colour(Tone.WARNING)}"
