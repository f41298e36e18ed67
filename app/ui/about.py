"""Help → About: version and the licences of everything Habeas ships or depends on."""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from app.i18n import _
from app.paths import third_party_notices_file

log = logging.getLogger(__name__)


def about_text(version: str) -> str:
    rows = [
        (_("Habeas {version}").format(version=version), "GPL-3.0-or-later"),
        (f"Qt {qVersion()} / PySide6 {pyside_version}", "LGPL-3.0"),
        ("ReportLab", "BSD"),
        (_("Font: WenQuanYi Micro Hei"), "Apache-2.0"),
        (_("Fonts: Liberation"), "SIL Open Font License 1.1"),
    ]
    items = "".join(f"<tr><td>{escape(name)}</td><td>&nbsp;{escape(lic)}</td></tr>" for name, lic in rows)
    summary = _("Requests for access, correction and deletion of personal data held by the police.")
    licence = _(
        "This program is free software under the GNU General Public License, version 3 or later. "
        "It is not legal advice."
    )
    return (
        f"<h3>Habeas {escape(version)}</h3><p>{escape(summary)}</p><p>{escape(licence)}</p>"
        + "<p><b>"
        + escape(_("Licences"))
        + f"</b></p><table>{items}</table>"
    )


def third_party_text(path: Path | None = None) -> str:
    """The notices file shipped with an installed Habeas, or why there is none to show."""
    path = third_party_notices_file() if path is None else path
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return _(
            "This copy of Habeas runs from its source code, so it has no list of third-party licences: "
            "the installers generate one from the libraries they bundle (installer/third_party.py). "
            "The licences of the main components are listed in the About window."
        )
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("third-party notices unreadable: %s", type(exc).__name__)
        return _("The list of third-party licences could not be read: {error}").format(error=exc)


class ThirdPartyDialog(QDialog):
    """The full third-party notices, read-only, in a fixed-width font (they are plain text)."""

    def __init__(self, parent: QWidget | None, text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Third-party licences"))
        self.view = QPlainTextEdit(self)
        self.view.setReadOnly(True)
        self.view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.view.setPlainText(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(760, 560)


class AboutDialog(QDialog):
    """Version, summary and main licences; a button opens the full third-party notices."""

    def __init__(self, parent: QWidget | None, version: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Habeas"))
        label = QLabel(about_text(version), self)
        label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        # An action button: it opens the notices on top and leaves this window open.
        self.licences_button = buttons.addButton(
            _("Third-party licences…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.licences_button.clicked.connect(self.show_third_party)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
        self.third_party: ThirdPartyDialog | None = None

    def show_third_party(self) -> None:
        if self.third_party is None:
            self.third_party = ThirdPartyDialog(self, third_party_text())
        self.third_party.show()
        self.third_party.raise_()


def show_about(parent: QWidget, version: str) -> None:
    AboutDialog(parent, version).exec()
