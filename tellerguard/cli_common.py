"""What every ``tellerguard`` subcommand shares: the usage error, dates and the settings file."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from tellerguard.config import (
    ConfigError,
    Settings,
    default_config_path,
    find_config,
    load_settings,
)
from tellerguard.errors import TellerGuardError


class UsageError(TellerGuardError):
    """Input that cannot be used; the message is printed as is and the exit status is 2."""


def parse_date(text: str) -> date:
    """An argparse type for ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-25") from None


def find_settings(path: Path | None) -> Settings | None:
    """The settings from ``--config``, the environment or the platform folder, if any."""
    found = find_config(path)
    if found is None:
        return None
    try:
        return load_settings(found)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def require_settings(path: Path | None) -> Settings:
    """Like :func:`find_settings`, for commands that cannot run without a configuration."""
    settings = find_settings(path)
    if settings is None:
        raise UsageError(
            "no configuration: run 'tellerguard init' or pass --config PATH "
            f"(looked in {default_config_path()})"
        )
    return settings
