"""Shared helpers of the clinic-scale benchmarks (make_store, dashboard_bench, exchange_bench, gui_bench).

Not a benchmark itself. Nothing here asserts a time: the scripts print figures and ratios against
a floor measured in the same run.

``--law-root DIR`` is a development aid: while the law data under resources/ are being edited and
may not load, the benchmarks can read a pristine copy instead, e.g.

    mkdir -p /tmp/bench-head && git -C /work/main archive HEAD resources | tar -x -C /tmp/bench-head
    python benchmarks/dashboard_bench.py --home /tmp/clinic --law-root /tmp/bench-head/resources/law

The app is pointed at the copy only inside the benchmark's processes (``app.law.loader.law_dir``
and ``app.letters.templates.letters_dir`` are replaced there); nothing is changed on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
STORE_INFO = "benchmark-store.json"  # written by make_store.py into the home it builds
# Benchmark stores are encrypted like a user's (SQLCipher, issue 14), with this passphrase: the
# child processes get it as HABEAS_PASSPHRASE, in-process code through ``store_config``, the raw
# floors through ``raw_connect`` (so floor and app both pay for decryption).
PASSPHRASE = "habeas benchmark passphrase"


# -- law data: the shipped folder, or a pristine copy --------------------------------------------------


def add_law_root_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--law-root",
        metavar="DIR",
        type=Path,
        help="development aid: read the law data from DIR (a copy of resources/law) instead of the "
        "source tree, e.g. while resources/ is being edited; letters are read from DIR/../letters",
    )


def use_law_root(law_root: Path | None) -> None:
    """Point this process's app at ``law_root`` (resources/law of a copy) and its letters folder."""
    if law_root is None:
        return
    law = law_root.resolve()
    letters = law.parent / "letters"
    if not (law / "step_kinds.toml").is_file():
        sys.exit(f"--law-root {law_root}: not a law data folder (no step_kinds.toml)")
    import app.law.loader as loader
    import app.letters.templates as templates

    loader.law_dir = lambda: law
    templates.letters_dir = lambda: letters


def law_root_prelude(law_root: Path | None) -> str:
    """Python source that does ``use_law_root`` in a child process (empty without a law root)."""
    if law_root is None:
        return ""
    return (
        f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); sys.path.insert(0, {str(ROOT)!r})\n"
        "from pathlib import Path; import benchkit\n"
        f"benchkit.use_law_root(Path({str(law_root.resolve())!r}))\n"
    )


def habeas_argv(law_root: Path | None, *args: str) -> list[str]:
    """The venv's ``habeas`` command; with a law root, the same entry point behind the prelude."""
    if law_root is None:
        return [str(VENV_BIN / "habeas"), *args]
    code = law_root_prelude(law_root) + "from app.cli.main import main\nsys.exit(main())\n"
    return [sys.executable, "-c", code, *args]


# -- child processes: wall time and peak RSS --------------------------------------------------------


@dataclass(frozen=True)
class ChildRun:
    wall: float  # seconds, from just before the fork to the child's exit
    peak_rss_mb: float  # the child's own maximum resident set (wait4 rusage), in MB
    returncode: int
    stdout: str
    stderr: str


def run_child(argv: Sequence[str], env: dict[str, str], check: bool = True) -> ChildRun:
    """Run a process to its end; its peak RSS comes from ``wait4`` (its own rusage, not the sum of all)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(list(argv), env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = ChildRun(
            wall,
            usage.ru_maxrss / 1024,  # Linux: kilobytes
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )
    if check and result.returncode != 0:
        sys.exit(f"{' '.join(argv[:3])}… failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """The caller's environment with HABEAS_HOME=home, English messages, no user database URL."""
    env = dict(
        os.environ,
        HABEAS_HOME=str(home),
        LANGUAGE="en",
        LC_ALL="C.UTF-8",
        HABEAS_PASSPHRASE=PASSPHRASE,
        **extra,
    )
    env.pop("HABEAS_DATABASE_URL", None)
    return env


def store_config(database: Path) -> Any:
    """The DatabaseConfig of a benchmark store (encrypted with ``PASSPHRASE``)."""
    from app.store import DatabaseConfig
    from app.store.crypto import CipherKey

    return DatabaseConfig.sqlite(database, key=CipherKey.from_passphrase(PASSPHRASE))


def raw_connect(database: Path) -> Any:
    """A bare sqlcipher3 connection to a benchmark store, keyed: the floors' database access."""
    from app.store.crypto import CipherKey, connect

    return connect(database, CipherKey.from_passphrase(PASSPHRASE))


RAW_CONNECT_SOURCE = (
    "import sqlcipher3\n"
    "def raw_connect(path):\n"
    "    c = sqlcipher3.connect(path)\n"
    "    c.execute('PRAGMA cipher_log_level = NONE')\n"
    f"    c.execute(\"PRAGMA key = '{PASSPHRASE}'\")\n"
    "    return c\n"
)


# -- figures ------------------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def spread(values: Sequence[float], scale: float = 1000.0, unit: str = "ms") -> str:
    """``median (min–max, n=K)`` in ``unit``."""
    return (
        f"{median(values) * scale:8.1f} {unit} "
        f"({min(values) * scale:.1f}–{max(values) * scale:.1f}, n={len(values)})"
    )


def ratio(value: float, floor: float) -> str:
    return f"{value / floor:6.2f}×" if floor > 0 else "   n/a"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


# -- the store a make_store.py run left in a home ------------------------------------------------------


@dataclass(frozen=True)
class StoreInfo:
    cases: int
    requests: int
    events: int
    as_of: date
    seed: int


def store_info(home: Path) -> StoreInfo:
    path = home / STORE_INFO
    if not path.is_file():
        sys.exit(
            f"{home} has no {STORE_INFO}: build the store first with benchmarks/make_store.py --home {home}"
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    return StoreInfo(
        data["cases"], data["requests"], data["events"], date.fromisoformat(data["as_of"]), data["seed"]
    )


def database_file(home: Path) -> Path:
    return home / "data" / "habeas.sqlite3"  # app.paths.AppPaths.database_file under HABEAS_HOME


# -- a display for the GUI benchmark ------------------------------------------------------------------


class VirtualDisplay:
    """``Xvfb :N`` started for the benchmark (and stopped by it), when no DISPLAY is set."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.display = ""

    def start(self) -> str:
        xvfb = shutil.which("Xvfb")
        if xvfb is None:
            return ""
        for number in range(91, 120):
            if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
                continue
            process = subprocess.Popen(
                [xvfb, f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(100):
                if Path(f"/tmp/.X11-unix/X{number}").exists():
                    self.process, self.display = process, f":{number}"
                    time.sleep(0.2)
                    return self.display
                if process.poll() is not None:
                    break
                time.sleep(0.05)
            process.terminate()
            process.wait()
        return ""

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait()
            self.process = None
