"""The Edit menu's actions (undo, redo, cut, copy, paste, select all) on the focused text field.

They act on the text field that last had the focus in the window (a QLineEdit, an editable combo
box or date field, a QPlainTextEdit or QTextEdit), so that choosing them from the menu — which
takes the focus for a moment — still reaches the field. Each is enabled only when it would do
something there. While a field has the focus its own key handling wins (Ctrl+Z in a line edit
is the line edit's undo), so the shortcuts never fire twice.
"""

from __future__ import annotations

from PySide6.QtCore import QMetaObject, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from app.i18n import _

TextField = QLineEdit | QPlainTextEdit | QTextEdit


def text_field(widget: QWidget | None) -> TextField | None:
    """The text field behind ``widget`` (itself, an editable combo box's or a spin box's line edit)."""
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        return widget
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget.lineEdit()
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return None


class EditActions(QObject):
    """Owns the six actions; follows the focus inside ``window``."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.field: TextField | None = None
        self._connections: list[QMetaObject.Connection] = []

        def action(key: QKeySequence.StandardKey, slot_name: str) -> QAction:
            act = QAction(window)
            act.setShortcut(QKeySequence(key))
            act.triggered.connect(lambda: self._run(slot_name))
            return act

        self.undo = action(QKeySequence.StandardKey.Undo, "undo")
        self.redo = action(QKeySequence.StandardKey.Redo, "redo")
        self.cut = action(QKeySequence.StandardKey.Cut, "cut")
        self.copy = action(QKeySequence.StandardKey.Copy, "copy")
        self.paste = action(QKeySequence.StandardKey.Paste, "paste")
        self.select_all = action(QKeySequence.StandardKey.SelectAll, "selectAll")
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.update()
        self.retranslate()

    @property
    def actions(self) -> tuple[QAction, ...]:
        return (self.undo, self.redo, self.cut, self.copy, self.paste, self.select_all)

    def retranslate(self) -> None:
        for act, text in (
            (self.undo, _("&Undo")),
            (self.redo, _("&Redo")),
            (self.cut, _("Cu&t")),
            (self.copy, _("&Copy")),
            (self.paste, _("&Paste")),
            (self.select_all, _("Select &All")),
        ):
            act.setText(text)

    # -- following the focus ---------------------------------------------------------------------
    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.window() is not self._window:
            return  # a menu, a dialog or another program: keep the field the user was in
        self._follow(text_field(new))

    def _follow(self, field: TextField | None) -> None:
        if field is self.field:
            self.update()
            return
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []
        self.field = field
        if field is not None:
            signals = [field.destroyed, field.textChanged]
            if isinstance(field, QLineEdit):
                signals.append(field.selectionChanged)
            else:
                signals += [field.undoAvailable, field.redoAvailable, field.copyAvailable]
            self._connections = [field.destroyed.connect(self._forget)] + [
                signal.connect(self.update) for signal in signals[1:]
            ]
        self.update()

    def _forget(self) -> None:
        self._connections = []
        self.field = None
        self.update()

    # -- acting ------------------------------------------------------------------------------------
    def _run(self, slot_name: str) -> None:
        field = self.field
        if field is None:
            return
        getattr(field, slot_name)()
        field.setFocus()
        self.update()

    def update(self) -> None:
        """Enable each action only where it would do something in the field."""
        field = self.field
        states = dict.fromkeys(("undo", "redo", "cut", "copy", "paste", "select_all"), False)
        if isinstance(field, QLineEdit):
            secret = field.echoMode() != QLineEdit.EchoMode.Normal
            editable = not field.isReadOnly()
            states.update(
                undo=editable and field.isUndoAvailable(),
                redo=editable and field.isRedoAvailable(),
                cut=editable and not secret and field.hasSelectedText(),
                copy=not secret and field.hasSelectedText(),
                paste=editable,
                select_all=bool(field.text()),
            )
        elif isinstance(field, QPlainTextEdit | QTextEdit):
            editable = not field.isReadOnly()
            document = field.document()
            selected = field.textCursor().hasSelection()
            states.update(
                undo=editable and document.isUndoAvailable(),
                redo=editable and document.isRedoAvailable(),
                cut=editable and selected,
                copy=selected,
                paste=editable and field.canPaste(),
                select_all=not document.isEmpty(),
            )
        for act, key in zip(self.actions, states, strict=True):
            act.setEnabled(states[key])
