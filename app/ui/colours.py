"""Status colours (error, overdue, warning, ok) derived from the palette in use.

Hard-coded colours vanish on a dark palette (dark red on dark grey). Each tone here keeps its hue
and takes the lightness that reads on the palette's own backgrounds (window, base and alternate
base): darker on a light palette, lighter on a dark one, until the contrast ratio reaches the
WCAG AA level for text (4.5:1) against every one of them.

``text_tone(widget, tone)`` colours a label's text and follows later palette changes (a desktop
switching to its dark theme while Habeas runs); ``css_colour(tone)`` gives the same colour for
rich text.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

MIN_CONTRAST = 4.5  # WCAG 2.x AA, normal-size text


class Tone(StrEnum):
    ERROR = "error"
    OVERDUE = "overdue"
    WARNING = "warning"
    OK = "ok"


# (hue 0-359, saturation 0-1) of each tone; the lightness is found for the palette.
_HUES: dict[Tone, tuple[int, float]] = {
    Tone.ERROR: (350, 0.85),
    Tone.OVERDUE: (355, 0.80),
    Tone.WARNING: (28, 0.95),
    Tone.OK: (130, 0.70),
}
# A starting lightness that looks like the tone on each kind of palette, before contrast is checked.
_START_LIGHT, _START_DARK = 0.36, 0.72
_STEP = 0.01
_BACKGROUND_ROLES = (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase)
_cache: dict[tuple[int, Tone], QColor] = {}


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (0 black … 1 white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio, 1 (none) … 21 (black on white)."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def backgrounds(palette: QPalette) -> tuple[QColor, ...]:
    """The colours status text is drawn on: the window (labels) and the views' rows."""
    return tuple(palette.color(QPalette.ColorGroup.Active, role) for role in _BACKGROUND_ROLES)


def is_dark(palette: QPalette) -> bool:
    window = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
    return relative_luminance(window) < relative_luminance(text)


def tone_colour(tone: Tone, palette: QPalette | None = None) -> QColor:
    """``tone``'s colour for ``palette`` (the application's by default), readable on its backgrounds."""
    palette = palette if palette is not None else QGuiApplication.palette()
    key = (palette.cacheKey(), tone)
    found = _cache.get(key)
    if found is not None:
        return QColor(found)
    colour = _readable(tone, palette)
    if len(_cache) > 64:  # palettes change rarely; keep the cache from growing with them
        _cache.clear()
    _cache[key] = colour
    return QColor(colour)


def _readable(tone: Tone, palette: QPalette) -> QColor:
    hue, saturation = _HUES[tone]
    dark = is_dark(palette)
    lightness = _START_DARK if dark else _START_LIGHT
    step = _STEP if dark else -_STEP
    grounds = backgrounds(palette)
    colour = QColor.fromHslF(hue / 360, saturation, lightness)
    while not all(contrast_ratio(colour, g) >= MIN_CONTRAST for g in grounds):
        lightness += step
        if not 0.0 <= lightness <= 1.0:
            # No lightness of this hue reads on these backgrounds (a mid-grey palette): the text colour.
            return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
        colour = QColor.fromHslF(hue / 360, saturation, lightness)
    return colour


def css_colour(tone: Tone, palette: QPalette | None = None) -> str:
    """The tone as ``#rrggbb`` for rich text (QTextBrowser, QLabel HTML)."""
    return tone_colour(tone, palette).name(QColor.NameFormat.HexRgb)


class _ToneKeeper(QObject):
    """Re-colours its widget's text when the palette it inherits changes."""

    def __init__(self, widget: QWidget, tone: Tone) -> None:
        super().__init__(widget)
        self.tone = tone
        self._widget = widget
        widget.installEventFilter(self)
        self.apply()

    def apply(self) -> None:
        widget = self._widget
        # The tone for the application's palette (its own text colour says light or dark); the
        # widget keeps inheriting every other role.
        colour = tone_colour(self.tone, QApplication.palette(widget))
        current = widget.palette()
        if all(
            current.color(group, role) == colour
            for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text)
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
        ):
            return  # already right: also ends the PaletteChange our own setPalette causes
        palette = QPalette()  # only the text roles set: the rest stays inherited (resolve mask)
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
                palette.setColor(group, role, colour)
        widget.setPalette(palette)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
        ):
            self.apply()
        return False


def text_tone(widget: QWidget, tone: Tone) -> None:
    """Colour ``widget``'s text in ``tone``, now and after every change of the application palette."""
    keeper = widget.findChild(_ToneKeeper)
    if keeper is not None:
        keeper.tone = tone
        keeper.apply()
        return
    _ToneKeeper(widget, tone)
