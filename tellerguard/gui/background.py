"""Work the console must not do on the window's thread: a query or a verification on a
worker ``QThread`` of its own, with progress, cancel, and the result back on the window's
thread.

A :class:`Background` owns one thread and runs one job at a time: a callable given a
progress callback and a cancel check, which runs on the worker thread (over a read-only
connection of the window's own) and returns a result. Each start has a generation number;
the result or failure of an older start that arrives late is dropped, so a newer query
always wins. Services' expected errors come back as their Chinese message.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from tellerguard.errors import TellerGuardError
from tellerguard.gui.errors import UserFacingError

log = logging.getLogger("tellerguard.gui.background")

Job = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
"""``job(progress, cancelled) -> result``; runs on the worker thread."""


class _Worker(QObject):
    progressed = Signal(int, int, int)
    """generation, done, total"""
    done = Signal(int, object)
    failed = Signal(int, str, bool)
    """generation, Chinese message, whether it was a cancel"""

    def __init__(self) -> None:
        super().__init__()
        self.latest = 0
        self.cancel = threading.Event()

    @Slot(int, object)
    def run(self, generation: int, job: Job) -> None:
        if generation != self.latest:
            return

        def progress(done: int, total: int) -> None:
            self.progressed.emit(generation, done, total)

        def cancelled() -> bool:
            return self.cancel.is_set() or generation != self.latest

        try:
            result = job(progress, cancelled)
        except TellerGuardError as exc:
            # A job that stops because it was asked to raises its own error: a cancel then.
            was_cancel = self.cancel.is_set()
            if not was_cancel:
                log.warning("background job failed: %s", exc.message_en)
            self.failed.emit(generation, exc.message_zh, was_cancel)
            return
        except UserFacingError as exc:
            self.failed.emit(generation, exc.message_zh, False)
            return
        # Never None through a queued signal (PySide miscounts its references).
        self.done.emit(generation, result if result is not None else ())


class Background(QObject):
    """One worker thread for one kind of job of a window (statistics, or verification)."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    _run = Signal(int, object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName(name)
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._run.connect(self._worker.run, Qt.ConnectionType.QueuedConnection)
        self._worker.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self._worker.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self._worker.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._thread.start()
        app = QCoreApplication.instance()
        if app is not None:  # a thread still running when Qt unloads aborts the process
            app.aboutToQuit.connect(self.close)
        self.generation = 0
        self.running = False
        """Whether the newest job has not answered yet."""

    def start(self, job: Job) -> int:
        """Run ``job`` on the worker (after the one in progress, which is told to stop)."""
        self.generation += 1
        self._worker.latest = self.generation
        self._worker.cancel.clear()
        self.running = True
        self._run.emit(self.generation, job)
        return self.generation

    def cancel(self) -> None:
        """Ask the job in progress to stop (it checks between steps)."""
        self._worker.cancel.set()

    def close(self) -> None:
        """Stop the thread (waits for a job in progress to notice); closing twice is fine."""
        self._worker.latest = -1
        self._worker.cancel.set()
        self.running = False
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    def _progressed(self, generation: int, done: int, total: int) -> None:
        if generation == self.generation:
            self.progressed.emit(done, total)

    def _done(self, generation: int, result: Any) -> None:
        if generation == self.generation:
            self.running = False
            self.finished.emit(result)

    def _failed(self, generation: int, message: str, was_cancel: bool) -> None:
        if generation == self.generation:
            self.running = False
            if was_cancel:
                self.cancelled.emit()
            else:
                self.failed.emit(message)
