"""The static checks CI relies on, run as part of the test suite so one command covers everything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / tool), *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.mark.parametrize(
    ("tool", "args"),
    [
        ("ruff", ("check", "app", "tests", "benchmarks")),
        ("ruff", ("format", "--check", "app")),
        ("mypy", ()),
        ("lint-imports", ()),
    ],
    ids=["ruff", "ruff-format", "mypy-strict", "import-contracts"],
)
def test_static_check_passes(tool: str, args: tuple[str, ...]) -> None:
    result = _run(tool, *args)
    assert result.returncode == 0, f"{tool} failed:\n{result.stdout}\n{result.stderr}"
