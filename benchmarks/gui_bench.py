"""The window at clinic scale: start-up to a painted window and to the first dashboard rows, and how
long the GUI thread stalls, against a bare PySide6 window measured in the same run.

    python benchmarks/gui_bench.py --home /tmp/clinic-10k [--repeat 3] [--no-interact]

Each run is a new process (runs of the bare window and of Habeas interleaved). Habeas starts the way
``habeas-gui`` does (``bootstrap.load_environment`` then ``bootstrap.run_gui``) with
HABEAS_HOME=DIR; the benchmark only wraps the window factory to watch it, and gives the workspace
the store's as-of date as today. Times are from just before the process is started:

- painted: the main window's first paint event has been handled (bare window: the same event);
- store open: the workspace has its service (the store opened on a worker);
- first dashboard rows: a dashboard table first holds rows (with the overdue/soon/later counts
  shown at that moment: are they the true ones?);
- loaded: the store is open and no background task is running any more (every page loaded).

A 10 ms QTimer heartbeat on the GUI thread starts as soon as the QApplication exists; a gap
between two beats is time the GUI thread could not react (so ~10 ms means no stall). Reported:
the longest gap and the number over 50 ms, during start-up (QApplication → painted; the first gap
is building and showing the window) and during loading (painted → loaded); a gap across the
boundary counts in both. Unless --no-interact, after loading the case list is sorted by
next deadline and searched for a surname, and the longest stall of each is reported as well.
Peak RSS is the child's own (wait4).

Display: an Xvfb started by the benchmark when DISPLAY is unset (Qt's xcb platform, real painting);
without Xvfb it falls back to QT_QPA_PLATFORM=offscreen and says so. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import benchkit  # noqa: E402
from benchkit import verdict  # noqa: E402

PAINT_RATIO_TARGET = 1.3
FIRST_ROWS_TARGET_MS = 300
STALL_TARGET_MS = 50
GUI_RSS_TARGET_MB = 200
TIMEOUT_S = 300
SEARCH_PAUSE_MS = 150  # app.ui.cases_page.CasesPage.SEARCH_PAUSE_MS: the list asks once typing pauses

# Shared by both children: marks on the monotonic clock (the same clock as the parent's), the
# heartbeat, a paint watcher, and the JSON report printed at the end.
CHILD_COMMON = r"""
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer

MARKS, GAPS, EXTRA = {}, [], {}
def mark(name):
    MARKS.setdefault(name, time.monotonic())

class Heartbeat:
    def __init__(self, tick=None):
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.last = time.monotonic()
        self.tick = tick
        self.timer.timeout.connect(self.beat)
        self.timer.start()
    def beat(self):
        now = time.monotonic()
        GAPS.append((self.last, now))
        self.last = now
        if self.tick is not None:
            self.tick()

class PaintWatcher(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "painted" not in MARKS and "paint_seen" not in MARKS:
            mark("paint_seen")
            QTimer.singleShot(0, lambda: mark("painted"))  # after the paint has been handled
        return False

def report():
    print("BENCH " + json.dumps({"marks": MARKS, "gaps": GAPS, "extra": EXTRA}), flush=True)
"""

CHILD_BARE = (
    CHILD_COMMON
    + r"""
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
mark("app")
beat = Heartbeat()
window = QMainWindow(); window.resize(1100, 700)
watcher = PaintWatcher(); window.installEventFilter(watcher)
window.show()
def done():
    if "painted" in MARKS:
        QTimer.singleShot(200, lambda: (report(), app.quit()))  # a few beats after the paint
    else:
        QTimer.singleShot(5, done)
QTimer.singleShot(0, done)
app.exec()
"""
)

CHILD_HABEAS = (
    CHILD_COMMON
    + r"""
import datetime, functools
from PySide6.QtCore import Qt
AS_OF = datetime.date.fromisoformat(sys.argv[1])
INTERACT = sys.argv[2] == "1"
SEARCH = sys.argv[3]
TIMEOUT = float(sys.argv[4])
from app import bootstrap
env = bootstrap.load_environment()
import app.ui.application as application

state = {"window": None, "dashboard_seen": False, "phase": "start-up"}
PHASES = []  # (name, start, end)

def counts():
    models = state["window"].workspace.dashboard.models
    return {key: model.rowCount() for key, model in models.items()}

def tick():
    window = state["window"]
    if window is None or not hasattr(window, "workspace"):
        return
    workspace = window.workspace
    if workspace.service is not None:
        mark("store_open")
    if window.cases_page.model.total_rows() > 0:
        mark("first_case_rows")
    idle = workspace.service is not None and not window.tasks.busy
    if idle and "loaded" not in MARKS and "painted" in MARKS:
        mark("loaded")
        EXTRA["counts_loaded"] = counts()
        EXTRA["cases_loaded"] = window.cases_page.model.total_rows()
        QTimer.singleShot(300, interact if INTERACT else finish)

def rows_changed(*_args):
    if "first_rows" not in MARKS and any(n > 0 for n in counts().values()):
        mark("first_rows")
        EXTRA["counts_first"] = counts()

def interact():
    from app.ui.caselist_model import COL_DUE
    window = state["window"]
    window.workspace.show_cases()
    page = window.cases_page
    t0 = time.monotonic()
    page.table.sortByColumn(COL_DUE, Qt.SortOrder.AscendingOrder)
    EXTRA["sort_call"] = time.monotonic() - t0
    def after_sort():  # a second later: whatever the sort started has had time to finish
        EXTRA["sort_span"] = (t0, time.monotonic())
        t1 = time.monotonic()
        page.search.setText(SEARCH)
        EXTRA["search_call"] = time.monotonic() - t1
        # The list filters when the database's answer arrives (after the typing pause): poll for it.
        poll = QTimer()
        def shown():
            if page._matching is not None and "search_shown" not in EXTRA:
                EXTRA["search_shown"] = time.monotonic() - t1
                poll.stop()
        poll.timeout.connect(shown)
        poll.start(2)
        state["poll"] = poll
        def after_search():
            EXTRA["search_span"] = (t1, time.monotonic())
            EXTRA["search_rows"] = page.proxy.rowCount()
            finish()
        QTimer.singleShot(1000, after_search)
    QTimer.singleShot(1000, after_sort)

def finish():
    report()
    state["window"].tasks.shutdown()
    application.QApplication.instance().quit()

original_ensure = application.ensure_application
def ensure_application(arguments=None):
    app = original_ensure(arguments)
    mark("app")
    state["beat"] = Heartbeat(tick)
    QTimer.singleShot(int(TIMEOUT * 1000), lambda: (EXTRA.__setitem__("timeout", True), finish()))
    return app
application.ensure_application = ensure_application

if hasattr(application, "Workspace"):
    application.Workspace = functools.partial(application.Workspace, today=lambda: AS_OF)
    EXTRA["today"] = AS_OF.isoformat()

original_create = application.create_main_window
def create_main_window(ctx, app):
    window = original_create(ctx, app)
    state["window"] = window
    watcher = PaintWatcher(window)
    window.installEventFilter(watcher)
    state["watcher"] = watcher
    for model in window.workspace.dashboard.models.values():
        model.modelReset.connect(rows_changed)
        model.rowsInserted.connect(rows_changed)
        model.layoutChanged.connect(rows_changed)
    mark("window_built")
    return window
application.create_main_window = create_main_window

sys.exit(bootstrap.run_gui(env))
"""
)


def stalls(gaps: list[list[float]], start: float, end: float) -> tuple[float, int]:
    """Longest heartbeat gap overlapping [start, end], and how many of those exceed 50 ms.

    A gap that straddles a boundary (the one covering the first paint) counts in both phases.
    """
    inside = [(b - a) for a, b in gaps if a < end and b > start]
    if not inside:
        return 0.0, 0
    return max(inside), sum(1 for g in inside if g > STALL_TARGET_MS / 1000)


def launch(
    code: str, args: list[str], env: dict[str, str]
) -> tuple[dict[str, Any], float, benchkit.ChildRun]:
    start = time.monotonic()
    run = benchkit.run_child([sys.executable, "-c", code, *args], env, check=False)
    line = next((x for x in run.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        sys.exit(f"the child printed no report (exit {run.returncode}):\n{run.stderr[-3000:]}")
    return json.loads(line[6:]), start, run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a HABEAS_HOME built by make_store.py")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--search", default="Brenner", help="text typed into the case list's search field")
    parser.add_argument("--no-interact", action="store_true", help="skip sorting and searching after loading")
    benchkit.add_law_root_option(parser)
    args = parser.parse_args()
    home = args.home.resolve()
    info = benchkit.store_info(home)

    display = benchkit.VirtualDisplay()
    env = benchkit.child_env(home)
    how = f"DISPLAY={os.environ.get('DISPLAY')}"
    if not os.environ.get("DISPLAY"):
        started = display.start()
        if started:
            env.update(DISPLAY=started, QT_QPA_PLATFORM="xcb")
            how = f"Xvfb {started} started by the benchmark (xcb)"
        else:
            env["QT_QPA_PLATFORM"] = "offscreen"
            how = "no DISPLAY and no Xvfb: QT_QPA_PLATFORM=offscreen (paint times are not real paints)"
    prelude = benchkit.law_root_prelude(args.law_root)
    habeas_code = (prelude or f"import sys; sys.path.insert(0, {str(ROOT)!r})\n") + CHILD_HABEAS
    habeas_args = [info.as_of.isoformat(), "0" if args.no_interact else "1", args.search, str(TIMEOUT_S)]
    print(f"store: {info.cases} cases, {info.requests} requests, {info.events} events; today = {info.as_of}")
    print(f"display: {how}; {os.cpu_count()} CPUs")

    bare_runs, habeas_runs = [], []
    try:
        launch(CHILD_BARE, [], env)  # untimed: fonts and Qt's plugins into the page cache
        for _ in range(args.repeat):
            bare_runs.append(launch(CHILD_BARE, [], env))
            habeas_runs.append(launch(habeas_code, habeas_args, env))
    finally:
        display.stop()

    def since(run: tuple[dict[str, Any], float, benchkit.ChildRun], name: str) -> float | None:
        marks = run[0]["marks"]
        return marks[name] - run[1] if name in marks else None

    def med(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return benchkit.median(present) if present else None

    bare_paint = med([since(r, "painted") for r in bare_runs])
    bare_rss = max(r[2].peak_rss_mb for r in bare_runs)
    bare_stall = max(
        stalls(r[0]["gaps"], r[0]["marks"]["app"], r[0]["marks"]["painted"])[0] for r in bare_runs
    )
    figures = {
        name: med([since(r, name) for r in habeas_runs])
        for name in (
            "app",
            "window_built",
            "painted",
            "store_open",
            "first_case_rows",
            "first_rows",
            "loaded",
        )
    }
    rss = max(r[2].peak_rss_mb for r in habeas_runs)
    start_stall, start_count, load_stall, load_count = [], [], [], []
    sort_stall, search_stall = [], []
    for data, _start, _run in habeas_runs:
        marks, gaps, extra = data["marks"], data["gaps"], data["extra"]
        painted = marks.get("painted", marks["app"])
        s, c = stalls(gaps, marks["app"], painted)
        start_stall.append(s)
        start_count.append(c)
        s, c = stalls(gaps, painted, marks.get("loaded", float("inf")))
        load_stall.append(s)
        load_count.append(c)
        if "sort_span" in extra:
            sort_stall.append(stalls(gaps, *extra["sort_span"])[0])
        if "search_span" in extra:
            search_stall.append(stalls(gaps, *extra["search_span"])[0])

    def ms(value: float | None) -> str:
        return "   n/a" if value is None else f"{value * 1000:6.0f} ms"

    last = habeas_runs[-1][0]["extra"]
    print(f"\nmedian of {args.repeat} runs each, from process start")
    print(
        f"  bare PySide6 window painted (floor): {ms(bare_paint)}   peak RSS {bare_rss:.0f} MB, "
        f"longest stall {bare_stall * 1000:.0f} ms"
    )
    print(f"  Habeas QApplication created:         {ms(figures['app'])}")
    print(f"  Habeas main window built:            {ms(figures['window_built'])}")
    print(f"  Habeas main window painted:          {ms(figures['painted'])}", end="")
    if figures["painted"] is not None and bare_paint:
        r = figures["painted"] / bare_paint
        print(
            f"   {r:.2f}× the bare window; target ≤ {PAINT_RATIO_TARGET}×: {verdict(r <= PAINT_RATIO_TARGET)}"
        )
    else:
        print()
    print(f"  store open (workspace service):      {ms(figures['store_open'])}")
    print(f"  first case-list rows:                {ms(figures['first_case_rows'])}")
    print(f"  first dashboard rows:                {ms(figures['first_rows'])}", end="")
    if figures["first_rows"] is not None and figures["painted"] is not None:
        after = figures["first_rows"] - figures["painted"]
        print(
            f"   {after * 1000:.0f} ms after the paint; target ≤ {FIRST_ROWS_TARGET_MS} ms: "
            f"{verdict(after * 1000 <= FIRST_ROWS_TARGET_MS)}"
        )
    else:
        print()
    print(f"  everything loaded (no task running): {ms(figures['loaded'])}")
    print(
        f"  dashboard at first rows: {last.get('counts_first')}; when loaded: {last.get('counts_loaded')} "
        f"({last.get('cases_loaded')} cases in the list)"
    )
    worst = max(start_stall + load_stall)
    print(
        f"  longest GUI stall, start-up (QApplication → painted): {max(start_stall) * 1000:.0f} ms "
        f"(over 50 ms: {max(start_count)})"
    )
    print(
        f"  longest GUI stall, loading (painted → loaded):       {max(load_stall) * 1000:.0f} ms "
        f"(over 50 ms: up to {max(load_count)} per run)"
    )
    print(f"  target: longest stall ≤ {STALL_TARGET_MS} ms: {verdict(worst * 1000 <= STALL_TARGET_MS)}")
    if sort_stall:
        print(
            f"  sort the case list by next deadline: longest stall {max(sort_stall) * 1000:.0f} ms "
            f"(call {last.get('sort_call', 0) * 1000:.0f} ms)"
        )
    if search_stall:
        print(
            f"  search {args.search!r} ({last.get('search_rows')} rows): longest stall "
            f"{max(search_stall) * 1000:.0f} ms (call {last.get('search_call', 0) * 1000:.0f} ms, rows shown "
            f"{last.get('search_shown', 0) * 1000:.0f} ms after the text, "
            f"{SEARCH_PAUSE_MS} ms of it the typing pause); "
            "target ≤ 30 ms"
        )
    print(
        f"  peak RSS: {rss:.0f} MB; target ≤ {GUI_RSS_TARGET_MB} MB at 10k cases: "
        f"{verdict(rss <= GUI_RSS_TARGET_MB)}"
    )
    if any(r[0]["extra"].get("timeout") for r in habeas_runs):
        print(f"  note: a run hit the {TIMEOUT_S} s timeout before loading finished")
    if "today" not in last:
        print("  note: the workspace could not be given the as-of date; it used the real today")
    return 0


if __name__ == "__main__":
    sys.exit(main())
