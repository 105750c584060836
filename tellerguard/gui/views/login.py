"""Log in, and unlock after the idle lock: the operator store decides, the dialog only asks.

Failures and lockouts are recorded by the authentication service; the dialog shows its short
Chinese message and clears the password.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from tellerguard.gui.errors import UserFacingError, confirm
from tellerguard.gui.forms.ui_login_dialog import Ui_LoginDialog
from tellerguard.gui.style import ERROR_COLOUR

Authenticate = Callable[[str, str], Any]
"""Takes (username, password); returns the operator or raises :class:`UserFacingError`."""


class LoginDialog(QDialog):
    """Login at start, or (``locked_user`` given) the unlock screen of an idle-locked window."""

    def __init__(
        self,
        authenticate: Authenticate,
        *,
        branch_text: str = "",
        locked_user: str | None = None,
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self._authenticate = authenticate
        self.operator: Any = None
        self.locked_user = locked_user
        self.ui.titleLabel.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.ui.messageLabel.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.ui.branchLabel.setText(branch_text)
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        ok.setDefault(True)
        if locked_user is None:
            ok.setText(self.tr("登录"))
            cancel.setText(self.tr("退出"))
        else:
            self.setWindowTitle(self.tr("屏幕已锁定"))
            self.ui.titleLabel.setText(self.tr("屏幕已锁定"))
            self.ui.branchLabel.setText(
                self.tr(
                    "{branch}\n长时间未操作已自动锁定，正在办理的业务已保留。\n请输入本人密码解锁。"
                )
                .format(branch=branch_text)
                .strip()
            )
            self.ui.usernameEdit.setText(locked_user)
            self.ui.usernameEdit.setReadOnly(True)
            self.ui.usernameEdit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            ok.setText(self.tr("解锁"))
            cancel.setText(self.tr("退出程序"))
        if hint:
            self.ui.messageLabel.setText(hint)
            self.ui.messageLabel.setStyleSheet("color: #555555;")
        self.ui.buttonBox.accepted.connect(self._try)
        self.ui.buttonBox.rejected.connect(self.reject)
        (self.ui.passwordEdit if locked_user else self.ui.usernameEdit).setFocus()
        self.setMinimumWidth(440)
        self.adjustSize()

    def _try(self) -> None:
        username = self.ui.usernameEdit.text().strip()
        password = self.ui.passwordEdit.text()
        if not username or not password:
            self.show_message(self.tr("请输入工号和密码"))
            return
        try:
            self.operator = self._authenticate(username, password)
        except UserFacingError as exc:
            self.ui.passwordEdit.clear()
            self.ui.passwordEdit.setFocus()
            self.show_message(exc.message_zh)
            return
        self.ui.passwordEdit.clear()
        self.accept()

    def reject(self) -> None:
        """Cancel; on the lock screen this quits the program, so ask first (Esc included)."""
        if self.locked_user is not None and not confirm(
            self, self.tr("退出程序"), self.tr("退出将放弃正在办理、尚未完成的业务。确定退出吗？")
        ):
            return
        super().reject()

    def show_message(self, text: str) -> None:
        self.ui.messageLabel.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.ui.messageLabel.setText(text)
