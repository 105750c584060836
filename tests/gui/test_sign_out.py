"""注销登录 and 切换用户 on a real demo store: the sign-out is an audit event, the unfinished case
is kept for the next operator or discarded as the teller chooses, and cancelling changes nothing."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton

from tellerguard.audit.record import decode_record
from tellerguard.gui.samples import ELDERLY_TO_SON
from tellerguard.gui.session import Session
from tellerguard.gui.shell import Shell
from tellerguard.gui.views.login import LoginDialog

from .conftest import DialogDriver
from .test_scenarios import log_in

pytestmark = pytest.mark.gui


def events_since(session: Session, seq: int) -> list[tuple[str, str, dict[str, Any]]]:
    db = sqlite3.connect(f"file:{session.settings.database_path}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT type, operator, record FROM events WHERE seq > ? ORDER BY seq", (seq,)
        ).fetchall()
    finally:
        db.close()
    return [
        (kind, operator, json.loads(decode_record(record))["payload"])
        for kind, operator, record in rows
    ]


def last_seq(session: Session) -> int:
    db = sqlite3.connect(f"file:{session.settings.database_path}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT max(seq) FROM events").fetchone()[0])
    finally:
        db.close()


def press_button(text: str) -> Any:
    def press(box: QMessageBox) -> None:
        (button,) = [b for b in box.findChildren(QPushButton) if b.text() == text]
        button.click()

    return press


def credentials(username: str, password: str) -> Any:
    def type_them(dialog: LoginDialog) -> None:
        QTest.keyClicks(dialog.ui.usernameEdit, username)
        QTest.keyClick(dialog.ui.usernameEdit, Qt.Key.Key_Tab)
        QTest.keyClicks(dialog.ui.passwordEdit, password)
        QTest.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Return)

    return type_them


def shortcut(window: Any, key: Qt.Key) -> None:
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window.form.ui.notesEdit, key, modifiers)


def signed_in(qtbot: Any, dialogs: DialogDriver, session: Session) -> tuple[Shell, Any]:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    assert shell.window is not None
    return shell, shell.window


def signed_in_with_a_case(qtbot: Any, dialogs: DialogDriver, session: Session) -> tuple[Shell, Any]:
    shell, window = signed_in(qtbot, dialogs, session)
    window.switch_to("transfer")
    window.form.set_values(ELDERLY_TO_SON)
    return shell, window


def test_switch_user_keeps_the_case_for_the_supervisor(
    qtbot: Any, dialogs: DialogDriver, session: Session
) -> None:
    _shell, window = signed_in_with_a_case(qtbot, dialogs, session)
    assert not window.ui.actionSupervisor.isEnabled()
    before, seq = window.form.values(), last_seq(session)
    dialogs.expect(QMessageBox, press_button("保留业务"))
    dialogs.expect(LoginDialog, credentials("supervisor01", "Super#2026"))
    shortcut(window, Qt.Key.Key_U)
    qtbot.waitUntil(lambda: session.username == "supervisor01" and not window.locked)
    dialogs.check()
    assert window.form.values() == before  # the case waits for the next operator
    assert window.ui.actionSupervisor.isEnabled()
    assert "主管" in window.status_label.text() or "supervisor01" in window.status_label.text()
    recorded = events_since(session, seq)
    assert recorded[0] == (
        "operator_signed_out",
        "teller01",
        {"reason": "switch_user", "case_in_progress": "kept"},
    )
    assert ("login_succeeded", "supervisor01") in [(k, o) for k, o, _ in recorded]


def test_logout_discards_the_case_when_the_teller_says_so(
    qtbot: Any, dialogs: DialogDriver, session: Session
) -> None:
    _shell, window = signed_in_with_a_case(qtbot, dialogs, session)
    seq = last_seq(session)
    dialogs.expect(QMessageBox, press_button("放弃业务"))
    dialogs.expect(LoginDialog, credentials("teller02", "Teller#2026"))
    shortcut(window, Qt.Key.Key_Q)
    qtbot.waitUntil(lambda: session.username == "teller02" and not window.locked)
    dialogs.check()
    assert not window.has_input()
    kinds = [(k, o, p) for k, o, p in events_since(session, seq)]
    assert kinds[0] == (
        "operator_signed_out",
        "teller01",
        {"reason": "logout", "case_in_progress": "discarded"},
    )


def test_cancelling_the_question_stays_signed_in_and_records_nothing(
    qtbot: Any, dialogs: DialogDriver, session: Session
) -> None:
    _shell, window = signed_in(qtbot, dialogs, session)
    window.form.set_value("customer.name", "王秀兰")
    seq = last_seq(session)
    dialogs.expect(QMessageBox, press_button("取消"))
    shortcut(window, Qt.Key.Key_Q)
    qtbot.waitUntil(lambda: "QMessageBox" in dialogs.seen)
    dialogs.check()
    assert session.username == "teller01" and not window.locked
    assert window.form.value("customer.name") == "王秀兰"
    assert events_since(session, seq) == []


def test_logout_without_a_case_then_closing_the_login_window_quits(
    qtbot: Any, dialogs: DialogDriver, session: Session
) -> None:
    shell, window = signed_in(qtbot, dialogs, session)
    seq = last_seq(session)
    dialogs.expect(LoginDialog, lambda dialog: dialog.reject())
    assert not shell.sign_out("logout")  # nothing typed: no question
    dialogs.check()
    assert not window.isVisible()
    assert session.operator is None
    signed_out, sealed = events_since(session, seq)
    assert signed_out == (
        "operator_signed_out",
        "teller01",
        {"reason": "logout", "case_in_progress": "none"},
    )
    # Leaving the counter seals everything so far, the sign-out included.
    assert sealed[:2] == ("day_sealed", "system")
    assert sealed[2]["seq"] == seq + 1
