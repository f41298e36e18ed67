"""Shared parts of the wizard pages: labelled rows with an error line, validation by section."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget, QWizardPage

from app.i18n import _
from app.ui.advice import LawAdvisor
from app.ui.wizard.binder import FormBinder
from app.ui.wizard.form import section_problems


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


class FormPage(QWizardPage):
    """A page whose fields are bound to form keys; ``Next`` checks the page's draft section."""

    section = ""

    def __init__(self, services: WizardServices, values: Callable[[], dict[str, Any]]) -> None:
        super().__init__()
        self.services = services
        self._all_values = values
        self.binder = FormBinder()
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self._labels: list[tuple[QLabel, str]] = []
        self.general_error = QLabel(self)
        self.general_error.setWordWrap(True)
        self.general_error.setStyleSheet("color: #b00020;")
        self.general_error.hide()

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
        self._labels.append((label, label_msgid))
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(widget, row, 1)
        error_label = QLabel(self) if error else None
        if error_label is not None:
            grid.addWidget(error_label, row + 1, 1)
        self.binder.bind(key, widget, error_label)
        return label

    def retranslate_labels(self) -> None:
        for label, msgid in self._labels:
            label.setText(_(msgid))
            buddy = label.buddy()
            if buddy is not None:
                buddy.setAccessibleName(_(msgid).replace("&", "").rstrip(":： "))

    def retranslate(self) -> None:
        self.retranslate_labels()

    def problems(self) -> list[Any]:
        if not self.section:
            return []
        return section_problems(self._all_values(), self.section, self.services.advisor.kb)

    def validatePage(self) -> bool:
        problems = self.problems()
        unplaced = self.binder.show_problems(problems)
        self.general_error.setText("\n".join(str(p) for p in unplaced))
        self.general_error.setVisible(bool(unplaced))
        self.services.autosave(self._all_values())
        return not problems
