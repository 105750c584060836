"""Whole counter scenarios on a real demo store: log in, type the case, read the risk panel,
go through the reminder, the supervisor or the refusal, and find the audit event and its PDF.

Everything is typed into the real widgets; the store, the operators and the services are the
real ones (a demo branch created per test from a template).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from tellerguard.audit.store import add_record_functions
from tellerguard.domain.clock import SHANGHAI, ManualClock
from tellerguard.domain.facts import History
from tellerguard.gui.samples import (
    ELDERLY_TO_SON,
    SAFE_ACCOUNT,
    STUDENT_WITH_COMPANION,
    WECHAT_FRIEND,
)
from tellerguard.gui.session import Session
from tellerguard.gui.shell import Shell
from tellerguard.gui.views.authorization import AuthorizationDialog
from tellerguard.gui.views.login import LoginDialog
from tellerguard.gui.views.refusal import RefusalDialog
from tellerguard.gui.views.reminder import ReminderDialog
from tellerguard.services.counter import Counter
from tellerguard.services.rules import load_rules
from tests.unit.audit_helpers import assessment, login, open_ws, set_up
from tests.unit.audit_helpers import case as unit_case

from .conftest import DialogDriver
from .helpers import fill_form, type_text

pytestmark = pytest.mark.gui


def log_in(
    qtbot: Any,
    dialogs: DialogDriver,
    shell: Shell,
    username: str = "teller01",
    password: str = "Teller#2026",
) -> None:
    def type_credentials(dialog: LoginDialog) -> None:
        QTest.keyClicks(dialog.ui.usernameEdit, username)
        QTest.keyClick(dialog.ui.usernameEdit, Qt.Key.Key_Tab)
        QTest.keyClicks(dialog.ui.passwordEdit, password)
        QTest.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)

    dialogs.expect(LoginDialog, type_credentials)
    assert shell.login()
    dialogs.check()
    assert shell.window is not None
    window = shell.window
    window.confirm_close = False
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    shell.flow.open_pdf_after = False  # type: ignore[union-attr]


def finish(window: Any) -> None:
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    QTest.keyClick(window.form.ui.notesEdit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def answer(decision_key: Qt.Key, text: str) -> Any:
    def handler(dialog: ReminderDialog) -> None:
        assert dialog.ui.scriptBrowser.toPlainText().strip()  # something to read aloud
        for _question, edit in dialog.answer_edits:
            edit.setFocus()
            type_text(edit, text)
        QTest.keyClick(dialog, decision_key, Qt.KeyboardModifier.AltModifier)
        QTest.qWait(200)
        QTest.keyClick(dialog.answer_edits[0][1], Qt.Key.Key_Return)

    return handler


def close_box(box: QMessageBox) -> None:
    QTest.keyClick(box, Qt.Key.Key_Escape)


def event(session: Session, seq: int) -> dict[str, Any]:
    stored = session.workstation.store.event(seq)
    assert stored is not None
    return stored.data()


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        return ""
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_wechat_friend_is_dissuaded_and_recorded_with_its_pdf(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    window = shell.window
    assert window is not None
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    fill_form(qtbot, window.transfer_form, WECHAT_FRIEND)
    panel = window.risk_panel
    assert panel.badge_text() == "主管授权"
    rules = [
        panel.model.data(panel.model.index(row, 0), panel.model.RuleIdRole)
        for row in range(panel.model.rowCount())
    ]
    assert "XFER-ACQUAINTANCE" in rules
    shown = panel.model.data(panel.model.index(rules.index("XFER-ACQUAINTANCE"), 0))
    assert "100,000.00" in shown  # the explanation names the triggering values

    dialogs.expect(ReminderDialog, answer(Qt.Key.Key_2, "微信上的老朋友，没打过电话"))
    dialogs.expect(QMessageBox, close_box)
    finish(window)
    dialogs.check()
    assert shell.flow is not None and shell.flow.last is not None
    last = shell.flow.last
    assert last.decision == "dissuaded"
    recorded = event(session, last.event.sequence)
    assert recorded["type"] == "reminder_completed"
    assert recorded["payload"]["decision"] == "dissuaded"
    assert recorded["operator"] == "teller01"
    assert recorded["payload"]["duration_seconds"] >= 0
    shown_event = event(session, last.event.sequence - 1)
    assert shown_event["type"] == "assessment_shown"
    assert last.pdf is not None and last.pdf.is_file()
    text = pdf_text(last.pdf)
    if text:
        assert f"审计序号 {last.event.sequence}" in text and last.event.hash[:16] in text
        assert "劝阻成功" in text and "邱**" in text and "邱建华" not in text
    assert not window.transfer_form.has_input()  # ready for the next customer
    # Coming back today, the same customer is flagged by the history rule.
    fill_form(qtbot, window.transfer_form, WECHAT_FRIEND)
    assert "劝阻成功 1 次" in window.transfer_form.ui.historyLabel.text()
    current = window.current()
    assert current.history == History(reminders_30d=1, dissuaded_30d=1)
    assert current.assessment is not None
    assert "HIST-DISSUADED" in [hit.rule_id for hit in current.assessment.hits]


def test_elderly_customer_to_verified_son_proceeds_after_reminder(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    window = shell.window
    assert window is not None
    window.switch_to("transfer")
    fill_form(qtbot, window.transfer_form, ELDERLY_TO_SON)
    assert window.risk_panel.badge_text() == "二次提醒"
    dialogs.expect(ReminderDialog, answer(Qt.Key.Key_1, "给儿子买房首付，已打电话核实"))
    dialogs.expect(QMessageBox, close_box)
    finish(window)
    dialogs.check()
    last = shell.flow.last  # type: ignore[union-attr]
    assert last is not None and last.decision == "proceeded"
    recorded = event(session, last.event.sequence)
    assert recorded["type"] == "reminder_completed"
    assert recorded["payload"]["decision"] == "proceeded"
    answers = recorded["payload"]["answers"]
    assert len(answers) >= 3, answers  # every question of the script was answered
    assert all(a["answer"]["c"] and a["answer"]["m"] for a in answers)  # sealed, but present


def test_safe_account_transfer_is_refused_with_appeal(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    window = shell.window
    assert window is not None
    window.switch_to("transfer")
    fill_form(qtbot, window.transfer_form, SAFE_ACCOUNT)
    assert window.risk_panel.badge_text() == "拒绝办理"
    appeal: list[str] = []

    def refuse(dialog: RefusalDialog) -> None:
        appeal.append(dialog.ui.appealLabel.text())
        dialog.ui.policeCheck.setFocus()
        QTest.keyClick(dialog.ui.policeCheck, Qt.Key.Key_Space)
        dialog.ui.reasonEdit.setFocus()
        QTest.keyClick(dialog.ui.reasonEdit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        type_text(dialog.ui.reasonEdit, "；客户称民警来电要求转入安全账户")
        dialog.ui.buttonBox.button(dialog.ui.buttonBox.StandardButton.Ok).setFocus()
        QTest.keyClick(
            dialog.ui.buttonBox.button(dialog.ui.buttonBox.StandardButton.Ok), Qt.Key.Key_Space
        )

    dialogs.expect(RefusalDialog, refuse)
    dialogs.expect(QMessageBox, close_box)
    finish(window)
    dialogs.check()
    assert "第三十二条" in appeal[0] and "96110" in appeal[0]
    last = shell.flow.last  # type: ignore[union-attr]
    recorded = event(session, last.event.sequence)  # type: ignore[union-attr]
    assert recorded["type"] == "business_refused"
    assert recorded["payload"]["referred_to_police"] is True
    assert "XFER-AUTHORITY" in recorded["payload"]["rule_ids"]


def test_student_opening_with_companion_needs_a_supervisor(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    window = shell.window
    assert window is not None
    fill_form(qtbot, window.opening_form, STUDENT_WITH_COMPANION)
    assert window.risk_panel.badge_text() == "主管授权"
    errors: list[str] = []

    def authorize(dialog: AuthorizationDialog) -> None:
        QTest.keyClicks(dialog.ui.supervisorEdit, "teller01")  # the teller cannot self-approve
        QTest.keyClicks(dialog.ui.passwordEdit, "Teller#2026")
        dialog.ui.reasonEdit.setFocus()
        type_text(dialog.ui.reasonEdit, "已单独询问客户，本人办理工资卡，陪同人已离开")
        QTest.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)
        errors.append(dialog.ui.messageLabel.text())
        dialog.ui.supervisorEdit.clear()
        QTest.keyClicks(dialog.ui.supervisorEdit, "supervisor01")
        QTest.keyClicks(dialog.ui.passwordEdit, "Super#2026")
        QTest.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)

    dialogs.expect(ReminderDialog, answer(Qt.Key.Key_1, "自己用，发工资"))
    dialogs.expect(AuthorizationDialog, authorize)
    dialogs.expect(QMessageBox, close_box)
    finish(window)
    dialogs.check()
    assert errors == ["不能为本人经办的业务授权，请由另一位主管授权"]
    last = shell.flow.last  # type: ignore[union-attr]
    recorded = event(session, last.event.sequence)  # type: ignore[union-attr]
    assert recorded["type"] == "supervisor_authorized"
    assert recorded["payload"]["supervisor"] == "supervisor01"
    assert recorded["payload"]["teller"] == "teller01"
    text = pdf_text(last.pdf)  # type: ignore[union-attr, arg-type]
    if text:
        assert "王主管" in text and "主管授权" in text


def test_locked_database_blocks_finishing_and_keeps_everything(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    window = shell.window
    assert window is not None
    window.switch_to("transfer")
    fill_form(qtbot, window.transfer_form, ELDERLY_TO_SON)
    before = session.workstation.store.read_head().seq
    # Another program (a backup tool, a second copy) holds the write lock.
    other = sqlite3.connect(str(session.settings.database_path), timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    shown: list[str] = []
    try:
        dialogs.expect(ReminderDialog, answer(Qt.Key.Key_2, "不转了"))
        dialogs.expect(
            QMessageBox, lambda box: (shown.append(box.text()), close_box(box)), timeout_ms=15000
        )
        finish(window)
        dialogs.check()
    finally:
        other.rollback()
        other.close()
    assert shown and "其他程序占用" in shown[0] and "未完成" in shown[0] and "仍保留" in shown[0]
    assert window.transfer_form.values()["customer.name"] == "王秀兰"
    assert session.workstation.store.read_head().seq == before  # nothing half-written
    kept: list[str] = []

    def accept_kept(dialog: ReminderDialog) -> None:
        kept.extend(edit.text() for _, edit in dialog.answer_edits)
        QTest.keyClick(dialog.answer_edits[0][1], Qt.Key.Key_Return)

    dialogs.expect(ReminderDialog, accept_kept)
    dialogs.expect(QMessageBox, close_box)
    finish(window)
    dialogs.check()
    assert kept and set(kept) == {"不转了"}
    last = shell.flow.last  # type: ignore[union-attr]
    assert event(session, last.event.sequence)["payload"]["decision"] == "dissuaded"  # type: ignore[union-attr]


def test_wrong_passwords_are_refused_audited_and_lock_the_account(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    shell = Shell(session)
    messages: list[str] = []
    before = session.workstation.store.read_head().seq
    tries = session.settings.max_failed_logins

    def wrong_then_cancel(dialog: LoginDialog) -> None:
        QTest.keyClicks(dialog.ui.usernameEdit, "teller02")
        for _ in range(tries + 1):
            QTest.keyClicks(dialog.ui.passwordEdit, "wrong-password")
            QTest.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)
            messages.append(dialog.ui.messageLabel.text())
            assert dialog.ui.passwordEdit.text() == ""
        QTest.keyClicks(dialog.ui.passwordEdit, "Teller#2026")  # too late: locked
        QTest.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)
        messages.append(dialog.ui.messageLabel.text())
        dialog.reject()

    dialogs.expect(LoginDialog, wrong_then_cancel)
    assert not shell.login()
    dialogs.check()
    assert "用户名或密码错误" in messages[0]
    assert "锁定" in messages[tries - 1] and "锁定" in messages[-1]
    failed = event(session, before + 1)
    assert failed["type"] == "login_failed" and failed["payload"]["username"] == "teller02"
    types = [
        event(session, seq)["type"]
        for seq in range(before + 1, session.workstation.store.read_head().seq + 1)
    ]
    assert "account_locked" in types


def test_idle_lock_hides_the_case_and_keeps_it(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    window = shell.window
    assert window is not None
    window.switch_to("transfer")
    fill_form(qtbot, window.transfer_form, ELDERLY_TO_SON)
    seen: list[str] = []

    def unlock(dialog: LoginDialog) -> None:
        seen.append(dialog.ui.usernameEdit.text())
        assert not window.ui.centralwidget.isVisible()  # nothing typed shows while locked
        QTest.keyClicks(dialog.ui.passwordEdit, "Teller#2026")
        QTest.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)

    dialogs.expect(LoginDialog, unlock)
    window.idle.timer.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.waitUntil(lambda: not window.locked, timeout=5000)
    dialogs.check()
    assert seen == ["teller01"]
    assert window.ui.centralwidget.isVisible()
    assert window.transfer_form.values()["customer.name"] == "王秀兰"
    assert window.risk_panel.badge_text() == "二次提醒"
    head = session.workstation.store.read_head().seq
    locked, sealed, unlocked = (event(session, head - n) for n in (2, 1, 0))
    assert locked["type"] == "workstation_locked" and locked["operator"] == "teller01"
    # The operator walked away: everything up to the lock is sealed.
    assert sealed["type"] == "day_sealed" and sealed["payload"]["seq"] == head - 2
    assert unlocked["type"] == "login_succeeded" and unlocked["payload"]["context"] == "unlock"


def test_opening_the_app_seals_the_last_past_day(tmp_path: Path, clock: ManualClock) -> None:
    settings = set_up(tmp_path)
    today = clock.today()
    yesterday = today - timedelta(days=1)
    clock.set(datetime(yesterday.year, yesterday.month, yesterday.day, 16, 0, tzinfo=SHANGHAI))
    with open_ws(settings) as ws:
        Counter(ws, login(ws, "teller01")).record_assessment(unit_case(), assessment())
    clock.set(datetime(today.year, today.month, today.day, 8, 30, tzinfo=SHANGHAI))
    opened = Session.open(settings, load_rules(settings))
    opened.close()
    db = sqlite3.connect(f"file:{settings.database_path}?mode=ro", uri=True)
    add_record_functions(db)
    try:
        days = [
            row[0]
            for row in db.execute(
                "SELECT record_json(record) ->> '$.payload.day' FROM events "
                "WHERE type = 'day_sealed'"
            )
        ]
    finally:
        db.close()
    # Yesterday's seal at opening; closing the app seals what today recorded so far.
    assert days == [yesterday.isoformat(), today.isoformat()]
    assert len(list((settings.database_path.parent / "checkpoints").iterdir())) == 2


def test_a_clock_behind_the_record_is_shown_at_login_and_the_date_follows_midnight(
    qtbot: Any, session: Session, clock: ManualClock
) -> None:
    shell = Shell(session)
    first = shell.login_dialog()
    qtbot.addWidget(first)
    assert "校准时钟" not in first.ui.messageLabel.text()
    clock.advance(-timedelta(days=1))  # the PC's clock was set back a day
    warned = shell.login_dialog()
    qtbot.addWidget(warned)
    assert "本机时钟比最近一条审计记录早约 24 小时" in warned.ui.messageLabel.text()
    # A teller working past midnight: the business date is read at each use, not at login.
    clock.set(datetime(2026, 11, 25, 23, 59, 30, tzinfo=SHANGHAI))
    assert "业务日期 2026-11-25" in session.status_text()
    clock.set(datetime(2026, 11, 26, 0, 0, 30, tzinfo=SHANGHAI))
    assert session.business_date().isoformat() == "2026-11-26"
    assert "业务日期 2026-11-26" in session.status_text()
