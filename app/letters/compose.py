"""Composing a letter: request draft + law route + template → ``Letter`` blocks. Pure; no reportlab.

The law data decide what is cited (route provisions, fallback provisions, the deadline rule); the
template decides how it is said in the authority's language. ``kind`` names a letter kind in the
template (access, correction, deletion, restriction, sealing; later reminders, complaints, appeals),
so new kinds are new template entries, not new code.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import format_date as babel_format_date

from app.cases.draft import RequestDraft, identity_document_of
from app.errors import DataFileError, InputError, Problem
from app.i18n import _
from app.law import DueDateResult, KnowledgeBase, Provision, Route, due_date
from app.letters.citations import join_citations, with_item
from app.letters.model import Letter, Section
from app.letters.templates import Template, Value, languages_for, template_for

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ground:
    """A deletion ground as a letter in one language states it."""

    id: str
    text: str  # in the letter's language
    provision: str  # key of the provision cited for it
    # Item within the provision ("第（一）项", "Buchst. a", "(1)(a)"); citations.with_item places it.
    item: str = ""


def grounds_for(kb: KnowledgeBase, jurisdiction: str, regime: str, language: str) -> tuple[Ground, ...]:
    """The deletion grounds the law data offer under ``regime`` of ``jurisdiction``, in ``language``."""
    j = kb.jurisdiction(jurisdiction)
    found = j.regimes.get(regime)
    if found is None:
        return ()
    return tuple(
        Ground(g.id, g.text_in("text", language), g.provision.key, g.item_in(language)) for g in found.grounds
    )


def compose(
    draft: RequestDraft,
    kb: KnowledgeBase,
    *,
    kind: str | None = None,
    extra: Mapping[str, Value] | None = None,
) -> Letter:
    """The letter for ``draft`` in the authority's language (plus the English courtesy copy if asked)."""
    problems = draft.problems(kb)
    if problems:
        raise InputError(_("The request input is not valid."), problems)
    jurisdiction = kb.jurisdiction(draft.jurisdiction)
    language = draft.language or jurisdiction.letter_language
    if language not in languages_for(jurisdiction):
        raise InputError(
            _("The request input is not valid."),
            [
                Problem(
                    "language",
                    _("no letter template in this language for {code}").format(code=jurisdiction.code),
                )
            ],
        )
    route = _route(draft, kb)
    assert draft.date is not None and draft.received is not None  # checked by draft.problems()
    deadline = due_date(jurisdiction.code, draft.received, rule=route.deadline, kb=kb, lang=language)
    letter = compose_template(
        draft, kb, route, deadline, template_for(jurisdiction, language), kind=kind, extra=extra
    )
    # The courtesy copy is offered where the jurisdiction's data offer it in English.
    if draft.courtesy_copy_en and "en" in jurisdiction.courtesy_copy_languages and language != "en":
        en_deadline = due_date(jurisdiction.code, draft.received, rule=route.deadline, kb=kb, lang="en")
        copy = compose_template(
            draft,
            kb,
            route,
            en_deadline,
            template_for(jurisdiction, "en"),
            kind=kind,
            extra=extra,
            courtesy=True,
        )
        letter = _replace(letter, courtesy_copy=copy)
    log.info("composed %s letter for %s (%s)", letter.kind, jurisdiction.code, route.regime)
    return letter


def compose_template(
    draft: RequestDraft,
    kb: KnowledgeBase,
    route: Route,
    deadline: DueDateResult,
    template: Template,
    *,
    kind: str | None = None,
    extra: Mapping[str, Value] | None = None,
    courtesy: bool = False,
) -> Letter:
    """One letter from ``template`` (any template with this file format, e.g. escalation templates).

    ``draft`` must be valid (``draft.problems()`` empty, date set); ``route`` and ``deadline`` are the
    law route and the period the letter states; ``kind`` defaults to the draft's right; ``extra``
    adds or overrides template values; ``courtesy`` marks an English courtesy copy (English citation
    forms, courtesy note).
    """
    jurisdiction = kb.jurisdiction(draft.jurisdiction)
    composer = _Composer(draft, kb, route, deadline, template, kind, extra)
    return composer.build(paper=jurisdiction.paper, english=courtesy)


def _replace(letter: Letter, **changes: Any) -> Letter:
    import dataclasses

    return dataclasses.replace(letter, **changes)


def _route(draft: RequestDraft, kb: KnowledgeBase) -> Route:
    """The route the draft asks for; law look-up errors become problems at the right key."""
    try:
        if draft.regime:
            return kb.route(draft.jurisdiction, draft.regime, draft.right)
        jurisdiction = kb.jurisdiction(draft.jurisdiction)
        context = draft.context or next(iter(jurisdiction.contexts))
        return kb.route_for(draft.jurisdiction, context, draft.right)
    except InputError as exc:
        key = "regime" if draft.regime else ("context" if draft.context else "right")
        raise InputError(_("The request input is not valid."), [Problem(key, str(exc))]) from None


class _Composer:
    def __init__(
        self,
        draft: RequestDraft,
        kb: KnowledgeBase,
        route: Route,
        deadline: DueDateResult,
        template: Template,
        kind: str | None,
        extra: Mapping[str, Value] | None,
    ) -> None:
        self.draft, self.kb, self.route, self.deadline, self.t = draft, kb, route, deadline, template
        self.kind = kind or draft.right
        self.extra = dict(extra or {})
        self.english_copy = False
        self.cited: list[Provision] = []
        self.value_provisions: dict[str, tuple[Provision, ...]] = {}
        if self.kind not in template.kinds():
            raise InputError(
                _("The request input is not valid."),
                [Problem("right", _("no letter of this kind for {code}").format(code=draft.jurisdiction))],
            )

    # -- citations -----------------------------------------------------------------------------

    def citation(self, provision: Provision) -> str:
        return (
            provision.citation_en if self.english_copy else provision.citation_in(self.t.setting("language"))
        )

    def record(self, provisions: Sequence[Provision]) -> None:
        """List ``provisions`` as cited (they were printed)."""
        for provision in provisions:
            if provision not in self.cited:
                self.cited.append(provision)

    def used(self, name: str) -> None:
        self.record(self.value_provisions.get(name, ()))

    def cite(self, pids: str, printed: bool = True) -> str:
        """``{cite:ID}`` or ``{cite:ID1,ID2}`` (one phrase; the instrument is named once)."""
        ids = [pid.strip() for pid in pids.split(",") if pid.strip()]
        if len(ids) == 1:
            return self.cite_one(ids[0], printed)
        parts = [self.cite_one(pid, printed) for pid in ids]
        return self.join_texts(parts)

    def join_texts(self, parts: Sequence[str]) -> str:
        sep, last = self.t.setting("list_separator"), self.t.setting("list_last_separator")
        return join_citations(parts, self.t.setting("language"), sep, last)

    def cite_one(self, pid: str, printed: bool = True, *, record: bool = True) -> str:
        """The citation of ``pid``; a printed one must be in force and is listed (``record``)."""
        try:
            provision = self.kb.provision(pid, within=self.draft.jurisdiction)
        except InputError:
            raise DataFileError(self.t.name, f"cite:{pid}", "unknown provision id in the law data") from None
        assert self.draft.date is not None
        if printed and not provision.in_force_on(self.draft.date):
            raise InputError(
                _("The request input is not valid."),
                [
                    Problem(
                        "date",
                        _("{citation} is not in force on this date").format(citation=provision.citation_en),
                    )
                ],
            )
        if printed and record:
            self.record((provision,))
        return self.citation(provision)

    def join(self, name: str, provisions: Sequence[Provision]) -> str:
        """The citations of ``provisions`` as one phrase, remembered as the value ``name``."""
        self.value_provisions[name] = tuple(provisions)
        return self.join_texts([self.citation(p) for p in provisions])

    # -- values --------------------------------------------------------------------------------

    def fmt_date(self, day: date | None) -> str:
        if day is None:
            return ""
        return babel_format_date(day, format=self.t.setting("date_format"), locale=self.t.setting("locale"))

    def period(self, count: int, unit: str, table: str = "units") -> str:
        """ "einem Monat", "zwei Monate", "20 working days": the unit's form for ``count``.

        ``table`` names the forms to use ("units_extension" where the grammar differs, German
        accusative after "um"; falls back to "units"). Numbers listed in ``number_words`` (one to
        twelve in German and English) are written out, as in running text.
        """
        key = f"{table}.{unit}" if self.t.has(f"{table}.{unit}") else f"units.{unit}"
        forms = self.t.part(key)
        form = forms.get("one" if count == 1 else "other") if isinstance(forms, Mapping) else None
        if not isinstance(form, str):
            raise DataFileError(self.t.name, key, "needs 'one' and 'other'")
        words = self.t.data.get("number_words", [])
        number = str(count)
        if isinstance(words, list) and 0 <= count < len(words) and isinstance(words[count], str):
            number = words[count] or number
        return form.replace("{n}", number)

    def values(self) -> dict[str, Value]:
        d, r, route, res = self.draft, self.draft.requester, self.route, self.deadline
        rule = route.deadline
        assert d.date is not None
        line_sep = self.t.setting("address_separator")
        # Chinese forms give the postal code its own row (邮政编码); letters put it in the address.
        with_code = not self.t.has("parts.applicant")
        id_label = ""
        if r.id_type or r.id_number:
            labels = self.t.part("id_types")
            document = identity_document_of(d, self.kb)
            id_label = str(labels.get(document.id if document else "other", labels.get("other", "")))
        provisions = route.provisions_in_force(d.date)
        fallback = route.fallback_in_force(d.date)
        rule_provisions = [self.kb.provision(pid) for pid in rule.provisions]
        # Binding provisions set (or fail to set) the period; non-binding standards are only a reference.
        rule_law = [p for p in rule_provisions if p.instrument.binding and p.in_force_on(d.date)]
        rule_reference = [p for p in rule_provisions if not p.instrument.binding and p.in_force_on(d.date)]
        sealing = self.kb.routes.get((d.jurisdiction, route.regime, "sealing"))
        jurisdiction = self.kb.jurisdiction(d.jurisdiction)
        rep = d.representative
        values: dict[str, Value] = {
            "name": r.name,
            "id_label": id_label,
            "id_number": r.id_number,
            "birth_date": self.fmt_date(r.birth_date),
            "birth_place": r.birth_place,
            "address": line_sep.join(_address(r.address, r.postal_code if with_code else "")),
            "postal_code": r.postal_code,
            "phone": r.phone,
            "email": r.email,
            "authority": d.authority.name,
            "authority_address": line_sep.join(_address(d.authority.address, d.authority.postal_code)),
            "details": d.details,
            "letter_date": self.fmt_date(d.date),
            "reference": d.reference,
            "case_numbers": self.t.setting("list_separator").join(d.case_numbers),
            "legal_basis": self.join("legal_basis", provisions),
            "primary_basis": self.join("primary_basis", provisions[:1]),
            "fallback_basis": self.join("fallback_basis", fallback),
            "restriction_fallback": bool(fallback)
            and (d.deletion is None or d.deletion.restriction_fallback),
            "wrong": d.correction.wrong if d.correction else "",
            "correct": d.correction.correct if d.correction else "",
            "evidence": d.correction.evidence if d.correction else "",
            "deletion_explanation": d.deletion.explanation if d.deletion else "",
            "representative": rep.name if rep else "",
            "representative_org": rep.organisation if rep else "",
            "representative_address": line_sep.join(_lines(rep.address)) if rep else "",
            "enclosures": bool(d.enclosures),
            "received": self.fmt_date(d.received),
            "due_date": self.fmt_date(res.due),
            "period": self.period(rule.count, str(rule.unit)),
            "deadline_law": self.join("deadline_law", rule_law),
            # The provision that sets the period (the others are counting rules, shown in the annex).
            "deadline_provision": self.join("deadline_provision", rule_law[:1]),
            # Where the law sets no period, the further binding provisions are applied by analogy
            # (OGI art 41 correction → art 33 period).
            "deadline_analogy": self.join("deadline_analogy", rule_law[1:]),
            "deadline_reference": self.join("deadline_reference", rule_reference),
            "sealing_basis": self.join("sealing_basis", sealing.provisions_in_force(d.date))
            if sealing is not None and d.right == "deletion"
            else "",
            "statutory": rule.statutory,
            # Offered only where the provisions allowing it are in force on the letter's date (DPA 2018
            # s.54(3A) applies from 5 Feb 2026).
            "extension": self.period(rule.extension_count, str(rule.extension_unit), "units_extension")
            if rule.extension_count
            and rule.extension_unit
            and all(self.kb.provision(p).in_force_on(d.date) for p in rule.extension_provisions)
            else "",
            "regime": route.regime,
        }
        # The jurisdiction's letter options: the user's answer, else the option's default.
        for option in jurisdiction.letter_options:
            answer = d.option(option.id) if option.applies(route.regime, d.right) else None
            if option.type == "flag":
                values["option_" + option.id] = bool(answer) if answer is not None else option.default
            else:
                values["option_" + option.id] = str(answer or "")
        # One flag per regime and context of the jurisdiction, so templates can vary the wording.
        for regime_id in jurisdiction.regimes:
            values["regime_" + regime_id.replace("-", "_")] = regime_id == route.regime
        for context_id in jurisdiction.contexts:
            values["context_" + context_id.replace("-", "_")] = context_id == (d.context or "")
        # One flag per letter kind, so shared parts can fit the letter ("Auskunft" vs "Löschung"),
        # and per right of the request (an escalation letter names the request it follows up).
        for kind_id in self.t.kinds():
            values["kind_" + kind_id.replace("-", "_")] = kind_id == self.kind
        for right in ("access", "correction", "deletion"):
            values["right_" + right] = d.right == right
        values.update(self.extra)
        return values

    # -- building ------------------------------------------------------------------------------

    def build(self, *, paper: str, english: bool) -> Letter:
        self.english_copy = english
        t, d = self.t, self.draft
        values = self.values()
        kind = f"kinds.{self.kind}"

        def fill(key: str) -> str:
            return t.fill(key, values, self.cite, self.used)

        subject = fill(f"{kind}.subject")  # first, so the citations list follows reading order
        sections = tuple(self.section(entry, n, values) for n, entry in enumerate(t.part(f"{kind}.sections")))
        sections = tuple(s for s in sections if s.paragraphs or s.numbered or s.rows)
        sender = (d.requester.name, *_address(d.requester.address, d.requester.postal_code))
        sender += tuple(t.fill_list("parts.sender_contact", values, self.cite, self.used))
        addressee = (*_lines(d.authority.name), *_address(d.authority.address, d.authority.postal_code))
        # A kind may set its own reference labels; a row it leaves out is not printed (a court is not
        # the police: the police's case numbers are not "your reference" there).
        rows_key = f"{kind}.reference_rows" if t.has(f"{kind}.reference_rows") else "parts.reference_rows"
        reference_rows = tuple(
            (t.fill(f"{rows_key}.{key}", {}, self.cite), value)
            for key, value in (("ours", d.reference), ("case", values["case_numbers"]))
            if value
            and isinstance(value, str)
            and (rows_key == "parts.reference_rows" or t.has(f"{rows_key}.{key}"))
        )
        # A kind may set its own salutation ("" for a statement of claim, which has none).
        salutation_key = f"{kind}.salutation" if t.has(f"{kind}.salutation") else "parts.salutation"
        letter = Letter(
            kind=self.kind,
            language=t.setting("language"),
            layout=t.setting("layout"),
            paper=paper,
            meta_title=fill(f"{kind}.meta_title"),
            title=fill(f"{kind}.title") if t.has(f"{kind}.title") else "",
            return_address=" · ".join(
                (d.requester.name, *_address(d.requester.address, d.requester.postal_code))
            ),
            sender_lines=sender,
            addressee_lines=addressee,
            date_label=fill("parts.date_label") if t.has("parts.date_label") else "",
            place_date=fill("parts.place_date"),
            reference_rows=reference_rows,
            subject=subject,
            salutation=fill(salutation_key),
            sections=sections,
            closing=t.fill_list("parts.closing", values, self.cite, self.used),
            signature_label=fill("parts.signature_label"),
            signature_name=d.requester.name,
            signature_extra=t.fill_list("parts.signature_extra", values, self.cite, self.used),
            enclosures_heading=fill("parts.enclosures_heading"),
            # A kind may list its own enclosures (a court action encloses the application, not the ID
            # copy sent to the police); otherwise the request's.
            enclosures=t.fill_list(f"{kind}.enclosures", values, self.cite, self.used)
            if t.has(f"{kind}.enclosures")
            else d.enclosures,
            citations_heading=fill("parts.citations_heading"),
            citations=(),
            annex_heading=fill("parts.annex_heading"),
            annex=self.annex(values),
            page_label=t.setting("page_label"),
            user_fields=_user_fields(d),
            courtesy_note=fill("parts.courtesy_note") if english else "",
        )
        # Citations list last: it holds everything cited above, in order of first citation.
        return _replace(letter, citations=tuple(self.citation(p) for p in self.cited))

    def section(self, entry: Any, n: int, values: Mapping[str, Value]) -> Section:
        t = self.t
        key = f"kinds.{self.kind}.sections[{n}]"
        if isinstance(entry, Mapping) and "include" in entry:
            key = f"parts.{entry['include']}"
            entry = t.part(key)
        if not isinstance(entry, Mapping):
            raise DataFileError(t.name, key, "a section must be a table")

        def texts(name: str) -> tuple[str, ...]:
            items = entry.get(name, [])
            if not isinstance(items, list):
                raise DataFileError(t.name, f"{key}.{name}", "not a list")
            filled = (t_fill(str(s), f"{key}.{name}[{i}]") for i, s in enumerate(items))
            return tuple(s for s in filled if s.strip())

        def t_fill(text: str, where: str) -> str:
            from app.letters.templates import fill

            return fill(text, values, self.cite, file=t.name, key=where, used=self.used)

        numbered = texts("numbered")
        if entry.get("grounds"):
            numbered += self.grounds()
        numbered += texts("numbered_after")
        rows: tuple[tuple[str, str], ...] = ()
        if entry.get("rows"):
            rows = tuple(
                (t_fill(str(label), f"{key}.rows"), t_fill(str(value), f"{key}.rows"))
                for label, value in entry["rows"]
            )
            rows = tuple((label, value) for label, value in rows if value.strip())
        heading = t_fill(str(entry.get("heading", "")), f"{key}.heading")
        return Section(heading=heading, paragraphs=texts("paragraphs"), numbered=numbered, rows=rows)

    def grounds(self) -> tuple[str, ...]:
        if self.draft.deletion is None:
            return ()
        language = self.t.setting("language")
        known = {g.id: g for g in grounds_for(self.kb, self.draft.jurisdiction, self.route.regime, language)}
        out: list[str] = []
        bad: list[Problem] = []
        chosen = self.draft.deletion.grounds
        for i, gid in enumerate(chosen):
            ground = known.get(gid)
            if ground is None:
                bad.append(
                    Problem(
                        f"deletion.grounds[{i}]",
                        _("not a ground offered by this law; choose from {choices}").format(
                            choices=", ".join(known)
                        ),
                    )
                )
                continue
            citation = ""
            if ground.provision:
                # Checked (unknown id, in force) now; listed as cited only if the format prints it.
                citation = with_item(self.cite_one(ground.provision, record=False), ground.item, language)
                self.value_provisions["citation"] = (self.kb.provision(ground.provision),)
            values: dict[str, Value] = {"text": ground.text, "citation": citation}
            # A list of clauses ends differently ("…；" then "…。"): optional ``ground_last_format``.
            last = i == len(chosen) - 1 and self.t.has("ground_last_format")
            key = "ground_last_format" if last else "ground_format"
            out.append(self.t.fill(key, values, self.cite, self.used))
        if bad:
            raise InputError(_("The request input is not valid."), bad)
        return tuple(out)

    def annex(self, values: Mapping[str, Value]) -> tuple[str, ...]:
        res = self.deadline
        lines = list(self.t.fill_list("parts.annex_intro", values, self.cite, self.used))
        # The engine's explanation already includes the alternative reading and any provisional flag.
        lines += [str(line) for line in res.explain(self.t.setting("trace_language"), audience="authority")]
        return tuple(lines)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _address(text: str, postal_code: str) -> tuple[str, ...]:
    """Address lines, with the postal code as the last line unless the address already contains it."""
    lines = _lines(text)
    code = postal_code.strip()
    if code and code.replace(" ", "").upper() not in text.replace(" ", "").upper():
        lines += (code,)
    return lines


def _user_fields(d: RequestDraft) -> tuple[tuple[str, str], ...]:
    """Every piece of user text with its key path, for the font coverage check."""
    data = d.to_json()
    out: list[tuple[str, str]] = []

    def walk(value: object, path: str) -> None:
        if isinstance(value, str):
            out.append((path, value))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}" if path else k)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")

    walk(data, "")
    return tuple(out)
