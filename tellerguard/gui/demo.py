"""The demo branch behind ``make run``: a configuration and its own SQLite store under .demo/.

Created only when missing, never overwritten; a real installation has no demo operators. The
demo operators and their passwords are listed in the README (teller01 / teller02 ``Teller#2026``,
supervisor01 ``Super#2026``, admin01 ``Admin#2026``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import platformdirs

from tellerguard.config import APP_NAME, load_settings
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP
from tellerguard.private_files import ensure_private_dir, write_private_file

log = logging.getLogger("tellerguard.gui.demo")

DEMO_BRANCH_NAME = "郑州市中原区示范支行"
DEMO_REGION = "410102"
DEMO_EVENTS = 40
DEMO_SEED = 2026

DEMO_LOGIN_HINT = QT_TRANSLATE_NOOP(
    "demo", "演示网点：柜员 teller01 / Teller#2026，主管 supervisor01 / Super#2026"
)

DEMO_CONFIG = f"""# TellerGuard demo branch (created by `tellerguard gui --demo`; safe to delete).
# The store created by populate_demo() belongs to branch DEMO-0371, workstation demo-counter,
# with its keys beside it in <database name>-keys.
branch_code = "DEMO-0371"
branch_name = "{DEMO_BRANCH_NAME}"
region = "{DEMO_REGION}"
workstation = "demo-counter"
database = "tellerguard.sqlite3"
key_dir = "tellerguard-keys"
idle_lock_minutes = 5
max_failed_logins = 5
"""


def default_demo_dir() -> Path:
    """``.demo/`` in a source checkout (where ``make run`` runs), else the user data folder."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "tellerguard").is_dir():
        return checkout / ".demo"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo"


def ensure_demo_branch(folder: Path | None = None) -> Path:
    """Create the demo branch if missing; return its configuration file."""
    folder = folder or default_demo_dir()
    ensure_private_dir(folder)
    config = folder / "tellerguard.toml"
    if not config.exists():
        write_private_file(config, DEMO_CONFIG.encode("utf-8"))
        log.info("created demo configuration %s", config)
    settings = load_settings(config)
    database = settings.database_path
    if not database.exists():
        from tellerguard.services.demo import populate_demo

        populate_demo(database, DEMO_EVENTS, DEMO_SEED)
        log.info("created demo store %s", database)
    return config
