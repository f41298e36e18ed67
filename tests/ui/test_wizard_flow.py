"""End to end through the real window: the wizard stores a case and its letters; events change status."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate
from stdnum.cn import ric

from app.cases.records import RequestEvent
from tests.ui.conftest import record_event, wait_idle


def fake_resident_id() -> str:
    # Invented: region 110105, born 1990-01-01, sequence 123; only the check digit is computed.
    body = "11010519900101123"
    return body + ric.calc_check_digit(body + "0")  # the argument includes a placeholder check digit


def _select(combo: Any, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def _open_wizard(qtbot: Any, window: Any) -> Any:
    window.act_new.trigger()
    wizard = window.workspace.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    return wizard


def _fill(
    qtbot: Any,
    wizard: Any,
    *,
    jurisdiction: str,
    situation: str,
    right: str,
    you: dict[str, str],
    answer: str,
    context: str = "",
) -> None:
    """Fill the wizard up to its review page; ``answer``: the review's sentence on when the answer
    is due (the letter is dated 2 March 2026)."""
    s = wizard.situation
    _select(s.jurisdiction, jurisdiction)
    _select(s.situation, situation)
    if context:  # the user corrects what the situation proposed
        _select(s.context_choice, context)
        assert s.context == context
    s.letter_date.setDate(QDate(2026, 3, 2))
    assert s.why.text().count(".") >= 2  # two plain sentences
    wizard.next()
    assert wizard.currentPage() is wizard.authority
    a = wizard.authority
    a.name.setText("某市公安局某分局" if jurisdiction == "CN" else "Bundeskriminalamt")
    a.address.setPlainText("某市某区某路1号" if jurisdiction == "CN" else "Musterstraße 1\n65193 Wiesbaden")
    wizard.next()
    assert wizard.currentPage() is wizard.rights
    r = wizard.rights
    r.rights.boxes[right].setChecked(True)
    if right == "deletion":
        r.grounds.boxes[next(iter(r.grounds.boxes))].setChecked(True)  # the law's first ground
        r.explanation.setPlainText("The allegation was withdrawn & no action was taken.")
    if right == "correction":
        r.wrong.setPlainText("出生日期登记为1990年1月10日")
        r.correct.setPlainText("出生日期应为1990年1月1日")
        r.evidence.setPlainText("出生医学证明复印件")
    wizard.next()
    assert wizard.currentPage() is wizard.you
    y = wizard.you
    for key, value in you.items():
        widget = y.binder.widgets[key]
        if hasattr(widget, "setPlainText"):
            widget.setPlainText(value)
        elif hasattr(widget, "findData") and widget.findData(value) >= 0:
            widget.setCurrentIndex(widget.findData(value))
        else:
            widget.setText(value)
    wizard.next()
    assert wizard.currentPage() is wizard.details, (
        y.general_error.text(),
        y.problems(),
    )
    wizard.details.details.setPlainText("Records about me held since 2024.")
    wizard.next()
    assert wizard.currentPage() is wizard.review
    summary = wizard.review.summary.toPlainText()
    assert answer in summary.splitlines()  # what happens next, by when


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _finish(qtbot: Any, window: Any, wizard: Any) -> Any:
    wizard.accept()  # what the Finish button does on a valid review page
    wait_idle(qtbot, window)
    assert not wizard.isVisible(), window.messages.last_error
    store = window.workspace.service.store
    cases = store.list_cases()
    assert len(cases) == 1
    return store, cases[0]


def test_cn_correction_request_end_to_end(qtbot, main_window, knowledge_base) -> None:
    window = main_window
    wizard = _open_wizard(qtbot, window)
    _fill(
        qtbot,
        wizard,
        jurisdiction="CN",
        situation="registration",
        right="correction",
        answer="Correction: the law sets no number of days; Habeas reminds you on 30 March 2026.",
        you={
            "requester.name": "王小明",
            "requester.id_type": "resident_id",
            "requester.id_number": fake_resident_id(),
            "requester.birth_date": "1990-01-01",
            "requester.address": "某市某区某街2号",
            "requester.postal_code": "100000",
            "requester.email": "wang@example.org",
        },
    )
    store, case = _finish(qtbot, window, wizard)
    (request,) = store.list_requests(case_id=case.id)
    assert request.jurisdiction == "CN" and request.rights == ("correction",)
    (letter,) = store.list_letters(case_id=case.id)
    text = _pdf_text(letter.pdf)
    route = knowledge_base.route_for("CN", request.context, "correction")
    for provision in route.provisions_in_force(date(2026, 3, 2)):
        assert provision.citation_original.replace(" ", "") in text.replace(" ", "").replace("\n", "")
    assert "第四十一条" in text and "第四十六条" in text  # OGI art 41 and PIPL art 46 (law.md A.3)
    preview = window.workspace.cases.preview
    assert preview is not None and preview.document.pageCount() >= 1

    # Record "sent", then a refusal, through the event dialog: the status follows the events.
    assert window.pages.currentWidget() is window.workspace.case_page
    dialog = record_event(
        qtbot, window, "sent", date(2026, 3, 2), method="registered_mail", reference="RR1CN"
    )
    assert not dialog.isVisible(), dialog.error.text()
    assert window.cases_page.model.row_at(0).status == "sent"
    (sent,) = store.list_events(request.id)
    assert (sent.receipt_method, sent.receipt_reference) == ("registered_mail", "RR1CN")
    record_event(qtbot, window, "refused", date(2026, 3, 20), refused="出生日期: 涉及国家秘密")
    assert window.cases_page.model.row_at(0).status == "refused"
    refused = store.list_events(request.id)[-1]
    assert refused.data["reply"]["refused"][0]["item"] == "出生日期"


def test_an_event_out_of_order_is_refused_in_the_dialog_and_kept(qtbot, main_window) -> None:
    """A response before "sent" is refused by the lifecycle; the dialog stays open with the input."""
    from tests.ui.test_case_page import make_request

    make_request(main_window, "DE", "access", events=())
    main_window.workspace.reload()
    wait_idle(qtbot, main_window)
    main_window.workspace.open_case(main_window.cases_page.model.row_at(0).case_id)
    wait_idle(qtbot, main_window)
    dialog = record_event(qtbot, main_window, "refused", date(2026, 4, 1), note="kept")
    assert dialog.isVisible()
    assert "sent" in dialog.error.text() and dialog.note.toPlainText() == "kept"
    assert main_window.workspace.service.store.list_events(1) == []


def test_de_access_request_end_to_end(qtbot, main_window, knowledge_base) -> None:
    window = main_window
    wizard = _open_wizard(qtbot, window)
    _fill(
        qtbot,
        wizard,
        jurisdiction="DE",
        situation="criminal_case",
        right="access",
        answer="Access: the law sets no number of days; Habeas reminds you on 2 April 2026.",
        you={
            "requester.name": "Erika Beispiel",
            "requester.birth_date": "1985-05-05",
            "requester.address": "Beispielweg 3\n10115 Berlin",
            "requester.postal_code": "10115",
        },
    )
    store, case = _finish(qtbot, window, wizard)
    (request,) = store.list_requests(case_id=case.id)
    (letter,) = store.list_letters(case_id=case.id)
    text = _pdf_text(letter.pdf)
    assert "§ 57" in text and "BDSG" in text  # BDSG Part 3 access (law.md B.4)
    assert (request.context, request.regime) == ("policing", "bdsg-part3")


def test_invalid_id_number_is_shown_next_to_the_field_and_kept(qtbot, main_window) -> None:
    wizard = _open_wizard(qtbot, main_window)
    _select(wizard.situation.jurisdiction, "CN")
    wizard.next()
    wizard.authority.name.setText("某公安局")
    wizard.authority.address.setPlainText("某路1号")
    wizard.next()
    wizard.rights.rights.boxes["access"].setChecked(True)
    wizard.next()
    you = wizard.you
    bad = fake_resident_id()[:-1] + ("0" if fake_resident_id()[-1] != "0" else "1")
    you.name.setText("王小明")
    _select(you.id_type, "resident_id")
    you.id_number.setText(bad)
    you.address.setPlainText("某市某区某街2号")
    wizard.next()
    assert wizard.currentPage() is you  # not allowed on
    error = you.binder.errors["requester.id_number"]
    assert error.isVisibleTo(you) and "check digit" in error.text()
    assert you.id_number.text() == bad  # nothing typed is lost
    wait_idle(qtbot, main_window)
    drafts = main_window.workspace.service.store.list_drafts()
    assert len(drafts) == 1  # one draft per wizard, updated in place
    assert drafts[0].payload["values"]["requester.id_number"] == bad  # autosaved in the store, resumable


@pytest.mark.parametrize("days_ago", [200])
def test_dashboard_lists_an_overdue_request(qtbot, main_window, days_ago: int) -> None:
    from app.cases.records import Case, Client, Request, utc_now

    store = main_window.workspace.service.store
    now = utc_now()
    client = store.add_client(Client(name="Erika Beispiel"))
    case = store.add_case(Case(title="DE access", client_id=client.id, created=now, updated=now))
    kb = main_window.workspace.service.kb
    route = kb.route_for(
        "DE", main_window.workspace.service.advisor.context_for("DE", "criminal_case"), "access"
    )
    request = store.add_request(
        Request(case_id=case.id, jurisdiction="DE", regime=route.regime, rights=("access",), created=now)
    )
    sent = date.today() - timedelta(days=days_ago)
    store.add_event(RequestEvent(request_id=request.id, kind="sent", date=sent))
    main_window.workspace.reload()
    wait_idle(qtbot, main_window)
    overdue = main_window.workspace.dashboard.models["overdue"]
    assert overdue.rowCount() == 1 and overdue.record(0).case_id == case.id
    main_window.workspace.dashboard.views["overdue"].activated.emit(overdue.index(0, 0))
    wait_idle(qtbot, main_window)
    assert main_window.pages.currentWidget() is main_window.workspace.case_page


@pytest.mark.parametrize(
    ("context", "expected", "absent", "answer"),
    [
        # Privacy Act access for citizens and LPRs: no period in the Act
        (
            "citizen_or_lpr",
            "552a(d)(1)",
            None,
            "Access: the law sets no number of days; Habeas reminds you on 30 March 2026.",
        ),
        # anyone else: FOIA only (law.md D), 20 working days
        (
            "other",
            "Freedom of Information Act",
            "552a(d)(1)",
            "Access: the authority must answer by 30 March 2026.",
        ),
    ],
)
def test_us_access_asks_which_describes_the_requester(
    qtbot, main_window, context: str, expected: str, absent: str | None, answer: str
) -> None:
    window = main_window
    wizard = _open_wizard(qtbot, window)
    _fill(
        qtbot,
        wizard,
        jurisdiction="US",
        situation="arrest",
        right="access",
        answer=answer,
        context=context,
        you={
            "requester.name": "Jordan Example",
            "requester.birth_date": "1980-02-29",
            "requester.address": "1 Example Street\nSpringfield, IL",
            "requester.postal_code": "62701",
            "requester.email": "jordan@example.org",
        },
    )
    store, case = _finish(qtbot, window, wizard)
    (request,) = store.list_requests(case_id=case.id)
    assert request.context == context
    text = _pdf_text(store.list_letters(case_id=case.id)[0].pdf).replace("\n", " ")
    assert expected in text
    if absent:
        assert absent not in text


def test_gb_deletion_request_end_to_end(qtbot, main_window, knowledge_base) -> None:
    window = main_window
    wizard = _open_wizard(qtbot, window)
    _fill(
        qtbot,
        wizard,
        jurisdiction="GB-ENG",
        situation="id_check",
        right="deletion",
        answer="Deletion: the authority must answer by 2 April 2026.",
        you={
            "requester.name": "Sam Example",
            "requester.birth_date": "1992-07-01",
            "requester.address": "2 Example Road\nLeeds",
            "requester.postal_code": "LS1 4AP",
        },
    )
    store, case = _finish(qtbot, window, wizard)
    (letter,) = store.list_letters(case_id=case.id)
    text = _pdf_text(letter.pdf).replace("\n", " ")
    assert "Data Protection Act 2018" in text and "47" in text  # DPA 2018 Part 3, s.47 (law.md C.2)
    assert "The allegation was withdrawn & no action was taken." in text  # user text, verbatim
