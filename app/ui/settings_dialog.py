"""Tools → Settings: UI language (applied live), default jurisdiction; under "Advanced" (closed
by default) where the data lives and the database.

The database can be switched between the local file and a clinic's PostgreSQL server; that takes
effect at the next start (the open store is not swapped under running work). Most users never need
it, so its paths, URL and keyring note stay out of sight until asked for.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import HabeasError
from app.i18n import LANGUAGE_NAMES, LANGUAGES, _, current_language, system_language
from app.law import Jurisdiction
from app.ui.context import UiContext
from app.ui.language import LanguageManager
from app.ui.messages import MessagePresenter

log = logging.getLogger(__name__)


def jurisdiction_name(jurisdiction: Jurisdiction) -> str:
    """The jurisdiction's name in the UI language, from the law data."""
    return jurisdiction.text_in("name_en", current_language())


class SettingsDialog(QDialog):
    """Edits a copy of the settings; OK saves them and switches the language at once.

    ``jurisdictions`` are those of the loaded law data (empty while it is still loading: the
    default jurisdiction is then kept as it is).
    """

    def __init__(
        self,
        ctx: UiContext,
        languages: LanguageManager,
        parent: QWidget | None = None,
        jurisdictions: Mapping[str, Jurisdiction] | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._jurisdictions = dict(jurisdictions or {})
        self._languages = languages
        self._messages = MessagePresenter(self)
        self.language = QComboBox(self)
        self.language.addItem("", "")  # follow the system
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(ctx.settings.language)))
        self.jurisdiction = QComboBox(self)
        self.jurisdiction.addItem("", "")
        for code in sorted(self._jurisdictions):
            self.jurisdiction.addItem(code, code)
        if ctx.settings.default_jurisdiction and ctx.settings.default_jurisdiction not in self._jurisdictions:
            # Law data not loaded (yet), or a pack that is no longer installed: keep the choice.
            code = ctx.settings.default_jurisdiction
            self.jurisdiction.addItem(code, code)
        self.jurisdiction.setCurrentIndex(
            max(0, self.jurisdiction.findData(ctx.settings.default_jurisdiction))
        )
        self.data_location = QLabel(str(ctx.paths.data_dir), self)
        self.backend = QLabel(ctx.database_description, self)
        for label in (self.data_location, self.backend):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        self.database_url = QLineEdit(ctx.settings.database_url, self)
        self.database_url.setClearButtonEnabled(True)
        self.form = QFormLayout()
        self.advanced = QGroupBox(self)
        self.advanced_form = QFormLayout(self.advanced)
        self._rows: list[tuple[QLabel, QWidget]] = []
        for form, field in (
            (self.form, self.language),
            (self.form, self.jurisdiction),
            (self.advanced_form, self.data_location),
            (self.advanced_form, self.backend),
            (self.advanced_form, self.database_url),
        ):
            label = QLabel(self)
            label.setBuddy(field)
            form.addRow(label, field)
            self._rows.append((label, field))
        self.hint = QLabel(self.advanced)
        self.hint.setWordWrap(True)
        self.advanced_form.addRow(self.hint)
        # A disclosure button: the advanced settings are there for clinics, closed by default.
        self.advanced_button = QToolButton(self)
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setAutoRaise(True)
        self.advanced_button.toggled.connect(self.show_advanced)
        self.advanced.setVisible(False)
        self._set_arrow(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.advanced_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.advanced)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        languages.changed.connect(self.retranslate)
        self.retranslate()

    def show_advanced(self, shown: bool) -> None:
        """Open or close the advanced section (the database and where the data live)."""
        if self.advanced_button.isChecked() != shown:
            self.advanced_button.setChecked(shown)  # comes back here through ``toggled``
            return
        self.advanced.setVisible(shown)
        self._set_arrow(shown)
        self.adjustSize()

    def _set_arrow(self, shown: bool) -> None:
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Settings"))
        self.advanced_button.setText(_("&Advanced"))
        self.advanced_button.setToolTip(_("Where the data are kept, and a clinic's shared database"))
        self.advanced.setAccessibleName(_("Advanced"))
        labels = (
            _("&Language:"),
            _("Default &jurisdiction:"),
            _("Data folder:"),
            _("Database in use:"),
            _("Shared database (&URL):"),
        )
        for (label, _field), text in zip(self._rows, labels, strict=True):
            label.setText(text)
        self.language.setItemText(0, _("System language"))
        self.jurisdiction.setItemText(0, _("Ask each time"))
        for i in range(1, self.jurisdiction.count()):
            code = str(self.jurisdiction.itemData(i))
            found = self._jurisdictions.get(code)
            self.jurisdiction.setItemText(i, jurisdiction_name(found) if found is not None else code)
        self.language.setAccessibleName(_("User interface language"))
        self.jurisdiction.setAccessibleName(_("Default jurisdiction"))
        self.data_location.setAccessibleName(_("Data folder"))
        self.backend.setAccessibleName(_("Database in use"))
        self.database_url.setAccessibleName(_("Shared database URL"))
        self.database_url.setPlaceholderText(_("empty: the file on this computer"))
        self.hint.setText(
            _(
                "A clinic's shared PostgreSQL server: postgresql+psycopg://user@host/database, without "
                "the password (Habeas asks for it and keeps it only in a secure keyring). A change takes "
                "effect the next time Habeas starts; --database and HABEAS_DATABASE_URL override it."
            )
        )

    def accept(self) -> None:
        new = dataclasses.replace(
            self._ctx.settings,
            language=str(self.language.currentData() or ""),
            default_jurisdiction=str(self.jurisdiction.currentData() or ""),
            database_url=self.database_url.text().strip(),
        )
        try:
            new.validate(tuple(self._jurisdictions) or None)
            self._ctx.save_settings(new)
        except HabeasError as exc:
            self._messages.error(exc)  # the dialog stays open with the user's choices
            return
        except OSError as exc:
            self._messages.error(
                HabeasError(
                    _("The settings could not be saved: {reason}").format(
                        reason=exc.strerror or type(exc).__name__
                    )
                )
            )
            return
        self._ctx.settings = new
        if new.language:
            self._languages.apply(new.language)
        else:
            self._languages.apply(system_language())
        super().accept()
