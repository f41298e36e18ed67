"""The live letter preview beside the wizard's form: the letter as it stands, updated as the user types.

Composing and rendering run off the GUI thread through the window's ``TaskRunner`` (the services
compose the letter; this widget only shows the PDF). Changes are debounced (``DEBOUNCE_MS`` after the
last keystroke); while one render runs, later changes wait and only the newest values are rendered
next, so typing is never blocked and a stale letter never replaces a newer one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from app.errors import HabeasError, InputError
from app.i18n import _
from app.ui.labels import list_separator, right_short_label
from app.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.ui.service import LetterPreview
    from app.ui.wizard.base import WizardServices

log = logging.getLogger(__name__)

DEBOUNCE_MS = 500


class LetterPreviewPane(QWidget):
    """Shows one right's letter (a chooser when the request makes several).

    Signals:
        updated(): a newly rendered letter is shown (tests wait for it).
    """

    updated = Signal()

    def __init__(
        self,
        services: WizardServices,
        tasks: TaskRunner,
        values: Callable[[], dict[str, Any]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("LetterPreviewPane")
        self._services = services
        self._tasks = tasks
        self._values = values
        self.title = QLabel(self)
        self.chooser = QComboBox(self)  # which right's letter, when there are several
        self.chooser.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setMinimumWidth(280)  # the side widget (side.py) sets the width; the user drags it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.chooser)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._render)
        self.chooser.currentIndexChanged.connect(lambda _i: self.schedule(0))
        self._busy = False
        self._pending = False
        self.renders = 0  # letters shown so far
        self.shown_pdf = b""
        self.retranslate()

    def schedule(self, delay: int = DEBOUNCE_MS) -> None:
        """Render again ``delay`` ms after the last call (a keystroke restarts the wait)."""
        self._timer.start(delay)

    def _render(self) -> None:
        if self._busy:
            self._pending = True  # rendered with the newest values when this one is done
            return
        values = dict(self._values())
        self._update_chooser(values)
        right = str(self.chooser.currentData() or "")
        self._busy = True
        self.status.setText(_("Updating the letter…"))
        services = self._services
        self._tasks.run(lambda: services.preview_letter(values, right), self._shown, self._failed)

    def _update_chooser(self, values: dict[str, Any]) -> None:
        rights = [str(r) for r in values.get("rights", []) or []]
        current = str(self.chooser.currentData() or "")
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for right in rights:
            self.chooser.addItem(right_short_label(right), right)
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(current)))
        self.chooser.blockSignals(False)
        self.chooser.setVisible(len(rights) > 1)

    def _done(self) -> None:
        self._busy = False
        if self._pending:
            self._pending = False
            self.schedule(0)

    def _shown(self, preview: LetterPreview) -> None:
        self._done()
        if self._pending or self._timer.isActive():
            return  # newer values are on their way
        self._load(preview.pdf)
        self.status.setText(
            ""
            if preview.complete
            else _("Blank lines show what is still missing; values not valid yet are left out.")
        )
        self.renders += 1
        self.updated.emit()

    def _failed(self, exc: BaseException) -> None:
        self._done()
        if isinstance(exc, InputError):
            # What still stops the letter (no ground chosen yet…), each reason once.
            reasons = list(dict.fromkeys(p.message for p in exc.problems)) or [str(exc)]
            self.status.setText(
                _("The letter appears here as soon as it can be written: {reason}").format(
                    reason=list_separator().join(reasons)
                )
            )
        elif isinstance(exc, HabeasError):
            self.status.setText(str(exc))
        else:
            log.error("letter preview failed: %s", type(exc).__name__)
            self.status.setText(_("The letter could not be shown."))

    def _load(self, pdf: bytes) -> None:
        """Swap the document, keeping the reader's place on the page."""
        bar = self.view.verticalScrollBar()
        position = bar.value()
        old = self._buffer
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        self._buffer = buffer
        if old is not None:
            old.close()
            old.deleteLater()
        self.shown_pdf = pdf
        QTimer.singleShot(0, lambda: bar.setValue(min(position, bar.maximum())))

    def retranslate(self) -> None:
        self.title.setText(_("Your letter as it stands"))
        self.view.setAccessibleName(_("Preview of the letter"))
        self.chooser.setAccessibleName(_("Letter shown"))
        for i in range(self.chooser.count()):
            self.chooser.setItemText(i, right_short_label(str(self.chooser.itemData(i))))
