"""The plain records the casework hands to the windows. No Qt, and light to import: the types of
the lifecycle engine are named for the type checker only, so the window starts before
``app.cases`` and ``app.law`` are loaded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cases.deadlines import Deadline
    from app.cases.records import Attachment, Case, Client, GeneratedLetter, Note
    from app.cases.replies import Reply
    from app.cases.service import DeadlineRow, RequestOverview
    from app.ui.caselist_model import CaseRow


@dataclass(frozen=True)
class DeadlineItem:
    """One dashboard row: an open deadline with the case it belongs to."""

    row: DeadlineRow
    case_title: str

    @property
    def deadline(self) -> Deadline:
        return self.row.deadline

    @property
    def case_id(self) -> int:
        return self.row.case_id


@dataclass(frozen=True)
class LoadedPage:
    """One page of the case list and the open deadlines of its cases."""

    rows: tuple[CaseRow, ...]
    deadlines: tuple[DeadlineItem, ...]
    failed: tuple[tuple[int, str], ...]  # (request id, why its deadlines cannot be computed)


@dataclass(frozen=True)
class RequestItem:
    overview: RequestOverview
    regime_name: str  # the law's name for the regime, e.g. "BDSG Part 3"


@dataclass(frozen=True)
class CaseView:
    case: Case
    client: Client
    requests: tuple[RequestItem, ...]
    letters: tuple[GeneratedLetter, ...]
    attachments: tuple[Attachment, ...]
    notes: tuple[Note, ...]
    today: date


@dataclass(frozen=True)
class EventInput:
    """What the event dialog collected (validated by the lifecycle service, not by the dialog)."""

    request_id: int
    kind: str
    day: date
    note: str = ""
    method: str = ""
    reference: str = ""
    until: date | None = None
    reply: Reply | None = None
    step: str = ""  # a filing or a decision: the escalation step (its id in the law data)
    outcome: str = ""  # a decision: granted, refused, partly_granted
