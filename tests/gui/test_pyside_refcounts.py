"""PySide6 6.12.0 on CPython 3.11 drops a reference to ``True`` on every Python-side
``Signal.emit()`` and one to ``None`` on every ``processEvents()`` / ``QEventLoop.exec()``;
after a few hundred the interpreter frees ``True`` or ``None`` and aborts (found when the
console's lazy log model emitted a signal per page). pyproject.toml excludes that release;
this fails if a PySide6 with the bug comes back."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal

pytestmark = pytest.mark.gui

ROUNDS = 300


class _Pinger(QObject):
    ping = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self.received = 0
        self.ping.connect(self._got, Qt.ConnectionType.QueuedConnection)

    def _got(self, _n: int, _payload: object) -> None:
        self.received += 1


def test_signals_and_event_loops_keep_their_references(qapp: Any) -> None:
    pinger = _Pinger()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for n in range(ROUNDS):
        pinger.ping.emit(n, [None, True])
        QCoreApplication.processEvents()
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        loop.exec()
    assert pinger.received == ROUNDS
    # Other code may hold a few references more or less; a lost one per call is hundreds.
    assert abs(sys.getrefcount(True) - true_before) < ROUNDS // 10
    assert abs(sys.getrefcount(None) - none_before) < ROUNDS // 10
