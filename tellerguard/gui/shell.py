"""The logged-in app: login, the main window, finishing, and the idle lock, over one session."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit

from tellerguard.gui.errors import UserFacingError, show_error
from tellerguard.gui.finish import FinishFlow
from tellerguard.gui.i18n import translate
from tellerguard.gui.session import Session
from tellerguard.gui.supervisor import SupervisorPresenter
from tellerguard.gui.views.login import LoginDialog
from tellerguard.gui.views.main_window import MainWindow
from tellerguard.gui.views.supervisor import SupervisorDialog
from tellerguard.services.desk import OperatorSession

log = logging.getLogger("tellerguard.gui.shell")


class Shell:
    """Owns the window for one logged-in operator at a time."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.window: MainWindow | None = None
        self.flow: FinishFlow | None = None
        self.supervisor_dialog: SupervisorDialog | None = None

    def login_dialog(self) -> LoginDialog:
        return LoginDialog(
            self.session.authenticate,
            branch_text=self.session.branch_text,
            hint="\n".join(
                text
                for text in (
                    self.session.clock_warning(),
                    self.session.permission_warning(),
                    self.session.login_hint,
                )
                if text
            ),
        )

    def login(self) -> bool:
        """Ask for credentials until they are right or the operator gives up."""
        dialog = self.login_dialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        operator = dialog.operator
        if operator.must_change_password:
            operator = self.change_password(operator.username)
            if operator is None:
                return False
        self.start(operator)
        return True

    def change_password(self, username: str) -> OperatorSession | None:
        """First login or after a reset: the operator sets their own password first."""
        while True:
            old, ok = QInputDialog.getText(
                None,
                translate("shell", "修改密码"),
                translate("shell", "{username}：请输入当前（临时）密码").format(username=username),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return None
            new, ok = QInputDialog.getText(
                None,
                translate("shell", "修改密码"),
                translate("shell", "请输入新密码（至少 10 位，含字母和数字）"),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return None
            again, ok = QInputDialog.getText(
                None,
                translate("shell", "修改密码"),
                translate("shell", "请再次输入新密码"),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return None
            if new != again:
                show_error(None, translate("shell", "两次输入的新密码不一致"))
                continue
            try:
                return self.session.change_password(username, old, new)
            except UserFacingError as exc:
                show_error(None, exc.message_zh)

    def start(self, operator: OperatorSession) -> MainWindow:
        """Open the main window for an authenticated operator."""
        self.session.start(operator)
        window = MainWindow(
            self.session,
            status_text=self.session.status_text,
            idle_minutes=self.session.settings.idle_lock_minutes,
        )
        window.setWindowTitle(
            translate("shell", "TellerGuard 柜面反诈助手 — {branch}").format(
                branch=self.session.settings.branch_name
            )
        )
        window.lock_requested.connect(self.lock)
        window.allow_supervisor(self.session.can_supervise())
        window.supervisor_requested.connect(self.open_supervisor)
        self.flow = FinishFlow(window, self.session)
        self.window = window
        return window

    def show(self) -> None:
        assert self.window is not None
        self.window.resize(1366, 800)
        self.window.showMaximized()
        self.window.idle.start()
        self.window.switch_to("opening")

    def open_supervisor(self) -> SupervisorDialog | None:
        """审计与统计, for a supervisor's session only (window-modal, shown at once)."""
        if not self.session.can_supervise():
            show_error(
                self.window,
                translate("shell", "审计与统计仅限主管查看，请由主管登录"),
                translate("shell", "无权查看"),
            )
            return None
        self.close_supervisor()
        dialog = SupervisorDialog(SupervisorPresenter(self.session), parent=self.window)
        dialog.resize(1180, 760)
        self.supervisor_dialog = dialog
        dialog.open()
        dialog.refresh()
        dialog.ui.fromDateEdit.setFocus()
        return dialog

    def close_supervisor(self) -> None:
        if self.supervisor_dialog is not None:
            self.supervisor_dialog.close()
            self.supervisor_dialog.shut()
            self.supervisor_dialog.deleteLater()
            self.supervisor_dialog = None

    def lock(self) -> None:
        """Hide the case behind the lock screen; only the same operator's password opens it."""
        window = self.window
        if window is None or window.locked:
            return
        self.close_supervisor()  # the audit log is not left open behind the lock
        log.info("workstation locked (operator %s)", self.session.username)
        self.session.record_lock()
        window.set_locked(True)
        dialog = LoginDialog(
            self.session.unlock,
            branch_text=self.session.branch_text,
            locked_user=self.session.username,
            parent=window,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            window.set_locked(False)
            log.info("workstation unlocked")
        else:
            window.close_without_asking()
