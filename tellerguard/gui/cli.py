"""The ``tellerguard gui`` subcommand, registered into the main command line.

Add ``register`` to ``tellerguard.cli.EXTRA_COMMANDS``; Qt is imported only when the command
runs, so the headless commands never load it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def cmd_gui(args: argparse.Namespace) -> int:
    from tellerguard.gui.app import run_gui

    return run_gui(args.config, args.demo)


def register(sub: Any) -> None:
    """Add ``gui [--config PATH] [--demo]`` to the ``tellerguard`` subcommands."""
    parser = sub.add_parser("gui", help="open the teller's desktop app")
    parser.add_argument("--config", type=Path, metavar="PATH", help="branch settings (TOML)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="create (if missing) and open the demo branch under .demo/",
    )
    parser.set_defaults(handler=cmd_gui)
