"""What the law data says about a draft, phrased for the wizard. No Qt; uses only ``app.law``.

The wizard asks plain questions ("what happened?"); this module maps the answer to one of the
jurisdiction's contexts (ids from the law data), proposes the regime and explains why in two
sentences taken from the data, lists the provisions each letter will cite and computes the
expected reply date with its explanation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from app.errors import InputError
from app.i18n import N_, _, current_language
from app.law import DueDateResult, KnowledgeBase, Provision, Regime, Route, due_date
from app.ui.labels import RIGHT_LABELS

log = logging.getLogger(__name__)

# The situations the user recognises, in the order shown; msgids translated at display time.
SITUATIONS: tuple[tuple[str, str], ...] = (
    ("id_check", N_("An identity check")),
    ("arrest", N_("An arrest or detention")),
    ("criminal_case", N_("A criminal case (investigation, charge, trial)")),
    ("administrative_penalty", N_("An administrative penalty (fine, warning, administrative detention)")),
    ("registration", N_("A household-registration or identity-card record")),
    ("traffic", N_("A traffic matter")),
    ("demonstration", N_("A demonstration or public gathering")),
    ("other", N_("Something else, or I don't know")),
)
# Each jurisdiction's contexts say which of these situations they cover (``situations`` in
# jurisdiction.toml); "other" and any situation no context names lead to the first context.

CONFIDENCE_LABELS: dict[str, str] = {
    "V": N_("verified against the text"),
    "S": N_("from reliable secondary sources"),
    "M": N_("not yet verified: check before relying on it"),
    "I": N_("an interpretation chosen by Habeas"),
}


def situation_label(key: str) -> str:
    return next((_(label) for k, label in SITUATIONS if k == key), key)


@dataclass(frozen=True)
class Proposal:
    """``reasons``: two plain sentences for everyone; ``notes``: the law data's notes on the regime
    (case law, what is verified, with confidence tags), for those who ask for more."""

    context: str
    regime: Regime
    alternatives: tuple[Regime, ...]
    reasons: tuple[str, str]
    notes: str = ""


@dataclass(frozen=True)
class RightPlan:
    """What one letter will ask and cite, and when the reply is expected."""

    right: str
    route: Route
    provisions: tuple[Provision, ...]
    fallback: tuple[Provision, ...]
    reply: DueDateResult | None
    reply_error: str = ""


class LawAdvisor:
    """Answers the wizard's questions from the knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def jurisdictions(self) -> list[tuple[str, str]]:
        """(code, display name): the name in the UI language and the original one where they differ."""
        lang = current_language()
        out = []
        for code, j in self.kb.jurisdictions.items():
            name = j.text_in("name_en", lang)
            out.append((code, name if j.name_original in ("", name) else f"{name} ({j.name_original})"))
        return out

    def context_for(self, jurisdiction: str, situation: str) -> str:
        """The context whose ``situations`` in the law data name ``situation``, else the first one.

        Which situations are criminal-justice matters and which administrative is the law's
        business (law.md A.8: CN criminal data are outside OGI; B.1: DE/EU LED vs GDPR).
        """
        contexts = self.kb.jurisdiction(jurisdiction).contexts
        return next((c.id for c in contexts.values() if situation in c.situations), next(iter(contexts)))

    def situation_for(self, jurisdiction: str, context: str) -> str:
        """The first situation the wizard offers that leads to ``context`` (for prefilled drafts)."""
        for key, _label in SITUATIONS:
            if self.context_for(jurisdiction, key) == context:
                return key
        return "other"

    def contexts(self, jurisdiction: str) -> list[tuple[str, str]]:
        """(context id, label in the UI language): the choice that decides the regime."""
        lang = current_language()
        return [
            (c.id, c.text_in("label", lang)) for c in self.kb.jurisdiction(jurisdiction).contexts.values()
        ]

    def propose(self, jurisdiction: str, situation: str, chosen_context: str = "") -> Proposal:
        """The regime for the situation; ``chosen_context`` is the user's own choice where they made one."""
        j = self.kb.jurisdiction(jurisdiction)
        context_id = (
            chosen_context if chosen_context in j.contexts else self.context_for(jurisdiction, situation)
        )
        regimes = self.kb.regimes_for(jurisdiction, context_id)
        regime = regimes[0]
        context = j.contexts[context_id]
        lang = current_language()
        first = _(
            "You said this is about: {situation}. In the law of {country} that is “{context}”, "
            "so Habeas proposes {regime}."
        ).format(
            situation=situation_label(situation).rstrip("."),
            country=j.text_in("name_en", lang),
            context=context.text_in("label", lang),
            regime=regime.text_in("name", lang),
        )
        # The regime's plain question says what it covers; its notes are the lawyer's detail.
        second = regime.text_in("question", lang)
        if len(regimes) > 1:
            second = " ".join(
                x
                for x in (
                    second,
                    _("Rights that {regime} does not cover are asked under {others}.").format(
                        regime=regime.text_in("name", lang),
                        others=", ".join(r.text_in("name", lang) for r in regimes[1:]),
                    ),
                )
                if x
            )
        return Proposal(
            context_id, regime, tuple(regimes[1:]), (first, second), regime.text_in("notes", lang)
        )

    def rights(self, jurisdiction: str, context: str) -> list[str]:
        """Rights with a route under any regime serving the context, in the usual order."""
        found: list[str] = []
        for regime in self.kb.regimes_for(jurisdiction, context):
            for right in self.kb.rights(jurisdiction, regime.id):
                if right not in found:
                    found.append(right)
        order = list(RIGHT_LABELS)
        return sorted(found, key=lambda r: order.index(r) if r in order else len(order))

    def plan(self, jurisdiction: str, context: str, right: str, letter_date: date) -> RightPlan:
        route = self.kb.route_for(jurisdiction, context, right)
        reply: DueDateResult | None = None
        error = ""
        try:
            reply = due_date(
                jurisdiction, letter_date, rule=route.deadline, kb=self.kb, lang=current_language()
            )
        except InputError as exc:  # e.g. no official calendar for that year: say so, don't guess
            error = str(exc)
        return RightPlan(
            right,
            route,
            route.provisions_in_force(letter_date),
            route.fallback_in_force(letter_date),
            reply,
            error,
        )


def confidence_label(confidence: str) -> str:
    key = str(confidence)
    return _(CONFIDENCE_LABELS[key]) if key in CONFIDENCE_LABELS else key
