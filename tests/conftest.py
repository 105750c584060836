"""Test-wide set-up: Qt runs headless (offscreen) in every test process.

Set before anything imports Qt; a developer's own QT_QPA_PLATFORM still wins.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
