"""The "what happens next" sheet: one page for the user, printed with the letter and never sent.

What to do now (print, sign, enclose, send provably, record "sent" in Habeas), when the reply is
due and what silence means, what the law asks of the request, the route's notes, every escalation
step with when it opens and its warnings, the facts the letter relies on that are not yet verified,
and that Habeas is not legal advice. In the user's language (not the letter's).

``route_guide`` is the part the window shows too (wizard review, case page); it is plain data, and
reportlab is imported only when the sheet is rendered.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from app.cases.draft import RequestDraft
from app.cases.records import EVENT_KIND_LABELS
from app.errors import InputError
from app.i18n import translator
from app.languages import language
from app.law import DueDateResult, EscalationStep, KnowledgeBase, Provision, Route, due_date
from app.law.model import Confidence
from app.law.trace import rule_in_words, tags_in_words

log = logging.getLogger(__name__)

UNVERIFIED = (Confidence.MEMORY, Confidence.SECONDARY)


@dataclass(frozen=True)
class StepGuide:
    """One escalation step as the user reads it (texts in the user's language, tags in words)."""

    id: str
    name: str
    addressee: str
    when: str  # the condition that opens it
    window: str  # the filing window or waiting period in words; "" where the law sets none
    answer: str  # the deciding body's period once filed; "" where none is known
    notes: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class RouteGuide:
    """What the law data tell the user about a route: never printed in a letter to an authority."""

    requirements: tuple[str, ...]
    notes: str
    silence: str
    steps: tuple[StepGuide, ...]
    unverified: tuple[str, ...]  # "citation: paraphrase — not yet verified …", one per provision


@dataclass(frozen=True)
class NextStepsSheet:
    language: str  # the user's language
    paper: str  # "A4" | "Letter", as the letter
    title: str
    intro: str
    todo: tuple[str, ...]
    reply: tuple[str, ...]
    guide: RouteGuide
    disclaimer: str

    def all_text(self) -> list[str]:
        g = self.guide
        out = [self.title, self.intro, *self.todo, *self.reply, *g.requirements, g.notes, g.silence]
        for s in g.steps:
            out += [s.name, s.addressee, s.when, s.window, s.answer, s.notes, *s.warnings]
        return [t for t in (*out, *g.unverified, self.disclaimer, *_headings(self.language)) if t]


def unverified_facts(provisions: tuple[Provision, ...], lang: str) -> tuple[str, ...]:
    """The provisions tagged [M] or [S], each said in plain words, without repeats."""
    t = translator(language(lang).catalog)
    seen: set[str] = set()
    out: list[str] = []
    for p in provisions:
        if p.confidence not in UNVERIFIED or p.key in seen:
            continue
        seen.add(p.key)
        out.append(
            t.gettext(
                "{citation}: {paraphrase} — not yet verified against the official text; check it before "
                "relying on it."
            ).format(
                citation=p.citation_in(lang),
                paraphrase=tags_in_words(p.text_in("paraphrase", lang), lang).rstrip("."),
            )
        )
    return tuple(out)


def letter_provisions(kb: KnowledgeBase, route: Route, day: date) -> tuple[Provision, ...]:
    """What a request letter dated ``day`` relies on: the route's provisions and its reply period's."""
    rule = tuple(kb.provision(pid) for pid in route.deadline.provisions)
    return (*route.provisions_in_force(day), *route.fallback_in_force(day), *rule)


def route_guide(kb: KnowledgeBase, route: Route, lang: str, day: date | None = None) -> RouteGuide:
    """The route's requirements, notes and steps for the user; ``day``: the letter's date, for the
    provisions it cites (none listed as unverified without it)."""
    steps = tuple(step_guide(step, route, lang) for step in route.escalation)
    return RouteGuide(
        requirements=tuple(tags_in_words(r, lang) for r in route.texts_in("requirements", lang)),
        notes=tags_in_words(route.text_in("notes", lang), lang),
        silence=tags_in_words(route.text_in("silence", lang), lang),
        steps=steps,
        unverified=unverified_facts(letter_provisions(kb, route, day), lang) if day is not None else (),
    )


def step_guide(step: EscalationStep, route: Route, lang: str) -> StepGuide:
    """One step: when it opens, its window and answer period, its notes and warnings."""
    t = translator(language(lang).catalog)
    names = {s.id: s.text_in("name", lang) for s in route.escalation}
    when = tags_in_words(step.text_in("condition", lang), lang)
    if step.after:
        earlier = language(lang).join(names.get(a, a) for a in step.after)
        when = t.gettext("Follows on from: {steps}.").format(steps=earlier) + (" " + when if when else "")
    answer = ""
    if step.answer is not None:
        answer = t.gettext("Once filed: {rule}").format(rule=rule_in_words(step.answer, lang))
    return StepGuide(
        id=step.id,
        name=step.text_in("name", lang),
        addressee=tags_in_words(step.text_in("addressee", lang), lang),
        when=when,
        window=rule_in_words(step.deadline, lang) if step.deadline is not None else "",
        answer=answer,
        notes=tags_in_words(step.text_in("notes", lang), lang),
        warnings=tuple(tags_in_words(w, lang) for w in step.texts_in("warnings", lang)),
    )


def draft_route(draft: RequestDraft, kb: KnowledgeBase) -> Route:
    """The route a draft's letter follows (as ``compose`` finds it)."""
    if draft.regime:
        return kb.route(draft.jurisdiction, draft.regime, draft.right)
    context = draft.context or next(iter(kb.jurisdiction(draft.jurisdiction).contexts))
    return kb.route_for(draft.jurisdiction, context, draft.right)


def next_steps(
    draft: RequestDraft, kb: KnowledgeBase, lang: str, *, request_id: int | None = None
) -> NextStepsSheet:
    """The sheet for a valid draft (its date set), in the user's language ``lang``."""
    if draft.date is None:
        raise InputError(translator(lang).gettext("The letter has no date."))
    t = translator(language(lang).catalog)
    route = draft_route(draft, kb)
    jurisdiction = kb.jurisdiction(draft.jurisdiction)
    authority = draft.authority.name.replace("\n", ", ").strip()
    title = t.gettext("What happens next")
    intro = t.gettext(
        "Your letter to {authority} of {date}. This page is for you: keep it, do not send it."
    ).format(authority=authority or "—", date=t.format_date(draft.date))
    todo = [t.gettext("Print the letter, read it once more and sign it by hand.")]
    if draft.enclosures:
        enclosures = language(lang).join_list(draft.enclosures)
        todo.append(t.gettext("Enclose: {documents}.").format(documents=enclosures))
    todo.append(
        t.gettext(
            "Send it by a method you can prove: registered post with proof of delivery, or hand it in "
            "and ask for a dated receipt. Keep a copy of the letter and of everything you enclose."
        )
    )
    # The command is the same in every language; ID is the number ``habeas request add`` printed.
    command = f"habeas request event {request_id if request_id is not None else 'ID'} sent --date YYYY-MM-DD"
    todo.append(
        t.gettext(
            "Record the day you sent it in Habeas: on the case page, “{button}” → “{event}”; or on the "
            "command line: {command}. The reply date and every later date follow from it."
        ).format(
            button=t.gettext("&Record event…").replace("&", ""),
            event=t.gettext(EVENT_KIND_LABELS["sent"]),
            command=command,
        )
    )
    reply = _reply(draft, kb, route, lang)
    return NextStepsSheet(
        language=lang,
        paper=jurisdiction.paper,
        title=title,
        intro=intro,
        todo=tuple(todo),
        reply=reply,
        guide=route_guide(kb, route, lang, draft.date),
        disclaimer=t.gettext(
            "Habeas is not legal advice. It states the law as its data record it; check the dates and "
            "the facts marked above, and ask a lawyer or an advice centre if much depends on them."
        ),
    )


def _reply(draft: RequestDraft, kb: KnowledgeBase, route: Route, lang: str) -> tuple[str, ...]:
    t = translator(language(lang).catalog)
    received = draft.received
    assert received is not None
    try:
        result: DueDateResult | None = due_date(
            draft.jurisdiction, received, rule=route.deadline, kb=kb, lang=lang
        )
    except InputError as exc:  # e.g. no calendar at all: say so, don't guess
        return (str(exc),)
    assert result is not None
    due = t.format_date(result.due)
    out = [
        (
            t.gettext("The authority must answer by {date} if it receives the letter on {received}.")
            if result.statutory
            else t.gettext(
                "The law sets no number of days; Habeas uses {date} as a reference date, if the "
                "letter is received on {received}."
            )
        ).format(date=due, received=t.format_date(received))
    ]
    if result.provisional:
        out.append(result.provisional_reason)
    if result.alternative is not None:
        out.append(
            t.gettext("On another reading: {date}. {reason}").format(
                date=t.format_date(result.alternative), reason=result.alternative_reason
            )
        )
    silence = route.text_in("silence", lang)
    if silence:
        out.append(t.gettext("If no answer comes in time: {what}").format(what=tags_in_words(silence, lang)))
    out.append(
        t.gettext("When an answer comes, record it in Habeas the same day: the next windows count from it.")
    )
    return tuple(out)


def _headings(lang: str) -> tuple[str, ...]:
    t = translator(language(lang).catalog)
    return (
        t.gettext("What to do now"),
        t.gettext("The reply"),
        t.gettext("What the law asks of the request"),
        t.gettext("Good to know"),
        t.gettext("If the answer is a refusal, incomplete or late"),
        t.gettext("What this letter relies on that is not yet verified"),
        t.gettext("To: {who}"),
        t.gettext("Warning: {text}"),
    )


# -- rendering -------------------------------------------------------------------------------------


def render_next_steps(sheet: NextStepsSheet) -> bytes:
    """The sheet as PDF bytes, fonts embedded. InputError if a character cannot be printed."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, FrameBreak, PageTemplate

    from app.letters.cjk import CJKParagraph
    from app.letters.fonts import choose_family
    from app.letters.pdfa import ArchiveInfo, archival_pdf

    lang = sheet.language
    spoken = language(lang)
    family = choose_family(lang, [("sheet", text) for text in sheet.all_text()])
    cjk = spoken.cjk
    size = 8.4 if cjk else 8.5
    leading = size * (1.5 if cjk else 1.28)
    wrap = "CJK" if cjk else None
    body = ParagraphStyle(
        "body",
        fontName=family.regular,
        bulletFontName=family.regular,  # the default bullet font is an unembedded Helvetica
        fontSize=size,
        leading=leading,
        wordWrap=wrap,
    )
    st = {
        "title": ParagraphStyle("title", body, fontName=family.bold, fontSize=15, leading=19, spaceAfter=2),
        "intro": ParagraphStyle("intro", body, spaceAfter=3),
        "h": ParagraphStyle(
            "h",
            body,
            fontName=family.bold,
            fontSize=size + 1.5,
            leading=leading + 2,
            spaceBefore=5,
            spaceAfter=1,
        ),
        "item": ParagraphStyle("item", body, leftIndent=4 * mm, bulletIndent=0, spaceAfter=1),
        "step": ParagraphStyle("step", body, fontName=family.bold, leftIndent=0, spaceBefore=2),
        "sub": ParagraphStyle("sub", body, leftIndent=4 * mm),
        "warn": ParagraphStyle("warn", body, leftIndent=4 * mm, textColor="#8a3a00"),
        "foot": ParagraphStyle("foot", body, fontSize=size - 0.5, spaceBefore=6, textColor="#333333"),
    }
    (h_now, h_reply, h_requires, h_notes, h_steps, h_unverified, to_who, warning) = _headings(lang)
    g = sheet.guide
    story: list[object] = []

    def para(text: str, style: str, bullet: str | None = None) -> None:
        story.append(CJKParagraph(escape(text), st[style], bulletText=bullet))

    para(sheet.title, "title")
    para(sheet.intro, "intro")
    para(h_now, "h")
    for n, item in enumerate(sheet.todo, start=1):
        para(item, "item", f"{n}.")
    para(h_reply, "h")
    for line in sheet.reply:
        para(line, "item", "•")
    if g.requirements:
        para(h_requires, "h")
        for line in g.requirements:
            para(line, "item", "•")
    if g.notes:
        para(h_notes, "h")
        para(g.notes, "item")
    if g.steps:
        para(h_steps, "h")
        for step in g.steps:
            para(step.name, "step")
            for line in (step.when, step.window, step.answer, to_who.format(who=step.addressee), step.notes):
                if line:
                    para(line, "sub")
            for w in step.warnings:
                para(warning.format(text=w), "warn")
    if g.unverified:
        para(h_unverified, "h")
        for line in g.unverified:
            para(line, "item", "•")
    para(sheet.disclaimer, "foot")
    buffer = io.BytesIO()
    page = LETTER if sheet.paper == "Letter" else A4
    width, height = page
    margin, gap, head = 13 * mm, 7 * mm, 11 * mm
    column = (width - 2 * margin - gap) / 2

    def columns(top: float) -> list[Frame]:
        return [
            Frame(margin + i * (column + gap), margin, column, top - margin, leftPadding=0, rightPadding=0)
            for i in range(2)
        ]

    # The title across the page, then two columns: the whole sheet fits on one page.
    header = Frame(margin, height - margin - head, width - 2 * margin, head, leftPadding=0, rightPadding=0)
    doc = BaseDocTemplate(
        buffer,
        pagesize=page,
        title=sheet.title,
        author="Habeas",
        creator="Habeas",
        lang=lang.replace("_", "-"),
        initialFontName=family.regular,  # or reportlab leaves an unembedded Helvetica (tooling.md § 0)
        pageTemplates=[
            PageTemplate("first", [header, *columns(height - margin - head)], autoNextPageTemplate="later"),
            PageTemplate("later", columns(height - margin)),
        ],
    )
    story.insert(1, FrameBreak())  # the title alone across the page
    doc.build(story)
    log.info("next-steps sheet rendered (%s)", lang)
    return archival_pdf(buffer.getvalue(), ArchiveInfo(sheet.title, lang.replace("_", "-")))
