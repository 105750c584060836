"""The committed generated forms match their Designer sources (Picard's "do not edit" rule), and
the translators' catalog holds the GUI's texts."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _compile_ui() -> object:
    return _script("compile_ui")


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


def _messages(ts_file: Path) -> set[tuple[str, str]]:
    tree = ElementTree.parse(ts_file)
    return {
        (context.findtext("name", ""), message.findtext("source", ""))
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
    }


@pytest.mark.gui
def test_the_translators_catalog_holds_every_text_of_the_gui(tmp_path: Path) -> None:
    # A translator works from the committed catalog: a text missing from it is never
    # translated, a text left in it after the GUI dropped it is work for nothing.
    update = _script("update_translations")
    committed = update.TS_FILE  # type: ignore[attr-defined]
    fresh = tmp_path / committed.name
    shutil.copyfile(committed, fresh)
    done = update.lupdate(fresh)  # type: ignore[attr-defined]
    assert done.returncode == 0, done.stderr
    missing = _messages(fresh) - _messages(committed)
    dropped = _messages(committed) - _messages(fresh)
    assert (sorted(missing)[:5], sorted(dropped)[:5]) == ([], []), (
        "run .venv/bin/python scripts/update_translations.py"
    )
    assert len(_messages(committed)) > 700  # the GUI's texts were read, not none of them
