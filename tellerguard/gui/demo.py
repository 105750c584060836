"""The demo branch behind ``make run``: a configuration and its own SQLite store under .demo/.

Created only when missing, never overwritten; a real installation has no demo operators. The
demo operators and their passwords are listed in the README (teller01 / teller02 ``Teller#2026``,
supervisor01 ``Super#2026``, admin01 ``Admin#2026``, rule administrator rules01
``Rules#2026``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import platformdirs

from tellerguard.config import APP_NAME
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP
from tellerguard.private_files import ensure_private_dir
from tellerguard.services.demo import BRANCH_NAME, demo_config_path, populate_demo

log = logging.getLogger("tellerguard.gui.demo")

DEMO_BRANCH_NAME = BRANCH_NAME
DEMO_EVENTS = 1500
"""About three weeks of a two-teller branch (made in a few seconds at the first start)."""
DEMO_SEED = 2026

DEMO_LOGIN_HINT = QT_TRANSLATE_NOOP(
    "demo", "演示网点：柜员 teller01 / Teller#2026，主管 supervisor01 / Super#2026"
)


def default_demo_dir() -> Path:
    """``.demo/`` in a source checkout (where ``make run`` runs), else the user data folder."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "tellerguard").is_dir():
        return checkout / ".demo"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo"


def ensure_demo_branch(folder: Path | None = None, *, events: int = DEMO_EVENTS) -> Path:
    """Create the demo branch if missing (configuration, keys, operators and ``events``
    events of counter work made by the real engine and services); return its
    configuration file."""
    folder = folder or default_demo_dir()
    ensure_private_dir(folder)
    database = folder / "tellerguard.sqlite3"
    config = demo_config_path(database)
    if not database.exists():
        log.info("creating the demo branch in %s (%d events)", folder, events)
        report = populate_demo(database, events, DEMO_SEED)
        log.info("; ".join(report.lines()[:2]))
    return config
