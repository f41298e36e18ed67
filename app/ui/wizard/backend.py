"""What the request wizard asks of the workspace: the drafts' adapter plus the live letter preview."""

from __future__ import annotations

from typing import Any

from app.ui.drafts import WizardServices
from app.ui.service import LetterPreview


class WizardBackend(WizardServices):
    """``app.ui.wizard.base.WizardServices`` over the workspace service; runs on a worker thread
    where the wizard asks it to (the preview), so it only calls the Qt-free services."""

    def preview_letter(self, values: dict[str, Any], right: str = "") -> LetterPreview:
        return self._service.preview_letter(values, right)
