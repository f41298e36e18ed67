"""The one background-task helper: run a function on a QThreadPool, get the result on the GUI thread.

Shaped after Picard's ``run_task`` and Anki's ``QueryOp``: slow work (store queries over many
cases, rendering letters) runs on a worker thread; ``on_success(result)`` or ``on_failure(exc)``
run later on the GUI thread through a queued signal, so callbacks may touch widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

T = TypeVar("T")


class _Relay(QObject):
    """Lives on the GUI thread; its signals carry results from the worker (queued connection)."""

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)  # (done, total), from run_reporting


class _Job(QRunnable, Generic[T]):
    def __init__(self, fn: Callable[[], T], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # delivered to the GUI thread, which decides how to show it
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs callables off the GUI thread.

    Signals:
        busy_changed(bool): True while at least one task is running.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._running: set[_Relay] = set()
        self._closed = False

    def run(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        _progress: tuple[list[_Relay], Callable[[int, int], None]] | None = None,
    ) -> None:
        if self._closed:
            log.info("task not started: the window is closing")
            return
        relay = _Relay(self)  # parented to self: created on, and delivering to, the GUI thread
        self._running.add(relay)

        def finish_ok(result: Any) -> None:
            if relay not in self._running:
                return  # dropped at shutdown
            self._finish(relay)
            on_success(result)

        def finish_error(exc: Any) -> None:
            if relay not in self._running:
                return
            self._finish(relay)
            if on_failure is None:
                log.error("background task failed: %s", type(exc).__name__)
            else:
                on_failure(exc)

        relay.succeeded.connect(finish_ok)
        relay.failed.connect(finish_error)
        if _progress is not None:
            holder, on_progress = _progress
            relay.progressed.connect(lambda done, total: relay in self._running and on_progress(done, total))
            holder.append(relay)
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(fn, relay))

    def run_reporting(
        self,
        fn: Callable[[Callable[[int, int], None]], T],
        on_progress: Callable[[int, int], None],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Like ``run``; ``fn`` gets a ``report(done, total)`` to call from the worker, and
        ``on_progress(done, total)`` runs on the GUI thread for each report (long work shows it)."""
        holder: list[_Relay] = []

        def report(done: int, total: int) -> None:
            if holder:
                holder[0].progressed.emit(done, total)

        self.run(lambda: fn(report), on_success, on_failure, _progress=(holder, on_progress))

    @property
    def busy(self) -> bool:
        return bool(self._running)

    @Slot()
    def wait_for_done(self, msecs: int = 30000) -> bool:
        """Block until every worker finished (shutdown and tests); results are still queued."""
        return self._pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 30000) -> None:
        """At close: start nothing new, let running work finish, drop the pending GUI callbacks.

        The work itself (a store write) completes; only its on-screen follow-up is skipped.
        """
        self._closed = True
        self._pool.waitForDone(msecs)
        for relay in list(self._running):
            self._finish(relay)

    def _finish(self, relay: _Relay) -> None:
        self._running.discard(relay)
        relay.deleteLater()
        if not self._running:
            self.busy_changed.emit(False)
