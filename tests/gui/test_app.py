"""Start-up and error handling: the demo branch, a broken rule pack, a missing configuration,
the crash dialog for bugs, Qt messages in logging."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import qInstallMessageHandler, qWarning
from PySide6.QtWidgets import QApplication, QMessageBox

from tellerguard.audit.store import AuditReader
from tellerguard.config import load_settings
from tellerguard.gui import app as app_module
from tellerguard.gui import errors
from tellerguard.gui.demo import DEMO_BRANCH_NAME, ensure_demo_branch
from tellerguard.gui.fonts import missing_glyphs
from tellerguard.gui.views.login import LoginDialog

from .conftest import DialogDriver

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """run_gui installs process-wide hooks; put them back after each test."""
    monkeypatch.setattr(app_module, "log_file", lambda: tmp_path / "logs" / "gui.log")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    previous = qInstallMessageHandler(None)
    qInstallMessageHandler(previous)
    yield
    qInstallMessageHandler(previous)


def test_demo_branch_is_created_once_with_its_operators(tmp_path: Path) -> None:
    config = ensure_demo_branch(tmp_path / "demo", events=200)
    settings = load_settings(config)
    assert settings.branch_name == DEMO_BRANCH_NAME and settings.region == "410102"
    assert settings.database_path.is_file()
    stamp = settings.database_path.stat().st_mtime_ns
    assert ensure_demo_branch(tmp_path / "demo", events=200) == config  # kept, not recreated
    assert settings.database_path.stat().st_mtime_ns == stamp


def test_run_gui_opens_the_login_window_and_quits_on_cancel(
    qapp: Any, tmp_path: Path, dialogs: DialogDriver
) -> None:
    config = ensure_demo_branch(tmp_path / "demo", events=200)
    seen: list[str] = []

    def cancel(dialog: LoginDialog) -> None:
        seen.append(dialog.ui.branchLabel.text())
        assert missing_glyphs(QApplication.font()) == []  # the app font draws Chinese
        dialog.reject()

    dialogs.expect(LoginDialog, cancel)
    assert app_module.run_gui(config, demo=False) == 0
    dialogs.check()
    assert DEMO_BRANCH_NAME in seen[0]


def test_broken_rule_pack_is_reported_audited_and_stops_the_app(
    qapp: Any, tmp_path: Path, dialogs: DialogDriver
) -> None:
    config = ensure_demo_branch(tmp_path / "demo", events=200)
    pack = tmp_path / "demo" / "badpack"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        "id: bad\nversion: '1'\ndescription: x\nparams: {}\nunexpected: 1\n", encoding="utf-8"
    )
    config.write_text(config.read_text(encoding="utf-8") + 'rules = "badpack"\n', encoding="utf-8")
    shown: list[tuple[str, str]] = []

    def read(box: QMessageBox) -> None:
        shown.append((box.text(), box.detailedText()))
        box.accept()

    dialogs.expect(QMessageBox, read)
    assert app_module.run_gui(config, demo=False) == app_module.EXIT_CANNOT_START
    dialogs.check()
    assert "规则包加载失败" in shown[0][0]
    assert "pack.yaml" in shown[0][1]  # file:line for the administrator
    settings = load_settings(config)
    with AuditReader(settings.database_path) as reader:
        last = reader.event(reader.read_head().seq)
    assert last is not None and last.event_type == "rule_pack_rejected"


def test_missing_configuration_is_a_short_message(
    qapp: Any, tmp_path: Path, dialogs: DialogDriver
) -> None:
    shown: list[str] = []
    dialogs.expect(QMessageBox, lambda box: (shown.append(box.text()), box.accept()))
    assert app_module.run_gui(tmp_path / "nowhere.toml", demo=False) == 2
    dialogs.check()
    assert "配置" in shown[0]


def test_a_bug_is_logged_with_its_traceback_and_shown(
    qapp: Any, caplog: Any, dialogs: DialogDriver
) -> None:
    details: list[str] = []
    dialogs.expect(QMessageBox, lambda box: (details.append(box.detailedText()), box.accept()))
    try:
        raise ZeroDivisionError("boom")
    except ZeroDivisionError:
        with caplog.at_level(logging.CRITICAL, logger="tellerguard.gui"):
            errors.handle_bug(*sys.exc_info())  # type: ignore[arg-type]
    dialogs.check()
    assert "ZeroDivisionError: boom" in caplog.text and "Traceback" in caplog.text
    assert "ZeroDivisionError" in details[0]


def test_qt_messages_go_to_logging(qapp: Any, caplog: Any) -> None:
    previous = errors.route_qt_messages()
    try:
        with caplog.at_level(logging.DEBUG, logger="tellerguard.qt"):
            qWarning("a Qt warning")
        assert ("tellerguard.qt", logging.WARNING, "a Qt warning") in caplog.record_tuples
    finally:
        qInstallMessageHandler(previous)  # type: ignore[arg-type]
