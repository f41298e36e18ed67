"""One case: its requests — status, every open deadline with its calculation, the escalation steps
open now with their own windows, suggested next steps, notices, the event timeline — and the
case's letters, attachments and notes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.cases.records import RECEIPT_METHOD_LABELS, Attachment, GeneratedLetter, Note, RequestEvent
from app.i18n import N_, _, current_language, format_date
from app.ui.labels import kind_label, list_separator
from app.ui.request_text import letter_kind_label, request_html, rights_text, status_text, step_window
from app.ui.table_model import Column, RecordTableModel, fit_to_rows, table_view_defaults

if TYPE_CHECKING:
    from app.cases.deadlines import AvailableStep
    from app.cases.replies import Suggestion
    from app.law import KnowledgeBase
    from app.ui.views import CaseView, RequestItem


def _next_due(item: RequestItem) -> str:
    deadlines = item.overview.state.deadlines
    return format_date(deadlines[0].due, "medium") if deadlines else "—"


def _stretch(view: QTableView, columns: tuple[int, ...]) -> None:
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for column in range(view.model().columnCount()):
        mode = (
            QHeaderView.ResizeMode.Stretch if column in columns else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(column, mode)


def _heading(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class CasePage(QWidget):
    """Signals:
    back(): return to the list.
    record_event(int, str): request id and its status, for the event dialog.
    write_letter(int, str): request id and escalation step id.
    start_suggestion(int, object): request id and the ``Suggestion`` (a prefilled follow-up draft).
    open_letters(list): GeneratedLetter records to preview.
    export_dossier(int): case id.
    save_sheet(int): request id, for its "what happens next" sheet.
    add_note(int, str): case id and text.
    add_attachment(int): case id; the controller asks for the file.
    print_state_changed(): the letter ``letter_to_print`` names may have changed.
    """

    back = Signal()
    record_event = Signal(int, str)
    write_letter = Signal(int, str)
    start_suggestion = Signal(int, object)
    open_letters = Signal(list)
    export_dossier = Signal(int)
    save_sheet = Signal(int)
    add_note = Signal(int, str)
    add_attachment = Signal(int)
    print_state_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: CaseView | None = None
        self._kb: KnowledgeBase | None = None  # names the step kinds' events and letters
        self.back_button = QPushButton(self)
        self.back_button.clicked.connect(self.back.emit)
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(font)
        self.subtitle = QLabel(self)
        self.dossier_button = QPushButton(self)
        self.dossier_button.clicked.connect(self._export_dossier)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        self.sheet_button = QPushButton(self)
        self.sheet_button.clicked.connect(self._save_sheet)
        top.addWidget(self.sheet_button)
        top.addWidget(self.dossier_button)

        self.requests: RecordTableModel[RequestItem] = RecordTableModel(
            [
                Column(N_("Right"), rights_text),
                Column(N_("Law"), lambda i: i.regime_name),
                Column(
                    N_("Authority"),
                    lambda i: i.overview.authority.name.split("\n")[0] if i.overview.authority else "",
                ),
                Column(N_("Status"), status_text),
                Column(N_("Next deadline"), _next_due),
            ],
            self,
        )
        self.request_table = QTableView(self)
        self.request_table.setModel(self.requests)
        table_view_defaults(self.request_table)
        _stretch(self.request_table, (1, 2))
        self.request_table.selectionModel().selectionChanged.connect(self._request_selected)

        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.events: RecordTableModel[RequestEvent] = RecordTableModel(
            [
                Column(N_("Date"), lambda e: format_date(e.date, "medium")),
                Column(N_("Event"), lambda e: kind_label(e.kind, self._kb)),
                Column(
                    N_("How"),
                    lambda e: _(RECEIPT_METHOD_LABELS[e.receipt_method]) if e.receipt_method else "",
                ),
                Column(N_("Note"), lambda e: " ".join(x for x in (e.receipt_reference, e.note) if x)),
            ],
            self,
        )
        self.event_table = QTableView(self)
        self.event_table.setModel(self.events)
        table_view_defaults(self.event_table)
        _stretch(self.event_table, (3,))
        self.event_button = QPushButton(self)
        self.event_button.clicked.connect(self._record)

        self.steps: RecordTableModel[AvailableStep] = RecordTableModel(
            [
                Column(N_("Step"), lambda s: s.step.text_in("name", current_language())),
                Column(N_("Window"), lambda s: step_window(s, self._today())),
            ],
            self,
        )
        self.step_table = QTableView(self)
        self.step_table.setModel(self.steps)
        table_view_defaults(self.step_table)
        _stretch(self.step_table, (0,))
        self.step_table.activated.connect(lambda _i: self._write_letter())
        self.letter_button = QPushButton(self)
        self.letter_button.clicked.connect(self._write_letter)
        self.step_hint = QLabel(self)
        self.step_hint.setWordWrap(True)
        self.step_table.selectionModel().selectionChanged.connect(self._step_selected)

        self.suggestions: RecordTableModel[Suggestion] = RecordTableModel(
            [
                Column(N_("Next step"), lambda s: s.title),
                Column(N_("Due"), lambda s: format_date(s.due, "medium") if s.due else ""),
            ],
            self,
        )
        self.suggestion_table = QTableView(self)
        self.suggestion_table.setModel(self.suggestions)
        table_view_defaults(self.suggestion_table)
        _stretch(self.suggestion_table, (0,))
        self.suggestion_hint = QLabel(self)
        self.suggestion_hint.setWordWrap(True)
        self.suggestion_table.selectionModel().selectionChanged.connect(self._step_selected)
        self.suggestion_table.activated.connect(lambda _i: self._start_suggestion())
        self.suggestion_button = QPushButton(self)
        self.suggestion_button.clicked.connect(self._start_suggestion)

        self.details_heading, self.events_heading = _heading(self), _heading(self)
        self.steps_heading, self.suggestions_heading = _heading(self), _heading(self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.details_heading)
        left_layout.addWidget(self.details, 3)
        left_layout.addWidget(self.events_heading)
        left_layout.addWidget(self.event_table, 2)
        left_layout.addWidget(self.event_button, 0, Qt.AlignmentFlag.AlignLeft)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.steps_heading)
        right_layout.addWidget(self.step_table, 2)
        right_layout.addWidget(self.step_hint)
        right_layout.addWidget(self.letter_button, 0, Qt.AlignmentFlag.AlignLeft)
        right_layout.addWidget(self.suggestions_heading)
        right_layout.addWidget(self.suggestion_table, 1)
        right_layout.addWidget(self.suggestion_hint)
        right_layout.addWidget(self.suggestion_button, 0, Qt.AlignmentFlag.AlignLeft)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        requests_tab = QWidget(self)
        tab_layout = QVBoxLayout(requests_tab)
        tab_layout.addWidget(self.request_table)
        tab_layout.addWidget(split, 1)

        self.letters: RecordTableModel[GeneratedLetter] = RecordTableModel(
            [
                Column(N_("Created"), lambda x: format_date(x.created.date(), "medium")),
                Column(N_("Kind"), lambda x: letter_kind_label(x.kind, self._kb)),
                Column(N_("Letter"), lambda x: x.title),
                Column(N_("Language"), lambda x: x.language),
            ],
            self,
        )
        self.letter_table = QTableView(self)
        self.letter_table.setModel(self.letters)
        table_view_defaults(self.letter_table)
        _stretch(self.letter_table, (2,))
        self.letter_table.activated.connect(lambda i: self.open_letters.emit([self.letters.record(i.row())]))
        self.letter_table.selectionModel().selectionChanged.connect(
            lambda *_a: self.print_state_changed.emit()
        )
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
        for first, second in (
            (self.request_table, self.details),
            (self.details, self.event_table),
            (self.event_table, self.event_button),
            (self.event_button, self.step_table),
            (self.step_table, self.letter_button),
            (self.letter_button, self.suggestion_table),
            (self.suggestion_table, self.suggestion_button),
        ):
            self.setTabOrder(first, second)
        self.retranslate()

    # -- data ----------------------------------------------------------------------------------
    def _today(self) -> date:
        return self.view.today if self.view is not None else date.today()

    def set_knowledge_base(self, kb: KnowledgeBase) -> None:
        """The law data, once loaded: they name the step kinds' events and letters."""
        self._kb = kb

    def set_view(self, view: CaseView) -> None:
        selected = self.selected_request()
        self.view = view
        self.title.setText(view.case.title)
        self.subtitle.setText(
            _("Client: {name} · opened {date}").format(
                name=view.client.name, date=format_date(view.case.created.date())
            )
        )
        self.requests.set_records(view.requests)
        fit_to_rows(self.request_table, min_rows=1)
        self.letters.set_records(view.letters)
        self.attachments.set_records(view.attachments)
        self.notes.set_records(view.notes)
        wanted = selected.overview.request.id if selected is not None else None
        row = next((i for i, r in enumerate(view.requests) if r.overview.request.id == wanted), 0)
        if view.requests:
            self.request_table.selectRow(row)
        self._show_request(row)
        self.print_state_changed.emit()

    def letter_to_print(self) -> GeneratedLetter | None:
        """The letter chosen in the Letters tab, else the case's newest letter (None: it has none)."""
        chosen: GeneratedLetter | None = self._selected(self.letter_table, self.letters)
        if chosen is not None:
            return chosen
        return max(self.letters.records, key=lambda letter: letter.created, default=None)

    def changeEvent(self, event: QEvent) -> None:
        # The status text's colours come from the palette: render it again for a new one.
        if event.type() == QEvent.Type.PaletteChange and self.requests.records:
            rows = self.request_table.selectionModel().selectedRows()
            self._show_request(rows[0].row() if rows else 0)
        super().changeEvent(event)

    def selected_request(self) -> RequestItem | None:
        rows = self.request_table.selectionModel().selectedRows()
        if not rows or not self.requests.records:
            return None
        return self.requests.record(rows[0].row())

    def _request_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._show_request(indexes[0].row())

    def _show_request(self, row: int) -> None:
        if not self.requests.records:
            for model in (self.events, self.steps, self.suggestions):
                model.set_records([])
            self.details.setHtml("")
            self._update_buttons()
            return
        item = self.requests.record(row)
        self.events.set_records(item.overview.events)
        self.steps.set_records(item.overview.state.steps)
        self.suggestions.set_records(item.overview.suggestions)
        self.details.setHtml(request_html(item, self._today(), self._kb))
        if item.overview.state.steps:
            self.step_table.selectRow(0)
        if item.overview.suggestions:
            self.suggestion_table.selectRow(0)
        self._update_buttons()

    def _selected(self, view: QTableView, model: RecordTableModel[Any]) -> Any:
        rows = view.selectionModel().selectedRows()
        return model.record(rows[0].row()) if rows and model.records else None

    def selected_step(self) -> AvailableStep | None:
        step: AvailableStep | None = self._selected(self.step_table, self.steps)
        return step

    def selected_suggestion(self) -> Suggestion | None:
        suggestion: Suggestion | None = self._selected(self.suggestion_table, self.suggestions)
        return suggestion

    def _step_selected(self, *_args: object) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.selected_step()
        self.letter_button.setEnabled(step is not None)
        self.event_button.setEnabled(self.selected_request() is not None)
        self.sheet_button.setEnabled(self.selected_request() is not None)
        suggestion = self.selected_suggestion()
        self.suggestion_button.setEnabled(suggestion is not None)
        self.suggestion_hint.setText(suggestion.reason if suggestion is not None else "")
        if step is None:
            self.step_hint.setText(_("No escalation step is open yet.") if not self.steps.records else "")
        else:
            cites = list_separator().join(p.citation_in(current_language()) for p in step.step.provisions)
            self.step_hint.setText(
                _("To: {who}").format(who=step.step.text_in("addressee", current_language()))
                + (f"\n{cites}" if cites else "")
            )

    # -- actions -------------------------------------------------------------------------------
    def _record(self) -> None:
        item = self.selected_request()
        if item is not None:
            self.record_event.emit(item.overview.request.id or 0, str(item.overview.state.status))

    def _write_letter(self) -> None:
        item, step = self.selected_request(), self.selected_step()
        if item is not None and step is not None:
            self.write_letter.emit(item.overview.request.id or 0, step.step.id)

    def _start_suggestion(self) -> None:
        item, suggestion = self.selected_request(), self.selected_suggestion()
        if item is None or suggestion is None:
            return
        if suggestion.draft is None and suggestion.step_id:
            self.write_letter.emit(item.overview.request.id or 0, suggestion.step_id)
        elif suggestion.draft is not None:
            self.start_suggestion.emit(item.overview.request.id or 0, suggestion)

    def _save_sheet(self) -> None:
        item = self.selected_request()
        if item is not None and item.overview.request.id is not None:
            self.save_sheet.emit(item.overview.request.id)

    def _export_dossier(self) -> None:
        if self.view is not None and self.view.case.id is not None:
            self.export_dossier.emit(self.view.case.id)

    def _add_note(self) -> None:
        if self.view is not None and self.view.case.id is not None:
            self.add_note.emit(self.view.case.id, self.note_edit.toPlainText())

    def note_saved(self) -> None:
        self.note_edit.clear()  # only after the store accepted it: nothing typed is lost on error

    # -- language ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.back_button.setText(_("← &Back"))
        self.dossier_button.setText(_("E&xport dossier…"))
        self.sheet_button.setText(_("What happens &next…"))
        self.sheet_button.setToolTip(_("Save a one-page sheet for you: what to do now and what follows"))
        self.event_button.setText(_("&Record event…"))
        self.letter_button.setText(_("&Write letter…"))
        self.suggestion_button.setText(_("&Start this step…"))
        self.details_heading.setText(_("Status and deadlines"))
        self.events_heading.setText(_("Events"))
        self.steps_heading.setText(_("Escalation steps"))
        self.suggestions_heading.setText(_("Suggested next steps"))
        for i, msgid in enumerate(
            (N_("Requests and &deadlines"), N_("&Letters"), N_("Attach&ments"), N_("N&otes"))
        ):
            self.tabs.setTabText(i, _(msgid))
        self.attach_button.setText(_("Add &attachment…"))
        self.note_button.setText(_("Add n&ote"))
        for widget, name in (
            (self.request_table, _("Requests")),
            (self.event_table, _("Events")),
            (self.details, _("Status and deadlines")),
            (self.step_table, _("Escalation steps")),
            (self.suggestion_table, _("Suggested next steps")),
            (self.letter_table, _("Letters")),
            (self.attachment_table, _("Attachments")),
            (self.note_table, _("Notes")),
            (self.note_edit, _("New note")),
        ):
            widget.setAccessibleName(name)
        models: tuple[RecordTableModel[Any], ...] = (
            self.requests,
            self.events,
            self.steps,
            self.suggestions,
            self.letters,
            self.attachments,
            self.notes,
        )
        for model in models:
            model.retranslate()
        if self.view is not None:
            self.set_view(self.view)
