"""The teller's main window: the opening and transfer forms beside the live risk panel.

Keyboard: Ctrl+1 / Ctrl+2 switch forms, Ctrl+Enter (shown as Ctrl+回车) finishes, Ctrl+N starts a
new case, Ctrl+Shift+A opens 审计与统计, Ctrl+Shift+R 规则包管理, Ctrl+L locks, Ctrl+Shift+U
switches user, Ctrl+Shift+Q logs out, F1 lists the shortcuts; buttons and the F1 table take each
key's name from its action. The window locks itself after the configured idle time; the case in
progress stays in the form behind the lock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from tellerguard.gui.errors import confirm
from tellerguard.gui.forms.ui_main_window import Ui_MainWindow
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.gui.presenters import AssessContext, CasePresenter, Current
from tellerguard.gui.views.case_form import (
    CUSTOMER_FIELDS,
    CaseFormView,
    OpeningFormView,
    TransferFormView,
)
from tellerguard.gui.views.risk_panel import RiskPanel

log = logging.getLogger("tellerguard.gui.main_window")

SHORTCUTS_HTML = QT_TRANSLATE_NOOP(
    "main_window",
    """<table cellpadding="3">
<tr><td><b>{opening}</b></td><td>个人开户</td></tr>
<tr><td><b>{transfer}</b></td><td>大额转账</td></tr>
<tr><td><b>Tab / 回车</b></td><td>下一项</td></tr>
<tr><td><b>Shift+Tab</b></td><td>上一项</td></tr>
<tr><td><b>空格</b></td><td>勾选；三态项在 未询问 → 是 → 否 之间切换</td></tr>
<tr><td><b>Y / N / 0</b></td><td>三态项直接选：是 / 否 / 未询问</td></tr>
<tr><td><b>打字</b></td><td>下拉框：输入汉字或拼音首字母筛选，回车选定</td></tr>
<tr><td><b>{finish}</b></td><td>完成办理（需要时弹出二次提醒）</td></tr>
<tr><td><b>{new_case}</b></td><td>新业务（清空表单）</td></tr>
<tr><td><b>{supervisor}</b></td><td>审计与统计（主管）</td></tr>
<tr><td><b>{rule_packs}</b></td><td>规则包管理（规则管理员、主管）</td></tr>
<tr><td><b>{admin}</b></td><td>操作员与封存（系统管理员）</td></tr>
<tr><td><b>{lock}</b></td><td>锁定屏幕</td></tr>
<tr><td><b>{switch_user}</b></td><td>切换用户</td></tr>
<tr><td><b>{logout}</b></td><td>注销登录</td></tr>
<tr><td><b>{quit}</b></td><td>退出</td></tr>
</table>""",
)
"""Shown as ``translate("main_window", SHORTCUTS_HTML).format(...)`` with each action's own
shortcut, so the table, the menus and the buttons name every key the same way."""


def key_text(action: QAction) -> str:
    """An action's shortcut as Qt's menus show it (Ctrl+回车 once Qt's Chinese is loaded)."""
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


CUSTOMER_PATHS = tuple(path for path, _ in CUSTOMER_FIELDS)

_USER_INPUT = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}
)


class IdleWatcher(QObject):
    """Fires ``idle`` after ``minutes`` without keyboard or mouse input anywhere in the app."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(self.idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _USER_INPUT and self.timer.isActive():
            self.timer.start()
        return False


class MainWindow(QMainWindow):
    """Composes the generated main window with both forms, the risk panel and the actions."""

    finish_requested = Signal()
    lock_requested = Signal()
    supervisor_requested = Signal()
    rule_packs_requested = Signal()
    admin_requested = Signal()
    sign_out_requested = Signal(str)
    """``logout`` or ``switch_user``."""

    def __init__(
        self,
        context: AssessContext,
        *,
        status_text: Callable[[], str] = str,
        idle_minutes: float = 5,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.locked = False
        self.confirm_close = True
        self.visit_customer: dict[str, Any] | None = None
        self.opening_form = OpeningFormView()
        self.transfer_form = TransferFormView()
        self.ui.openingScroll.setWidget(self.opening_form)
        self.ui.transferScroll.setWidget(self.transfer_form)
        self.risk_panel = RiskPanel()
        self.ui.riskHostLayout.addWidget(self.risk_panel)
        self.ui.mainSplitter.setStretchFactor(0, 3)
        self.ui.mainSplitter.setStretchFactor(1, 2)
        self.presenters: dict[str, CasePresenter] = {
            "opening": CasePresenter(self.opening_form, self.risk_panel, context, self),
            "transfer": CasePresenter(self.transfer_form, self.risk_panel, context, self),
        }
        self.ui.actionFinish.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        keyed = self.tr("{text}（{keys}）")
        for button, action in (
            (self.ui.finishButton, self.ui.actionFinish),
            (self.ui.newCaseButton, self.ui.actionNewCase),
        ):
            button.setText(keyed.format(text=button.text(), keys=key_text(action)))
        for action in (
            self.ui.actionOpening,
            self.ui.actionTransfer,
            self.ui.actionFinish,
            self.ui.actionNewCase,
            self.ui.actionLock,
            self.ui.actionSwitchUser,
            self.ui.actionLogout,
            self.ui.actionQuit,
            self.ui.actionShortcuts,
            self.ui.actionSupervisor,
        ):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            self.addAction(action)
        self.ui.actionOpening.triggered.connect(lambda: self.switch_to("opening"))
        self.ui.actionTransfer.triggered.connect(lambda: self.switch_to("transfer"))
        self.ui.actionFinish.triggered.connect(self._request_finish)
        self.ui.finishButton.clicked.connect(self._request_finish)
        self.ui.actionNewCase.triggered.connect(self.new_case)
        self.ui.newCaseButton.clicked.connect(self.new_case)
        self.ui.actionLock.triggered.connect(self.lock_requested)
        self.ui.actionLogout.triggered.connect(lambda: self._request_sign_out("logout"))
        self.ui.actionSwitchUser.triggered.connect(lambda: self._request_sign_out("switch_user"))
        self.ui.actionSupervisor.triggered.connect(self._request_supervisor)
        # 规则包管理 (the rule administrator's screen), next to 审计与统计 in the same menu.
        self.action_rule_packs = QAction(self.tr("规则包管理…"), self)
        self.action_rule_packs.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.action_rule_packs.setToolTip(
            self.tr("检查新规则包或本网点参数、回放、申请启用与审批（规则管理员、主管）")
        )
        self.action_rule_packs.triggered.connect(
            lambda: None if self.locked else self.rule_packs_requested.emit()
        )
        # 操作员与封存 (the system administrator's screen), after it.
        self.action_admin = QAction(self.tr("操作员与封存…"), self)
        self.action_admin.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.action_admin.setToolTip(self.tr("管理操作员、校验与封存审计记录（系统管理员）"))
        self.action_admin.triggered.connect(
            lambda: None if self.locked else self.admin_requested.emit()
        )
        for menu in self.menuBar().findChildren(QMenu):
            if self.ui.actionSupervisor in menu.actions():
                after = menu.actions()[menu.actions().index(self.ui.actionSupervisor) + 1]
                menu.insertAction(after, self.action_rule_packs)
                menu.insertAction(after, self.action_admin)
        # Shown instead of the case forms to an operator who does not work at the counter.
        self.role_label = QLabel(self.ui.centralwidget)
        self.role_label.setObjectName("roleLabel")
        self.role_label.setWordWrap(True)
        self.role_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.role_label.setStyleSheet("font-size: 15px; padding: 40px;")
        self.role_label.hide()
        self.ui.centralLayout.addWidget(self.role_label)
        self.counter_allowed = True
        self.ui.actionQuit.triggered.connect(self.close)
        self.ui.actionShortcuts.triggered.connect(self.show_shortcuts)
        self.ui.actionAbout.triggered.connect(self.show_about)
        self.ui.caseTabs.currentChanged.connect(self._tab_changed)
        self.ui.finishButton.setStyleSheet("font-weight: bold;")
        # The status bar names the business date; re-read it each minute so a teller working
        # past midnight sees the new day.
        self._status_text = status_text
        self.status_label = QLabel(status_text())
        self.ui.statusbar.addPermanentWidget(self.status_label)
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(60_000)
        self.status_timer.timeout.connect(self.refresh_status)
        self.status_timer.start()
        self.idle = IdleWatcher(idle_minutes, self)
        self.idle.idle.connect(self.lock_requested)
        self._tab_changed(0)

    def refresh_status(self) -> None:
        self.status_label.setText(self._status_text())

    # -- forms ------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return "opening" if self.ui.caseTabs.currentIndex() == 0 else "transfer"

    @property
    def form(self) -> CaseFormView:
        return self.opening_form if self.kind == "opening" else self.transfer_form

    @property
    def presenter(self) -> CasePresenter:
        return self.presenters[self.kind]

    def switch_to(self, kind: str) -> None:
        self.ui.caseTabs.setCurrentIndex(0 if kind == "opening" else 1)
        self.form.focus_first()

    def _tab_changed(self, _index: int) -> None:
        for kind, presenter in self.presenters.items():
            presenter.active = kind == self.kind
        self._carry_customer()
        self.presenter.refresh()

    def _carry_customer(self) -> None:
        """The customer typed once serves the whole visit: an empty form takes the identity
        from the other form, or from the case just finished (until Ctrl+N)."""
        form = self.form
        if form.has_input(CUSTOMER_PATHS):
            return
        other = self.transfer_form if form is self.opening_form else self.opening_form
        typed = {path: other.value(path) for path in CUSTOMER_PATHS}
        customer = typed if other.has_input(CUSTOMER_PATHS) else self.visit_customer
        if customer:
            form.set_values(customer)
            self.show_status(
                self.tr("已带入本次来访客户的身份信息（新客户请按 Ctrl+N 清空）"), 8000
            )

    def current(self) -> Current:
        return self.presenter.flush()

    def _request_finish(self) -> None:
        if not self.locked and self.counter_allowed:
            self.finish_requested.emit()

    def _request_sign_out(self, reason: str) -> None:
        if not self.locked:
            self.sign_out_requested.emit(reason)

    def has_input(self) -> bool:
        """Anything typed in either form (an unfinished case)."""
        return self.opening_form.has_input() or self.transfer_form.has_input()

    def discard_cases(self) -> None:
        """Clear both forms: the unfinished cases are given up."""
        self.visit_customer = None
        for kind, form in (("opening", self.opening_form), ("transfer", self.transfer_form)):
            form.clear()
            self.presenters[kind].forget_history()
        self.presenter.refresh()

    def _request_supervisor(self) -> None:
        if not self.locked:
            self.supervisor_requested.emit()

    def allow_counter(self, allowed: bool, note: str = "") -> None:
        """The case forms for an operator who assesses; for any other role, ``note`` (what the
        role does here) in their place, and the counter's actions greyed out."""
        self.counter_allowed = allowed
        self.ui.mainSplitter.setVisible(allowed)
        self.role_label.setText(note)
        self.role_label.setVisible(not allowed)
        for action in (
            self.ui.actionOpening,
            self.ui.actionTransfer,
            self.ui.actionFinish,
            self.ui.actionNewCase,
        ):
            action.setEnabled(allowed)

    def allow_admin(self, allowed: bool) -> None:
        """Only an operator who may manage operators sees 操作员与封存 enabled."""
        self.action_admin.setEnabled(allowed)

    def allow_rule_packs(self, allowed: bool) -> None:
        """Only rule administrators and approvers see 规则包管理 enabled."""
        self.action_rule_packs.setEnabled(allowed)

    def allow_supervisor(self, allowed: bool) -> None:
        """Only a supervisor's session may open 审计与统计; others see the entry greyed out."""
        self.ui.actionSupervisor.setEnabled(allowed)
        if not allowed:
            self.ui.actionSupervisor.setToolTip(
                self.tr("仅主管可用：请由主管登录后查看审计记录与统计")
            )

    def new_case(self, *, ask: bool = True, keep_customer: bool = False) -> None:
        """Clear the current form for the next case (asking first if anything is typed);
        ``keep_customer`` after a finished case: the same customer's next business in this
        visit starts with their identity."""
        form = self.form
        self.visit_customer = (
            {path: form.value(path) for path in CUSTOMER_PATHS} if keep_customer else None
        )
        if (
            ask
            and form.has_input()
            and not confirm(self, self.tr("新业务"), self.tr("清空当前表单中尚未完成的内容？"))
        ):
            return
        form.clear()
        self.presenter.forget_history()
        self.presenter.refresh()
        # The teller finished at the bottom of the form (备注, Ctrl+Enter): the next customer
        # starts at the top, in the first field.
        scroll = self.ui.openingScroll if form is self.opening_form else self.ui.transferScroll
        scroll.verticalScrollBar().setValue(0)
        form.focus_first()

    # -- locking ----------------------------------------------------------------------------
    def set_locked(self, locked: bool) -> None:
        """Hide everything typed while locked; the widgets (and the case) stay as they are."""
        self.locked = locked
        self.ui.centralwidget.setVisible(not locked)
        self.ui.menubar.setEnabled(not locked)
        if locked:
            self.idle.stop()
            self.statusBar().showMessage(self.tr("屏幕已锁定"))
        else:
            self.statusBar().clearMessage()
            self.idle.start()

    # -- help -------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        ui = self.ui
        table = translate("main_window", SHORTCUTS_HTML).format(
            opening=key_text(ui.actionOpening),
            transfer=key_text(ui.actionTransfer),
            finish=key_text(ui.actionFinish),
            new_case=key_text(ui.actionNewCase),
            supervisor=key_text(ui.actionSupervisor),
            rule_packs=key_text(self.action_rule_packs),
            admin=key_text(self.action_admin),
            lock=key_text(ui.actionLock),
            switch_user=key_text(ui.actionSwitchUser),
            logout=key_text(ui.actionLogout),
            quit=key_text(ui.actionQuit),
        )
        QMessageBox.information(self, self.tr("快捷键"), table)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于 TellerGuard"),
            self.tr(
                "TellerGuard 柜面反诈助手\n开户与大额转账实时风险评估、二次提醒、"
                "主管授权与防篡改审计记录。\n本工具仅作提示，办理决定由柜员作出并留痕。"
            ),
        )

    def show_status(self, text: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    # -- closing ----------------------------------------------------------------------------
    def close_without_asking(self) -> None:
        self.confirm_close = False
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        typed = self.has_input()
        if (
            self.confirm_close
            and not self.locked
            and typed
            and not confirm(
                self,
                self.tr("退出"),
                self.tr("当前业务尚未完成办理，退出将丢失已填写内容。确定退出吗？"),
            )
        ):
            event.ignore()
            return
        self.idle.stop()
        event.accept()
