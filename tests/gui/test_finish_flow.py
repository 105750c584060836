"""Finishing a case: the reminder, the supervisor, the refusal, and a store that fails.

The recorder is a stand-in here (the real services are exercised in test_scenarios.py); the
dialogs are the real ones, answered with key clicks.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from tellerguard.gui import finish as finish_module
from tellerguard.gui.confirmation import ConfirmationData, confirmation_html
from tellerguard.gui.errors import UserFacingError
from tellerguard.gui.finish import FinishFlow
from tellerguard.gui.samples import ELDERLY_TO_SON, SAFE_ACCOUNT, WECHAT_FRIEND
from tellerguard.gui.views.authorization import AuthorizationDialog
from tellerguard.gui.views.main_window import MainWindow
from tellerguard.gui.views.refusal import RefusalDialog
from tellerguard.gui.views.reminder import ReminderDialog

from .conftest import DialogDriver, FakeRecorder, FixedContext
from .helpers import fill_form, settle, type_text

pytestmark = pytest.mark.gui


@pytest.fixture
def recorder(tmp_path: Path) -> FakeRecorder:
    return FakeRecorder(tmp_path)


@pytest.fixture
def window(qtbot: Any, context: FixedContext, recorder: FakeRecorder) -> MainWindow:
    win = MainWindow(context, idle_minutes=60)
    win.confirm_close = False
    qtbot.addWidget(win)
    win.flow = FinishFlow(win, recorder)  # type: ignore[attr-defined]
    win.flow.open_pdf_after = False  # type: ignore[attr-defined]
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def answer_reminder(decision_key: Qt.Key, answers: str = "客户已说明") -> Any:
    """Type an answer to every question, pick the decision by its Alt shortcut, press Enter."""

    def handler(dialog: ReminderDialog) -> None:
        for _question, edit in dialog.answer_edits:
            edit.setFocus()
            edit.clear()
            type_text(edit, answers)
        QTest.keyClick(dialog, decision_key, Qt.KeyboardModifier.AltModifier)
        QTest.qWait(200)  # a mnemonic "animates" the click: the radio checks a moment later
        QTest.keyClick(
            dialog.answer_edits[0][1] if dialog.answer_edits else dialog, Qt.Key.Key_Return
        )

    return handler


def close_box(box: QMessageBox) -> None:
    QTest.keyClick(box, Qt.Key.Key_Escape)


def finish(qtbot: Any, window: MainWindow) -> None:
    """Ctrl+Enter, with the main window active again as it is after a dialog closes."""
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    qtbot.keyClick(window.form.ui.notesEdit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_pass_case_is_recorded_without_dialogs(
    qtbot: Any, window: MainWindow, recorder: FakeRecorder
) -> None:
    window.switch_to("transfer")
    quiet = dict(
        ELDERLY_TO_SON,
        **{
            "customer.id_number": "410102199103120415",
            "customer.occupation": "employee",
            "transfer.amount": "3000.00",
        },
    )
    fill_form(qtbot, window.transfer_form, quiet)
    assert window.risk_panel.badge_text() == "通过"
    finish(qtbot, window)
    assert [kind for kind, _ in recorder.calls] == ["assessment"]
    assert not window.transfer_form.has_input()  # cleared for the next customer


def test_finished_case_scrolls_the_form_back_to_the_top_with_focus_in_the_first_field(
    qtbot: Any, window: MainWindow, recorder: FakeRecorder
) -> None:
    window.switch_to("transfer")
    quiet = dict(
        ELDERLY_TO_SON,
        **{
            "customer.id_number": "410102199103120415",
            "customer.occupation": "employee",
            "transfer.amount": "3000.00",
        },
    )
    fill_form(qtbot, window.transfer_form, quiet)
    bar = window.ui.transferScroll.verticalScrollBar()
    assert bar.maximum() > 0  # the form is taller than its pane at 1366×768
    window.ui.transferScroll.ensureWidgetVisible(window.transfer_form.ui.notesEdit)
    assert bar.value() > 0
    finish(qtbot, window)
    assert [kind for kind, _ in recorder.calls] == ["assessment"]
    settle(qtbot)
    assert bar.value() == 0
    assert window.focusWidget() is window.transfer_form.ui.idTypeCombo


def test_second_reminder_blocks_finishing_until_recorded(
    qtbot: Any, window: MainWindow, recorder: FakeRecorder, dialogs: DialogDriver
) -> None:
    window.switch_to("transfer")
    fill_form(qtbot, window.transfer_form, ELDERLY_TO_SON)
    assert window.risk_panel.badge_text() == "二次提醒"
    headers: list[str] = []
    dialogs.expect(ReminderDialog, lambda d: (headers.append(d.ui.headerLabel.text()), d.reject()))
    finish(qtbot, window)
    dialogs.check()
    # The heading is the level's name: no badge repeating it (it read 二次提醒 [二次提醒]).
    assert headers[0].count("二次提醒") == 1
    assert recorder.calls == []  # going back records nothing and keeps the form
    assert window.transfer_form.has_input()
    dialogs.expect(ReminderDialog, answer_reminder(Qt.Key.Key_1, "儿子买房，已电话核实"))
    dialogs.expect(QMessageBox, close_box)
    finish(qtbot, window)
    dialogs.check()
    kind, data = recorder.calls[0]
    assert kind == "reminder"
    assert data["outcome"].decision == "proceeded"
    assert len(recorder.calls) == 1  # no supervisor at second-reminder level
    assert all(a == "儿子买房，已电话核实" for _, a in data["outcome"].answers)
    pdf = window.flow.last.pdf  # type: ignore[attr-defined]
    assert pdf.is_file()
    if sys.platform != "win32":  # the customer's confirmation is as private as the store
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
        assert stat.S_IMODE(pdf.parent.stat().st_mode) == 0o700


def test_manager_approval_needs_another_operator(
    qtbot: Any, window: MainWindow, recorder: FakeRecorder, dialogs: DialogDriver
) -> None:
    window.switch_to("transfer")
    fill_form(qtbot, window.transfer_form, WECHAT_FRIEND)
    assert window.risk_panel.badge_text() == "主管授权"
    messages: list[str] = []

    def authorize(dialog: AuthorizationDialog) -> None:
        QTest.keyClicks(dialog.ui.supervisorEdit, "teller01")
        QTest.keyClicks(dialog.ui.passwordEdit, "Teller#2026")
        type_text(dialog.ui.reasonEdit, "客户坚持，已与朋友视频核实")
        dialog.ui.buttonBox.accepted.emit()
        messages.append(dialog.ui.messageLabel.text())
        dialog.ui.supervisorEdit.clear()
        QTest.keyClicks(dialog.ui.supervisorEdit, "supervisor01")
        QTest.keyClicks(dialog.ui.passwordEdit, "Super#2026")
        dialog.ui.buttonBox.accepted.emit()

    dialogs.expect(ReminderDialog, answer_reminder(Qt.Key.Key_1))
    dialogs.expect(AuthorizationDialog, authorize)
    dialogs.expect(QMessageBox, close_box)
    finish(qtbot, window)
    dialogs.check()
    assert messages == ["不能为本人经办的业务授权，请由另一位主管授权"]
    assert [kind for kind, _ in recorder.calls] == ["reminder", "authorization"]
    assert recorder.calls[1][1] == {
        "supervisor": "supervisor01",
        "reason": "客户坚持，已与朋友视频核实",
    }


def test_enter_in_the_supervisor_id_moves_to_the_password(qtbot: Any) -> None:
    calls: list[tuple[str, str, str]] = []
    dialog = AuthorizationDialog(
        [], lambda *a: calls.append(a), teller_name="张柜员", decision_text="客户坚持办理"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert QTest.qWaitForWindowActive(dialog)
    dialog.ui.supervisorEdit.setFocus()
    QTest.keyClicks(dialog.ui.supervisorEdit, "supervisor01")
    QTest.keyClick(dialog.ui.supervisorEdit, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.ui.passwordEdit
    assert dialog.ui.messageLabel.text() == "" and calls == [] and dialog.isVisible()
    QTest.keyClicks(dialog.ui.passwordEdit, "Super#2026")
    QTest.keyClick(dialog.ui.passwordEdit, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    # Enter in the password is 授权, as before (here refused: no reason typed yet).
    assert dialog.ui.messageLabel.text() == "请填写授权理由（至少4个字）" and calls == []


def test_refusal_records_reason_and_shows_how_to_appeal(
    qtbot: Any,
    window: MainWindow,
    recorder: FakeRecorder,
    dialogs: DialogDriver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    printed: list[ConfirmationData] = []
    write = finish_module.write_confirmation_pdf
    monkeypatch.setattr(
        finish_module,
        "write_confirmation_pdf",
        lambda data, path: (printed.append(data), write(data, path))[1],
    )
    window.switch_to("transfer")
    fill_form(qtbot, window.transfer_form, SAFE_ACCOUNT)
    assert window.risk_panel.badge_text() == "拒绝办理"
    seen: dict[str, str] = {}

    def refuse(dialog: RefusalDialog) -> None:
        seen["appeal"] = dialog.ui.appealLabel.text()
        seen["explain"] = dialog.ui.explainBrowser.toPlainText()
        seen["proposed"] = dialog.ui.reasonEdit.toPlainText()
        dialog.ui.reasonEdit.setFocus()
        QTest.keyClick(dialog.ui.reasonEdit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        type_text(dialog.ui.reasonEdit, "；客户称民警来电")
        dialog.ui.policeCheck.setFocus()
        QTest.keyClick(dialog.ui.policeCheck, Qt.Key.Key_Space)
        dialog.ui.buttonBox.accepted.emit()

    dialogs.expect(RefusalDialog, refuse)
    dialogs.expect(QMessageBox, close_box)
    finish(qtbot, window)
    dialogs.check()
    assert "第三十二条" in seen["appeal"] and "96110" in seen["appeal"] and "110" in seen["appeal"]
    assert "安全账户" in seen["explain"]
    kind, data = recorder.calls[0]
    assert kind == "refusal" and data["police"] is True and data["reason"]
    # The printed record reads as a refusal: no decision of the customer's "自愿" made, no
    # placeholder for questions never asked, no reminder time never measured, and the risks
    # once (the proposed reason is their titles and explanations: only what the teller
    # added to it is printed beside the outcome); the branch's manager signs too.
    page = re.sub(r"<[^>]+>", "\n", confirmation_html(printed[0]))
    assert page.count("拒绝办理记录") == 1 and "风险提示确认书" not in page
    assert "无需记录" not in page and "自愿" not in page and "客户的回答" not in page
    assert "提醒用时" not in page and "分00秒" not in page
    assert "拒绝办理，已移交公安" in page and page.count("已移交公安") == 1
    assert "柜员补充的理由" in page and "客户称民警来电" in page
    explanation = seen["proposed"].split("（", 1)[1].split("）；")[0]
    assert page.count(explanation) == 1, explanation
    assert "网点负责人签名" in page and "授权主管" not in page
    assert "四、处理结果" in page and "五、" not in page


def test_a_reminder_confirmation_leaves_out_questions_it_did_not_ask(qapp: Any) -> None:
    data = ConfirmationData(
        branch="示范支行",
        workstation="counter-01",
        time_text="2026年11月25日 10:30",
        business="个人开户",
        customer_rows=[("客户姓名", "王**")],
        business_rows=[],
        level_text="二次提醒",
        risks=[("异地开户", "客户在异地开户")],
        script=["请您说明开户用途。"],
        answers=[],
        decision_text="坚持办理",
        seconds=95,
        teller="张晓燕（teller01）",
    )
    page = re.sub(r"<[^>]+>", "\n", confirmation_html(data))
    assert "无需记录" not in page and "客户的回答" not in page
    assert "1分35秒" in page and "自愿" in page and "四、客户决定与授权" in page
    data.answers = [("开户做什么用？", "发工资")]
    page = re.sub(r"<[^>]+>", "\n", confirmation_html(data))
    assert "四、客户的回答" in page and "五、客户决定与授权" in page


def test_store_failure_keeps_the_form_and_the_answers(
    qtbot: Any, window: MainWindow, recorder: FakeRecorder, dialogs: DialogDriver
) -> None:
    window.switch_to("transfer")
    fill_form(qtbot, window.transfer_form, ELDERLY_TO_SON)
    recorder.fail_with = UserFacingError("审计数据库被占用，本笔业务未完成")
    shown: list[str] = []
    dialogs.expect(ReminderDialog, answer_reminder(Qt.Key.Key_2, "不转了"))
    dialogs.expect(QMessageBox, lambda box: (shown.append(box.text()), close_box(box)))
    finish(qtbot, window)
    dialogs.check()
    assert len(shown) == 1 and shown[0].startswith("审计数据库被占用，本笔业务未完成")
    assert "仍保留" in shown[0]
    assert window.transfer_form.value("customer.name") == "王秀兰"
    recorder.fail_with = None
    kept: list[list[str]] = []

    def accept_as_is(dialog: ReminderDialog) -> None:
        kept.append([edit.text() for _, edit in dialog.answer_edits])
        assert dialog.decision() == "dissuaded"
        dialog.ui.buttonBox.accepted.emit()

    dialogs.expect(ReminderDialog, accept_as_is)
    dialogs.expect(QMessageBox, close_box)
    finish(qtbot, window)
    dialogs.check()
    assert kept and all(text == "不转了" for text in kept[0])
    assert recorder.calls[0][1]["outcome"].decision == "dissuaded"


def test_incomplete_case_cannot_be_finished(
    qtbot: Any, window: MainWindow, recorder: FakeRecorder, dialogs: DialogDriver
) -> None:
    shown: list[str] = []
    dialogs.expect(QMessageBox, lambda box: (shown.append(box.text()), close_box(box)))
    settle(qtbot)
    finish(qtbot, window)
    dialogs.check()
    assert "尚未填写" in shown[0] and "证件号码" in shown[0]
    window.form.ui.phoneEdit.setFocus()
    type_text(window.form.ui.phoneEdit, "1390396")
    dialogs.expect(QMessageBox, lambda box: (shown.append(box.text()), close_box(box)))
    settle(qtbot)
    finish(qtbot, window)
    dialogs.check()
    assert "手机号码不完整" in shown[1] and "手机号码" not in shown[1].split("尚未填写")[1]
    assert recorder.calls == []


# On CI (.ci/run installs poppler-utils) this never skips: a missing install step must fail.
@pytest.mark.skipif(
    shutil.which("pdftoppm") is None and not os.environ.get("CI"),
    reason="poppler-utils not installed",
)
def test_confirmation_pdf_is_one_page_with_the_font_embedded(
    qtbot: Any, window: MainWindow, dialogs: DialogDriver, tmp_path: Path
) -> None:
    window.switch_to("transfer")
    fill_form(qtbot, window.transfer_form, ELDERLY_TO_SON)
    dialogs.expect(ReminderDialog, answer_reminder(Qt.Key.Key_1))
    dialogs.expect(QMessageBox, close_box)
    finish(qtbot, window)
    dialogs.check()
    pdf = window.flow.last.pdf  # type: ignore[attr-defined]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "Pages:           1" in info.stdout
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    cjk = [
        line
        for line in fonts.stdout.splitlines()[2:]
        if "WenQuanYi" in line or "Noto" in line or "YaHei" in line
    ]
    assert cjk and all(" yes " in line for line in cjk)  # embedded
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "风险提示确认书" in text and "王**" in text and "410102********0026" in text
    assert "王秀兰" not in text  # masked
    # The signature row: each label on one line (never wrapped into stray marks), the names
    # level with each other and the 日期 lines level with each other.
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = re.findall(r'yMin="([\d.]+)"[^>]*>([^<]+)</word>', boxes)
    names = {round(float(y)) for y, w in words if w.endswith("签名：")}
    dates = [round(float(y)) for y, w in words if w == "日期："]
    assert len([w for _, w in words if w.endswith("签名：")]) >= 2 and len(names) == 1
    assert len(dates) >= 2 and len(set(dates)) == 1 and dates[0] > names.pop()
    assert "—" not in text.split("本人已听取")[-1]
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    assert (tmp_path / "page.png").stat().st_size > 5000
