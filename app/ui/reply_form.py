"""The authority's reply in structure: what was disclosed, refused (with the grounds cited),
corrected, deleted or restricted, and what the disclosed data show that is wrong or held without
reason. The form produces the JSON shape ``app.cases.replies.parse_reply`` reads, so validation
(with key paths) is the lifecycle's, not the widget's."""

from __future__ import annotations

import re
from itertools import zip_longest
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QPlainTextEdit, QWidget

from app.cases.replies import Reply, parse_reply
from app.i18n import N_, _

# (reply key, label msgid); every text field takes one item a line.
FIELDS: tuple[tuple[str, str], ...] = (
    ("disclosed", N_("D&isclosed:")),
    ("refused", N_("Re&fused (grounds after a colon, separated by ;):")),
    ("corrected", N_("&Corrected:")),
    ("deleted", N_("De&leted:")),
    ("restricted", N_("Re&stricted:")),
    ("inaccurate.wrong", N_("Shown but wr&ong:")),
    ("inaccurate.correct", N_("What is ri&ght (same order):")),
    ("unlawful", N_("Held without r&eason:")),
)
# "item: ground; ground" — an ASCII or a full-width (Chinese) colon.
_ITEM_GROUNDS = re.compile(r"^(?P<item>[^:：]+)[:：](?P<grounds>.*)$")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ReplyForm(QGroupBox):
    """One item a line in each box; ``reply()`` returns the parsed Reply or raises InputError."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QPlainTextEdit] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for key, _msgid in FIELDS:
            edit = QPlainTextEdit(self)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 2 + 14)
            label = QLabel(self)
            label.setBuddy(edit)
            label.setWordWrap(True)
            form.addRow(label, edit)
            self.edits[key], self.labels[key] = edit, label
        self.reasons = QComboBox(self)
        for value in ("", "yes", "no"):
            self.reasons.addItem("", value)
        self.reasons_label = QLabel(self)
        self.reasons_label.setBuddy(self.reasons)
        form.addRow(self.reasons_label, self.reasons)
        self.retranslate()

    def data(self) -> dict[str, Any]:
        """The reply as JSON-like data (the shape stored in the event and read by parse_reply)."""
        text = {key: self.edits[key].toPlainText() for key in self.edits}
        out: dict[str, Any] = {}
        for key in ("disclosed", "corrected", "deleted", "restricted", "unlawful"):
            if _lines(text[key]):
                out[key] = _lines(text[key])
        refused = []
        for line in _lines(text["refused"]):
            match = _ITEM_GROUNDS.match(line)
            if match is None:
                refused.append({"item": line, "grounds": []})
            else:
                grounds = [g.strip() for g in re.split(r"[;；]", match["grounds"]) if g.strip()]
                refused.append({"item": match["item"].strip(), "grounds": grounds})
        if refused:
            out["refused"] = refused
        pairs = zip_longest(
            _lines(text["inaccurate.wrong"]), _lines(text["inaccurate.correct"]), fillvalue=""
        )
        inaccurate = [{"wrong": wrong, "correct": correct} for wrong, correct in pairs]
        if inaccurate:
            out["inaccurate"] = inaccurate
        reasons = self.reasons.currentData()
        if reasons:
            out["reasons_given"] = reasons == "yes"
        return out

    def reply(self) -> Reply | None:
        """None when nothing was entered; InputError naming the key path of each problem."""
        data = self.data()
        return parse_reply(data) if data else None

    def retranslate(self) -> None:
        self.setTitle(_("The reply (optional; one item a line)"))
        for key, msgid in FIELDS:
            self.labels[key].setText(_(msgid))
            self.edits[key].setAccessibleName(_(msgid).replace("&", "").rstrip(":："))
        self.reasons_label.setText(_("Reasons &given for a refusal?"))
        self.reasons.setAccessibleName(_("Reasons given for a refusal"))
        for i, text in enumerate((_("Not stated"), _("Yes"), _("No"))):
            self.reasons.setItemText(i, text)
