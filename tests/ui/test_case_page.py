"""The case page and the dashboard on the lifecycle engine: escalation windows, letters, next steps."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from app.cases.draft import RequestDraft
from app.cases.records import RequestEvent
from app.cases.service import LifecycleService
from app.law.loader import shipped_knowledge_base
from tests.ui.conftest import record_event, wait_idle

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = date.today()


def make_request(
    window: Any, jurisdiction: str, right: str, events: tuple[tuple[str, date], ...] = ()
) -> Any:
    """A request stored as ``habeas request add`` stores it (from examples/), with ``events``."""
    service = window.workspace.service
    name = f"{jurisdiction.lower()}-{right}.json"
    draft = RequestDraft.from_json(
        json.loads((EXAMPLES / name).read_text(encoding="utf-8")), shipped_knowledge_base()
    )
    draft = dataclasses.replace(draft, date=events[0][1] if events else TODAY)
    request = LifecycleService(service.store, service.kb).add_request(draft)
    for kind, day in events:
        service.store.add_event(RequestEvent(request_id=request.id, kind=kind, date=day))
    return request


def _open(qtbot: Any, window: Any, case_id: int) -> Any:
    window.workspace.reload()
    wait_idle(qtbot, window)
    window.workspace.open_case(case_id)
    wait_idle(qtbot, window)
    assert window.pages.currentWidget() is window.workspace.case_page
    return window.workspace.case_page


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_dashboard_lists_an_escalation_window_after_a_refusal(qtbot, main_window) -> None:
    refused = TODAY - timedelta(days=10)
    request = make_request(
        main_window, "CN", "access", (("sent", TODAY - timedelta(days=40)), ("refused", refused))
    )
    main_window.workspace.reload()
    wait_idle(qtbot, main_window)
    dashboard = main_window.workspace.dashboard
    items = [i for key in ("overdue", "soon", "later") for i in dashboard.models[key].records]
    windows = [i for i in items if i.deadline.step_id == "CN-RECONSIDERATION"]
    assert len(windows) == 1, [i.deadline.key for i in items]
    window = windows[0]
    assert window.case_id == request.case_id
    assert window.deadline.start == refused and window.deadline.due > TODAY  # ARL art 20: 60 days
    assert window in dashboard.models["later"].records
    # No reply deadline any more: the authority answered.
    assert not [i for i in items if i.deadline.key == "response"]
    # The row opens its case.
    later = dashboard.models["later"]
    row = later.records.index(window)
    dashboard.views["later"].activated.emit(later.index(row, 0))
    wait_idle(qtbot, main_window)
    assert main_window.pages.currentWidget() is main_window.workspace.case_page


def test_writing_an_escalation_letter_stores_it_with_the_steps_citations(qtbot, main_window) -> None:
    request = make_request(
        main_window,
        "CN",
        "access",
        (("sent", TODAY - timedelta(days=40)), ("refused", TODAY - timedelta(days=10))),
    )
    page = _open(qtbot, main_window, request.case_id)
    assert "CN-RECONSIDERATION" in [s.step.id for s in page.steps.records]
    # The refused request's details: its status, then the reconsideration window under its heading.
    shown = page.details.toPlainText().splitlines()
    assert "Status: Refused" in shown
    heading = shown.index("Open deadlines")
    assert shown[heading + 1] == "Administrative reconsideration (行政复议): file by this date"
    row = next(i for i, s in enumerate(page.steps.records) if s.step.id == "CN-RECONSIDERATION")
    page.step_table.selectRow(row)
    step = page.selected_step().step
    assert page.letter_button.isEnabled()
    page.letter_button.click()
    qtbot.waitUntil(lambda: main_window.workspace.cases.letter_dialog is not None, timeout=20000)
    dialog = main_window.workspace.cases.letter_dialog
    qtbot.addWidget(dialog)
    dialog.directory.setCurrentIndex(0)
    dialog.name.setText("某市人民政府")
    dialog.address.setPlainText("某市某区某路9号")
    # Chinese is typed through an input method, which QTest cannot drive: the text is set.
    dialog.facts.setPlainText("申请人于2026年申请公开户籍登记信息，被申请人逾期未予答复。")
    dialog.accept()
    wait_idle(qtbot, main_window)
    assert not dialog.isVisible(), dialog.error.text()

    store = main_window.workspace.service.store
    letters = [x for x in store.list_letters(case_id=request.case_id) if x.kind == "reconsideration"]
    assert len(letters) == 1
    text = _squash("".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(letters[0].pdf)).pages))
    cited = [p for p in step.provisions if p.in_force_on(TODAY)]
    assert cited
    for provision in cited:
        assert _squash(provision.citation_in(letters[0].language)) in text, provision.id
    assert _squash("某市人民政府") in text
    preview = main_window.workspace.cases.preview
    assert preview is not None and preview.current.id == letters[0].id
    # The case page lists the new letter after the reload.
    wait_idle(qtbot, main_window)
    assert any(x.kind == "reconsideration" for x in page.letters.records)


def test_an_access_reply_showing_wrong_data_suggests_a_prefilled_correction(qtbot, main_window) -> None:
    request = make_request(main_window, "DE", "access", (("sent", TODAY - timedelta(days=20)),))
    page = _open(qtbot, main_window, request.case_id)
    dialog = record_event(
        qtbot,
        main_window,
        "partly_granted",
        TODAY - timedelta(days=2),
        **{
            "disclosed": "INPOL-Eintrag",
            "inaccurate.wrong": "Wohnort Kassel",
            "inaccurate.correct": "Wohnort Berlin",
        },
    )
    assert not dialog.isVisible(), dialog.error.text()
    wait_idle(qtbot, main_window)
    kinds = [s.kind for s in page.suggestions.records]
    assert "correction" in kinds
    page.suggestion_table.selectRow(kinds.index("correction"))
    page.suggestion_button.click()
    wizard = main_window.workspace.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    values = wizard.values()
    assert values["correction.wrong"] == "Wohnort Kassel" and values["correction.correct"] == "Wohnort Berlin"
    assert values["requester.name"] == "Jonas Brenner" and values["jurisdiction"] == "DE"
    assert wizard.situation.context == "policing"
    wizard.close()


def test_a_court_action_letter_asks_for_the_defendant_and_keeps_the_input(qtbot, main_window) -> None:
    # DE access under BDSG Part 3, sent and received more than three months ago, never answered:
    # the action for failure to act (§ 75 VwGO) is open and its letter needs the defendant.
    request = make_request(
        main_window,
        "DE",
        "access",
        (("sent", TODAY - timedelta(days=130)), ("received", TODAY - timedelta(days=128))),
    )
    page = _open(qtbot, main_window, request.case_id)
    row = next(i for i, s in enumerate(page.steps.records) if s.step.id == "DE-UNTAETIGKEITSKLAGE")
    page.step_table.selectRow(row)
    page.letter_button.click()
    qtbot.waitUntil(lambda: main_window.workspace.cases.letter_dialog is not None, timeout=20000)
    dialog = main_window.workspace.cases.letter_dialog
    qtbot.addWidget(dialog)
    assert dialog.defendant.isVisibleTo(dialog)
    dialog.directory.setCurrentIndex(0)
    dialog.name.setText("Verwaltungsgericht Wiesbaden")
    dialog.address.setPlainText("Mainzer Straße 124\n65189 Wiesbaden")
    dialog.accept()  # no defendant yet: refused, everything typed is kept
    wait_idle(qtbot, main_window)
    assert dialog.isVisible() and "defendant" in dialog.error.text()
    assert dialog.name.text() == "Verwaltungsgericht Wiesbaden"
    dialog.defendant.setText("Bundesrepublik Deutschland")
    dialog.represented_by.setText("das Bundesministerium des Innern <& Heimat>")
    dialog.accept()
    wait_idle(qtbot, main_window)
    assert not dialog.isVisible(), dialog.error.text()
    store = main_window.workspace.service.store
    letters = [x for x in store.list_letters(case_id=request.case_id) if x.kind == "court"]
    assert len(letters) == 1
    text = _squash("".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(letters[0].pdf)).pages))
    assert _squash("§ 75 VwGO") in text
    assert _squash("Bundesrepublik Deutschland") in text
    assert _squash("das Bundesministerium des Innern <& Heimat>") in text
