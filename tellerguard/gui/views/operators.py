"""操作员 — the console's operator tab: the operators of this workstation and what may be done
to them (add, unlock, reset a password, change a role, disable), each through a dialog and,
where the signed-in operator's role does not allow it, the authorized person's own user name
and password typed here (:class:`CredentialsDialog`).

Keyboard: Alt+L the table, Alt+N add, Alt+U unlock, Alt+R reset, Alt+J role, Alt+B disable,
Alt+H refresh. The dialogs check the password policy as it is typed (the same function the
operator store applies) and say in Chinese what to fix.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QWidget

from tellerguard.gui.console_admin import (
    CHANGE_TITLES,
    OPERATOR_HEADERS,
    OperatorsSource,
    change_message,
    operator_cells,
    policy_text,
    role_choices,
    role_label,
    rules_text,
)
from tellerguard.gui.errors import UserFacingError, show_error
from tellerguard.gui.forms.ui_credentials_dialog import Ui_CredentialsDialog
from tellerguard.gui.forms.ui_operator_dialog import Ui_OperatorDialog
from tellerguard.gui.forms.ui_operators_page import Ui_OperatorsPage
from tellerguard.gui.i18n import translate
from tellerguard.gui.models import TextTableModel
from tellerguard.gui.style import ERROR_COLOUR, MUTED_COLOUR, OK_COLOUR
from tellerguard.services.operators import ChangeKind, OperatorChange, UserInfo

_FIELDS: dict[ChangeKind, tuple[str, ...]] = {
    "add": ("username", "displayName", "role", "password", "confirm"),
    "reset_password": ("password", "confirm"),
    "set_role": ("role",),
    "disable": ("reason",),
    "unlock": (),
}
"""The rows of :class:`OperatorDialog` each change asks for."""


class OperatorDialog(QDialog):
    """The details of one change: a new operator, a temporary password, a role, a reason."""

    def __init__(
        self,
        source: OperatorsSource,
        kind: ChangeKind,
        user: UserInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_OperatorDialog()
        self.ui.setupUi(self)
        self.source = source
        self.kind = kind
        self.user = user
        self.setWindowTitle(translate("console_admin", CHANGE_TITLES[kind]))
        for value, label in role_choices():
            self.ui.roleEdit.addItem(label, value)
        form = self.ui.operatorForm
        for name in ("username", "displayName", "role", "password", "confirm", "reason"):
            form.setRowVisible(getattr(self.ui, f"{name}Edit"), name in _FIELDS[kind])
        if user is not None:
            self.ui.usernameEdit.setText(user.username)
            self.ui.displayNameEdit.setText(user.display_name)
            self.ui.roleEdit.setCurrentIndex(max(0, self.ui.roleEdit.findData(user.role)))
        summaries = {
            "add": self.tr("新操作员首次登录时须修改这里设置的初始密码。"),
            "reset_password": self.tr("为 {user} 设置临时密码：账户同时解锁，下次登录须修改。"),
            "set_role": self.tr("{user} 现在的角色：{role}。"),
            "disable": self.tr("停用后 {user} 不能再登录，其审计记录保留。"),
            "unlock": "",
        }
        self.ui.summaryLabel.setText(
            summaries[kind].format(
                user=user.username if user else "", role=role_label(user.role) if user else ""
            )
        )
        self.ui.policyLabel.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.ui.passwordEdit.textChanged.connect(lambda _t: self.check_password())
        self.ui.confirmEdit.textChanged.connect(lambda _t: self.check_password())
        self.ui.usernameEdit.textChanged.connect(lambda _t: self.check_password())
        self.ui.displayNameEdit.textChanged.connect(lambda _t: self.check_password())
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        first = _FIELDS[kind][0] if _FIELDS[kind] else None
        if first:
            getattr(self.ui, f"{first}Edit").setFocus()

    def _asks_password(self) -> bool:
        return "password" in _FIELDS[self.kind]

    def check_password(self) -> bool:
        """Show what the password still needs; whether it is acceptable and confirmed."""
        if not self._asks_password():
            return True
        password = self.ui.passwordEdit.text()
        if not password:
            self.ui.policyLabel.setText("")
            return False
        username = self.ui.usernameEdit.text().strip().lower()
        problems = self.source.password_problems(
            password, username, self.ui.displayNameEdit.text().strip()
        )
        if problems:
            self.ui.policyLabel.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.ui.policyLabel.setText(policy_text(problems))
            return False
        if self.ui.confirmEdit.text() != password:
            self.ui.policyLabel.setStyleSheet(f"color: {MUTED_COLOUR};")
            self.ui.policyLabel.setText(self.tr("密码符合规则，请再次输入以确认"))
            return False
        self.ui.policyLabel.setStyleSheet(f"color: {OK_COLOUR};")
        self.ui.policyLabel.setText(self.tr("密码符合规则"))
        return True

    def accept(self) -> None:
        if self._asks_password() and not self.check_password():
            if self.ui.passwordEdit.text() and self.ui.confirmEdit.text() != (
                self.ui.passwordEdit.text()
            ):
                self.ui.policyLabel.setStyleSheet(f"color: {ERROR_COLOUR};")
                self.ui.policyLabel.setText(self.tr("两次输入的密码不一致"))
            elif not self.ui.passwordEdit.text():
                self.ui.policyLabel.setStyleSheet(f"color: {ERROR_COLOUR};")
                self.ui.policyLabel.setText(self.tr("请输入密码"))
            self.ui.passwordEdit.setFocus()
            return
        super().accept()

    def change(self) -> OperatorChange:
        return OperatorChange(
            kind=self.kind,
            username=self.ui.usernameEdit.text().strip(),
            display_name=self.ui.displayNameEdit.text().strip(),
            role=str(self.ui.roleEdit.currentData() or ""),
            password=self.ui.passwordEdit.text() if self._asks_password() else "",
            reason=self.ui.reasonEdit.text().strip(),
        )


class CredentialsDialog(QDialog):
    """The authorized person's own user name and password, typed by them at this console."""

    def __init__(self, kind: ChangeKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CredentialsDialog()
        self.ui.setupUi(self)
        self.ui.summaryLabel.setText(
            self.tr(
                "“{action}”超出您的权限，须由系统管理员本人在此输入用户名和密码，"
                "将记录为其本人的操作（登录也记入审计记录）。"
            ).format(action=translate("console_admin", CHANGE_TITLES[kind]))
        )
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确认"))
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.usernameEdit.setFocus()

    def credentials(self) -> tuple[str, str]:
        return self.ui.usernameEdit.text().strip(), self.ui.passwordEdit.text()


class OperatorsPage(QWidget):
    """The 操作员 tab of the console."""

    def __init__(self, source: OperatorsSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_OperatorsPage()
        self.ui.setupUi(self)
        self.source = source
        self.users: list[UserInfo] = []
        self.run_dialog: Callable[[QDialog], bool] = lambda dialog: (
            dialog.exec() == QDialog.DialogCode.Accepted
        )
        """Shows a modal dialog and says whether it was accepted."""
        self.model = TextTableModel(
            tuple(translate("console_admin", h) for h in OPERATOR_HEADERS),
            self,
            # The last column fills the pane: its event number aligned left stays by its row.
            numeric=frozenset({4}),
        )
        table = self.ui.operatorsTable
        table.setModel(self.model)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)  # the table fills its pane
        table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._enable())
        self.ui.rulesLabel.setText(rules_text(source))
        self.ui.rulesLabel.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.ui.addButton.clicked.connect(lambda: self.act("add"))
        self.ui.unlockButton.clicked.connect(lambda: self.act("unlock"))
        self.ui.resetButton.clicked.connect(lambda: self.act("reset_password"))
        self.ui.roleButton.clicked.connect(lambda: self.act("set_role"))
        self.ui.disableButton.clicked.connect(lambda: self.act("disable"))
        self.ui.refreshButton.clicked.connect(self.refresh)
        for kind, button in self._buttons().items():
            if source.needs_second_person(kind):
                button.setToolTip(self.tr("须由系统管理员本人输入用户名和密码"))
        self.refresh()

    def _buttons(self) -> dict[ChangeKind, QWidget]:
        return {
            "add": self.ui.addButton,
            "unlock": self.ui.unlockButton,
            "reset_password": self.ui.resetButton,
            "set_role": self.ui.roleButton,
            "disable": self.ui.disableButton,
        }

    def refresh(self) -> bool:
        selected = self.selected()
        try:
            self.users = self.source.operators()
        except UserFacingError as exc:
            show_error(self, exc.message_zh, self.tr("无法列出操作员"))
            return False
        self.model.set_rows([operator_cells(user) for user in self.users])
        names = [user.username for user in self.users]
        if selected is not None and selected.username in names:
            self.select(selected.username)
        self._enable()
        return True

    def select(self, username: str) -> None:
        for row, user in enumerate(self.users):
            if user.username == username:
                self.ui.operatorsTable.selectRow(row)
                return

    def selected(self) -> UserInfo | None:
        index = self.ui.operatorsTable.currentIndex()
        if not index.isValid() or not 0 <= index.row() < len(self.users):
            return None
        return self.users[index.row()]

    def _enable(self) -> None:
        user = self.selected()
        picked = user is not None
        self.ui.unlockButton.setEnabled(
            user is not None and not user.disabled and (user.locked or user.failed_logins > 0)
        )
        self.ui.resetButton.setEnabled(picked and user is not None and not user.disabled)
        self.ui.roleButton.setEnabled(picked and user is not None and not user.disabled)
        self.ui.disableButton.setEnabled(picked and user is not None and not user.disabled)

    def act(self, kind: ChangeKind) -> bool:
        """Ask for the change's details (and, beyond this operator's role, the authorized
        person's credentials), make it, and show what was recorded."""
        user = None if kind == "add" else self.selected()
        if kind != "add" and user is None:
            show_error(self, self.tr("请先在表中选择一位操作员"), self.tr("无法操作"))
            return False
        if kind == "unlock":
            assert user is not None
            change = OperatorChange("unlock", user.username)
        else:
            dialog = OperatorDialog(self.source, kind, user, parent=self)
            try:
                if not self.run_dialog(dialog):
                    return False
                change = dialog.change()
            finally:
                dialog.deleteLater()
        acting = None
        if self.source.needs_second_person(kind):
            prompt = CredentialsDialog(kind, parent=self)
            try:
                if not self.run_dialog(prompt):
                    return False
                acting = prompt.credentials()
            finally:
                prompt.deleteLater()
        title = translate("console_admin", CHANGE_TITLES[kind])
        try:
            result = self.source.change_operator(change, acting)
        except UserFacingError as exc:
            self._result(exc.message_zh, ERROR_COLOUR)
            show_error(self, exc.message_zh, self.tr("无法{action}").format(action=title))
            self.refresh()  # a failed sign-in may have changed someone's count
            return False
        self.refresh()
        self.select(result.info.username)
        self._result(change_message(change, result), OK_COLOUR)
        return True

    def _result(self, text: str, colour: str) -> None:
        self.ui.resultLabel.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.ui.resultLabel.setText(text)
