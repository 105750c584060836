"""Loaded only by `make test-shifted` (PYTHONPATH), in the test process and its children.

libfaketime 0.9.10 (Debian 12), with the monotonic clock left real
(FAKETIME_DONT_FAKE_MONOTONIC=1, so Qt timers, timeouts and thread waits keep working),
mistranslates the absolute monotonic deadline CPython's time.sleep hands to
clock_nanosleep(TIMER_ABSTIME) and fails it with EINVAL. select() with no descriptors sleeps
just as long on a relative timeout that libfaketime leaves alone. Only the shifted run needs
this; the product never runs under libfaketime.
"""

from __future__ import annotations

import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)


time.sleep = _sleep
