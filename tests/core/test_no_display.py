"""With no graphical display, `habeas` says so in one line and names the command line; exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.bootstrap import missing_display


def test_without_a_display_the_window_is_not_attempted(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["HABEAS_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "app"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no graphical display" in lines[0] and "habeas --help" in lines[0]
    assert "Traceback" not in done.stderr and "qt.qpa" not in done.stderr


@pytest.mark.parametrize(
    ("environ", "platform", "missing"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":99"}, "linux", not Path("/tmp/.X11-unix/X99").exists()),
        ({"DISPLAY": "remote.example:0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_when_a_display_counts_as_missing(environ: dict[str, str], platform: str, missing: bool) -> None:
    assert (missing_display(environ, platform) is not None) == missing
