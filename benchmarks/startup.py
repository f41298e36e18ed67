"""Time from launch to an interactive main window, Habeas with a 10,000-case store vs a bare PySide6 window.

Usage: python benchmarks/startup.py [--cases 10000] [--runs 3]
Invented data is generated into a temporary HABEAS_HOME; the real user's data is never touched.
"Interactive" = the window is shown and the event loop has processed its first event. For Habeas
the time until the first page of the case list is on screen is printed as well.
Runs offscreen unless QT_QPA_PLATFORM/DISPLAY say otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def populate(home: Path, cases: int) -> None:
    """Invented clients, authorities, cases, one request and one 'sent' event each."""
    os.environ["HABEAS_HOME"] = str(home)
    sys.path.insert(0, str(ROOT))
    from app.paths import app_paths
    from app.store import DatabaseConfig, open_store
    from app.store.models import AuthorityRow, CaseRow, ClientRow, RequestEventRow, RequestRow

    paths = app_paths()
    paths.ensure()
    store = open_store(DatabaseConfig.sqlite(paths.database_file))
    now = datetime.now(UTC)
    regimes = {
        "CN": ("pipl", "criminal"),
        "DE": ("bdsg-part3", ""),
        "GB-ENG": ("dpa-part3", ""),
        "US": ("privacy-act", ""),
    }
    with store.transaction() as session:
        authorities = [
            AuthorityRow(id=i + 1, name=f"Authority {i}", jurisdiction=code, kind="police")
            for i, code in enumerate(regimes)
        ]
        session.add_all(authorities)
        session.flush()
        codes = list(regimes)
        # No ORM relationships: insert parents before children, one table at a time.
        session.add_all([ClientRow(id=i + 1, name=f"Client {i}") for i in range(cases)])
        session.flush()
        session.add_all(
            [
                CaseRow(id=i + 1, title=f"Case {i}", client_id=i + 1, created=now, updated=now)
                for i in range(cases)
            ]
        )
        session.flush()
        session.add_all(
            [
                RequestRow(
                    id=i + 1,
                    case_id=i + 1,
                    jurisdiction=codes[i % 4],
                    regime=regimes[codes[i % 4]][0],
                    rights=["access"],
                    authority_id=(i % 4) + 1,
                    context=regimes[codes[i % 4]][1],
                    draft={},
                    created=now,
                )
                for i in range(cases)
            ]
        )
        session.flush()
        session.add_all(
            [
                RequestEventRow(
                    request_id=i + 1,
                    kind="sent",
                    date=date(2026, 1, 5) + timedelta(days=i % 300),
                    data={},
                    created=now,
                )
                for i in range(cases)
            ]
        )
    store.close()


CHILD_BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1100, 700); w.show()
QTimer.singleShot(0, lambda: (print(time.time(), flush=True), app.quit()))
app.exec()
"""

CHILD_HABEAS = """
import sys, time
sys.path.insert(0, %(root)r)
from PySide6.QtCore import QTimer
from app import bootstrap
from app.ui.application import create_main_window, ensure_application
from app.ui.context import UiContext
from app.law import load_knowledge_base
from app.settings import save_settings
env = bootstrap.load_environment()
ctx = UiContext(paths=env.paths, settings=env.settings, save_settings=lambda s: None, version="bench",
                open_store=lambda: bootstrap.open_store(env),
                load_knowledge_base=lambda: load_knowledge_base(env.paths.calendars_dir))
app = ensure_application()
w = create_main_window(ctx, app); w.show()
def first_page():
    if w.cases_page.model.total_rows() > 0:
        print("list", time.time(), flush=True); app.quit()
    else:
        QTimer.singleShot(5, first_page)
QTimer.singleShot(0, lambda: (print("window", time.time(), flush=True), first_page()))
app.exec()
w.tasks.wait_for_done()
"""


def launch(code: str, env: dict[str, str]) -> list[tuple[str, float]]:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    marks = []
    for line in out.stdout.split("\n"):
        parts = line.split()
        if len(parts) == 1:
            marks.append(("window", float(parts[0]) - start))
        elif len(parts) == 2:
            marks.append((parts[0], float(parts[1]) - start))
    return marks


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="habeas-bench-") as tmp:
        home = Path(tmp)
        t0 = time.perf_counter()
        populate(home, args.cases)
        print(f"generated {args.cases} invented cases in {time.perf_counter() - t0:.1f} s")
        env = dict(os.environ, HABEAS_HOME=str(home))
        if not env.get("DISPLAY"):
            env.setdefault("QT_QPA_PLATFORM", "offscreen")
        bare = [dict(launch(CHILD_BARE, env))["window"] for _ in range(args.runs)]
        runs = [dict(launch(CHILD_HABEAS % {"root": str(ROOT)}, env)) for _ in range(args.runs)]
    window = [r["window"] for r in runs]
    first_list = [r["list"] for r in runs]
    floor, habeas = statistics.median(bare), statistics.median(window)
    print(f"bare PySide6 window, launch → interactive:     {floor:.2f} s (median of {args.runs})")
    print(f"Habeas, {args.cases} cases, launch → interactive: {habeas:.2f} s (median of {args.runs})")
    print(f"Habeas, first page of the case list on screen: {statistics.median(first_list):.2f} s")
    print(f"ratio Habeas / bare: {habeas / floor:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
