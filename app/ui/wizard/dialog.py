"""The request wizard window: six pages over one set of form values, autosaved as the user goes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QRect, QSize, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget, QWizard

from app.i18n import _
from app.ui.language import LanguageManager
from app.ui.tasks import TaskRunner
from app.ui.wizard.base import FormPage, WizardServices
from app.ui.wizard.binder import CheckList
from app.ui.wizard.pages_end import DetailsPage, ReviewPage, YouPage
from app.ui.wizard.pages_start import AuthorityPage, RightsPage, SituationPage
from app.ui.wizard.preview import LetterPreviewPane
from app.ui.wizard.side import MIN_FORM_WIDTH, PreviewSide

# The wizard's first size: room for the form and a readable letter, within the screen's free area
# less the window frame (title bar, borders), so it fits a 1366x768 or 1280x720 screen with a panel.
WIDE, TALL = QSize(1280, 820), QSize(760, 640)  # with and without the letter preview
FRAME = QSize(24, 48)
PREVIEW_SHARE = 0.45  # of the wizard's first width, for the letter


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
        self.side: PreviewSide | None = None  # the preview with the handle that sets its width
        if tasks is not None:
            self.preview = LetterPreviewPane(services, tasks, self.values, self)
            self.side = PreviewSide(self.preview, self.form_spare_width, self)
            self.side.hide()
            self.setSideWidget(self.side)
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
        """Wide enough for the form and the letter side by side, never larger than the free area of
        the screen the wizard opens on (its parent's)."""
        anchor = self.parentWidget() or self
        screen = anchor.screen()
        size = initial_size(screen.availableGeometry() if screen is not None else None, self.side is not None)
        self.resize(size)
        if self.side is not None:
            self.side.set_preview_width(int(size.width() * PREVIEW_SHARE))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # the layout has placed the page already (QLayout sees it first)
        self._keep_form_room()

    def form_width_needed(self) -> int:
        """The width the current page needs: its content unclipped, at least ``MIN_FORM_WIDTH``."""
        page = self.currentPage()
        return max(MIN_FORM_WIDTH, page.width_needed() if isinstance(page, FormPage) else 0)

    def form_spare_width(self) -> int:
        """The pixels the current page can give up to the letter (negative: it lacks them)."""
        page = self.currentPage()
        return page.width() - self.form_width_needed() if page is not None else 0

    def _keep_form_room(self) -> None:
        """A narrower window, or a page that needs more room, narrows the letter first."""
        if self.side is None or not self.side.isVisible():
            return
        missing = -self.form_spare_width()
        if missing > 0:
            self.side.set_preview_width(self.side.width() - missing)

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
        if self.preview is not None and self.side is not None:
            shown = self.currentPage() in self.form_pages[self.form_pages.index(self.you) :]
            if shown and not self.side.isVisible():
                self.preview.schedule(0)
            self.side.setVisible(shown)
            QTimer.singleShot(0, self._keep_form_room)  # once the new page is laid out

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


def initial_size(available: QRect | None, with_preview: bool) -> QSize:
    """The wizard's first size on a screen whose free area is ``available`` (None: unknown)."""
    wanted = WIDE if with_preview else TALL
    if available is None:
        return wanted
    return wanted.boundedTo(available.size() - FRAME)
