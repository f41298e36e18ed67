"""Status colours come from the palette: different in light and dark palettes, each readable
(contrast ≥ 4.5:1, WCAG AA) on the window and the views' rows, and following a palette change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.ui.colours import MIN_CONTRAST, Tone, backgrounds, contrast_ratio, css_colour, text_tone, tone_colour


def light_palette() -> QPalette:
    palette = QPalette(QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f7f7"))
    return palette


def dark_palette() -> QPalette:
    """Like Breeze Dark: grey window, darker rows, light text."""
    palette = QPalette(QColor("#31363b"))
    for role, colour in (
        (QPalette.ColorRole.Window, "#31363b"),
        (QPalette.ColorRole.Base, "#232629"),
        (QPalette.ColorRole.AlternateBase, "#2c3034"),
        (QPalette.ColorRole.WindowText, "#eff0f1"),
        (QPalette.ColorRole.Text, "#eff0f1"),
        (QPalette.ColorRole.Button, "#31363b"),
        (QPalette.ColorRole.ButtonText, "#eff0f1"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture
def app_palette(qapp: QApplication) -> Iterator[QApplication]:
    saved = QPalette(qapp.palette())
    yield qapp
    qapp.setPalette(saved)


@pytest.mark.parametrize("tone", list(Tone))
def test_each_tone_differs_between_light_and_dark_and_keeps_contrast(qapp, tone: Tone) -> None:
    light, dark = tone_colour(tone, light_palette()), tone_colour(tone, dark_palette())
    assert light != dark
    for palette, colour in ((light_palette(), light), (dark_palette(), dark)):
        for ground in backgrounds(palette):
            assert contrast_ratio(colour, ground) >= MIN_CONTRAST, (tone, colour.name(), ground.name())
    # Still the tone, not grey: red for errors and overdue, green for ok.
    if tone in (Tone.ERROR, Tone.OVERDUE):
        assert light.red() > light.green() and dark.red() > dark.green()
    if tone is Tone.OK:
        assert light.green() > light.red() and dark.green() > dark.red()


def test_the_old_hard_coded_red_vanishes_on_a_dark_palette(qapp) -> None:
    old = QColor("#b00020")
    assert contrast_ratio(old, dark_palette().color(QPalette.ColorRole.Window)) < MIN_CONTRAST
    assert contrast_ratio(tone_colour(Tone.ERROR, dark_palette()), QColor("#31363b")) >= MIN_CONTRAST


def test_contrast_ratio_matches_wcag() -> None:
    assert round(contrast_ratio(QColor("black"), QColor("white")), 1) == 21.0
    assert contrast_ratio(QColor("#777777"), QColor("#777777")) == 1.0


def test_a_coloured_label_follows_the_application_palette(qtbot, app_palette: QApplication) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    label = QLabel("Overdue", parent)
    app_palette.setPalette(light_palette())
    text_tone(label, Tone.ERROR)
    in_light = label.palette().color(QPalette.ColorRole.WindowText)
    app_palette.setPalette(dark_palette())
    app_palette.processEvents()  # the change reaches the widgets as events
    in_dark = label.palette().color(QPalette.ColorRole.WindowText)
    assert in_light != in_dark
    window = label.palette().color(QPalette.ColorRole.Window)
    assert window == QColor("#31363b")  # the background still follows the application
    assert contrast_ratio(in_dark, window) >= MIN_CONTRAST
    assert css_colour(Tone.ERROR) == in_dark.name()


def test_the_dashboard_and_the_case_list_use_the_palette(qtbot, main_window, app_palette) -> None:
    problems = main_window.workspace.dashboard.problems
    app_palette.setPalette(dark_palette())
    app_palette.processEvents()
    colour = problems.palette().color(QPalette.ColorRole.WindowText)
    assert contrast_ratio(colour, QColor("#31363b")) >= MIN_CONTRAST
    assert colour == tone_colour(Tone.ERROR, dark_palette())
