"""One place that finds packaged data (the default rule pack, Designer forms) in a checkout
and in an installed wheel alike."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def default_rules_dir() -> Path:
    """The default rule pack shipped with TellerGuard."""
    checkout = _CHECKOUT / "rules" / "default"
    if (checkout / "pack.yaml").is_file():
        return checkout
    packaged = resources.files("tellerguard") / "_rules" / "default"
    return Path(str(packaged))
