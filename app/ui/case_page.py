"""One case: its requests with their event timeline and deadline explanation, letters, attachments, notes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.cases.records import (
    EVENT_KIND_LABELS,
    RECEIPT_METHOD_LABELS,
    Attachment,
    GeneratedLetter,
    Note,
    RequestEvent,
)
from app.i18n import N_, _, format_date
from app.ui.caselist_model import status_label
from app.ui.event_dialog import EVENT_BUTTONS
from app.ui.labels import right_label
from app.ui.table_model import Column, RecordTableModel, table_view_defaults

if TYPE_CHECKING:
    from app.ui.service import CaseView, RequestView


def _due_text(view: RequestView) -> str:
    due = view.state.due
    return format_date(due.due, "medium") if due is not None and view.state.open else "—"


class CasePage(QWidget):
    """Signals:
    back(): return to the list.
    record_event(int, str): request id and event kind (or "response") for the event dialog.
    open_letters(list): GeneratedLetter records to preview.
    add_note(int, str): case id and text.
    add_attachment(int): case id; the controller asks for the file.
    """

    back = Signal()
    record_event = Signal(int, str)
    open_letters = Signal(list)
    add_note = Signal(int, str)
    add_attachment = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: CaseView | None = None
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.back.emit)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(font)
        self.subtitle = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)

        self.requests: RecordTableModel[RequestView] = RecordTableModel(
            [
                Column(
                    N_("Right"),
                    lambda v: right_label(v.request.rights[0]).split(":")[0] if v.request.rights else "",
                ),
                Column(N_("Law"), lambda v: v.request.regime),
                Column(N_("Authority"), lambda v: v.authority.name if v.authority else ""),
                Column(N_("Status"), lambda v: status_label(v.state.status)),
                Column(N_("Reply due"), _due_text),
            ],
            self,
        )
        self.request_table = QTableView(self)
        self.request_table.setModel(self.requests)
        table_view_defaults(self.request_table)
        self.request_table.selectionModel().selectionChanged.connect(self._request_selected)

        self.events: RecordTableModel[RequestEvent] = RecordTableModel(
            [
                Column(N_("Date"), lambda e: format_date(e.date, "medium")),
                Column(N_("Event"), lambda e: _(EVENT_KIND_LABELS.get(e.kind, e.kind))),
                Column(
                    N_("How"),
                    lambda e: _(RECEIPT_METHOD_LABELS[e.receipt_method]) if e.receipt_method else "",
                ),
                Column(N_("Note"), lambda e: e.note),
            ],
            self,
        )
        self.event_table = QTableView(self)
        self.event_table.setModel(self.events)
        table_view_defaults(self.event_table)
        self.trace = QPlainTextEdit(self)
        self.trace.setReadOnly(True)
        self.trace.setTabChangesFocus(True)
        self.event_buttons: list[tuple[QPushButton, str, str]] = []
        buttons = QHBoxLayout()
        self.record_label = QLabel(self)
        buttons.addWidget(self.record_label)
        for msgid, kind in EVENT_BUTTONS:
            button = QPushButton(self)
            button.clicked.connect(lambda _checked=False, k=kind: self._record(k))
            buttons.addWidget(button)
            self.event_buttons.append((button, msgid, kind))
        buttons.addStretch(1)

        requests_tab = QWidget(self)
        split = QSplitter(requests_tab)
        split.setOrientation(split.orientation().Vertical)
        split.addWidget(self.request_table)
        split.addWidget(self.event_table)
        split.addWidget(self.trace)
        tab_layout = QVBoxLayout(requests_tab)
        tab_layout.addWidget(split, 1)
        tab_layout.addLayout(buttons)

        self.letters: RecordTableModel[GeneratedLetter] = RecordTableModel(
            [
                Column(N_("Created"), lambda x: format_date(x.created.date(), "medium")),
                Column(N_("Letter"), lambda x: x.title),
                Column(N_("Language"), lambda x: x.language),
            ],
            self,
        )
        self.letter_table = QTableView(self)
        self.letter_table.setModel(self.letters)
        table_view_defaults(self.letter_table)
        self.letter_table.activated.connect(lambda i: self.open_letters.emit([self.letters.record(i.row())]))
        self.attachments: RecordTableModel[Attachment] = RecordTableModel(
            [
                Column(N_("File"), lambda a: a.filename),
                Column(N_("Type"), lambda a: a.media_type),
                Column(N_("Added"), lambda a: format_date(a.created.date(), "medium")),
            ],
            self,
        )
        self.attachment_table = QTableView(self)
        self.attachment_table.setModel(self.attachments)
        table_view_defaults(self.attachment_table)
        self.attach_button = QPushButton(self)
        self.attach_button.clicked.connect(lambda: self.view and self.add_attachment.emit(self.view.case.id))
        self.notes: RecordTableModel[Note] = RecordTableModel(
            [
                Column(N_("Date"), lambda n: format_date(n.created.date(), "medium")),
                Column(N_("Note"), lambda n: n.text),
            ],
            self,
        )
        self.note_table = QTableView(self)
        self.note_table.setModel(self.notes)
        table_view_defaults(self.note_table)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.note_button = QPushButton(self)
        self.note_button.clicked.connect(self._add_note)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(requests_tab, "")
        self.tabs.addTab(self.letter_table, "")
        attach_tab = QWidget(self)
        attach_layout = QVBoxLayout(attach_tab)
        attach_layout.addWidget(self.attachment_table)
        attach_layout.addWidget(self.attach_button)
        self.tabs.addTab(attach_tab, "")
        notes_tab = QWidget(self)
        notes_layout = QVBoxLayout(notes_tab)
        notes_layout.addWidget(self.note_table, 1)
        notes_layout.addWidget(self.note_edit)
        notes_layout.addWidget(self.note_button)
        self.tabs.addTab(notes_tab, "")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    # -- data ----------------------------------------------------------------------------------
    def set_view(self, view: CaseView, today: date) -> None:
        selected = self._selected_request_id()
        self.view = view
        self.title.setText(view.case.title)
        self.subtitle.setText(
            _("Client: {name} · opened {date}").format(
                name=view.client.name, date=format_date(view.case.created.date())
            )
        )
        self.requests.set_records(view.requests)
        self.letters.set_records(view.letters)
        self.attachments.set_records(view.attachments)
        self.notes.set_records(view.notes)
        row = next((i for i, r in enumerate(view.requests) if r.request.id == selected), 0)
        if view.requests:
            self.request_table.selectRow(row)
        self._show_request(row)

    def _selected_request_id(self) -> int | None:
        rows = self.request_table.selectionModel().selectedRows()
        if not rows or not self.requests.records:
            return None
        return self.requests.record(rows[0].row()).request.id

    def _request_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._show_request(indexes[0].row())

    def _show_request(self, row: int) -> None:
        if not self.requests.records:
            self.events.set_records([])
            self.trace.setPlainText("")
            return
        view = self.requests.record(row)
        self.events.set_records(view.events)
        lines = [_("Status: {status}").format(status=status_label(view.state.status))]
        if view.state.due is not None and view.state.open:
            lines.append(_("Reply due: {date}").format(date=format_date(view.state.due.due)))
        lines += list(view.state.trace)
        self.trace.setPlainText("\n".join(lines))

    def _record(self, kind: str) -> None:
        request_id = self._selected_request_id()
        if request_id is not None:
            self.record_event.emit(request_id, kind)

    def _add_note(self) -> None:
        if self.view is not None and self.view.case.id is not None:
            self.add_note.emit(self.view.case.id, self.note_edit.toPlainText())

    def note_saved(self) -> None:
        self.note_edit.clear()  # only after the store accepted it: nothing typed is lost on error

    # -- language ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.back_button.setText(_("← &Back"))
        self.record_label.setText(_("Record:"))
        for button, msgid, _kind in self.event_buttons:
            button.setText(_(msgid))
        for i, msgid in enumerate(
            (N_("&Requests and deadlines"), N_("&Letters"), N_("A&ttachments"), N_("&Notes"))
        ):
            self.tabs.setTabText(i, _(msgid))
        self.attach_button.setText(_("Add &attachment…"))
        self.note_button.setText(_("Add n&ote"))
        self.request_table.setAccessibleName(_("Requests"))
        self.event_table.setAccessibleName(_("Events"))
        self.trace.setAccessibleName(_("Deadline explanation"))
        self.letter_table.setAccessibleName(_("Letters"))
        self.attachment_table.setAccessibleName(_("Attachments"))
        self.note_table.setAccessibleName(_("Notes"))
        self.note_edit.setAccessibleName(_("New note"))
        for model in (self.requests, self.events, self.letters, self.attachments, self.notes):
            model.retranslate()
        if self.view is not None:
            self.set_view(self.view, date.today())
