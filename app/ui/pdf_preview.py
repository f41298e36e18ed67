"""The in-app letter preview: QPdfView with Print and Save (the PDF bytes come from the store)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QStandardPaths, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.cases.records import GeneratedLetter
from app.errors import HabeasError
from app.files import write_atomically
from app.i18n import _
from app.ui.messages import MessagePresenter

log = logging.getLogger(__name__)


class PdfPreview(QDialog):
    """Shows one or more letters; the combo box switches between them."""

    def __init__(self, letters: list[GeneratedLetter], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PdfPreview")
        self.letters = letters
        self._messages = MessagePresenter(self)
        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.chooser = QComboBox(self)
        for n, letter in enumerate(letters, start=1):
            self.chooser.addItem(f"{n}. {letter.title}", n - 1)
        self.print_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.close_button = QPushButton(self)
        bar = QHBoxLayout()
        bar.addWidget(self.chooser, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.chooser.currentIndexChanged.connect(self._show)
        self.print_button.clicked.connect(self.print_letter)
        self.save_button.clicked.connect(self.save_letter)
        self.close_button.clicked.connect(self.accept)
        self.resize(820, 900)
        self.retranslate()
        self._show(0)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Letter preview"))
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("&Save as PDF…"))
        self.close_button.setText(_("&Close"))
        self.chooser.setAccessibleName(_("Letter"))
        self.view.setAccessibleName(_("Letter preview"))

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

    def print_letter(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        painter = QPainter()
        if not painter.begin(printer):
            self._messages.error(HabeasError(_("The printer could not be started.")))
            return
        try:
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                target = painter.viewport()
                size = (
                    self.document.pagePointSize(page)
                    .toSize()
                    .scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                )
                image = self.document.render(page, size)
                painter.drawImage(0, 0, image)
        finally:
            painter.end()
