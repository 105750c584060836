"""The shape of an input the teller typed that cannot be accepted."""

from __future__ import annotations

from tellerguard.errors import TellerGuardError


class InputProblem(TellerGuardError, ValueError):
    """A value that cannot be accepted.

    ``code`` is stable for programs, ``message_en`` is precise for logs and the headless
    command, ``message_zh`` is short plain Chinese for the teller's form.
    """

    def __init__(self, code: str, message_en: str, message_zh: str) -> None:
        super().__init__(message_en, message_zh)
        self.code = code
