"""Who acts in the audit record: operator roles and names.

Shared by the event models, the operator store and the screens, so an operator name is
validated by the same pattern everywhere.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

from pydantic import Field

Role: TypeAlias = Literal["teller", "supervisor", "rule_admin", "it_admin"]
ROLES: tuple[Role, ...] = ("teller", "supervisor", "rule_admin", "it_admin")

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9_.-]{1,31}$"
SYSTEM_OPERATOR = "system"
"""The operator of events no person caused (store set-up, migrations)."""
UNKNOWN_OPERATOR = "-"
"""The operator of a failed login under a name that is not an operator."""

Username = Annotated[str, Field(pattern=USERNAME_PATTERN)]
