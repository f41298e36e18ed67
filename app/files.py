"""Writing files the user exports: atomically, and readable by the user only.

Letters, dossiers, exports and calendars carry personal data, so each file is created with mode
0600 (``tempfile.mkstemp``) next to its target, synced, then renamed over it: a reader never sees
half a file, and a failed write leaves the previous file (or none) in place.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (mode 0600) so that a reader never sees a half-written file."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
