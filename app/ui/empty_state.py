"""A view that shows a friendly explanation instead of an empty table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget


class EmptyStateStack(QStackedWidget):
    """Page 0: the real content; page 1: a message (and an optional action button)."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addWidget(content)
        holder = QWidget(self)
        layout = QVBoxLayout(holder)
        layout.addStretch(1)
        self.message = QLabel(holder)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.message.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # screen readers reach it by Tab
        layout.addWidget(self.message)
        self.button = QPushButton(holder)
        self.button.hide()
        self._action: Callable[[], None] | None = None
        self.button.clicked.connect(self._run_action)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.addWidget(holder)

    def set_message(self, text: str, button_text: str = "", action: Callable[[], None] | None = None) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        if button_text:
            self.button.setText(button_text)
            self.button.show()
            self._action = action
        else:
            self.button.hide()
            self._action = None

    def _run_action(self) -> None:
        if self._action is not None:
            self._action()

    def show_empty(self, empty: bool) -> None:
        self.setCurrentIndex(1 if empty else 0)
