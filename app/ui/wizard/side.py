"""The wizard's side: the live letter beside the form, at a width the user drags.

QWizard lays out its own page area and puts the side widget beside it, so a QSplitter cannot hold
both; the side widget carries a splitter-like handle on the edge that faces the form instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.ui.wizard.preview import LetterPreviewPane

MIN_PREVIEW_WIDTH = 300  # narrower, a letter's line is unreadable
MIN_FORM_WIDTH = 420  # the form's labels and fields side by side
HANDLE_WIDTH = 7
QWIDGETSIZE_MAX = (1 << 24) - 1


class SideHandle(QWidget):
    """A vertical grip drawn like a splitter handle.

    Signals:
        pressed(): a drag starts.
        dragged(int): the pointer moved this many pixels away from the form since the press
            (negative: towards it).
    """

    pressed = Signal()
    dragged = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("PreviewHandle")
        self.setCursor(Qt.CursorShape.SplitHCursor)
        self.setFixedWidth(HANDLE_WIDTH)
        self._pressed_at: QPoint | None = None

    def sizeHint(self) -> QSize:
        return QSize(HANDLE_WIDTH, 1)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed_at = event.globalPosition().toPoint()
            self.pressed.emit()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        # Tracked from the press, not from event.buttons(): the move is ours until the release.
        if self._pressed_at is not None:
            dx = event.globalPosition().toPoint().x() - self._pressed_at.x()
            self.dragged.emit(-dx if self.isRightToLeft() else dx)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._pressed_at = None
        event.accept()

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        colour = self.palette().color(QPalette.ColorRole.Mid)
        x = self.width() // 2
        for y in range(self.height() // 2 - 12, self.height() // 2 + 13, 6):  # a row of grip dots
            painter.fillRect(x - 1, y, 2, 2, colour)


class PreviewSide(QWidget):
    """The preview pane and its handle; the wizard's side widget. Its width is not kept between
    wizards: the window's other UI state lives in the settings file, which the wizard is not given."""

    def __init__(self, preview: LetterPreviewPane, spare: Callable[[], int], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("PreviewSide")
        self.preview = preview
        self._spare = spare  # the pixels the form beside can give up (it keeps what it needs)
        self.handle = SideHandle(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(preview, 1)
        layout.addWidget(self.handle)  # mirrored in a right-to-left layout: always towards the form
        self._start = 0  # the width when the drag began
        self._widest = QWIDGETSIZE_MAX  # the widest the drag may make it
        self.handle.pressed.connect(self._pressed)
        self.handle.dragged.connect(lambda dx: self.set_preview_width(min(self._start + dx, self._widest)))
        self.set_preview_width(MIN_PREVIEW_WIDTH)

    def _pressed(self) -> None:
        self._start = self.width()
        self._widest = self._start + max(0, self._spare())

    def set_preview_width(self, width: int) -> None:
        """Give the side ``width`` pixels (at least ``MIN_PREVIEW_WIDTH``); the page takes the rest."""
        self.setFixedWidth(max(MIN_PREVIEW_WIDTH, width))
