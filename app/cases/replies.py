"""The authority's reply in structure, and what to do next.

A reply is stored in the answering event's ``data`` (``{"reply": {...}}``): what was disclosed,
what was refused and on which grounds the authority cited, what was corrected, deleted or
restricted, and — from the person's reading of the disclosed data — what is wrong or held
without reason. ``next_steps`` turns that and the request's state into suggestions: a prefilled
correction or deletion ``RequestDraft``, or the escalation steps the law opens.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.cases.deadlines import RequestState
from app.cases.draft import Correction, Deletion, RequestDraft
from app.cases.lifecycle import Overdue, Status
from app.cases.records import Request, RequestEvent
from app.contract import MAX_FREE_TEXT, list_problem, text_problem
from app.errors import InputError, Problem
from app.i18n import _
from app.law import KnowledgeBase

log = logging.getLogger(__name__)

LIST_KEYS: tuple[str, ...] = ("disclosed", "corrected", "deleted", "restricted", "unlawful")
# Items of one list of a reply: a disclosure may list many records, but not without bound.
MAX_REPLY_ITEMS = 1_000


@dataclass(frozen=True)
class Refusal:
    item: str
    grounds: tuple[str, ...] = ()  # the provisions or reasons the authority cited, as it wrote them


@dataclass(frozen=True)
class Inaccuracy:
    wrong: str
    correct: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class Reply:
    disclosed: tuple[str, ...] = ()
    refused: tuple[Refusal, ...] = ()
    corrected: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    restricted: tuple[str, ...] = ()
    inaccurate: tuple[Inaccuracy, ...] = ()  # data the reply shows that are wrong → correction
    unlawful: tuple[str, ...] = ()  # data held without a reason the person accepts → deletion
    reasons_given: bool | None = None  # PIPL art 50(1), BDSG § 57(6), DPA s.48: a refusal needs reasons

    def to_data(self) -> dict[str, Any]:
        # JSON shape (lists, not tuples): what the store keeps and parse_reply reads back.
        plain = json.loads(json.dumps(dataclasses.asdict(self), ensure_ascii=False))
        return {k: v for k, v in plain.items() if v not in (None, [])}

    @property
    def empty(self) -> bool:
        return not self.to_data()


def parse_reply(data: object, path: str = "reply") -> Reply:
    """Read a reply from JSON-like data; InputError lists every problem with its key path."""
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise InputError(_("The reply is not valid."), [Problem(path, _("must be an object"))])
    known = {f.name for f in dataclasses.fields(Reply)}
    problems += [Problem(f"{path}.{k}", _("unknown key")) for k in data if k not in known]
    values: dict[str, Any] = {}
    for key in LIST_KEYS:
        values[key] = _texts(data.get(key, []), f"{path}.{key}", problems)
    refused: list[Refusal] = []
    for i, item in enumerate(_objects(data.get("refused", []), f"{path}.refused", problems)):
        where = f"{path}.refused[{i}]"
        text = _text(item.get("item"), f"{where}.item", problems, required=True)
        refused.append(Refusal(text, _texts(item.get("grounds", []), f"{where}.grounds", problems)))
    inaccurate: list[Inaccuracy] = []
    for i, item in enumerate(_objects(data.get("inaccurate", []), f"{path}.inaccurate", problems)):
        where = f"{path}.inaccurate[{i}]"
        inaccurate.append(
            Inaccuracy(
                _text(item.get("wrong"), f"{where}.wrong", problems, required=True),
                _text(item.get("correct"), f"{where}.correct", problems),
                _text(item.get("evidence"), f"{where}.evidence", problems),
            )
        )
    reasons = data.get("reasons_given")
    if reasons is not None and not isinstance(reasons, bool):
        problems.append(Problem(f"{path}.reasons_given", _("must be true or false")))
        reasons = None
    if problems:
        raise InputError(_("The reply is not valid."), problems)
    return Reply(refused=tuple(refused), inaccurate=tuple(inaccurate), reasons_given=reasons, **values)


def _text(value: object, path: str, problems: list[Problem], required: bool = False) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(Problem(path, _("required")))
        return ""
    if not isinstance(value, str):
        problems.append(Problem(path, _("must be text")))
        return ""
    problem = text_problem(value, MAX_FREE_TEXT)
    if problem:
        problems.append(Problem(path, problem))
        return ""
    return value.strip()


def _texts(value: object, path: str, problems: list[Problem]) -> tuple[str, ...]:
    if not isinstance(value, list):
        problems.append(Problem(path, _("must be a list of texts")))
        return ()
    if too_many := list_problem(value, MAX_REPLY_ITEMS):
        problems.append(Problem(path, too_many))
        return ()
    return tuple(_text(v, f"{path}[{i}]", problems, required=True) for i, v in enumerate(value))


def _objects(value: object, path: str, problems: list[Problem]) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        problems.append(Problem(path, _("must be a list of objects")))
        return []
    if too_many := list_problem(value, MAX_REPLY_ITEMS):
        problems.append(Problem(path, too_many))
        return []
    out: list[Mapping[str, Any]] = []
    for i, item in enumerate(value):
        if isinstance(item, Mapping):
            out.append(item)
        else:
            problems.append(Problem(f"{path}[{i}]", _("must be an object")))
    return out


def reply_of(event: RequestEvent) -> Reply | None:
    raw = event.data.get("reply")
    if raw is None:
        return None
    try:
        return parse_reply(raw)
    except InputError:
        log.warning("event %s holds an unreadable reply", event.id)
        return None


@dataclass(frozen=True)
class Suggestion:
    """A next step: a new request to prefill, or an escalation step (its letter kind and window)."""

    kind: str  # "correction" | "deletion" | "reminder" | "complaint" | ... (escalation step kinds)
    title: str
    reason: str
    draft: RequestDraft | None = None  # prefilled follow-up request (incomplete: the wizard finishes it)
    step_id: str | None = None
    due: date | None = None


def original_draft(request: Request) -> RequestDraft | None:
    """The letter input the request was made from (stored whole in ``Request.draft``)."""
    raw = request.draft.get("draft", request.draft)
    try:
        return RequestDraft.parse(raw)
    except InputError:
        return None


def next_steps(
    kb: KnowledgeBase,
    request: Request,
    events: Sequence[RequestEvent],
    state: RequestState,
    today: date,
    lang: str = "en",
) -> list[Suggestion]:
    """Follow-up suggestions; the law data's step names and conditions are given in ``lang``.

    Steps are suggested in the order of their kinds in the law data (gentlest first).
    """
    out: list[Suggestion] = []
    base = original_draft(request)
    replies = [r for r in (reply_of(e) for e in events) if r is not None]
    wrong = tuple(i for r in replies for i in r.inaccurate)
    unlawful = tuple(u for r in replies for u in r.unlawful)
    if wrong and base is not None:
        draft = dataclasses.replace(
            base,
            right="correction",
            date=today,
            assume_received=None,
            deletion=None,
            correction=Correction(
                wrong="\n".join(i.wrong for i in wrong),
                correct="\n".join(i.correct for i in wrong if i.correct),
                evidence="\n".join(i.evidence for i in wrong if i.evidence),
            ),
            regime="" if base.right != "correction" else base.regime,
        )
        out.append(
            Suggestion(
                "correction",
                _("Request correction of the wrong data"),
                _("The reply shows data you marked as wrong."),
                draft,
            )
        )
    if unlawful and base is not None:
        draft = dataclasses.replace(
            base,
            right="deletion",
            date=today,
            assume_received=None,
            correction=None,
            deletion=Deletion(grounds=(), explanation="\n".join(unlawful)),
            regime="" if base.right != "deletion" else base.regime,
        )
        out.append(
            Suggestion(
                "deletion",
                _("Request deletion (or restriction) of data held without reason"),
                _("The reply shows data you say should not be held; choose the legal ground."),
                draft,
            )
        )
    if any(r.refused and r.reasons_given is False for r in replies):
        out.append(
            Suggestion(
                "complaint",
                _("A refusal without reasons"),
                _("The law requires reasons for a refusal; say so in a complaint."),
            )
        )
    order = list(kb.step_kinds)
    ranked = sorted(
        state.steps,
        key=lambda s: order.index(s.step.kind) if s.step.kind in order else len(order),
    )
    for available in ranked:
        if available.filed or str(available.state) not in ("open", "waiting"):
            continue  # filed, decided, lapsed or closed: nothing to start
        due = available.deadline.due if available.deadline is not None else None
        # A step for silence alone (a reminder) is suggested only while the answer is overdue.
        silence_only = set(available.step.triggers) == {"silence"}
        if silence_only and (state.overdue is Overdue.NO or state.status is Status.REFUSED):
            continue
        reason = available.step.text_in("condition", lang)
        out.append(
            Suggestion(
                str(available.step.kind),
                available.step.text_in("name", lang),
                reason,
                None,
                available.step.id,
                due,
            )
        )
    return out
