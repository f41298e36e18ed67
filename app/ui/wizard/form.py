"""Form values (what the wizard's widgets hold) → ``RequestDraft``s, one per chosen right. No Qt.

Autosave keeps the *form values*, not the draft: a half-typed date or a wrong ID number is still
something the user typed and must survive closing the app, even though no valid draft holds it.
Keys are the draft's key paths (``requester.email``), so a Problem's path names its widget.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from datetime import date
from typing import Any

from app.cases.draft import SECTIONS, Authority, Correction, Deletion, Representative, RequestDraft, Requester
from app.errors import InputError, Problem
from app.i18n import _
from app.law import Enclosure, Jurisdiction, KnowledgeBase

log = logging.getLogger(__name__)

DRAFT_FORMAT = 1  # the version of the form values kept in a DraftRecord's payload
FormValues = dict[str, Any]

# Keys the draft requires whenever their page applies (``app.cases.draft``'s "required" checks);
# their labels are marked so the user sees what must be filled before pressing Next.
REQUIRED_KEYS = frozenset(
    {
        "jurisdiction",
        "date",
        "rights",
        "authority.name",
        "authority.address",
        "requester.name",
        "requester.address",
        "representative.name",
        "details",
        "correction.wrong",
        "correction.correct",
        "deletion.grounds",
    }
)


def enclosures_offered(values: FormValues, kb: KnowledgeBase) -> list[Enclosure]:
    """The enclosures the law data of the chosen jurisdiction offer for the rights chosen (under
    the regime each right's letter is written under); one for a representative only where one acts.
    Without a right chosen, only those offered for every right."""
    jurisdiction = kb.jurisdictions.get(_text(values, "jurisdiction"))
    if jurisdiction is None:
        return []
    pairs = [(_regime_of(values, kb, jurisdiction, right), right) for right in _list(values, "rights")]
    return [
        enclosure
        for enclosure in jurisdiction.enclosures
        if (
            any(enclosure.applies(regime, right) for regime, right in pairs)
            if pairs
            else not (enclosure.rights or enclosure.regimes)
        )
        and (values.get("representative.enabled") or not enclosure.representative)
    ]


def _regime_of(values: FormValues, kb: KnowledgeBase, jurisdiction: Jurisdiction, right: str) -> str:
    """The regime ``right``'s letter is written under ("" if the law data have no route for it)."""
    try:
        regime = _text(values, "regime")
        if regime:
            return kb.route(jurisdiction.code, regime, right).regime
        context = _text(values, "context") or next(iter(jurisdiction.contexts))
        return kb.route_for(jurisdiction.code, context, right).regime
    except InputError:
        return ""


def enclosures_for(values: FormValues, kb: KnowledgeBase, right: str = "") -> tuple[str, ...]:
    """Checked enclosures of the law data in the letter's language, then the user's own lines.

    A box checked earlier and no longer offered (the right was unchecked) is left out; with
    ``right``, so is one that belongs to another right's letter.
    """
    jurisdiction = kb.jurisdictions.get(_text(values, "jurisdiction"))
    lang = _text(values, "language") or (jurisdiction.letter_language if jurisdiction is not None else "en")
    offered = {e.id: e for e in enclosures_offered({**values, "rights": [right]} if right else values, kb)}
    standard = [
        offered[k].text_in("text", lang) for k in _list(values, "enclosures.standard") if k in offered
    ]
    return (*standard, *_list(values, "enclosures"))


def _text(values: FormValues, key: str) -> str:
    value = values.get(key, "")
    return value.strip() if isinstance(value, str) else ""


def _list(values: FormValues, key: str) -> tuple[str, ...]:
    value = values.get(key, [])
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list):
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


def _day(values: FormValues, key: str, problems: list[Problem]) -> date | None:
    # NFKC: a Chinese input method types full-width digits and dashes (１９９０－０１－３１).
    raw = unicodedata.normalize("NFKC", _text(values, key))
    if not raw:
        return None
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    problems.append(Problem(key, _("not a date (YYYY-MM-DD)")))
    return None


def form_to_drafts(values: FormValues, kb: KnowledgeBase) -> tuple[list[RequestDraft], list[Problem]]:
    """One draft per chosen right (one letter per right), plus problems the form itself found.

    ``kb`` gives the enclosures the checked boxes stand for, in the letter's language."""
    problems: list[Problem] = []
    rights = _list(values, "rights")
    requester = Requester(
        name=_text(values, "requester.name"),
        id_type=_text(values, "requester.id_type"),
        id_number=_text(values, "requester.id_number").upper(),
        birth_date=_day(values, "requester.birth_date", problems),
        birth_place=_text(values, "requester.birth_place"),
        address=_text(values, "requester.address"),
        postal_code=_text(values, "requester.postal_code"),
        phone=_text(values, "requester.phone"),
        email=_text(values, "requester.email"),
    )
    representative = None
    if values.get("representative.enabled"):
        representative = Representative(
            name=_text(values, "representative.name"),
            organisation=_text(values, "representative.organisation"),
            address=_text(values, "representative.address"),
            power_of_attorney=bool(values.get("representative.power_of_attorney")),
        )
    base = RequestDraft(
        jurisdiction=_text(values, "jurisdiction"),
        date=_day(values, "date", problems),
        context=_text(values, "context"),
        regime=_text(values, "regime"),
        requester=requester,
        authority=Authority(
            name=_text(values, "authority.name"),
            address=_text(values, "authority.address"),
            postal_code=_text(values, "authority.postal_code"),
        ),
        details=_text(values, "details"),
        enclosures=enclosures_for(values, kb),
        language=_text(values, "language"),
        courtesy_copy_en=bool(values.get("courtesy_copy_en")),
        representative=representative,
        reference=_text(values, "reference"),
        case_numbers=_list(values, "case_numbers"),
        options=tuple(
            (key.removeprefix("options."), value if isinstance(value, bool) else str(value).strip())
            for key, value in sorted(values.items())
            if key.startswith("options.") and (isinstance(value, bool) or str(value).strip())
        ),
    )
    if not rights:
        problems.append(Problem("rights", _("choose at least one right")))
        return [base], problems
    drafts = []
    for right in rights:
        draft = base.with_changes(right=right, enclosures=enclosures_for(values, kb, right))
        if right == "correction":
            draft = draft.with_changes(
                correction=Correction(
                    wrong=_text(values, "correction.wrong"),
                    correct=_text(values, "correction.correct"),
                    evidence=_text(values, "correction.evidence"),
                )
            )
        if right == "deletion":
            draft = draft.with_changes(
                deletion=Deletion(
                    grounds=_list(values, "deletion.grounds"),
                    explanation=_text(values, "deletion.explanation"),
                    restriction_fallback=bool(values.get("deletion.restriction_fallback", True)),
                )
            )
        drafts.append(draft)
    return drafts, problems


# -- the live preview ------------------------------------------------------------------------------

BLANK = "________"  # a line left to fill, as on a paper form: the preview shows where text goes
_BLANK_KEYS = frozenset(
    {
        "requester.name",
        "requester.address",
        "authority.name",
        "authority.address",
        "details",
        "correction.wrong",
        "correction.correct",
    }
)


def preview_draft(draft: RequestDraft, kb: KnowledgeBase) -> RequestDraft:
    """``draft`` made composable for the live preview: required text not typed yet is a blank
    line, optional values that are not valid (yet) are left out. The draft the letter is finally
    made from is never changed like this; a draft without a deletion ground stays as it is."""
    for _attempt in range(3):
        problems = draft.problems(kb)
        if not problems:
            break
        for problem in problems:
            draft = _without(draft, problem.path)
    return draft


def _without(draft: RequestDraft, path: str) -> RequestDraft:
    head, _dot, name = path.partition(".")
    name = name.split("[")[0]
    base = head.split("[")[0]
    if base in ("enclosures", "case_numbers"):
        return draft.with_changes(**{base: tuple(x for x in getattr(draft, base) if x.strip())})
    if base in ("representative", "options", "reference"):
        return draft.with_changes(
            **{base: None if base == "representative" else type(getattr(draft, base))()}
        )
    if base == "details":
        return draft.with_changes(details=BLANK)
    if base == "deletion" and name == "grounds" and "[" in path and draft.deletion is not None:
        index = int(path.split("[")[1].rstrip("]"))
        kept = tuple(g for i, g in enumerate(draft.deletion.grounds) if i != index)
        return draft.with_changes(deletion=dataclasses.replace(draft.deletion, grounds=kept))
    if base == "correction" and not name:
        return draft.with_changes(correction=Correction(BLANK, BLANK))
    part = getattr(draft, base, None)
    if name and dataclasses.is_dataclass(part) and not isinstance(part, type) and hasattr(part, name):
        current = getattr(part, name)
        value: Any = BLANK if path in _BLANK_KEYS else (None if not isinstance(current, str) else "")
        if name in ("id_type", "id_number"):  # a document and its number go together
            return draft.with_changes(**{base: dataclasses.replace(part, id_type="", id_number="")})
        return draft.with_changes(**{base: dataclasses.replace(part, **{name: value})})
    return draft


def section_problems(values: FormValues, section: str, kb: KnowledgeBase) -> list[Problem]:
    """Problems of one wizard step (a key of ``app.cases.draft.SECTIONS``), each reported once.

    The draft has one ``right``; the form's multiple choice is ``rights`` and belongs to the
    rights step, not to the situation step where the draft's validation files it.
    """
    drafts, problems = form_to_drafts(values, kb)
    found = list(problems)
    for draft in drafts:
        found += draft.validate_section(section, kb)
        if section == "rights":
            found += draft.validate_section("situation", kb)
    unique: list[Problem] = []
    for problem in found:
        if problem.path in ("right", "rights"):
            problem = Problem("rights", problem.message)
        if _owner(problem.path) == section and problem not in unique:
            unique.append(problem)
    return unique


def _owner(path: str) -> str:
    if path == "rights":
        return "rights"
    if path == "date":
        return "situation"
    head = path.split(".")[0].split("[")[0]
    for section, keys in SECTIONS.items():
        if head in keys:
            return section
    return ""


# -- autosaved drafts and prefilled follow-ups -------------------------------------------------------


def draft_title(values: FormValues) -> str:
    """For the "resume" list: jurisdiction and rights only, never personal data."""
    return " · ".join(x for x in (_text(values, "jurisdiction"), ", ".join(_list(values, "rights"))) if x)


def draft_to_form(draft: RequestDraft) -> FormValues:
    """The wizard's form values for a (possibly incomplete) draft, e.g. a suggested correction.

    The inverse of ``form_to_drafts`` for one right; enclosures go to the free-text list.
    """
    r, a = draft.requester, draft.authority
    values: FormValues = {
        "jurisdiction": draft.jurisdiction,
        "date": draft.date.isoformat() if draft.date else "",
        "context": draft.context,
        "regime": draft.regime,
        "language": draft.language,
        "rights": [draft.right] if draft.right else [],
        "requester.name": r.name,
        "requester.id_type": r.id_type,
        "requester.id_number": r.id_number,
        "requester.birth_date": r.birth_date.isoformat() if r.birth_date else "",
        "requester.birth_place": r.birth_place,
        "requester.address": r.address,
        "requester.postal_code": r.postal_code,
        "requester.phone": r.phone,
        "requester.email": r.email,
        "authority.name": a.name,
        "authority.address": a.address,
        "authority.postal_code": a.postal_code,
        "details": draft.details,
        "case_numbers": "\n".join(draft.case_numbers),
        "reference": draft.reference,
        "enclosures": "\n".join(draft.enclosures),
        "courtesy_copy_en": draft.courtesy_copy_en,
        "representative.enabled": draft.representative is not None,
        **{f"options.{key}": value for key, value in draft.options},
    }
    if draft.representative is not None:
        rep = draft.representative
        values.update(
            {
                "representative.name": rep.name,
                "representative.organisation": rep.organisation,
                "representative.address": rep.address,
                "representative.power_of_attorney": rep.power_of_attorney,
            }
        )
    if draft.correction is not None:
        c = draft.correction
        values.update(
            {"correction.wrong": c.wrong, "correction.correct": c.correct, "correction.evidence": c.evidence}
        )
    if draft.deletion is not None:
        d = draft.deletion
        values.update(
            {
                "deletion.grounds": list(d.grounds),
                "deletion.explanation": d.explanation,
                "deletion.restriction_fallback": d.restriction_fallback,
            }
        )
    return values
