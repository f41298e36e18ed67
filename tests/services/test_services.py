"""The application-service layer on its own: no Qt, no command line, a temporary SQLite store."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from app.cases.draft import RequestDraft
from app.cases.lifecycle import Status
from app.cases.records import ALL_ROWS, CaseFilter, GeneratedLetter
from app.errors import InputError
from app.law import KnowledgeBase, load_knowledge_base
from app.services import CaseworkService, summary_status
from app.store import DatabaseConfig, Store, open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SENT, TODAY = date(2026, 3, 2), date(2026, 3, 10)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(DatabaseConfig.sqlite(tmp_path / "store.sqlite3"))
    yield opened
    opened.close()


@pytest.fixture
def service(store: Store, kb: KnowledgeBase) -> CaseworkService:
    return CaseworkService(store, kb)


def draft(kb: KnowledgeBase, example: str) -> RequestDraft:
    return RequestDraft.from_json(json.loads((EXAMPLES / example).read_text(encoding="utf-8")), kb)


def sent_request(service: CaseworkService, kb: KnowledgeBase, example: str = "gb-eng-access.json") -> int:
    opened = service.open_case([draft(kb, example)])
    request_id = opened.requests[0].id or 0
    service.record_event(request_id, "sent", SENT, today=TODAY, method="registered-mail")
    return request_id


def test_the_services_do_not_import_qt() -> None:
    code = "import sys, app.services, app.services.casework; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_open_case_stores_the_case_its_request_and_letter(
    service: CaseworkService, kb: KnowledgeBase
) -> None:
    opened = service.open_case([draft(kb, "de-access.json")], with_letters=True)
    (request,) = opened.requests
    (letter,) = opened.letters
    assert request.case_id == opened.case.id and request.jurisdiction == "DE"
    assert letter.kind == "request" and letter.request_id == request.id and letter.pdf.startswith(b"%PDF")
    assert letter.text.strip()
    assert service.store.list_letters(case_id=opened.case.id) == [letter]
    # Without letters only the case and the request are stored.
    other = replace(draft(kb, "de-access.json"), details="Eine zweite, andere Anfrage.")
    again = service.open_case([other])
    assert again.case.id != opened.case.id
    assert again.letters == () and service.store.list_letters(case_id=again.case.id) == []
    # The same requester and authority are found again, not stored twice.
    assert again.case.client_id == opened.case.client_id
    assert again.requests[0].authority_id == request.authority_id


def test_the_same_input_again_is_a_retry_not_a_second_case(
    service: CaseworkService, kb: KnowledgeBase
) -> None:
    """A retry after a crash that came after the commit (or a double click) gets the case back;
    anything that differs in the input is a new case."""
    first = service.open_case([draft(kb, "gb-eng-access.json")], with_letters=True)
    retry = service.open_case([draft(kb, "gb-eng-access.json")], with_letters=True)
    assert retry.case.id == first.case.id
    assert (retry.requests, retry.letters) == (first.requests, first.letters)
    assert service.store.count_cases() == 1
    changed = service.open_case([replace(draft(kb, "gb-eng-access.json"), details="Another matter.")])
    assert changed.case.id != first.case.id and service.store.count_cases() == 2


def test_nothing_is_stored_when_a_letter_cannot_be_composed(
    service: CaseworkService, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts = [draft(kb, "cn-access.json"), draft(kb, "cn-correction.json")]
    composed: list[RequestDraft] = []
    original = service.request_letter

    def fail_on_second(d: RequestDraft) -> GeneratedLetter:
        composed.append(d)
        if len(composed) == 2:
            raise InputError("no template")
        return original(d)

    monkeypatch.setattr(service, "request_letter", fail_on_second)
    with pytest.raises(InputError):
        service.open_case(drafts, with_letters=True)
    assert service.store.list_cases(CaseFilter(), ALL_ROWS) == []
    assert service.store.list_clients(page=ALL_ROWS) == []
    assert service.store.list_authorities(page=ALL_ROWS) == []


def test_open_case_from_wizard_stores_the_seed_authority_chosen(
    service: CaseworkService, kb: KnowledgeBase
) -> None:
    seed = next(s for s in service.authorities("GB-ENG") if s.id is None)
    d = draft(kb, "gb-eng-access.json")
    d = replace(d, authority=replace(d.authority, name=seed.name, address="1 Road", postal_code=""))
    opened = service.open_case_from_wizard(
        [d], chosen_authority_id=None, title="GB-ENG · Access", form={"jurisdiction": "GB-ENG"}
    )
    assert opened.case.title == "GB-ENG · Access" and len(opened.letters) == 1
    stored = service.store.get_authority(opened.requests[0].authority_id or 0)
    assert (stored.name, stored.kind, stored.address) == (seed.name, seed.kind, "1 Road")
    assert opened.requests[0].draft["form"] == {"jurisdiction": "GB-ENG"}
    # Once stored, the seed entry is offered as the stored one only.
    names = [a.name for a in service.authorities("GB-ENG") if a.name == seed.name]
    assert names == [seed.name]
    assert next(a for a in service.authorities("GB-ENG") if a.name == seed.name).id == stored.id


def test_events_and_deadlines(service: CaseworkService, kb: KnowledgeBase) -> None:
    request_id = sent_request(service, kb)
    overview = service.overview(request_id, TODAY)
    assert [e.kind for e in overview.events] == ["sent"]
    assert overview.events[0].receipt_method == "registered_mail"
    assert overview.state.status is Status.SENT and overview.state.deadlines
    report = service.deadlines(TODAY)
    assert report.failed == ()
    assert {r.deadline.request_id for r in report.rows} == {request_id}
    # The kept deadline is the derived one without its calculation (built on demand).
    kept, derived = report.rows[0].deadline, overview.state.deadlines[0]
    assert dataclasses.replace(derived, notes=(), flags=()) == kept and kept.trace == ()
    assert service.deadlines_explained(TODAY).rows[0].deadline == derived
    assert service.deadlines(TODAY, within_days=0).rows == ()  # nothing due today, nothing overdue
    calendar = service.calendar(report.rows, TODAY)
    assert calendar.startswith(b"BEGIN:VCALENDAR") and calendar.count(b"BEGIN:VEVENT") == len(report.rows)
    assert f".{service.store.identity()}@habeas.invalid".encode() in calendar
    assert b"SEQUENCE:1" in calendar
    # A later event can move the dates: the same UIDs come with a higher SEQUENCE.
    service.record_event(request_id, "received", date(2026, 3, 4), today=TODAY)
    later = service.calendar(service.deadlines(TODAY).rows, TODAY)
    assert b"SEQUENCE:2" in later and b"SEQUENCE:1" not in later


def test_an_event_that_does_not_fit_is_refused_and_nothing_stored(
    service: CaseworkService, kb: KnowledgeBase
) -> None:
    request_id = sent_request(service, kb)
    with pytest.raises(InputError):
        service.record_event(request_id, "sent", TODAY, today=TODAY)  # already sent
    with pytest.raises(InputError):
        service.record_event(request_id, "received", date(2026, 4, 1), today=TODAY)  # in the future
    assert [e.kind for e in service.store.list_events(request_id)] == ["sent"]


def test_case_list(service: CaseworkService, kb: KnowledgeBase) -> None:
    request_id = sent_request(service, kb, "cn-access.json")
    service.open_case([draft(kb, "de-access.json")])  # not sent yet
    page = service.list_cases(ALL_ROWS, TODAY)
    assert page.failed == ()
    by_jurisdiction = {e.jurisdiction: e for e in page.entries}
    cn, de = by_jurisdiction["CN"], by_jurisdiction["DE"]
    assert cn.status is Status.SENT and de.status is Status.DRAFT
    assert cn.next_due == min(r.deadline.due for r in cn.deadlines)
    assert {r.deadline.request_id for r in cn.deadlines} == {request_id}
    assert not cn.overdue and "\n" not in cn.authority
    assert summary_status([Status.GRANTED, Status.SENT]) is Status.SENT
    assert summary_status([]) is Status.DRAFT


def test_escalation_letter_and_dossier(service: CaseworkService, kb: KnowledgeBase) -> None:
    request_id = sent_request(service, kb)
    later = date(2026, 6, 15)  # long after the reply was due
    steps = service.overview(request_id, later).state.steps
    reminder = next(s.step for s in steps if not s.filed and str(s.step.kind) == "reminder")
    unstored = service.escalation_letter(request_id, reminder.id, later)
    assert unstored.id is None and unstored.pdf.startswith(b"%PDF")
    assert service.store.list_letters(request_id=request_id) == []
    letter = service.write_escalation_letter(request_id, reminder.id, later)
    assert letter.id is not None and letter.kind == "reminder"
    assert service.store.list_letters(request_id=request_id) == [letter]
    with pytest.raises(InputError):
        service.write_escalation_letter(request_id, "NO-SUCH-STEP", later)
    assert len(service.store.list_letters(request_id=request_id)) == 1
    case_id = service.store.get_request(request_id).case_id
    assert service.dossier(case_id, later).startswith(b"%PDF")
    found = service.case_file(case_id, later)
    assert [o.request.id for o in found.requests] == [request_id] and found.letters == (letter,)


def test_directory_and_deletion_grounds(service: CaseworkService, kb: KnowledgeBase) -> None:
    seeds = [a for a in service.authorities("DE") if a.id is None]
    assert seeds and all(a.jurisdiction == "DE" for a in seeds)
    needle = seeds[0].name[:6]
    assert all(needle.casefold() in a.name.casefold() for a in service.authorities("DE", needle))
    choices = service.addressees("DE", "complaint")
    kinds = [a.kind for a in choices]
    assert kinds[0] == "data_protection"
    context = next(iter(kb.jurisdiction("DE").contexts))
    grounds = service.deletion_grounds("DE", context=context)
    assert grounds and all(gid and text for gid, text in grounds)


def test_notes_and_attachments(service: CaseworkService, kb: KnowledgeBase) -> None:
    case_id = service.open_case([draft(kb, "us-access.json")]).case.id or 0
    with pytest.raises(InputError):
        service.add_note(case_id, "   ")
    service.add_note(case_id, "  called them  ")
    service.add_attachment(case_id, "reply.pdf", "application/pdf", b"%PDF-1.4")
    assert [n.text for n in service.store.list_notes(case_id)] == ["called them"]
    assert [a.filename for a in service.store.list_attachments(case_id)] == ["reply.pdf"]
