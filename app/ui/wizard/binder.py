"""Binds form keys (draft key paths) to widgets: read/write values, show problems next to fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.errors import Problem

ERROR_STYLE = "color: #b00020;"


class CheckList(QWidget):
    """A column of check boxes whose value is the list of checked keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QVBoxLayout

        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}

    def set_items(self, items: Iterable[tuple[str, str]]) -> None:
        """(key, label) pairs; keeps the checked state of keys that stay."""
        checked = set(self.value())
        for box in self.boxes.values():
            box.setParent(None)
            box.deleteLater()
        self.boxes = {}
        for key, label in items:
            box = QCheckBox(label, self)
            box.setChecked(key in checked)
            self._layout.addWidget(box)
            self.boxes[key] = box

    def value(self) -> list[str]:
        return [k for k, b in self.boxes.items() if b.isChecked()]

    def set_value(self, keys: Iterable[str]) -> None:
        wanted = set(keys)
        for key, box in self.boxes.items():
            box.setChecked(key in wanted)


class FormBinder:
    """The widgets of one page by key, with an error label under each."""

    def __init__(self) -> None:
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def bind(self, key: str, widget: QWidget, error: QLabel | None = None) -> None:
        self.widgets[key] = widget
        if error is not None:
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            self.errors[key] = error

    def values(self) -> dict[str, Any]:
        return {key: read(widget) for key, widget in self.widgets.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for key, widget in self.widgets.items():
            if key in values:
                write(widget, values[key])

    def show_problems(self, problems: Iterable[Problem]) -> list[Problem]:
        """Put each message next to its field; returns the problems no field on this page owns."""
        unplaced: list[Problem] = []
        messages: dict[str, list[str]] = {}
        for problem in problems:
            key = self._key_for(problem.path)
            if key is None:
                unplaced.append(problem)
            else:
                messages.setdefault(key, []).append(problem.message)
        first: QWidget | None = None
        for key, label in self.errors.items():
            text = "; ".join(messages.get(key, []))
            label.setText(text)
            label.setVisible(bool(text))
            widget = self.widgets[key]
            widget.setAccessibleDescription(text)
            if text and first is None:
                first = widget
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return unplaced

    def _key_for(self, path: str) -> str | None:
        if path in self.errors:
            return path
        base = path.split("[")[0]  # enclosures[2] → enclosures
        return base if base in self.errors else None


def read(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return "" if data is None else str(data)
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QGroupBox):
        return widget.isChecked()
    if isinstance(widget, QDateEdit):
        return widget.date().toString(Qt.DateFormat.ISODate)
    if isinstance(widget, CheckList):
        return widget.value()
    raise TypeError(type(widget).__name__)


def write(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText(str(value or ""))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(str(value or ""))
    elif isinstance(widget, QComboBox):
        index = widget.findData(value)
        if index >= 0:
            widget.setCurrentIndex(index)
    elif isinstance(widget, QCheckBox | QGroupBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QDateEdit):
        parsed = QDate.fromString(str(value or ""), Qt.DateFormat.ISODate)
        if parsed.isValid():
            widget.setDate(parsed)
    elif isinstance(widget, CheckList):
        widget.set_value(value if isinstance(value, list) else [])
