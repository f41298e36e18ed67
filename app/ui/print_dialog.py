"""The small print dialog (printer, copies) and the image fallback for computers without a print service.

Qt's own print dialog is not used for the letter: it leads to QPrinter, which redraws the PDF
page by page and fits it to the printable area. Here the user only picks the printer CUPS knows
and the number of copies; the PDF file itself goes to the print service (``app.ui.printing``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.ui.printing import MAX_COPIES, PrintSetup

log = logging.getLogger(__name__)

# The image fallback renders at most this resolution: sharp on paper, ~35 MB per A4 page in memory.
FALLBACK_DPI = 300


class PrintLetterDialog(QDialog):
    """Printer and copies for one letter; says that the letter is printed at 100 %.

    No signals of its own: ``accepted``/``rejected`` as any QDialog.
    """

    def __init__(self, setup: PrintSetup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PrintLetterDialog")
        self.setWindowTitle(_("Print letter"))
        self.printer: QComboBox | None = None
        form = QFormLayout()
        if setup.printers:
            self.printer = QComboBox(self)
            for printer in setup.printers:
                self.printer.addItem(printer.name, printer.name)
            default = setup.default_printer
            if default is not None:
                self.printer.setCurrentIndex(self.printer.findData(default))
            self._add_row(form, _("&Printer:"), self.printer)
        self.copies = QSpinBox(self)
        self.copies.setRange(1, MAX_COPIES)
        self._add_row(form, _("&Copies:"), self.copies)
        where = (
            _("The letter goes to your default printer, through the program that opens PDF files.")
            if setup.service == "windows"
            else ""
        )
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setText(
            "\n\n".join(
                x
                for x in (
                    _(
                        "The letter is printed at 100 % (actual size), as text, so that the address "
                        "shows in the window of the envelope."
                    ),
                    where,
                    _("If your printer asks, choose “actual size”, not “fit to page”."),
                )
                if x
            )
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Print"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        (self.printer or self.copies).setFocus()
        self.resize(460, self.sizeHint().height())

    def _add_row(self, form: QFormLayout, text: str, widget: QWidget) -> None:
        label = QLabel(text, self)
        label.setBuddy(widget)
        widget.setAccessibleName(text.replace("&", "").rstrip(":："))
        form.addRow(label, widget)

    def chosen_printer(self) -> str | None:
        if self.printer is None:
            return None
        name = self.printer.currentData()
        return str(name) if name else None

    def chosen_copies(self) -> int:
        return self.copies.value()


def print_as_image(document: QPdfDocument, printer: QPrinter) -> bool:
    """The fallback: each page drawn as an image at its own size (no fitting), from the paper's corner.

    The printed copy has no text, and what the printer cannot reach near the edges is cut off
    rather than the page shrunk. Returns False when the printer could not be started.
    """
    printer.setFullPage(True)  # the painter's origin is the paper's corner, not the printable area
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        device_dpi = printer.resolution()
        dpi = min(device_dpi, FALLBACK_DPI)
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(
                page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            )
            target = QRectF(0, 0, points.width() * device_dpi / 72, points.height() * device_dpi / 72)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return True
