"""The console's 操作员 and 校验与封存 tabs on a real demo store, driven by mouse clicks and
keys: a supervisor unlocks and resets a teller, is told what a weak password lacks, needs the
administrator's own credentials to add an operator or change a role, cannot have their own
account changed at their own console; seals, sees the seals match, exports a checkpoint that
`audit verify` accepts, verifies with a progress bar and cancels. The statistics run on a
worker: the window keeps processing events while a query waits. Expected facts come straight
from the store file (read-only SQL)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QTableView, QWidget

from tellerguard.audit.record import decode_record
from tellerguard.audit.verify import verify_store
from tellerguard.gui.errors import UserFacingError
from tellerguard.gui.session import Session
from tellerguard.gui.shell import Shell
from tellerguard.gui.views.operators import CredentialsDialog, OperatorDialog, OperatorsPage
from tellerguard.gui.views.seals import SealsPage
from tellerguard.gui.views.supervisor import SupervisorDialog

from .conftest import DialogDriver
from .helpers import type_text
from .test_scenarios import log_in
from .test_supervisor import counted, open_dialog, whole_store

pytestmark = pytest.mark.gui

GOOD = "Tg7#mansion-Lake"


def events(session: Session, where: str) -> list[dict[str, Any]]:
    path = session.settings.database_path
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute(f"SELECT record FROM events WHERE {where} ORDER BY seq").fetchall()
    return [json.loads(decode_record(bytes(r[0]))) for r in rows]


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_tab(dialog: SupervisorDialog, page: QWidget) -> None:
    bar = dialog.ui.tabs.tabBar()
    index = dialog.ui.tabs.indexOf(page)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert dialog.ui.tabs.currentWidget() is page


def click_row(table: QTableView, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentIndex().row() == row


def row_of(page: OperatorsPage, username: str) -> int:
    return [u.username for u in page.users].index(username)


def ok(dialog: Any) -> None:
    click(dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok))


@pytest.fixture
def console(qtbot: Any, session: Session, dialogs: DialogDriver) -> Iterator[SupervisorDialog]:
    """审计与统计 opened by supervisor01 from the menu, over the whole demo store; closed
    after (its workers stopped)."""
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "supervisor01", "Super#2026")
    dialog = open_dialog(qtbot, shell)
    whole_store(qtbot, dialog)
    yield dialog
    shell.close_supervisor()


def answer_box(seen: list[str]) -> Any:
    def read(box: QMessageBox) -> None:
        seen.append(box.text())
        QTest.keyClick(box, Qt.Key.Key_Return)

    return read


def test_a_supervisor_manages_operators_by_clicks(
    qtbot: Any, qtmodeltester: Any, session: Session, dialogs: DialogDriver
) -> None:
    for _ in range(2):  # teller02 mistypes twice: not locked yet, but counted
        with pytest.raises(UserFacingError):
            session.authenticate("teller02", "Wrong#2026xx")
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "supervisor01", "Super#2026")
    dialog = open_dialog(qtbot, shell)
    try:
        manage_operators(qtbot, qtmodeltester, session, dialogs, dialog)
    finally:
        shell.close_supervisor()


def manage_operators(
    qtbot: Any,
    qtmodeltester: Any,
    session: Session,
    dialogs: DialogDriver,
    dialog: SupervisorDialog,
) -> None:
    page = dialog.operators_page
    open_tab(dialog, page)
    qtmodeltester.check(page.model)
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert {"admin01", "teller01", "teller02", "supervisor01"} <= set(names)
    assert "须由有权限的操作员（系统管理员）本人" in page.ui.rulesLabel.text()

    # Unlock teller02 (the supervisor's own right): one click on the row, one on the button.
    click_row(page.ui.operatorsTable, row_of(page, "teller02"))
    assert page.ui.unlockButton.isEnabled()
    click(page.ui.unlockButton)
    assert "解锁操作员：teller02" in page.ui.resultLabel.text()
    unlocked = events(session, "type = 'user_unlocked'")
    assert unlocked[-1]["operator"] == "supervisor01"
    assert page.users[row_of(page, "teller02")].failed_logins == 0

    # Reset teller01's password: a breached one and one with the name are refused as typed.
    def reset(d: OperatorDialog) -> None:
        assert not d.ui.usernameEdit.isVisibleTo(d)
        QTest.keyClicks(d.ui.passwordEdit, "Password123!")
        assert "属于常见的已泄露密码" in d.ui.policyLabel.text()
        ok(d)
        assert d.isVisible()  # not accepted
        d.ui.passwordEdit.clear()
        QTest.keyClicks(d.ui.passwordEdit, "Teller01#Lake")
        assert "不能包含用户名或姓名" in d.ui.policyLabel.text()
        d.ui.passwordEdit.clear()
        QTest.keyClicks(d.ui.passwordEdit, GOOD)
        QTest.keyClick(d.ui.passwordEdit, Qt.Key.Key_Tab)
        QTest.keyClicks(d.ui.confirmEdit, GOOD[:-1])
        ok(d)
        assert "两次输入的密码不一致" in d.ui.policyLabel.text() and d.isVisible()
        QTest.keyClicks(d.ui.confirmEdit, GOOD[-1])
        assert d.ui.policyLabel.text() == "密码符合规则"
        ok(d)

    click_row(page.ui.operatorsTable, row_of(page, "teller01"))
    dialogs.expect(OperatorDialog, reset)
    click(page.ui.resetButton)
    dialogs.check()
    assert "重置密码：teller01" in page.ui.resultLabel.text()
    assert events(session, "type = 'password_reset'")[-1]["operator"] == "supervisor01"
    assert page.users[row_of(page, "teller01")].must_change_password

    # Adding needs the administrator: an empty user name is refused after their sign-in …
    def new_operator(username: str) -> Any:
        def fill(d: OperatorDialog) -> None:
            d.ui.usernameEdit.setFocus()
            QTest.keyClicks(d.ui.usernameEdit, username)
            QTest.keyClick(d.ui.usernameEdit, Qt.Key.Key_Tab)
            type_text(d.ui.displayNameEdit, "赵新")
            d.ui.roleEdit.setCurrentIndex(d.ui.roleEdit.findData("teller"))
            QTest.keyClicks(d.ui.passwordEdit, GOOD)
            QTest.keyClicks(d.ui.confirmEdit, GOOD)
            ok(d)

        return fill

    def administrator(password: str) -> Any:
        def sign(d: CredentialsDialog) -> None:
            assert "系统管理员本人" in d.ui.summaryLabel.text()
            QTest.keyClicks(d.ui.usernameEdit, "admin01")
            QTest.keyClick(d.ui.usernameEdit, Qt.Key.Key_Tab)
            QTest.keyClicks(d.ui.passwordEdit, password)
            QTest.keyClick(d.ui.passwordEdit, Qt.Key.Key_Return)

        return sign

    seen: list[str] = []
    before = len(events(session, "type = 'user_added'"))
    for username, password in (("", "Admin#2026"), ("teller09", "Wrong#2026xx")):
        dialogs.expect(OperatorDialog, new_operator(username))
        dialogs.expect(CredentialsDialog, administrator(password))
        dialogs.expect(QMessageBox, answer_box(seen))
        click(page.ui.addButton)
        dialogs.check()
    assert "用户名应为" in seen[0]
    assert "用户名或密码错误" in seen[1]
    assert len(events(session, "type = 'user_added'")) == before
    # … and with the right credentials teller09 is added, recorded as the administrator's.
    dialogs.expect(OperatorDialog, new_operator("teller09"))
    dialogs.expect(CredentialsDialog, administrator("Admin#2026"))
    click(page.ui.addButton)
    dialogs.check()
    added = events(session, "type = 'user_added'")[-1]
    assert (added["operator"], added["payload"]["user"]["username"]) == ("admin01", "teller09")
    assert "新增操作员：teller09" in page.ui.resultLabel.text()
    assert "操作人 admin01" in page.ui.resultLabel.text()

    # The supervisor cannot have their own role raised at their own console.
    def to_admin(d: OperatorDialog) -> None:
        d.ui.roleEdit.setCurrentIndex(d.ui.roleEdit.findData("it_admin"))
        ok(d)

    click_row(page.ui.operatorsTable, row_of(page, "supervisor01"))
    dialogs.expect(OperatorDialog, to_admin)
    dialogs.expect(CredentialsDialog, administrator("Admin#2026"))
    dialogs.expect(QMessageBox, answer_box(seen))
    click(page.ui.roleButton)
    dialogs.check()
    assert "不能在本人登录的控制台上处理自己的账户" in seen[-1]
    assert not events(session, "type = 'role_changed'")

    # Disable the new teller with a reason (the administrator's again).
    def reason(d: OperatorDialog) -> None:
        type_text(d.ui.reasonEdit, "调离本网点")
        ok(d)

    click_row(page.ui.operatorsTable, row_of(page, "teller09"))
    dialogs.expect(OperatorDialog, reason)
    dialogs.expect(CredentialsDialog, administrator("Admin#2026"))
    click(page.ui.disableButton)
    dialogs.check()
    disabled = events(session, "type = 'user_disabled'")[-1]
    assert disabled["operator"] == "admin01"
    assert page.model.index(row_of(page, "teller09"), 3).data() == "已停用、须修改密码"
    assert not page.ui.disableButton.isEnabled()
    qtmodeltester.check(page.model)
    # The users table still matches its events after all of it.
    assert verify_store(session.settings.database_path).ok


def test_seal_check_export_and_verify_with_cancel(
    qtbot: Any, qtmodeltester: Any, session: Session, console: SupervisorDialog, tmp_path: Path
) -> None:
    dialog = console
    page = dialog.seals_page
    assert isinstance(page, SealsPage)
    open_tab(dialog, page)
    click(page.ui.sealButton)
    assert page.ui.resultLabel.text().startswith("已封存至序号")
    sealed = events(session, "type = 'day_sealed' AND operator = 'supervisor01'")
    assert len(sealed) == 1
    qtmodeltester.check(page.model)
    assert page.model.index(0, 2).data() == f"#{sealed[0]['payload']['seq']}"
    assert page.model.index(0, 5).data() == "相符"
    assert "均与审计记录相符" in page.ui.sealsLabel.text()

    out = tmp_path / "usb" / "seal.json"
    out.parent.mkdir()
    page.ask_path = lambda suggested: out
    click_row(page.ui.sealsTable, 0)
    click(page.ui.exportCheckpointButton)
    assert "检查点已导出" in page.ui.resultLabel.text() and out.is_file()
    report = verify_store(session.settings.database_path, checkpoints=[out])
    assert report.ok and any(r.ok and r.path == str(out) for r in report.checkpoints)

    # Verify: the bar runs, the result is recorded and shown.
    before = len(events(session, "type = 'audit_verified'"))
    click(page.ui.startVerifyButton)
    assert not page.ui.startVerifyButton.isEnabled()
    qtbot.waitUntil(lambda: page.ui.verifyLabel.text().startswith("审计链校验通过"), timeout=20_000)
    assert page.ui.verifyProgress.value() == page.ui.verifyProgress.maximum()
    assert len(events(session, "type = 'audit_verified'")) == before + 1

    # Cancel: a verification that has to wait (another one holds the store's verification)
    # is cancelled by a click, and nothing is concluded or recorded.
    with session.verifying:
        click(page.ui.startVerifyButton)
        assert "另一项校验正在进行" in page.ui.verifyLabel.text()  # it says why it waits
        assert page.ui.cancelVerifyButton.isEnabled()
        click(page.ui.cancelVerifyButton)
    qtbot.waitUntil(lambda: "校验已取消" in page.ui.verifyLabel.text(), timeout=20_000)
    assert page.ui.startVerifyButton.isEnabled() and not page.ui.cancelVerifyButton.isEnabled()
    assert len(events(session, "type = 'audit_verified'")) == before + 1


def test_the_window_stays_responsive_while_statistics_are_counted(
    qtbot: Any, console: SupervisorDialog
) -> None:
    dialog = console
    shown = dialog.ui.statsLabel.text()
    assert "劝阻成功" in shown
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: ticks.append(1))
    # While the statistics connection is held, the query waits on the worker. The window's
    # own thread must go on: timers fire, clicks switch tabs, the label says it is counting.
    with dialog.stats_reader.busy:
        click(dialog.ui.queryButton)
        assert dialog.stats_task.running
        assert dialog.ui.statsLabel.text() == "统计中…"
        timer.start()
        qtbot.waitUntil(lambda: len(ticks) >= 3)
        open_tab(dialog, dialog.operators_page)
        open_tab(dialog, dialog.ui.statsTab)
        assert dialog.stats_task.running  # still waiting: the query has not run
    timer.stop()
    counted(qtbot, dialog)
    assert dialog.ui.statsLabel.text() == shown
