"""Binds form keys (draft key paths) to widgets: read/write values, show problems next to fields."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
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
from app.ui.colours import Tone, text_tone
from app.ui.labels import in_brackets, list_separator

# Letters the wizard's own buttons use (Back, Next, Generate): never given to a field.
RESERVED_MNEMONICS = frozenset("bng")
_SPARE_MNEMONICS = "abcdefghijklmnopqrstuvwxyz123456789"


def mnemonic_of(text: str) -> str:
    """The letter after a single "&" in a label ("" if none)."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].lower() if 0 <= at < len(plain) - 1 else ""


def with_mnemonic(text: str, used: set[str]) -> str:
    """``text`` (data: any "&" is literal) with an "&" before a letter no other control uses.

    Latin text marks one of its own letters; text without a free one (Chinese) gets a letter in
    brackets after it, "删除（&D）", as Chinese desktop labels do. ``used`` is updated.
    """
    escaped = text.replace("&", "&&")
    for i, char in enumerate(escaped):
        if char.isascii() and char.isalnum() and char.lower() not in used and escaped[i - 1 : i] != "&":
            used.add(char.lower())
            return escaped[:i] + "&" + escaped[i:]
    spare = next((c for c in _SPARE_MNEMONICS if c not in used), "")
    if not spare:
        return escaped
    used.add(spare)
    return escaped + in_brackets("&" + spare.upper())


class CheckList(QWidget):
    """A column of check boxes whose value is the list of checked keys.

    Signals:
        changed(): a box was checked or unchecked, or the items changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QVBoxLayout

        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}

    def set_items(self, items: Iterable[tuple[str, str]], used: set[str] | None = None) -> None:
        """(key, label) pairs; keeps the checked state of keys that stay.

        Each box gets a mnemonic not in ``used`` (the page's other letters), which is updated.
        """
        checked = set(self.value())
        for box in self.boxes.values():
            box.setParent(None)
            box.deleteLater()
        self.boxes = {}
        taken = used if used is not None else set(RESERVED_MNEMONICS)
        for key, label in items:
            box = QCheckBox(with_mnemonic(label, taken), self)
            box.setChecked(key in checked)
            box.toggled.connect(self.changed)
            self._layout.addWidget(box)
            self.boxes[key] = box
        self.changed.emit()

    def set_texts(self, texts: dict[str, str], used: set[str]) -> None:
        """New labels (another language) for the boxes, with mnemonics again."""
        for key, box in self.boxes.items():
            if key in texts:
                box.setText(with_mnemonic(texts[key], used))

    def value(self) -> list[str]:
        return [k for k, b in self.boxes.items() if b.isChecked()]

    def set_value(self, keys: Iterable[str]) -> None:
        wanted = set(keys)
        for key, box in self.boxes.items():
            box.setChecked(key in wanted)


class FormBinder:
    """The widgets of one page by key, with an error label under each.

    ``on_change(key)`` is called whenever the user changes a bound widget (live validation and the
    letter preview listen).
    """

    def __init__(self, on_change: Callable[[str], None] | None = None) -> None:
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._on_change = on_change

    def bind(self, key: str, widget: QWidget, error: QLabel | None = None) -> None:
        self.widgets[key] = widget
        if error is not None:
            text_tone(error, Tone.ERROR)  # readable on light and dark palettes
            error.setWordWrap(True)
            error.hide()
            self.errors[key] = error
        if self._on_change is not None:
            _connect_change(widget, lambda *_args: self._changed(key))

    def _changed(self, key: str) -> None:
        if self._on_change is not None and key in self.widgets:
            self._on_change(key)

    def values(self) -> dict[str, Any]:
        return {key: read(widget) for key, widget in self.widgets.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for key, widget in self.widgets.items():
            if key in values:
                write(widget, values[key])

    def show_problems(
        self, problems: Iterable[Problem], *, only: set[str] | None = None, focus: bool = True
    ) -> list[Problem]:
        """Put each message next to its field; returns the problems no field on this page owns.

        ``only``: show messages for these keys only (while typing: the fields the user has
        touched), clearing the others; ``focus``: move the cursor to the first field in error
        (on Next, never while the user types). A message is shown once per field, the messages of
        a field joined as the UI language joins clauses ("; " or "；").
        """
        unplaced: list[Problem] = []
        messages: dict[str, list[str]] = {}
        for problem in problems:
            key = self._key_for(problem.path)
            if key is None:
                unplaced.append(problem)
            elif problem.message not in messages.setdefault(key, []):
                messages[key].append(problem.message)
        first: QWidget | None = None
        for key, label in self.errors.items():
            shown = only is None or key in only
            text = list_separator().join(messages.get(key, [])) if shown else ""
            label.setText(text)
            label.setVisible(bool(text))
            widget = self.widgets[key]
            widget.setAccessibleDescription(text)
            if text and first is None:
                first = widget
        if first is not None and focus:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        return unplaced

    def _key_for(self, path: str) -> str | None:
        if path in self.errors:
            return path
        base = path.split("[")[0]  # enclosures[2] → enclosures
        return base if base in self.errors else None


def _connect_change(widget: QWidget, slot: Callable[..., None]) -> None:
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(slot)
    elif isinstance(widget, QCheckBox | QGroupBox):
        widget.toggled.connect(slot)
    elif isinstance(widget, QDateEdit):
        widget.dateChanged.connect(slot)
    elif isinstance(widget, CheckList):
        widget.changed.connect(slot)


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
