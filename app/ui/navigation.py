"""The left navigation: a prominent "New request…" button above the list of places
(Deadlines, Cases, Authorities). Arrow keys move between places; Enter or a click opens one."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from app.i18n import N_, _

PLACES: tuple[tuple[str, str], ...] = (
    ("deadlines", N_("Deadlines")),
    ("cases", N_("Cases")),
    ("authorities", N_("Authorities")),
)


class NavigationPanel(QWidget):
    """Signals:
    chosen(str): a place key of ``PLACES`` was chosen.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NavigationPanel")
        self.new_button = QPushButton(self)
        font = self.new_button.font()
        font.setBold(True)
        self.new_button.setFont(font)
        self.new_button.setMinimumHeight(self.fontMetrics().height() * 2 + 8)
        self.places = QListWidget(self)
        self.places.setIconSize(QSize(0, 0))
        self.places.setSpacing(2)
        self.places.setFrameShape(QListWidget.Shape.NoFrame)
        for key, _msgid in PLACES:
            item = QListWidgetItem(self.places)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 16))
        self.places.itemActivated.connect(self._activated)
        self.places.itemClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.new_button)
        layout.addSpacing(8)
        layout.addWidget(self.places, 1)
        self.setFixedWidth(max(170, self.fontMetrics().horizontalAdvance("M") * 13))
        self.retranslate()

    def _activated(self, item: QListWidgetItem) -> None:
        self.chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))

    def mark(self, key: str) -> None:
        """Highlight ``key`` without emitting (the page was opened some other way)."""
        for row in range(self.places.count()):
            item = self.places.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                self.places.blockSignals(True)
                self.places.setCurrentRow(row)
                self.places.blockSignals(False)
                return

    def set_enabled_places(self, enabled: bool) -> None:
        """Before the store is open no place can be shown: an empty list would look like a real one."""
        for row in range(self.places.count()):
            item = self.places.item(row)
            flags = item.flags()
            item.setFlags(
                flags | Qt.ItemFlag.ItemIsEnabled if enabled else flags & ~Qt.ItemFlag.ItemIsEnabled
            )
        self.new_button.setEnabled(enabled)

    def retranslate(self) -> None:
        self.new_button.setText(_("&New request…"))
        self.new_button.setAccessibleName(_("New request"))
        self.places.setAccessibleName(_("Navigation"))
        for row, (_key, msgid) in enumerate(PLACES):
            self.places.item(row).setText(_(msgid))
