"""Fixtures shared by the audit, auth and services tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tellerguard.config import Settings
from tests.unit.audit_helpers import set_up, use_fast_passwords


@pytest.fixture(autouse=True)
def _fast_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters through the same code (test_auth_users checks the real ones)."""
    use_fast_passwords(monkeypatch)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A workstation set up in ``tmp_path``: keys, store, the demo operators (a test module
    that needs events in it defines its own ``settings``)."""
    return set_up(tmp_path)
