"""The lifecycle service: requests, events, states and open deadlines over a store, for the CLI and UI.

``app.cases`` must not import ``app.store``; the service takes anything with the store's methods
(``CaseStore`` below, which ``app.store.Store`` satisfies). Validation happens before writing, so
bad ids, kinds or dates change nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from app import __version__
from app.cases.deadlines import Deadline, RequestState, request_state, sort_deadlines, within
from app.cases.draft import RequestDraft
from app.cases.kept import KeptState, fingerprint, keep
from app.cases.lifecycle import (
    DECISION_OUTCOMES,
    OUTCOME_KINDS,
    RECEIPT_KINDS,
    event_kind,
    filed_steps,
    ordered,
)
from app.cases.records import (
    ALL_ROWS,
    RECEIPT_METHODS,
    Authority,
    Case,
    CaseFilter,
    Client,
    GeneratedLetter,
    Page,
    Request,
    RequestBundle,
    RequestEvent,
    utc_now,
)
from app.cases.replies import Reply, Suggestion, next_steps
from app.errors import HabeasError, InputError, Problem
from app.i18n import _
from app.law import KnowledgeBase, Route

log = logging.getLogger(__name__)

# How long an identical input counts as a retry of the case it made (see _stored_before).
RETRY_WINDOW = timedelta(days=1)


class CaseStore(Protocol):
    """The store methods the lifecycle needs (``app.store.Store`` has them all)."""

    def add_client(self, client: Client) -> Client: ...
    def get_client(self, client_id: int) -> Client: ...
    def list_clients(self, search: str = ..., page: Page = ...) -> list[Client]: ...
    def add_authority(self, authority: Authority) -> Authority: ...
    def get_authority(self, authority_id: int) -> Authority: ...
    def list_authorities(
        self, jurisdiction: str = ..., search: str = ..., page: Page = ...
    ) -> list[Authority]: ...
    def add_case(self, case: Case) -> Case: ...
    def get_case(self, case_id: int) -> Case: ...
    def add_request(self, request: Request) -> Request: ...
    def get_request(self, request_id: int) -> Request: ...
    def list_requests(
        self, case_id: int | None = ..., jurisdiction: str = ..., page: Page = ...
    ) -> list[Request]: ...
    def list_cases(self, where: CaseFilter = ..., page: Page = ...) -> list[Case]: ...
    def add_event(self, request_event: RequestEvent) -> RequestEvent: ...
    def add_event_keeping_state(
        self,
        request_event: RequestEvent,
        derive: Callable[[Sequence[RequestEvent]], KeptState],
        check: Callable[[Sequence[RequestEvent]], None] | None = ...,
    ) -> RequestEvent: ...
    def add_letter(self, letter: GeneratedLetter) -> GeneratedLetter: ...
    def add_case_with_requests(
        self,
        client: Client,
        authority: Authority | None,
        case: Case,
        requests: Sequence[Request],
        letters: Sequence[GeneratedLetter] = ...,
    ) -> tuple[Case, list[Request], list[GeneratedLetter]]: ...
    def list_events(self, request_id: int) -> list[RequestEvent]: ...
    def open_request_bundles(self) -> list[RequestBundle]: ...
    def list_letters(
        self, request_id: int | None = ..., case_id: int | None = ...
    ) -> list[GeneratedLetter]: ...


@dataclass(frozen=True)
class DeadlineRow:
    """One line of the deadline list: the deadline and what identifies its case (no personal data)."""

    deadline: Deadline
    case_id: int
    jurisdiction: str
    authority: str
    case_title: str = ""


@dataclass(frozen=True)
class RequestOverview:
    request: Request
    authority: Authority | None
    events: tuple[RequestEvent, ...]
    state: RequestState
    suggestions: tuple[Suggestion, ...]


def method_value(spelling: str) -> str:
    """``registered-mail`` → ``registered_mail``; InputError for an unknown method."""
    value = spelling.strip().lower().replace("-", "_")
    if value not in RECEIPT_METHODS:
        raise InputError(
            _("Nothing was recorded."),
            [
                Problem(
                    "--method",
                    _("must be one of {choices}").format(
                        choices=", ".join(m.replace("_", "-") for m in RECEIPT_METHODS)
                    ),
                )
            ],
        )
    return value


class LifecycleService:
    def __init__(self, store: CaseStore, kb: KnowledgeBase, lang: str = "en") -> None:
        self.store = store
        self.kb = kb
        self.lang = lang

    # -- writing ------------------------------------------------------------------------------
    def add_request(self, draft: RequestDraft) -> Request:
        """Store a request (with its client, authority and a new case) from the letter input."""
        _case, requests, _letters = self.open_case([draft])
        return requests[0]

    def open_case(
        self,
        drafts: Sequence[RequestDraft],
        *,
        authority: Authority | None = None,
        title: str = "",
        form: Mapping[str, Any] | None = None,
        letters: Sequence[GeneratedLetter] = (),
    ) -> tuple[Case, list[Request], list[GeneratedLetter]]:
        """Store a new case with one request per draft (one right each, same requester and authority).

        Every draft is validated and every route resolved before anything is stored; then the
        client, the authority, the case, its requests and ``letters`` (one per draft, or none) are
        stored in one transaction. The client and the authority are reused when already known;
        ``authority`` is one chosen in the UI (stored, possibly changed, or new). ``form`` (the
        wizard's raw values) is kept with each request so it can be reopened.
        """
        if not drafts:
            raise InputError(_("The request input is not valid."), [Problem("right", _("required"))])
        problems = [p for d in drafts for p in d.problems(self.kb)]
        if problems:
            raise InputError(_("The request input is not valid."), problems)
        planned = [(d, self._context(d), self._route(d)) for d in drafts]
        first = drafts[0]
        client = self._client(first)
        again = self._stored_before(client, drafts, form)
        if again is not None:
            return again
        authority = authority if authority is not None else self._authority(first)
        now = utc_now()
        rights = ", ".join(d.right for d in drafts)
        case = Case(
            title=(title or f"{first.jurisdiction} · {rights} · {one_line(authority.name)}")[:200],
            client_id=client.id or 0,
            created=now,
            updated=now,
            reference=first.reference,
        )
        requests = []
        for draft, context, route in planned:
            payload: dict[str, Any] = {"draft": draft.to_json()}
            if form is not None:
                payload["form"] = dict(form)
            requests.append(
                Request(
                    case_id=0,
                    jurisdiction=route.jurisdiction,
                    regime=route.regime,
                    rights=(draft.right,),
                    created=now,
                    language=draft.language or self.kb.jurisdiction(draft.jurisdiction).letter_language,
                    context=context,
                    details=draft.details,
                    draft=payload,
                )
            )
        stored_case, stored, stored_letters = self.store.add_case_with_requests(
            client, authority, case, requests, letters
        )
        log.info("case %s stored with %d request(s)", stored_case.id, len(stored))
        return stored_case, stored, stored_letters

    def _stored_before(
        self, client: Client, drafts: Sequence[RequestDraft], form: Mapping[str, Any] | None
    ) -> tuple[Case, list[Request], list[GeneratedLetter]] | None:
        """The case this very input was stored as in the last day, if it was: a retry after a crash
        (or a double click) that happened after the commit but before the user saw the result
        gets that case back instead of a duplicate. Any difference in the input is a new case."""
        if client.id is None:
            return None  # a client not stored yet has no earlier case
        wanted = json.loads(json.dumps([d.to_json() for d in drafts]))
        since = utc_now() - RETRY_WINDOW
        for case in self.store.list_cases(CaseFilter(client_id=client.id), Page(0, 50)):
            if case.created < since:
                break  # most recently changed first; older ones cannot be a retry
            requests = self.store.list_requests(case_id=case.id)
            stored = [r.draft.get("draft") for r in requests]
            same_form = all(
                r.draft.get("form") == (dict(form) if form is not None else None) for r in requests
            )
            if stored == wanted and same_form:
                letters = self.store.list_letters(case_id=case.id)
                log.info("case %s was already stored from the same input; not stored again", case.id)
                return case, requests, letters
        return None

    def _context(self, draft: RequestDraft) -> str:
        return draft.context or next(iter(self.kb.jurisdiction(draft.jurisdiction).contexts))

    def _route(self, draft: RequestDraft) -> Route:
        if draft.regime:
            return self.kb.route(draft.jurisdiction, draft.regime, draft.right)
        return self.kb.route_for(draft.jurisdiction, self._context(draft), draft.right)

    def _client(self, draft: RequestDraft) -> Client:
        r = draft.requester
        address = "\n".join(x for x in (r.address, r.postal_code) if x)
        for known in self.store.list_clients(search=r.name, page=Page(0, 50)):
            if known.name == r.name and known.id_number == r.id_number and known.address == address:
                return known
        return Client(
            name=r.name,
            id_type=r.id_type,
            id_number=r.id_number,
            birth_date=r.birth_date,
            address=address,
            phone=r.phone,
            email=r.email,
        )

    def _authority(self, draft: RequestDraft) -> Authority:
        a = draft.authority
        address = "\n".join(x for x in (a.address, a.postal_code) if x)
        for known in self.store.list_authorities(
            jurisdiction=draft.jurisdiction, search=a.name, page=Page(0, 50)
        ):
            if known.name == a.name and known.address == address:
                return known
        return Authority(name=a.name, jurisdiction=draft.jurisdiction, address=address)

    def _step_problems(
        self, request: Request, kind: str, step: str, day: date, events: Sequence[RequestEvent]
    ) -> list[Problem]:
        """A named step must be one of the request's route and of the kind the event files; a
        decision names a step filed before it."""
        route = self.kb.route(request.jurisdiction, request.regime, request.rights[0])
        if kind == "decision_received":
            filed = filed_steps(events, self.kb, route.escalation)
            if not step:
                return [
                    Problem(
                        "--step",
                        _("required for a decision: the step decided; filed: {steps}").format(
                            steps=", ".join(filed) or "-"
                        ),
                    )
                ]
            if step not in filed:
                return [
                    Problem(
                        "--step",
                        _("{step} has not been filed; record its filing first (filed: {steps})").format(
                            step=step, steps=", ".join(filed) or "-"
                        ),
                    )
                ]
            if day < filed[step].date:
                return [
                    Problem(
                        "--date",
                        _("is before the step was filed ({day})").format(day=filed[step].date.isoformat()),
                    )
                ]
            return []
        if not step:
            return []
        spec = self.kb.filing_events().get(kind)
        if spec is None:
            return [Problem("--step", _("only for the filing of an escalation step"))]
        steps = [s.id for s in route.escalation if s.kind == spec.id]
        if step not in steps:
            return [
                Problem(
                    "--step",
                    _("{step} is not a step of this kind for this request; possible: {steps}").format(
                        step=step, steps=", ".join(steps) or "-"
                    ),
                )
            ]
        return []

    def record_event(
        self,
        request_id: int,
        kind: str,
        day: date,
        *,
        today: date,
        note: str = "",
        method: str = "",
        reference: str = "",
        until: date | None = None,
        reply: Reply | None = None,
        step: str = "",
        outcome: str = "",
    ) -> RequestEvent:
        """Validate against the request's history, then store the event. Raises InputError, nothing stored.

        ``step``: the escalation step a filing event files (its id from the law data); a route may
        have two steps of one kind (two court steps), and each is tracked on its own.
        """
        stored_kind = event_kind(kind, self.kb)
        stored_method = method_value(method) if method else ""
        request = self.store.get_request(request_id)  # NotFoundError (an InputError) for a bad id
        stored_outcome = outcome.strip().lower().replace("-", "_")

        def check(history: Sequence[RequestEvent]) -> None:
            # Run inside the writing transaction, on the request's locked history: two writers
            # cannot both record "sent".
            problems = self._event_problems(
                request, stored_kind, day, today, ordered(history), until, reply, step, stored_outcome
            )
            if problems:
                raise InputError(_("Nothing was recorded."), problems)

        check(self.store.list_events(request_id))  # the usual case: refused before opening a transaction
        data: dict[str, Any] = {"step": step} if step else {}
        if stored_outcome:
            data["outcome"] = stored_outcome
        if until is not None:
            data["until"] = until.isoformat()
        if reply is not None and not reply.empty:
            data["reply"] = reply.to_data()
        event = self.store.add_event_keeping_state(
            RequestEvent(
                request_id=request.id or request_id,
                kind=stored_kind,
                date=day,
                note=note.strip(),
                receipt_method=stored_method,
                receipt_reference=reference.strip(),
                data=data,
            ),
            lambda history: keep(self.kb, request, history, today, fingerprint(self.kb, __version__)),
            check,
        )
        log.info("event %s (%s) recorded on request %s", event.id, stored_kind, request_id)
        return event

    def _event_problems(
        self,
        request: Request,
        stored_kind: str,
        day: date,
        today: date,
        events: Sequence[RequestEvent],
        until: date | None,
        reply: Reply | None,
        step: str,
        stored_outcome: str,
    ) -> list[Problem]:
        problems = _sequence_problems(stored_kind, day, today, events)
        if until is not None and stored_kind != "extended":
            problems.append(Problem("--until", _("only for an extension (kind extended)")))
        if until is not None and until <= day:
            problems.append(Problem("--until", _("must be after the date of the notice")))
        if reply is not None and stored_kind not in OUTCOME_KINDS:
            problems.append(
                Problem(
                    "--reply", _("only for an answer (answered, granted, partly-granted, refused, no-data)")
                )
            )
        if stored_kind in self.kb.filing_events() and not any(e.kind == "sent" for e in events):
            problems.append(Problem("KIND", _("record when the request was sent first")))
        problems += self._step_problems(request, stored_kind, step, day, events)
        if stored_kind == "decision_received":
            if stored_outcome not in DECISION_OUTCOMES:
                problems.append(
                    Problem(
                        "--outcome",
                        _("required for a decision: one of {choices}").format(
                            choices=", ".join(o.replace("_", "-") for o in DECISION_OUTCOMES)
                        ),
                    )
                )
        elif stored_outcome:
            problems.append(Problem("--outcome", _("only for a decision (kind decision-received)")))
        return problems

    # -- reading ------------------------------------------------------------------------------
    def state(self, request: Request, events: Sequence[RequestEvent], today: date) -> RequestState:
        return request_state(self.kb, request, events, today, self.lang)

    def overview(self, request_id: int, today: date) -> RequestOverview:
        request = self.store.get_request(request_id)
        events = tuple(ordered(self.store.list_events(request_id)))
        authority = self.store.get_authority(request.authority_id) if request.authority_id else None
        state = self.state(request, events, today)
        return RequestOverview(
            request,
            authority,
            events,
            state,
            tuple(next_steps(self.kb, request, events, state, today, self.lang)),
        )

    def case_file(
        self, case_id: int, today: date
    ) -> tuple[Case, Client, tuple[RequestOverview, ...], tuple[GeneratedLetter, ...]]:
        """Everything the dossier shows for one case."""
        case = self.store.get_case(case_id)  # NotFoundError (an InputError) for a bad id
        client = self.store.get_client(case.client_id)
        overviews = tuple(
            self.overview(r.id or 0, today) for r in self.store.list_requests(case_id=case_id, page=ALL_ROWS)
        )
        return case, client, overviews, tuple(self.store.list_letters(case_id=case_id))

    def open_deadlines(self, today: date, within_days: int | None = None) -> list[DeadlineRow]:
        """Every open deadline of every open case, overdue first, then by date (the dashboard's list)."""
        return self.deadline_report(today, within_days)[0]

    def deadline_report(
        self, today: date, within_days: int | None = None
    ) -> tuple[list[DeadlineRow], list[tuple[int, str]]]:
        """The open deadlines, and (request id, reason) for each request whose deadlines cannot be computed
        (e.g. a year without calendar data, a route missing from the law data) — never silently dropped."""
        rows: list[DeadlineRow] = []
        failed: list[tuple[int, str]] = []
        # One bulk read (requests of open cases with their authority and events), not a query per request.
        for bundle in self.store.open_request_bundles():
            request = bundle.request
            try:
                state = self.state(request, list(bundle.events), today)
            except HabeasError as exc:
                log.warning("deadlines of request %s cannot be computed: %s", request.id, type(exc).__name__)
                failed.append((request.id or 0, str(exc)))
                continue
            # Names may span lines ("Bundeskriminalamt\nDatenschutzbeauftragter"); lists show one line.
            authority = one_line(bundle.authority.name) if bundle.authority is not None else ""
            for deadline in within(state.deadlines, today, within_days):
                rows.append(DeadlineRow(deadline, request.case_id, request.jurisdiction, authority))
        order = {id(d): n for n, d in enumerate(sort_deadlines([r.deadline for r in rows], today))}
        return sorted(rows, key=lambda r: order[id(r.deadline)]), failed


def one_line(text: str) -> str:
    return " / ".join(x.strip() for x in text.splitlines() if x.strip())


def _sequence_problems(kind: str, day: date, today: date, events: Sequence[RequestEvent]) -> list[Problem]:
    """Events that cannot have happened in this order (a typo in a date or a kind) are refused."""
    problems: list[Problem] = []
    if day > today:
        problems.append(Problem("--date", _("{day} is in the future").format(day=day.isoformat())))
    sent = next((e for e in events if e.kind == "sent"), None)
    if kind == "sent" and sent is not None:
        problems.append(
            Problem(
                "KIND",
                _("the request was already recorded as sent on {day}").format(day=sent.date.isoformat()),
            )
        )
    needs_sent = kind in RECEIPT_KINDS | {
        "acknowledged",
        "extended",
        "clarification_requested",
        "clarification_given",
    } | set(OUTCOME_KINDS)
    if needs_sent and kind != "sent":
        if sent is None:
            problems.append(Problem("KIND", _("record when the request was sent first")))
        elif day < sent.date:
            problems.append(
                Problem(
                    "--date", _("is before the request was sent ({day})").format(day=sent.date.isoformat())
                )
            )
    if kind == "clarification_given":
        asked = [e for e in events if e.kind == "clarification_requested"]
        given = [e for e in events if e.kind == "clarification_given"]
        if len(asked) <= len(given):
            problems.append(Problem("KIND", _("no open request for clarification to answer")))
        elif day < asked[-1].date:
            problems.append(
                Problem(
                    "--date",
                    _("is before the clarification was requested ({day})").format(
                        day=asked[-1].date.isoformat()
                    ),
                )
            )
    if any(e.kind in ("closed", "withdrawn") for e in events):
        problems.append(Problem("KIND", _("the request is closed")))
    return problems
