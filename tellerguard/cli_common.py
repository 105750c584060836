"""What every ``tellerguard`` subcommand shares: the usage error, dates and the settings file."""

from __future__ import annotations

import argparse
import sys
import unicodedata
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
from tellerguard.private_files import read_failure, read_regular_file, size_text


class UsageError(TellerGuardError):
    """Input that cannot be used; the message is printed as is and the exit status is 2."""


def display_width(text: str) -> int:
    """The columns ``text`` takes in a terminal: two for a wide or full-width character (a
    Han character of a display name, a full-width digit), none for a combining mark."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (``str.ljust`` counts
    characters, so a column after a Chinese name would not line up)."""
    return text + " " * max(width - display_width(text), 0)


FIRST_YEAR, LAST_YEAR = 1900, 2199
"""The years a date on the command line may name: beyond them a range's end overflows the
calendar (9999-12-31 plus a day) and no audit record or business day lies there."""


def parse_date(text: str) -> date:
    """An argparse type for ``YYYY-MM-DD``."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-25") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"'{text}' is outside the years {FIRST_YEAR}-{LAST_YEAR} a record can name"
        )
    return day


def region_code(text: str) -> str:
    """An argparse type for a GB/T 2260 region code that exists (999999 was taken, and every
    customer's out-of-area fact was then judged against no place)."""
    if len(text) != 6 or not text.isdigit() or text[0] == "0":
        raise argparse.ArgumentTypeError(f"'{text}' is not a 6-digit region code like 410102")
    from tellerguard.domain.regions import region_table  # 0.1 s: only when a code is given

    if text not in region_table().codes:
        raise argparse.ArgumentTypeError(f"'{text}' is no region code of GB/T 2260")
    return text


def positive_int(text: str) -> int:
    """An argparse type for a count of at least 1 (``--last 0`` listed nothing and said that
    nothing was recorded)."""
    return _bounded_int(text, 1)


def non_negative_int(text: str) -> int:
    """An argparse type for a count or sequence number of at least 0."""
    return _bounded_int(text, 0)


def non_negative_float(text: str) -> float:
    """An argparse type for seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"'{text}' must be 0 or more")
    return value


def _bounded_int(text: str, low: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < low:
        raise argparse.ArgumentTypeError(f"'{text}' must be {low} or more")
    return value


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """A regular file's bytes, at most ``limit`` of them: :class:`UsageError` naming the file
    for anything else (a pipe or a device would block or never end: ``/dev/zero`` was read
    until the kernel killed the program)."""
    try:
        return read_regular_file(path, limit)
    except OSError as exc:
        raise UsageError(read_failure(path, what, exc)) from None


def read_stdin_limited(limit: int, what: str) -> bytes:
    """Standard input's bytes, at most ``limit``; :class:`UsageError` beyond."""
    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise UsageError(f"<stdin>: the {what} is larger than {size_text(limit)}")
    return data


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
