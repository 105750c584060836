"""主管授权: the supervisor types their own credentials and a reason, in the teller's flow.

The callback checks the credentials and records the authorization in one step (the operator
store via the session): a wrong password, a locked account, a role without the permission or
the teller's own account are each refused with a short Chinese message, and the dialog stays
open.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from tellerguard.domain.assessment import Hit
from tellerguard.gui.errors import UserFacingError
from tellerguard.gui.forms.ui_authorization_dialog import Ui_AuthorizationDialog
from tellerguard.gui.style import ERROR_COLOUR, LEVEL_COLOURS, level_label

Authorize = Callable[[str, str, str], Any]
"""Takes (username, password, reason), checks and records the authorization, returns what it
recorded or raises :class:`UserFacingError` (then nothing but a failed sign-in is recorded)."""

MIN_REASON = 4


class AuthorizationDialog(QDialog):
    """Collects and records a supervisor's authorization; ``result_value`` after accept."""

    def __init__(
        self,
        hits: list[Hit],
        authorize: Authorize,
        *,
        teller_name: str,
        decision_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_AuthorizationDialog()
        self.ui.setupUi(self)
        self._authorize = authorize
        self.result_value: Any = None
        self.reason = ""
        self.password_checked = False
        strict = [h for h in hits if h.level in ("manager_approval", "refuse")] or hits
        tag = self.tr("【{level}】")
        item = self.tr("{title}：{explanation}")
        items = "".join(
            f'<li><span style="color:{LEVEL_COLOURS[h.level]}; font-weight:bold;">'
            + tag.format(level=level_label(h.level))
            + "</span>"
            + item.format(title=escape(h.title), explanation=escape(h.explanation))
            + "</li>"
            for h in strict
        )
        self.ui.summaryLabel.setText(
            self.tr(
                '<p style="font-size:13pt;"><b>需主管本人授权方可继续办理</b></p>'
                "<p>经办柜员：{teller}；客户决定：{decision}</p>"
                "<ul>{items}</ul>"
                "<p>请主管核实客户情况（建议单独询问客户、联系家属）后输入本人工号和密码。"
                "客户签字不能代替授权。</p>"
            ).format(teller=escape(teller_name), decision=escape(decision_text), items=items)
        )
        self.ui.messageLabel.setStyleSheet(f"color: {ERROR_COLOUR};")
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("授权"))
        ok.setDefault(True)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("不授权"))
        self.ui.buttonBox.accepted.connect(self._try_accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        # Enter after the 工号 goes on to the password, as in any two-field sign-in; the
        # default button (授权) is for Enter in the password field.
        self.ui.supervisorEdit.installEventFilter(self)
        self.ui.supervisorEdit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.ui.supervisorEdit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            self.ui.passwordEdit.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def _try_accept(self) -> None:
        username = self.ui.supervisorEdit.text().strip()
        password = self.ui.passwordEdit.text()
        reason = self.ui.reasonEdit.toPlainText().strip()
        if not username or not password:
            self.ui.messageLabel.setText(self.tr("请主管输入本人工号和密码"))
            return
        if len(reason) < MIN_REASON:
            self.ui.messageLabel.setText(
                self.tr("请填写授权理由（至少{count}个字）").format(count=MIN_REASON)
            )
            self.ui.reasonEdit.setFocus()
            return
        try:
            self.result_value = self._authorize(username, password, reason)
        except UserFacingError as exc:
            self.ui.passwordEdit.clear()
            self.ui.passwordEdit.setFocus()
            self.ui.messageLabel.setText(exc.message_zh)
            return
        self.ui.passwordEdit.clear()
        self.reason = reason
        self.accept()
