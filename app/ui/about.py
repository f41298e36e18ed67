"""Help → About: version and the licences of everything Habeas ships or depends on."""

from __future__ import annotations

from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import _


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


def show_about(parent: QWidget, version: str) -> None:
    QMessageBox.about(parent, _("About Habeas"), about_text(version))
