"""Logging to a rotating file in the log directory.

Policy: log events and identifiers (request 42, jurisdiction CN), never personal data (names,
ID numbers, addresses, free text the user typed). As a second line of defence the file handler
masks anything that looks like an e-mail address, a phone number or an identity number.

The log is the user's only (folder 0700, files 0600, rotated ones too) and never stands in the
way: a log folder that cannot be written (read-only home, full disk) means no log, not a failure,
and nothing is printed instead; the CLI's messages say what went wrong.
"""

from __future__ import annotations

import contextlib
import io
import logging
import logging.handlers
import os
import re
from pathlib import Path

from app.paths import PRIVATE_FILE_MODE, make_private, make_private_dir

_PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),  # e-mail addresses
    re.compile(r"\b\d{15,18}[\dXx]?\b"),  # CN resident ID and similar long numbers
    re.compile(r"\+?\d[\d ()-]{7,}\d"),  # phone numbers
)
_MASK = "[redacted]"
_HANDLER_NAME = "habeas-file"


class RedactingFilter(logging.Filter):
    """Masks strings that look like personal data in the formatted message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for pattern in _PATTERNS:
            message = pattern.sub(_MASK, message)
        record.msg = message
        record.args = None
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file is created 0600, and whose write failures stay silent.

    The standard handler prints "--- Logging error ---" and a traceback to stderr for each record
    it cannot write (a disk that filled up after start): that would bury the CLI's own messages.
    """

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # always appends

    def handleError(self, record: logging.LogRecord) -> None:
        pass

    def flush(self) -> None:
        with contextlib.suppress(OSError):
            super().flush()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            super().close()


def setup_logging(log_file: Path, level: int = logging.INFO) -> logging.Handler:
    """Attach a rotating file handler (1 MB x 3) to the ``app`` logger; returns it for removal.

    Raises OSError when the log folder or file cannot be made (see ``start_logging``).
    """
    make_private_dir(log_file.parent)
    for existing in (log_file, *(log_file.with_name(f"{log_file.name}.{n}") for n in range(1, 4))):
        make_private(existing)  # a log copied in, or written by a version before 0600
    handler = PrivateRotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    _attach(handler, level)
    return handler


def start_logging(log_file: Path, level: int = logging.INFO) -> Path | None:
    """Log to ``log_file`` if it can be written; returns it, or None when Habeas runs without a log.

    Without a log a handler that drops everything is attached, so Python's last-resort handler
    does not print warnings to stderr either.
    """
    try:
        setup_logging(log_file, level)
    except OSError:
        _attach(logging.NullHandler(), level)
        return None
    return log_file


def _attach(handler: logging.Handler, level: int) -> None:
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    handler.set_name(_HANDLER_NAME)
    logger = logging.getLogger("app")
    logger.setLevel(level)
    # Opening a second environment (tests, a data-location change) replaces the file handler.
    for old in [h for h in logger.handlers if h.get_name() == _HANDLER_NAME]:
        logger.removeHandler(old)
        old.close()
    logger.addHandler(handler)
