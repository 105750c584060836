"""Who gets which screen: an operator whose role does not assess (the system administrator,
the rule administrator) signs in without an error, sees a line saying what their role does
here instead of the case forms, and their role's screen opens; nothing is logged as a bug."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tellerguard.gui.session import Session
from tellerguard.gui.shell import Shell
from tellerguard.gui.views.admin import AdminDialog
from tellerguard.gui.views.main_window import MainWindow
from tellerguard.gui.views.rule_packs import RulePackDialog

from .conftest import DialogDriver
from .test_scenarios import log_in

pytestmark = pytest.mark.gui


def no_counter(window: MainWindow) -> None:
    assert window.ui.mainSplitter.isHidden() and not window.role_label.isHidden()
    for action in (window.ui.actionOpening, window.ui.actionFinish, window.ui.actionNewCase):
        assert not action.isEnabled()


def no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []


def test_the_system_administrator_gets_operators_and_seals(
    qtbot: Any, session: Session, dialogs: DialogDriver, caplog: pytest.LogCaptureFixture
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "admin01", "Admin#2026")
    window = shell.window
    assert window is not None
    no_counter(window)
    assert "系统管理员不办理柜面业务" in window.role_label.text()
    assert window.action_admin.isEnabled() and not window.action_rule_packs.isEnabled()
    dialog = shell.open_role_screen()
    assert isinstance(dialog, AdminDialog) and dialog.isVisible()
    names = {user.username for user in dialog.operators_page.users}
    assert {"admin01", "teller01", "rules01"} <= names
    no_traceback(caplog)
    shell.close_supervisor()


def test_the_rule_administrator_gets_the_rule_pack_screen(
    qtbot: Any, session: Session, dialogs: DialogDriver, caplog: pytest.LogCaptureFixture
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "rules01", "Rules#2026")
    window = shell.window
    assert window is not None
    no_counter(window)
    assert "规则管理员不办理柜面业务" in window.role_label.text()
    assert not window.action_admin.isEnabled()
    window.ui.actionOpening.trigger()  # Ctrl+1 does not bring the forms back
    no_counter(window)
    dialog = shell.open_role_screen()
    assert isinstance(dialog, RulePackDialog) and dialog.isVisible()
    no_traceback(caplog)


def test_a_teller_keeps_the_case_forms(qtbot: Any, session: Session, dialogs: DialogDriver) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    window = shell.window
    assert window is not None
    assert not window.ui.mainSplitter.isHidden() and window.role_label.isHidden()
    assert not window.action_admin.isEnabled()
    assert shell.open_role_screen() is None


def test_the_status_bar_names_the_operator_who_signed_in_on_the_same_window(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    # Found rendering the role screens: a window kept for the next operator still named the
    # teller before them until the status bar's one-minute timer.
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    window = shell.window
    assert window is not None and "teller01" in window.status_label.text()
    assert shell.start(session.authenticate("admin01", "Admin#2026")) is window
    assert "admin01" in window.status_label.text()
    assert "teller01" not in window.status_label.text()
