"""``tellerguard gui`` on a Linux machine with no display says so (a review found Qt aborting
the process: exit 134 and its plugin messages, before any message box could open)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland are Linux's")
def test_the_app_without_a_display_exits_2_saying_what_to_do() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "tellerguard.cli", "gui", "--config", "/nonexistent/tg.toml"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "error: no display to open the window on" in done.stderr
    assert "xvfb-run" in done.stderr and "Traceback" not in done.stderr


def test_a_display_or_a_chosen_platform_lets_it_start(monkeypatch: pytest.MonkeyPatch) -> None:
    from tellerguard.gui.app import no_display

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    if sys.platform.startswith("linux"):
        assert no_display() is not None
    for name, value in (
        ("DISPLAY", ":0"),
        ("WAYLAND_DISPLAY", "wayland-0"),
        ("QT_QPA_PLATFORM", "offscreen"),
    ):
        monkeypatch.setenv(name, value)
        assert no_display() is None
        monkeypatch.delenv(name)
