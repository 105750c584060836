"""The demo branch: configuration, operators and an audit store filled by running realistic
cases through the real engine and the counter's services, over weeks of business days.

* :mod:`.people` — customers and payees with valid ID numbers, phones and cards;
* :mod:`.scenarios` — what customers come for, as the form a teller fills in;
* :mod:`.hours` — opening hours and business days;
* :mod:`.branch` — the day at the counter and :func:`populate_demo`.

Demo operators (demo only, never in production): teller01 and teller02 ``Teller#2026``,
supervisor01 ``Super#2026``, admin01 ``Admin#2026``; key backup passphrase
``demo-backup-passphrase``.
"""

from tellerguard.services.demo.branch import (
    BRANCH_NAME,
    BRANCH_REGION,
    DEMO_PASSPHRASE,
    DEMO_USERS,
    DemoError,
    DemoReport,
    demo_config_path,
    demo_settings,
    populate_demo,
)

__all__ = [
    "BRANCH_NAME",
    "BRANCH_REGION",
    "DEMO_PASSPHRASE",
    "DEMO_USERS",
    "DemoError",
    "DemoReport",
    "demo_config_path",
    "demo_settings",
    "populate_demo",
]
