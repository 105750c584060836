"""Render every TellerGuard screen offscreen into docs/screenshots/*.png (``make screenshots``).

Uses a throw-away demo branch (real store, operators and services), the default rule pack, the
business date 2026-11-25, and the scenarios of :mod:`tellerguard.gui.samples`. The confirmation
PDF is rendered to PNG with pdftoppm (poppler-utils) when it is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDate, QPoint, QTimer  # noqa: TID251 - a GUI script
from PySide6.QtGui import QPainter  # noqa: TID251
from PySide6.QtTest import QTest  # noqa: TID251
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # noqa: TID251

from tellerguard.audit.store import add_record_functions
from tellerguard.config import load_settings
from tellerguard.domain.assessment import script_lines
from tellerguard.domain.clock import SHANGHAI, ManualClock, set_program_clock
from tellerguard.gui.app import make_application
from tellerguard.gui.confirmation import write_confirmation_pdf
from tellerguard.gui.demo import DEMO_LOGIN_HINT, ensure_demo_branch
from tellerguard.gui.draft import build_case
from tellerguard.gui.finish import Authorization, confirmation_data
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
from tellerguard.gui.views.reminder import ReminderDialog, ReminderOutcome
from tellerguard.services.demo.lists import demo_lists
from tellerguard.services.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
BUSINESS_DATE = date(2026, 11, 25)
WINDOW_SIZE = (1366, 800)


WECHAT_FRIEND_ANSWERS = {
    "是谁找您借钱？通过什么方式联系您的？": "微信上的老朋友，说在外地谈生意",
    "收款人是他本人吗？为什么要转给别人？": "他说是供货商的账户，急着付货款",
    "您用原来存的号码给他打过电话或视频确认过吗？": "没有，他说不方便接电话",
    "是谁在电话里或消息里让您转这笔钱的？他说这笔钱是做什么用的？": (
        "就是这个朋友，在微信上让我先替他垫付货款"
    ),
    "他有没有让您打开屏幕共享或会议软件，或者叮嘱您不要挂电话、不要告诉别人？": (
        "没让开屏幕共享，但说这事别告诉我儿子"
    ),
}
"""The customer's answers to the second reminder of WECHAT_FRIEND, by question (a question
the pack adds without an answer here stops the script: no answer lands on another question)."""
STUDENT_ANSWERS = {
    "陪您来的人是谁？和您是什么关系？": "同学，陪我来的",
    "这个账户是您自己用吗？开户做什么用？": "自己用，学校勤工助学发工资",
    "开好的卡和密码由谁保管？有没有人答应给您好处？": "我自己保管，没有人给好处",
    "这个账户开了用来做什么？": "学校勤工助学发工资",
    "是谁让您来开这个账户的？": "学校勤工助学中心通知的",
    "开好后卡由谁保管、谁在用？": "我自己保管、自己用",
    "有没有人让你开卡去做兼职、刷单，或者帮别人转钱？": "没有",
    "开卡是做什么用的？是你自己用吗？": "发勤工助学工资，自己用",
    "有没有人答应开卡后给你报酬？": "没有",
    "这个账户是不是您本人使用？": "是，本人使用",
}
STUDENT_AUTHORIZATION_REASON = "已单独询问客户：本人办理工资卡，陪同人已离开柜台"


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def save(widget: QWidget, name: str) -> Path:
    settle()
    path = OUT / name
    if not widget.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")
    return path


def loaded(done: Callable[[], bool], seconds: float = 20.0) -> None:
    """Let the window's worker thread answer (the audit log loads off the window's thread)."""
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError("the audit log did not load")
        QApplication.processEvents()
        time.sleep(0.01)


def while_open(dialog: Any, action: Callable[[Any], None]) -> None:
    """Show a modal dialog, run ``action`` on it once it is up, then close it."""

    def run() -> None:
        try:
            action(dialog)
        finally:
            dialog.done(0)

    QTimer.singleShot(50, run)
    dialog.exec()


def main() -> int:
    # The pictures show one fixed business day, whatever day they are rendered on: the demo
    # branch, the status bar and the PDF all read this clock.
    set_program_clock(ManualClock(datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)))
    make_application()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tg-shots-"))
    try:
        settings = load_settings(ensure_demo_branch(work / "demo"))
        session = Session.open(settings, load_rules(settings))
        session.login_hint = DEMO_LOGIN_HINT
        shell = Shell(session)

        login = shell.login_dialog()
        login.show()
        save(login, "01_login.png")
        login.close()

        shell.start(session.authenticate("teller01", "Teller#2026"))
        window = shell.window
        assert window is not None
        window.confirm_close = False
        window.resize(*WINDOW_SIZE)
        window.show()

        def scenario(kind: str, values: dict[str, Any]) -> Any:
            window.switch_to(kind)
            window.new_case(ask=False)
            window.form.set_values(values)
            window.statusBar().clearMessage()  # not "identity carried": each picture is one case
            settle()
            return window.current()

        scenario("opening", {})
        save(window, "02_opening_empty.png")

        scenario(
            "opening",
            {
                "customer.id_type": "resident_id",
                "customer.id_number": "410102195403150029",
                "customer.name": "王秀兰",
                "customer.phone": "1390396",
            },
        )
        save(window, "03_id_check_digit_error.png")

        current = scenario("transfer", WECHAT_FRIEND)
        save(window, "04_transfer_wechat_friend.png")
        drop_down_search(window)
        sign_out_question(shell, window)
        current = scenario("transfer", WECHAT_FRIEND)

        reminder = ReminderDialog(
            current.assessment.hits, current.assessment.level, "transfer", parent=window
        )
        reminder.resize(900, 780)

        def fill_reminder(dialog: ReminderDialog) -> None:
            for question, edit in dialog.answer_edits:
                edit.setText(WECHAT_FRIEND_ANSWERS[question])
            dialog.ui.dissuadedRadio.setChecked(True)
            dialog.ui.decisionNoteEdit.setText("客户当场给朋友打电话，朋友称未借钱")
            save(dialog, "05_second_reminder.png")

        while_open(reminder, fill_reminder)

        current = scenario("opening", STUDENT_WITH_COMPANION)
        save(window, "06_opening_student_companion.png")
        auth = AuthorizationDialog(
            current.assessment.hits,
            lambda *a: None,
            teller_name=session.teller_name,
            decision_text="客户坚持办理",
            parent=window,
        )

        def fill_auth(dialog: AuthorizationDialog) -> None:
            dialog.ui.supervisorEdit.setText("supervisor01")
            dialog.ui.passwordEdit.setText("Super#2026")
            dialog.ui.reasonEdit.setPlainText(STUDENT_AUTHORIZATION_REASON)
            save(dialog, "07_supervisor_authorization.png")

        while_open(auth, fill_auth)

        current = scenario("transfer", SAFE_ACCOUNT)
        save(window, "08_transfer_safe_account.png")
        refusal = RefusalDialog(current.assessment.hits, parent=window)
        refusal.resize(780, 720)
        while_open(refusal, lambda d: save(d, "09_refusal.png"))

        # A payee on the demo's police list of fraud-receiving accounts (imported, signed, as
        # keyed hashes): the hit names the list and its version, nothing else of it.
        listed = demo_lists().police_accounts[0]
        scenario(
            "transfer",
            {
                **WECHAT_FRIEND,
                "transfer.amount": "26000.00",
                "transfer.payee_name": listed.name,
                "transfer.payee_account": listed.account,
                "transfer.payee_relationship": "online_only",
                "transfer.purpose": "purchase",
                "transfer.met_payee_in_person": False,
                "instructed_by_others": False,
                "notes": "网上买二手手机，卖家让转到这张卡",
            },
        )
        save(window, "21_transfer_police_list.png")

        scenario("transfer", ELDERLY_TO_SON)
        lock = LoginDialog(
            session.unlock,
            branch_text=session.branch_text,
            locked_user=session.username,
            parent=window,
        )
        window.set_locked(True)
        while_open(lock, lambda d: (save(window, "10_locked_window.png"), save(d, "11_unlock.png")))
        window.set_locked(False)

        # History: the WeChat customer was dissuaded earlier today and comes back.
        case = build_case("transfer", WECHAT_FRIEND, on=BUSINESS_DATE).case
        assert case is not None
        assessment = session.assess(case, on=BUSINESS_DATE)
        outcome = ReminderOutcome(
            answers=[
                (q, "微信上的老朋友，没有打电话核实") for h in assessment.hits for q in h.questions
            ],
            decision="dissuaded",
            seconds=214,
            script=script_lines(assessment.hits),
        )
        event = session.record_reminder(case, assessment, outcome)
        session.forget(case)
        window.presenter.forget_history()
        scenario("transfer", WECHAT_FRIEND)
        save(window, "12_customer_back_after_dissuasion.png")

        del event
        confirmation(session, work)
        window.close()
        supervisor(shell, session)
        other_roles(shell, session)
        session.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def drop_down_search(window: Any) -> None:
    """The purpose drop-down filtered by the pinyin initials "jq", its pop-up drawn in."""
    window.form.set_value("transfer.purpose", None)
    combo = window.form.ui.transferPurposeCombo
    combo.setFocus()
    settle()
    QTest.keyClicks(combo, "jq")
    settle()
    popup = QApplication.activePopupWidget()
    picture = window.grab()
    if popup is not None:
        painter = QPainter(picture)
        painter.drawPixmap(window.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0))), popup.grab())
        painter.end()
        popup.hide()
    path = OUT / "20_drop_down_search.png"
    picture.save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")


def sign_out_question(shell: Shell, window: Any) -> None:
    """切换用户 with a case typed: keep it for the next operator, discard it, or stay."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            save(box, "22_switch_user_keep_case.png")
            box.reject()

    QTimer.singleShot(100, answer)
    shell.sign_out("switch_user")


def supervisor(shell: Shell, session: Session) -> None:
    """The supervisor's 审计与统计 over the demo store (after the scenarios above)."""
    shell.start(session.authenticate("supervisor01", "Super#2026"))
    window = shell.window
    assert window is not None
    window.confirm_close = False
    window.resize(*WINDOW_SIZE)
    window.show()
    dialog = shell.open_supervisor()
    assert dialog is not None
    dialog.resize(1280, 820)
    dialog.ui.fromDateEdit.setDate(QDate(2020, 1, 1))
    dialog.refresh()
    loaded(lambda: dialog.model.total is not None and dialog.model.is_loaded(0))
    table = dialog.ui.eventsTable
    row = next(
        r
        for r in range(dialog.model.rowCount())
        if dialog.model.index(r, 0).data(dialog.model.TypeRole) == "supervisor_authorized"
    )
    table.selectRow(row)
    table.scrollTo(dialog.model.index(row, 0))
    save(dialog, "14_supervisor_audit.png")
    dialog.ui.tabs.setCurrentWidget(dialog.ui.statsTab)
    loaded(lambda: not dialog.stats_task.running)  # counted on the statistics worker
    save(dialog, "15_supervisor_charts.png")
    # 倒查: the dossier of the customer the supervisor authorized for, by full ID number.
    with sqlite3.connect(f"file:{session.settings.database_path}?mode=ro", uri=True) as db:
        add_record_functions(db)
        authorized = json.loads(
            db.execute(
                "SELECT record_json(record) FROM events "
                "WHERE type = 'supervisor_authorized' ORDER BY seq DESC LIMIT 1"
            ).fetchone()[0]
        )
    opener = session.workstation.store.cipher.for_record(authorized)
    sealed = opener.open(authorized["payload"]["subject"]["id_number"]["c"])
    dialog.ask_reason = lambda title: "监管检查：倒查该客户的开户与转账"
    dialog.ui.tabs.setCurrentWidget(dialog.ui.dossierTab)
    dialog.ui.dossierEdit.setText(sealed)
    dialog.open_dossier()
    save(dialog, "16_supervisor_dossier.png")
    pdf = Path(tempfile.mkdtemp(prefix="tellerguard-dossier-")) / "dossier.pdf"
    dialog.ask_export_path = lambda suggested: pdf
    dialog.print_dossier()
    shutil.copyfile(pdf, OUT / "17_dossier.pdf")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
             str(OUT / "17_dossier")],
            check=True,
        )  # fmt: skip
        print("wrote docs/screenshots/17_dossier.png")
    shutil.rmtree(pdf.parent, ignore_errors=True)
    # 补打: the same customer's confirmation printed again.
    dialog.ask_seq = lambda default: default
    dialog.reprint()
    assert dialog.reprinted is not None
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-singlefile", str(dialog.reprinted),
             str(OUT / "18_confirmation_reprint")],
            check=True,
        )  # fmt: skip
        print("wrote docs/screenshots/18_confirmation_reprint.png")
    # The operator tab as a manager opens it: the reprint's result line (a scratch path
    # here) belongs to the previous step.
    dialog.ui.resultLabel.clear()
    console_admin(dialog, session)
    dialog.close()
    window.close()


def other_roles(shell: Shell, session: Session) -> None:
    """Operators who do not work at the counter: the system administrator's 操作员与封存 and
    the rule administrator's window, each opened on their role's screen."""
    for username, password, name in (
        ("admin01", "Admin#2026", "43_administrator"),
        ("rules01", "Rules#2026", "44_rule_administrator"),
    ):
        shell.start(session.authenticate(username, password))
        window = shell.window
        assert window is not None
        window.confirm_close = False
        window.resize(*WINDOW_SIZE)
        window.show()
        save(window, f"{name}_window.png")
        dialog = shell.open_role_screen()
        assert dialog is not None
        save(dialog, f"{name}_screen.png")
        shell.close_supervisor()
        window.close()


def console_admin(dialog: Any, session: Session) -> None:
    """The console's 操作员 tab, its add dialog refusing a breached password, and the
    校验与封存 tab while a verification runs and after it."""
    from tellerguard.gui.views.operators import OperatorDialog

    page = dialog.operators_page
    dialog.ui.tabs.setCurrentWidget(page)
    page.select("teller02")
    save(dialog, "37_console_operators.png")
    add = OperatorDialog(session, "add", parent=dialog)
    add.ui.usernameEdit.setText("teller03")
    add.ui.displayNameEdit.setText("赵新")
    add.ui.passwordEdit.setText("Password123!")
    while_open(add, lambda d: save(d, "38_operator_add_weak_password.png"))
    seals = dialog.seals_page
    dialog.ui.tabs.setCurrentWidget(seals)
    seals.seal()
    with session.verifying:  # another verification holds the store: this one waits
        seals.start_verify()
        save(dialog, "40_console_verify_waiting.png")
    loaded(lambda: not seals.verifying)
    save(dialog, "39_console_seals.png")


def confirmation(session: Session, work: Path) -> None:
    """The student's confirmation (reminder, supervisor) as PDF, then as PNG."""
    case = build_case("opening", STUDENT_WITH_COMPANION, on=BUSINESS_DATE).case
    assert case is not None
    assessment = session.assess(case, on=BUSINESS_DATE)
    outcome = ReminderOutcome(
        answers=[(q, STUDENT_ANSWERS[q]) for h in assessment.hits for q in h.questions],
        decision="proceeded",
        seconds=305,
        script=script_lines(assessment.hits),
        note="陪同人离开后客户单独回答",
    )
    reminder = session.record_reminder(case, assessment, outcome)
    name, authorized = session.authorize(
        case, assessment, "supervisor01", "Super#2026", STUDENT_AUTHORIZATION_REASON
    )
    data = confirmation_data(
        case,
        assessment,
        authorized,
        outcome,
        Authorization(name, STUDENT_AUTHORIZATION_REASON, authorized),
        branch=session.branch_text,
        workstation=session.workstation_name,
        teller=session.teller_name,
    )
    pdf = write_confirmation_pdf(data, work / "confirmation.pdf")
    shutil.copy(pdf, OUT / "13_confirmation.pdf")
    print(
        f"wrote {(OUT / '13_confirmation.pdf').relative_to(ROOT)} (reminder #{reminder.sequence})"
    )
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found (apt-get install poppler-utils): confirmation PNG skipped")
        return
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), str(OUT / "13_confirmation")],
        check=True,
    )
    print(f"wrote {(OUT / '13_confirmation.png').relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
