"""The request wizard window: six pages over one set of form values, autosaved as the user goes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.i18n import _
from app.ui.language import LanguageManager
from app.ui.tasks import TaskRunner
from app.ui.wizard.base import FormPage, WizardServices
from app.ui.wizard.binder import CheckList
from app.ui.wizard.pages_end import DetailsPage, ReviewPage, YouPage
from app.ui.wizard.pages_start import AuthorityPage, RightsPage, SituationPage
from app.ui.wizard.preview import LetterPreviewPane


class RequestWizard(QWizard):
    """Signals:
    generate_requested(dict): Finish was pressed on a valid review; the controller generates
        and calls ``finish()`` on success (on failure the wizard stays open, nothing lost).
    """

    generate_requested = Signal(dict)

    def __init__(
        self,
        services: WizardServices,
        languages: LanguageManager,
        *,
        default_jurisdiction: str = "",
        restore: dict[str, Any] | None = None,
        tasks: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("RequestWizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.services = services
        self.situation = SituationPage(services, self.values, default_jurisdiction)
        self.authority = AuthorityPage(services, self.values)
        self.rights = RightsPage(services, self.values)
        self.you = YouPage(services, self.values)
        self.details = DetailsPage(services, self.values)
        self.review = ReviewPage(services, self.values)
        self.form_pages: list[FormPage] = [
            self.situation,
            self.authority,
            self.rights,
            self.you,
            self.details,
            self.review,
        ]
        for page in self.form_pages:
            self.addPage(page)
        # The letter beside the form from "About you" on, rendered off the GUI thread by ``tasks``.
        self.preview: LetterPreviewPane | None = None
        if tasks is not None:
            self.preview = LetterPreviewPane(services, tasks, self.values, self)
            self.preview.hide()
            self.setSideWidget(self.preview)
            for page in self.form_pages:
                page.edited.connect(self.preview.schedule)
        self._restore = dict(restore or {})
        if self._restore:
            for page in self.form_pages:
                page.binder.set_values(self._restore)
            self.authority.authority_id = self._restore.get("authority.id")
            self.situation.restore_context(str(self._restore.get("context", "")))
        self.currentIdChanged.connect(self._page_changed)
        languages.changed.connect(self.retranslate)
        self._fit_to_screen()
        self.retranslate()

    def _fit_to_screen(self) -> None:
        """Wide enough for the form and the letter side by side, never larger than the screen."""
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = (1280, 820) if self.preview is not None else (760, 640)
        if screen is not None:
            width, height = min(width, int(screen.width() * 0.95)), min(height, int(screen.height() * 0.9))
        self.resize(width, height)

    def field_label(self, path: str) -> str:
        """The label of the field a problem's key path names, as the user reads it ("" if none)."""
        key = path.split("[")[0]
        for page in self.form_pages:
            msgid = page.label_msgids.get(key)
            if msgid:
                return _(msgid).replace("&", "").rstrip(":： ")
        return ""

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for page in getattr(self, "form_pages", []):
            out.update(page.binder.values())
        if hasattr(self, "review"):
            out.update(self.situation.extra_values())
            out.update(self.authority.extra_values())
        return out

    def initializePage(self, page_id: int) -> None:
        super().initializePage(page_id)
        page = self.page(page_id)
        if isinstance(page, FormPage) and self._restore:
            # Check lists get their items in initializePage: restore their saved choice once, now.
            lists = {
                k: v for k, v in self._restore.items() if isinstance(page.binder.widgets.get(k), CheckList)
            }
            page.binder.set_values(lists)
            for key in lists:
                self._restore.pop(key, None)

    def _page_changed(self, _page_id: int) -> None:
        self.services.autosave(self.values())
        if self.preview is not None:
            shown = self.currentPage() in self.form_pages[self.form_pages.index(self.you) :]
            if shown and not self.preview.isVisible():
                self.preview.schedule(0)
            self.preview.setVisible(shown)

    def accept(self) -> None:
        # Reached only through Finish on a page whose validatePage passed.
        self.generate_requested.emit(self.values())

    def finish(self) -> None:
        super().accept()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            # Qt has now translated its own buttons ("&Weiter"): the fields' mnemonics avoid theirs.
            self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("New request"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Generate letters"))
        for page in self.form_pages:
            page.retranslate()
        if self.preview is not None:
            self.preview.retranslate()
