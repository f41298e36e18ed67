"""Writing files the user exports: atomically, and readable by the user only.

Letters, dossiers, exports and calendars carry personal data, so each file is created with mode
0600 (``tempfile.mkstemp``) next to its target, synced, then renamed over it: a reader never sees
half a file, and a failed write leaves the previous file (or none) in place.

A failure to write is raised as ``FileWriteError``: a HabeasError (the CLI prints it and exits 1)
and an OSError (callers that catch OSError keep working), whose message names the file and says
why in words (the disk is full, the disk is read-only, permission denied).
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from app.errors import HabeasError
from app.i18n import _

_READ_ONLY = {errno.EROFS}
_DENIED = {errno.EACCES, errno.EPERM}


class FileWriteError(HabeasError, OSError):
    """A file could not be written. ``strerror`` is the translated cause, ``filename`` the target."""

    def __init__(self, path: Path, cause: OSError) -> None:
        reason = _("its folder does not exist") if cause.errno == errno.ENOENT else os_error_reason(cause)
        OSError.__init__(self, cause.errno, reason, str(path))
        self.path = path
        self.message = _("Cannot write {file}: {reason}.").format(file=path, reason=reason)

    def __str__(self) -> str:
        return self.message


def os_error_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in the user's language where the cause is a common one."""
    if exc.errno == errno.ENOSPC:
        return _("the disk is full")
    if exc.errno == errno.EDQUOT:
        return _("the disk quota is used up")
    if exc.errno in _READ_ONLY:
        return _("the disk is read-only")
    if exc.errno in _DENIED:
        return _("permission denied")
    return exc.strerror or type(exc).__name__


def os_error_message(exc: OSError) -> str:
    """A one-line message for an OSError nobody translated: the file (if known) and the cause."""
    if isinstance(exc, HabeasError):
        return str(exc)
    reason = os_error_reason(exc)
    if exc.filename:
        return _("Cannot read or write {file}: {reason}.").format(file=exc.filename, reason=reason)
    return _("A file could not be read or written: {reason}.").format(reason=reason)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (mode 0600) so that a reader never sees a half-written file.

    Raises FileWriteError; then ``path`` is as it was (the previous file, or none) and no temporary
    file is left behind.
    """
    with writing_atomically(path) as handle:
        handle.write(data)


@contextmanager
def writing_atomically(path: Path) -> Iterator[BinaryIO]:
    """A binary handle whose content replaces ``path`` (mode 0600) when the block ends without error.

    For files written piece by piece (a whole-store export): the same guarantees as
    ``write_atomically``, with memory flat in the size of the file.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise FileWriteError(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, FileWriteError):
            raise FileWriteError(path, exc) from exc
        raise
