"""An exception escaping a slot is shown to the user; the log keeps its type, never its message."""

from __future__ import annotations

import logging
import sys

from app.ui.application import install_error_hook
from app.ui.messages import MessagePresenter


def test_unexpected_exception_is_shown_and_logged_without_its_message(qtbot, caplog) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    presenter = MessagePresenter(parent)
    previous = sys.excepthook
    install_error_hook(presenter)
    try:
        personal = "Wang Fang, 11010519491231002X"  # invented
        try:
            raise ValueError(personal)
        except ValueError as exc:
            with caplog.at_level(logging.ERROR):
                sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert "ValueError" in presenter.last_error
    assert "Wang Fang" not in presenter.last_error
    assert "ValueError" in caplog.text
    assert "Wang Fang" not in caplog.text and "11010519491231002X" not in caplog.text
