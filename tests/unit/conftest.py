"""Fixtures shared by the audit, auth and services tests."""

from __future__ import annotations

import pytest

from tests.unit.audit_helpers import use_fast_passwords


@pytest.fixture(autouse=True)
def _fast_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters through the same code (test_auth_users checks the real ones)."""
    use_fast_passwords(monkeypatch)
