"""Logging to a rotating file in the log directory.

Policy: log events and identifiers (request 42, jurisdiction CN), never personal data (names,
ID numbers, addresses, free text the user typed). As a second line of defence the file handler
masks anything that looks like an e-mail address, a phone number or an identity number.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

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


def setup_logging(log_file: Path, level: int = logging.INFO) -> logging.Handler:
    """Attach a rotating file handler (1 MB x 3) to the ``app`` logger; returns it for removal."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
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
    return handler
