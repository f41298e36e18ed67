"""Shared parts of the wizard pages: labelled rows with an error line, validation by section."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.i18n import _
from app.ui.advice import LawAdvisor
from app.ui.colours import Tone, text_tone

if TYPE_CHECKING:
    from app.ui.service import LetterPreview
from app.ui.wizard.binder import RESERVED_MNEMONICS, FormBinder, mnemonic_of
from app.ui.wizard.form import REQUIRED_KEYS, section_problems


@dataclass(frozen=True)
class AuthorityChoice:
    """A directory entry as the wizard shows it. ``authority_id`` is None for unsaved seed entries.

    ``place`` (where the entry has no address: the area it covers) and ``verified`` (False: contact
    data from old records) come from the shipped directory when the caller passes them.
    """

    authority_id: int | None
    name: str
    address: str
    kind: str
    jurisdiction: str
    place: str = ""
    verified: bool = True


class WizardServices(Protocol):
    """What the pages may ask for; implemented by the controller (pages never see the store)."""

    advisor: LawAdvisor

    def authorities(self, jurisdiction: str, search: str) -> list[AuthorityChoice]: ...

    def deletion_grounds(
        self, jurisdiction: str, context: str, regime: str = ""
    ) -> list[tuple[str, str]]: ...

    def autosave(self, values: dict[str, Any]) -> None: ...

    def preview_letter(self, values: dict[str, Any], right: str = "") -> LetterPreview: ...


LIVE_CHECK_MS = 300  # after the last keystroke: the page's messages follow what is typed


class FormPage(QWizardPage):
    """A page whose fields are bound to form keys; ``Next`` checks the page's draft section.

    While the user types, the messages of the fields they have touched follow (``LIVE_CHECK_MS``
    after the last change); Next shows every message and moves the cursor to the first field in
    error. The content scrolls, so error lines never squeeze fields over each other.

    Signals:
        edited(): the user changed a value on this page (the letter preview listens).
    """

    section = ""
    edited = Signal()

    def __init__(self, services: WizardServices, values: Callable[[], dict[str, Any]]) -> None:
        super().__init__()
        self.services = services
        self._all_values = values
        self.binder = FormBinder(self._field_changed)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self._labels: list[tuple[QLabel, str, str]] = []  # label, msgid, form key
        self.label_msgids: dict[str, str] = {}  # form key -> its label's msgid (names a field in messages)
        self.general_error = QLabel(self)
        self.general_error.setWordWrap(True)
        text_tone(self.general_error, Tone.ERROR)
        self.general_error.hide()
        self.required_note = QLabel(self)  # "* required", on pages with required fields
        self.required_note.hide()
        self.touched: set[str] = set()
        self._checked_all = False  # Next was pressed: every field's messages are shown
        self._live = QTimer(self)
        self._live.setSingleShot(True)
        self._live.setInterval(LIVE_CHECK_MS)
        self._live.timeout.connect(self.refresh_problems)

    def page_layout(self) -> QVBoxLayout:
        """The layout of the page's content, inside a frameless scroll area."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the form narrows
        body = QWidget(scroll)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self.scroll_area = scroll
        return QVBoxLayout(body)

    def width_needed(self) -> int:
        """The width the page's content takes unclipped (it never scrolls sideways): a long check
        box in German needs more than the English form."""
        area: QScrollArea | None = getattr(self, "scroll_area", None)
        body = area.widget() if area is not None else None
        if area is None or body is None:
            return 0
        return body.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width()

    def add_row(
        self,
        key: str,
        label_msgid: str,
        widget: QWidget,
        *,
        error: bool = True,
        grid: QGridLayout | None = None,
    ) -> QLabel:
        grid = self.grid if grid is None else grid
        row = grid.rowCount()
        label = QLabel(self)
        label.setBuddy(widget)
        self._labels.append((label, label_msgid, key))
        self.label_msgids[key] = label_msgid
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(widget, row, 1)
        error_label = QLabel(self) if error else None
        if error_label is not None:
            grid.addWidget(error_label, row + 1, 1)
        self.binder.bind(key, widget, error_label)
        return label

    def retranslate_labels(self) -> None:
        marked = False
        for label, msgid, key in self._labels:
            text = _(msgid)
            if key in REQUIRED_KEYS:
                text, marked = required_label(text), True
            label.setText(text)
            buddy = label.buddy()
            if buddy is not None:
                name = _(msgid).replace("&", "").rstrip(":： ")
                buddy.setAccessibleName(name + (" " + _("(required)") if key in REQUIRED_KEYS else ""))
        self.required_note.setText(_("Fields marked * are required."))
        self.required_note.setVisible(marked)

    def used_mnemonics(self) -> set[str]:
        """The letters this page's labels already use, and the wizard buttons' (Back, Next, Generate)."""
        own = {mnemonic_of(_(msgid)) for _label, msgid, _key in self._labels}
        wizard = self.wizard()
        if wizard is not None:  # in the UI language: "&Weiter", "下一步(&N)"
            buttons = (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton)
            own |= {mnemonic_of(wizard.buttonText(b)) for b in (*buttons, QWizard.WizardButton.FinishButton)}
        return set(RESERVED_MNEMONICS) | (own - {""})

    def retranslate(self) -> None:
        self.retranslate_labels()

    def _field_changed(self, key: str) -> None:
        self.touched.add(key)
        self._live.start()
        self.edited.emit()

    def problems(self) -> list[Any]:
        if not self.section:
            return []
        return section_problems(self._all_values(), self.section, self.services.advisor.kb)

    def refresh_problems(self) -> None:
        """Messages for the fields touched so far (all of them once Next was pressed); no focus change."""
        if not self.isVisible() and not self._checked_all:
            return
        shown = None if self._checked_all else self.touched
        unplaced = self.binder.show_problems(self.problems(), only=shown, focus=False)
        if self._checked_all:
            self._show_unplaced(unplaced)

    def _show_unplaced(self, unplaced: list[Any]) -> None:
        self.general_error.setText("\n".join(self.problem_text(p) for p in unplaced))
        self.general_error.setVisible(bool(unplaced))

    def problem_text(self, problem: Any) -> str:
        """A problem as the user reads it: the field's label and the message, never a key path."""
        wizard = self.wizard()
        label = getattr(wizard, "field_label", lambda _path: "")(problem.path)
        return (
            _("{field}: {message}").format(field=label, message=problem.message) if label else problem.message
        )

    def validatePage(self) -> bool:
        self._live.stop()
        self._checked_all = True
        problems = self.problems()
        unplaced = self.binder.show_problems(problems)
        self._show_unplaced(unplaced)
        self.services.autosave(self._all_values())
        return not problems


def required_label(text: str) -> str:
    """A label marked as required: "Full &name *:", "姓名(&N) *：" (the colon stays last)."""
    stripped = text.rstrip(":： ")
    return f"{stripped} *{text[len(stripped) :]}"
