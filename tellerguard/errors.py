"""The root of every expected error: bad input, a broken rule pack, a refused sign-in, a store
that cannot be used, a failed check.

Each carries a precise English message (``lines()``: what the command line prints, naming the
field or ``file:line``), a short Chinese one for the teller (``message_zh``), and the command
line's exit status (2 for input that cannot be used, 1 for a check that found a problem). So
the command line and the desktop app each have one place that turns an expected error into a
message (``tellerguard.cli.main``, ``tellerguard.gui.session``), and anything else is a bug,
logged with its traceback.
"""

from __future__ import annotations


class TellerGuardError(Exception):
    """An expected problem with a message for the command line and one for the teller."""

    exit_status: int = 2
    default_zh: str = "操作未完成，请联系技术支持"

    def __init__(self, message_en: str, message_zh: str | None = None) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh or self.default_zh

    def __str__(self) -> str:
        return self.message_en

    def lines(self) -> list[str]:
        """The problem as the command line prints it, one line per problem."""
        return self.message_en.splitlines() or [type(self).__name__]
