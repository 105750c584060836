"""The logged-in app: login, the main window, finishing, the idle lock, and signing out or
switching user (the unfinished case kept or discarded), over one session."""

from __future__ import annotations

import logging
from typing import Literal

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from tellerguard.gui.errors import UserFacingError, show_error
from tellerguard.gui.finish import FinishFlow
from tellerguard.gui.i18n import translate
from tellerguard.gui.rule_packs import RulePackPresenter
from tellerguard.gui.session import Session
from tellerguard.gui.supervisor import SupervisorPresenter
from tellerguard.gui.views.admin import AdminDialog
from tellerguard.gui.views.login import LoginDialog
from tellerguard.gui.views.main_window import MainWindow
from tellerguard.gui.views.rule_packs import RulePackDialog
from tellerguard.gui.views.supervisor import SupervisorDialog
from tellerguard.services.desk import OperatorSession

log = logging.getLogger("tellerguard.gui.shell")

CaseChoice = Literal["none", "kept", "discarded"]
SignOutReason = Literal["logout", "switch_user"]


class Shell:
    """Owns the window for one logged-in operator at a time."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.window: MainWindow | None = None
        self.flow: FinishFlow | None = None
        self.supervisor_dialog: SupervisorDialog | None = None
        self.rule_pack_dialog: RulePackDialog | None = None
        self.admin_dialog: AdminDialog | None = None

    def login_dialog(self, parent: QWidget | None = None) -> LoginDialog:
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
            parent=parent,
        )

    def login(self) -> bool:
        """Ask for credentials until they are right or the operator gives up."""
        operator = self.ask_operator(self.login_dialog())
        if operator is None:
            return False
        self.start(operator)
        return True

    def ask_operator(self, dialog: LoginDialog) -> OperatorSession | None:
        """The operator a login dialog signs in (after a required password change), if any."""
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        operator: OperatorSession = dialog.operator
        if operator.must_change_password:
            return self.change_password(operator.username)
        return operator

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
        if self.window is not None:  # the window of an earlier operator (switch user)
            self.allow(self.window)
            self.window.refresh_status()
            return self.window
        window = MainWindow(
            self.session,
            status_text=self.session.status_text,
            idle_minutes=self.session.settings.idle_lock_minutes,
        )
        # Qt appends the application's display name (TellerGuard 柜面反诈助手) itself.
        window.setWindowTitle(self.session.settings.branch_name)
        window.lock_requested.connect(self.lock)
        window.sign_out_requested.connect(self.sign_out)
        window.supervisor_requested.connect(self.open_supervisor)
        window.rule_packs_requested.connect(self.open_rule_packs)
        window.admin_requested.connect(self.open_admin)
        self.allow(window)
        self.flow = FinishFlow(window, self.session)
        self.window = window
        return window

    def allow(self, window: MainWindow) -> None:
        """What the signed-in operator's role opens: the case forms only for one who assesses
        (a rule or system administrator sees what their role does here instead)."""
        session = self.session
        window.allow_counter(session.can_assess(), session.role_text())
        window.allow_supervisor(session.can_supervise())
        window.allow_rule_packs(session.can_manage_rules())
        window.allow_admin(session.can_administer())

    def show(self) -> None:
        assert self.window is not None
        self.window.resize(1366, 800)
        self.window.showMaximized()
        self.window.idle.start()
        self.window.switch_to("opening")
        self.open_role_screen()

    def open_role_screen(self) -> QDialog | None:
        """For an operator who does not work at the counter, the screen of their role."""
        if self.session.can_assess():
            return None
        if self.session.can_manage_rules():
            return self.open_rule_packs()
        if self.session.can_administer():
            return self.open_admin()
        return None

    def open_admin(self) -> AdminDialog | None:
        """操作员与封存, for an operator who may manage operators (window-modal)."""
        if not self.session.can_administer():
            show_error(
                self.window,
                translate("shell", "操作员与封存仅限系统管理员使用"),
                translate("shell", "无权查看"),
            )
            return None
        self.close_supervisor()
        dialog = AdminDialog(self.session, parent=self.window)
        dialog.resize(1100, 680)
        self.admin_dialog = dialog
        dialog.open()
        return dialog

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

    def open_rule_packs(self) -> RulePackDialog | None:
        """规则包管理, for rule administrators and approvers (window-modal)."""
        if not self.session.can_manage_rules():
            show_error(
                self.window,
                translate("shell", "规则包管理仅限规则管理员和主管使用"),
                translate("shell", "无权查看"),
            )
            return None
        self.close_supervisor()
        dialog = RulePackDialog(RulePackPresenter(self.session), parent=self.window)
        if self.window is not None:  # the status bar names the pack now in force
            dialog.activated.connect(self.window.refresh_status)
        dialog.resize(1240, 800)
        self.rule_pack_dialog = dialog
        dialog.open()
        dialog.ui.folderEdit.setFocus()
        return dialog

    def close_supervisor(self) -> None:
        if self.admin_dialog is not None:
            self.admin_dialog.close()
            self.admin_dialog.deleteLater()
            self.admin_dialog = None
        if self.rule_pack_dialog is not None:  # the rule pack screen closes with it
            self.rule_pack_dialog.close()
            self.rule_pack_dialog.deleteLater()
            self.rule_pack_dialog = None
        if self.supervisor_dialog is not None:
            self.supervisor_dialog.close()
            self.supervisor_dialog.shut()
            self.supervisor_dialog.deleteLater()
            self.supervisor_dialog = None

    def ask_unfinished(self, reason: str) -> CaseChoice | None:
        """What to do with an unfinished case before signing out: keep it for whoever signs in
        next, discard it, or (None) stay signed in."""
        window = self.window
        assert window is not None
        if not window.has_input():
            return "none"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            translate("shell", "切换用户")
            if reason == "switch_user"
            else translate("shell", "注销登录"),
            translate(
                "shell",
                "当前业务尚未完成办理。\n保留：下一位登录的柜员可继续办理；"
                "放弃：清空已填写的内容。",
            ),
            parent=window,
        )
        keep = box.addButton(translate("shell", "保留业务"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(
            translate("shell", "放弃业务"), QMessageBox.ButtonRole.DestructiveRole
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        if clicked is keep:
            return "kept"
        if clicked is discard:
            return "discarded"
        return None

    def sign_out(self, reason: str) -> bool:
        """注销登录 / 切换用户: record it, then the login window for the next operator; the
        unfinished case is kept behind it or discarded, as the operator chose. Cancelling the
        login window quits the program. Returns whether someone signed in again."""
        window = self.window
        if window is None or window.locked:
            return False
        why: SignOutReason = "switch_user" if reason == "switch_user" else "logout"
        choice = self.ask_unfinished(why)
        if choice is None:
            return False
        self.close_supervisor()
        if choice == "discarded":
            window.discard_cases()
        self.session.sign_out(why, choice)
        window.set_locked(True)
        dialog = self.login_dialog(window)
        if why == "switch_user":
            dialog.setWindowTitle(translate("shell", "切换用户"))
        operator = self.ask_operator(dialog)
        if operator is None:
            window.close_without_asking()
            return False
        self.session.start(operator, keep_cases=choice == "kept")
        self.allow(window)
        window.set_locked(False)
        window.refresh_status()
        window.form.focus_first()
        self.open_role_screen()
        return True

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
