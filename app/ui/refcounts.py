"""A guard against a reference-count bug in the Qt bindings: PySide6 6.12.0 on CPython 3.11.

Every call from Python to a Qt method that returns nothing (``label.setText(...)``,
``widget.setVisible(...)``, ``app.processEvents()``...) gives back ``None`` without taking a
reference to it, so ``None`` loses one reference per call. A session of a few thousand calls (a
clinic's case list loads, paints and filters with many more) takes ``None``'s count to zero, and
CPython aborts with "Fatal Python error: none_dealloc", at the latest when the interpreter shuts
down. Measured here: 1000 ``setText`` calls leave ``sys.getrefcount(None)`` 1000 lower on 6.12.0
and unchanged on 6.11.3; ``tests/ui/test_refcounts.py`` reproduces the abort without this guard.

From CPython 3.12 on, ``None``, ``True`` and ``False`` are immortal: their counts are never
decremented, and this bug is harmless. On 3.11 we do the same by hand: we raise their counts by
2**40 once, which no session can use up (at one lost reference per call it would take 10**12
calls). No memory is used; the objects are never freed anyway. Nothing else reads these counts.
"""

from __future__ import annotations

import ctypes
import platform
import sys

HEADROOM = 1 << 40
_applied = False


def keep_singletons_alive() -> bool:
    """Give ``None``, ``True`` and ``False`` headroom on CPython < 3.12; True if it was needed."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return False
    for singleton in (None, True, False):
        # CPython 3.11 object header: ob_refcnt (Py_ssize_t) is the object's first field.
        count = ctypes.c_ssize_t.from_address(id(singleton))
        count.value += HEADROOM
    _applied = True
    return True
