"""The committed generated forms match their Designer sources (Picard's "do not edit" rule)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _compile_ui() -> object:
    spec = importlib.util.spec_from_file_location("compile_ui", ROOT / "scripts" / "compile_ui.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["compile_ui"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.gui
def test_every_ui_file_has_a_current_compiled_form() -> None:
    compile_ui = _compile_ui()
    sources = compile_ui.sources()  # type: ignore[attr-defined]
    assert {s.stem for s in sources} >= {
        "main_window",
        "opening_form",
        "transfer_form",
        "risk_panel",
        "login_dialog",
        "reminder_dialog",
        "authorization_dialog",
        "refusal_dialog",
    }
    assert compile_ui.stale_forms() == []  # type: ignore[attr-defined]


@pytest.mark.gui
def test_no_orphan_generated_forms() -> None:
    forms = {p.stem.removeprefix("ui_") for p in (ROOT / "tellerguard/gui/forms").glob("ui_*.py")}
    sources = {p.stem for p in (ROOT / "ui").glob("*.ui")}
    assert forms == sources
