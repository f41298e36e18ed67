"""The in-app letter preview: QPdfView with zoom and page controls, Print and Save.

The PDF bytes come from the store and are printed as they are (``app.ui.printing``): the
preview never redraws a letter for the printer, except through the labelled image fallback when
the computer has no print service.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QPointF, QStandardPaths
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.cases.records import GeneratedLetter
from app.errors import HabeasError
from app.files import write_atomically
from app.i18n import _
from app.ui.messages import MessagePresenter
from app.ui.print_dialog import PrintLetterDialog, print_as_image
from app.ui.printing import PrintService, PrintSetup, media_for_page
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
ZOOM_STEP_MIN = 1.05  # a step that changes less than 5 % is skipped (fit width at 102 % -> 90 %)
SCREEN_SHARE = 0.9  # of the screen's available area: the window and its frame always fit
PREFERRED_WIDTH = 860  # an A4 page at fit-width is readable at this width


class PdfPreview(QDialog):
    """Shows one or more letters; the combo box switches between them.

    ``tasks`` runs the print service's slow calls; ``printing`` is that service. No signals of
    its own.
    """

    def __init__(
        self,
        letters: list[GeneratedLetter],
        tasks: TaskRunner,
        printing: PrintService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PdfPreview")
        self.letters = letters
        self.tasks = tasks
        self.printing = printing
        self.print_dialog: PrintLetterDialog | None = None
        self.fallback_box: QMessageBox | None = None
        self._messages = MessagePresenter(self)
        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.navigator = self.view.pageNavigator()
        self.chooser = QComboBox(self)
        for n, letter in enumerate(letters, start=1):
            self.chooser.addItem(f"{n}. {letter.title}", n - 1)
        self.chooser.setVisible(len(letters) > 1)

        self.toolbar = QToolBar(self)
        self.act_previous = self._action(
            self.previous_page, QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage)
        )
        self.act_next = self._action(self.next_page, QKeySequence(QKeySequence.StandardKey.MoveToNextPage))
        self.page_label = QLabel(self)
        self.toolbar.addAction(self.act_previous)
        self.toolbar.addWidget(self.page_label)
        self.toolbar.addAction(self.act_next)
        self.toolbar.addSeparator()
        self.act_zoom_out = self._action(self.zoom_out, QKeySequence(QKeySequence.StandardKey.ZoomOut))
        self.zoom_label = QLabel(self)
        self.act_zoom_in = self._action(
            self.zoom_in, QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")
        )
        # Ctrl+0 / Ctrl+1 / Ctrl+2: the keys of the common PDF readers (whole page, actual size, width).
        self.act_fit_page = self._action(self.fit_page, QKeySequence("Ctrl+0"))
        self.act_actual_size = self._action(self.actual_size, QKeySequence("Ctrl+1"))
        self.act_fit_width = self._action(self.fit_width, QKeySequence("Ctrl+2"))
        for action in (self.act_fit_page, self.act_fit_width):
            action.setCheckable(True)
        self.toolbar.addAction(self.act_zoom_out)
        self.toolbar.addWidget(self.zoom_label)
        self.toolbar.addAction(self.act_zoom_in)
        self.toolbar.addActions([self.act_fit_width, self.act_fit_page, self.act_actual_size])

        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.print_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.close_button = QPushButton(self)
        # Ctrl+P and Ctrl+S beside the buttons' own Alt mnemonics (a button's text replaces its shortcut).
        self._action(self.print_button.click, QKeySequence(QKeySequence.StandardKey.Print))
        self._action(self.save_button.click, QKeySequence(QKeySequence.StandardKey.Save))
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chooser)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.chooser.currentIndexChanged.connect(self._show)
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_letter)
        self.close_button.clicked.connect(self.accept)
        self.navigator.currentPageChanged.connect(self._update_controls)
        self.document.pageCountChanged.connect(self._update_controls)
        self.view.zoomFactorChanged.connect(self._update_controls)
        self.view.zoomModeChanged.connect(self._update_controls)
        self.view.viewport().installEventFilter(self)  # the fit modes' zoom follows its size
        self._fit_to_screen()
        self.retranslate()
        self._show(0)
        self.view.setFocus()

    def _action(self, slot: Callable[[], None], *keys: QKeySequence) -> QAction:
        action = QAction(self)
        action.setShortcuts(list(keys))
        action.triggered.connect(slot)
        self.addAction(action)  # the keys work wherever the focus is in the preview
        return action

    def retranslate(self) -> None:
        self.setWindowTitle(_("Letter preview"))
        self.print_button.setText(_("&Print…"))
        self.print_button.setToolTip(_("Print the letter at 100 % (Ctrl+P)"))
        self.save_button.setToolTip(_("Save the letter as a PDF file (Ctrl+S)"))
        self.save_button.setText(_("&Save as PDF…"))
        self.close_button.setText(_("&Close"))
        self.chooser.setAccessibleName(_("Letter"))
        self.view.setAccessibleName(_("Letter preview"))
        self.page_label.setAccessibleName(_("Page"))
        self.zoom_label.setAccessibleName(_("Zoom"))
        texts = (
            (self.act_previous, _("Previous page")),
            (self.act_next, _("Next page")),
            (self.act_zoom_out, _("Zoom out")),
            (self.act_zoom_in, _("Zoom in")),
            (self.act_fit_width, _("Fit width")),
            (self.act_fit_page, _("Whole page")),
            (self.act_actual_size, _("Actual size")),
        )
        for action, text in texts:
            action.setText(text)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text} ({keys})" if keys else text)
        self._update_controls()

    def _fit_to_screen(self) -> None:
        """Never taller or wider than the screen it opens on (a 768-pixel laptop included)."""
        parent = self.parentWidget()
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        width = min(PREFERRED_WIDTH, int(area.width() * SCREEN_SHARE))
        height = int(area.height() * SCREEN_SHARE)
        self.setMaximumSize(area.size())
        self.resize(width, height)

    @property
    def current(self) -> GeneratedLetter:
        return self.letters[max(0, self.chooser.currentIndex())]

    def _show(self, index: int) -> None:
        if not self.letters:
            return
        self.document.close()
        self._buffer.close()
        self._buffer.setData(QByteArray(self.letters[max(0, index)].pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.navigator.jump(0, QPointF(), self.view.zoomFactor())
        self._update_controls()

    # -- pages -------------------------------------------------------------------------------------
    @property
    def page(self) -> int:
        """The page shown (0-based): the one at the upper part of the view."""
        return self.navigator.currentPage()

    def go_to_page(self, page: int) -> None:
        last = self.document.pageCount() - 1
        self.navigator.jump(max(0, min(last, page)), QPointF(), self.view.zoomFactor())

    def previous_page(self) -> None:
        self.go_to_page(self.page - 1)

    def next_page(self) -> None:
        self.go_to_page(self.page + 1)

    # -- zoom --------------------------------------------------------------------------------------
    def effective_zoom(self) -> float:
        """The zoom factor the view draws with, also in the fit modes (where Qt keeps the last custom one)."""
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom or self.document.pageCount() == 0:
            return float(self.view.zoomFactor())
        # As QPdfView lays out pages: logical pixels per point times the fitted factor.
        screen = QGuiApplication.primaryScreen()
        points = self.document.pagePointSize(max(0, self.page))
        per_point = screen.logicalDotsPerInch() / 72.0
        margins = self.view.documentMargins()
        viewport = self.view.viewport().size()
        by_width = (viewport.width() - margins.left() - margins.right()) / (points.width() * per_point)
        if mode == QPdfView.ZoomMode.FitToWidth:
            return max(0.01, by_width)
        by_height = (viewport.height() - self.view.pageSpacing()) / (points.height() * per_point)
        return max(0.01, min(by_width, by_height))

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], factor)))
        self._update_controls()

    def zoom_in(self) -> None:
        now = self.effective_zoom()
        self.set_zoom(next((z for z in ZOOM_STEPS if z > now * ZOOM_STEP_MIN), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        now = self.effective_zoom()
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < now / ZOOM_STEP_MIN), ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_controls()

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._update_controls()

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._update_controls()
        return super().eventFilter(watched, event)

    def _update_controls(self) -> None:
        pages = self.document.pageCount()
        page = self.page
        self.page_label.setText(_("Page {page} of {pages}").format(page=min(page + 1, pages), pages=pages))
        self.act_previous.setEnabled(page > 0)
        self.act_next.setEnabled(page < pages - 1)
        zoom = self.effective_zoom()
        self.zoom_label.setText(_("{percent} %").format(percent=round(zoom * 100)))
        self.act_zoom_in.setEnabled(zoom < ZOOM_STEPS[-1] / 1.01)
        self.act_zoom_out.setEnabled(zoom > ZOOM_STEPS[0] * 1.01)
        self.act_fit_width.setChecked(self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth)
        self.act_fit_page.setChecked(self.view.zoomMode() == QPdfView.ZoomMode.FitInView)

    # -- save --------------------------------------------------------------------------------------
    def save_letter(self) -> None:
        start = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save letter"), str(start / "habeas-letter.pdf"), _("PDF files (*.pdf)")
        )
        if name:
            self.write_pdf(Path(name))

    def write_pdf(self, path: Path) -> None:
        try:
            write_atomically(path, self.current.pdf)
        except OSError as exc:
            self._messages.error(
                HabeasError(
                    _("The letter could not be saved: {reason}").format(
                        reason=exc.strerror or type(exc).__name__
                    )
                )
            )

    # -- print -------------------------------------------------------------------------------------
    def print_letter(self) -> None:
        """Find the printers (off the GUI thread), ask printer and copies, hand the PDF over."""
        if not self.print_button.isEnabled():
            return
        self._printing(_("Looking for printers…"))
        self.tasks.run(self.printing.discover, self._discovered, self._print_failed)

    def _printing(self, text: str | None) -> None:
        """``text`` while the print service works (Print disabled); None when it is done."""
        self.print_button.setEnabled(text is None)
        self.status.setText(text or "")

    def _discovered(self, setup: PrintSetup) -> None:
        self._printing(None)
        if not setup.available:
            self.offer_fallback(setup.problem)
            return
        dialog = PrintLetterDialog(setup, self)
        self.print_dialog = dialog
        pdf = self.current.pdf  # the letter shown when Print was pressed
        size = self.document.pagePointSize(0)
        media = media_for_page(size.width(), size.height())
        dialog.accepted.connect(
            lambda: self._submit(pdf, dialog.chosen_printer(), dialog.chosen_copies(), media)
        )
        dialog.open()

    def _submit(self, pdf: bytes, printer: str | None, copies: int, media: str | None) -> None:
        self._printing(_("Sending the letter to the printer…"))
        self.tasks.run(
            lambda: self.printing.submit(pdf, printer, copies, media), self._printed, self._print_failed
        )

    def _printed(self, _job: str) -> None:
        self._printing(None)
        self.status.setText(_("The letter was sent to the printer."))

    def _print_failed(self, exc: BaseException) -> None:
        self._printing(None)
        self._messages.error(exc, title=_("Print letter"))

    def offer_fallback(self, problem: str) -> None:
        """No print service: offer the image print (labelled as a fallback) or saving the PDF."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Print letter"))
        box.setText(problem)
        box.setInformativeText(
            _(
                "You can print the letter as an image instead: the printed copy has no text, and "
                "what lies very near the edge of the paper may be cut off. Or save it as a PDF and "
                "print it from a PDF reader at “actual size”."
            )
        )
        image = box.addButton(_("Print as &image (fallback)…"), QMessageBox.ButtonRole.ActionRole)
        save = box.addButton(_("&Save as PDF…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        self.fallback_box = box

        def chosen(button: object) -> None:
            if button is image:
                self.print_image()
            elif button is save:
                self.save_letter()

        box.buttonClicked.connect(chosen)
        box.open()

    def print_image(self) -> None:
        """The fallback: Qt's print dialog, then each page drawn as an image at its own size."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        # The letter's own paper (A4 for a DIN letter), not the locale's default.
        size = QPageSize(
            self.document.pagePointSize(0), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
        )
        printer.setPageSize(size)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print as image (fallback)"))
        if dialog.exec() == QDialog.DialogCode.Accepted and not print_as_image(self.document, printer):
            self._messages.error(HabeasError(_("The printer could not be started.")))
