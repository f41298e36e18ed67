"""The Qt bindings must not be able to abort Habeas by under-counting ``None`` (see app.ui.refcounts)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# Many calls to a Qt method returning nothing, then a normal interpreter shutdown.
SESSION = """
import sys
{guard}
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for n in range(200_000):
    label.setText("x")
    label.setVisible(False)
app.processEvents()
print("done")
"""


def _run(guard: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    code = SESSION.format(guard=guard)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)


def test_a_long_session_exits_cleanly() -> None:
    result = _run("import app.ui")
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "done"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from CPython 3.12 on")
def test_the_guard_is_what_keeps_it_alive_on_3_11() -> None:
    # If the bindings stop losing references this fails: the guard can then go.
    result = _run("")
    if result.returncode == 0:
        pytest.fail("the Qt bindings no longer lose references to None: app.ui.refcounts can be removed")
    assert "none_dealloc" in result.stderr or "deallocating None" in result.stderr
