"""主管查询 — 审计与统计 on a real demo store: a supervisor opens it from the menu, sees the
events and statistics the store really holds, filters, exports and verifies; a teller cannot
open it. The expected figures are counted straight from the store file (read-only SQL)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from tellerguard.audit.export import read_manifest
from tellerguard.audit.record import decode_record
from tellerguard.audit.store import add_record_functions
from tellerguard.gui.log_model import PAGE, LogTableModel
from tellerguard.gui.session import Session
from tellerguard.gui.shell import Shell
from tellerguard.gui.views.supervisor import SupervisorDialog
from tests.model_paths import model_paths

from .conftest import BUSINESS_DATE, DialogDriver
from .test_scenarios import log_in

pytestmark = pytest.mark.gui

SINCE = date(2020, 1, 1)


def count(session: Session, where: str) -> int:
    """Count straight from the store file, read-only, independently of the services."""
    path = session.settings.database_path
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        add_record_functions(db)
        return int(db.execute(f"SELECT count(*) FROM events WHERE {where}").fetchone()[0])


def open_dialog(qtbot: Any, shell: Shell) -> SupervisorDialog:
    window = shell.window
    assert window is not None and window.ui.actionSupervisor.isEnabled()
    QTest.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = shell.supervisor_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def settled(qtbot: Any, model: LogTableModel) -> None:
    """Wait until the worker has answered the current query: its count and first page."""
    qtbot.waitUntil(lambda: model.total is not None and (model.total == 0 or model.is_loaded(0)))


def counted(qtbot: Any, dialog: SupervisorDialog) -> None:
    """Wait until the statistics worker has answered the newest request."""
    qtbot.waitUntil(lambda: not dialog.stats_task.running)


def whole_store(qtbot: Any, dialog: SupervisorDialog) -> None:
    """Widen the range to every demo event (they run up to the test clock's present)."""
    dialog.ui.fromDateEdit.setDate(QDate(SINCE.year, SINCE.month, SINCE.day))
    today = BUSINESS_DATE
    dialog.ui.toDateEdit.setDate(QDate(today.year, today.month, today.day))
    QTest.keyClick(dialog.ui.tellerEdit, Qt.Key.Key_Return)
    settled(qtbot, dialog.model)
    counted(qtbot, dialog)


def test_a_supervisor_browses_filters_exports_and_verifies(
    qtbot: Any, qtmodeltester: Any, session: Session, dialogs: DialogDriver, tmp_path: Path
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "supervisor01", "Super#2026")
    dialog = open_dialog(qtbot, shell)
    # Default range: this month up to the business date.
    assert dialog.query().date_from == BUSINESS_DATE.replace(day=1)
    assert dialog.query().date_to == BUSINESS_DATE

    whole_store(qtbot, dialog)
    model = dialog.model
    assert isinstance(model, LogTableModel)
    total = count(session, "1")
    # The whole store, not the first 500: the count is every event, the rows load by page.
    assert total > PAGE and model.rowCount() == total
    assert f"共 {total:,} 条" in dialog.ui.eventsLabel.text()
    # Scrolling to the end loads the last page on the worker.
    dialog.ui.eventsTable.scrollToBottom()
    qtbot.waitUntil(lambda: model.is_loaded(total - 1))
    assert model.index(total - 1, 0).data() == "1"  # the oldest: the store's first event
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "序号",
        "时间",
        "类型",
        "操作员",
        "结果/客户决定",
        "客户（脱敏）",
        "风险等级",
    ]
    assert model.index(0, 0).data() == str(total)  # newest first
    # Customers appear masked only.
    customers = [model.index(r, 5).data() or "" for r in range(PAGE)]
    assert any("*" in c for c in customers)
    assert not any(re.search(r"\d{17}[\dX]|\d{11}", c) for c in customers)

    stats = dialog.ui.statsLabel.text()
    dissuaded = count(session, "type = 'reminder_completed' AND decision = 'dissuaded'")
    refused = count(session, "type = 'business_refused'")
    authorized = count(session, "type = 'supervisor_authorized'")
    assert dissuaded + refused > 0  # the demo stops some fraud
    assert f"劝阻成功 <b>{dissuaded}</b> 起" in stats
    assert f"拒绝办理 <b>{refused}</b> 起" in stats
    assert f"主管授权 <b>{authorized}</b> 次" in stats
    # 移交公安 in the head counts every case sent to the police (a reminder's decision or a
    # refusal), the reminder line only the reminders' decisions: the head says how many of
    # its cases came from a reminder, so the two figures do not read as one disagreeing.
    police = count(
        session,
        "type = 'business_refused' AND record_json(record) ->> '$.payload.referred_to_police'",
    )  # the demo refuses every case a reminder sends to the police, so these are its cases
    from_reminders = count(
        session, "type = 'reminder_completed' AND decision = 'referred_to_police'"
    )
    assert police > from_reminders > 0
    assert f"移交公安 <b>{police}</b> 起（其中二次提醒时决定移交 {from_reminders} 起）" in stats
    reminders = count(session, "type = 'reminder_completed'")
    assert f"二次提醒 {reminders} 次，按客户决定：" in stats
    assert f"移交公安 {from_reminders}" in stats and "按评估等级：" in stats
    # Rules are named by their Chinese titles, never by their ids.
    assert "命中最多的规则：" in stats
    assert not re.search(r"[A-Z]{2,}-[A-Z]", stats), stats

    # The statistics tables: per teller the dissuasions add up; every rule by its title.
    dialog.ui.tabs.setCurrentWidget(dialog.ui.statsTab)
    combo = dialog.ui.breakdownCombo
    combo.setCurrentIndex(combo.findData("teller"))
    counted(qtbot, dialog)
    table = dialog.breakdown_model
    qtmodeltester.check(table)
    column = table.headers.index("劝阻成功")
    assert sum(int(table.index(r, column).data()) for r in range(table.rowCount())) == dissuaded
    tellers = {table.index(r, 0).data() for r in range(table.rowCount())}
    assert tellers <= {"teller01", "teller02"} and tellers
    rules = dialog.rules_model
    qtmodeltester.check(rules)
    titles = session.rule_titles()
    assert rules.rowCount() > 0
    id_column = rules.headers.index("规则编号")
    assert all(
        rules.index(r, 0).data() == titles[rules.index(r, id_column).data()]
        for r in range(rules.rowCount())
    )
    # Figures right, text left: a right-aligned rule id in a narrow column showed only its end.
    align = Qt.ItemDataRole.TextAlignmentRole
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert [rules.index(0, c).data(align) for c in range(len(rules.headers))] == [
        None if name in ("规则", "等级", "规则编号") else right for name in rules.headers
    ]
    xlsx = tmp_path / "stats.xlsx"
    dialog.ask_export_path = lambda suggested: xlsx
    QTest.mouseClick(dialog.ui.statsExportButton, Qt.MouseButton.LeftButton)
    with zipfile.ZipFile(xlsx) as book:
        assert "xl/worksheets/sheet2.xml" in book.namelist()
    assert "统计表已导出" in dialog.ui.resultLabel.text()
    dialog.ui.tabs.setCurrentWidget(dialog.ui.logTab)
    assert dialog.ui.resultLabel.text() == ""  # the statistics' export is not the log's

    # Tab leaves a table for the next control (the arrows move within it).
    for table in (
        dialog.ui.eventsTable,
        dialog.ui.breakdownTable,
        dialog.ui.rulesTable,
        dialog.operators_page.ui.operatorsTable,
        dialog.seals_page.ui.sealsTable,
    ):
        assert not table.tabKeyNavigation(), table.objectName()
    dialog.ui.eventsTable.setFocus()
    dialog.ui.eventsTable.setCurrentIndex(model.index(0, 0))
    QTest.keyClick(dialog.ui.eventsTable, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is not dialog.ui.eventsTable
    assert dialog.ui.eventsTable.currentIndex().column() == 0

    # Filter by type with the keyboard: the combo lists Chinese labels.
    combo = dialog.ui.typeCombo
    combo.setFocus()
    index = combo.findText("拒绝办理")
    assert index > 0 and combo.itemData(index) == "business_refused"
    combo.setCurrentIndex(index)
    settled(qtbot, model)
    assert model.rowCount() == refused
    assert {model.index(r, 2).data() for r in range(model.rowCount())} <= {"拒绝办理"}
    assert all(
        model.index(r, 0).data(LogTableModel.TypeRole) == "business_refused"
        for r in range(model.rowCount())
    )

    # Export what is shown (masked), with the supervisor's own session.
    out = tmp_path / "inspection.zip"
    dialog.ask_export_path = lambda suggested: out
    dialog.ui.formatCombo.setCurrentIndex(dialog.ui.formatCombo.findData("csv"))
    QTest.mouseClick(dialog.ui.exportButton, Qt.MouseButton.LeftButton)
    assert out.is_file() and zipfile.is_zipfile(out)
    manifest = read_manifest(out)
    assert manifest["rows"] == refused and manifest["exported_by"] == "supervisor01"
    assert "已导出" in dialog.ui.resultLabel.text()
    assert count(session, "type = 'export_written' AND operator = 'supervisor01'") == 1

    # Verify the chain (from the keyboard: focus the button, Space).
    dialog.ui.verifyButton.setFocus()
    QTest.keyClick(dialog.ui.verifyButton, Qt.Key.Key_Space)
    # It runs on the 校验与封存 tab's worker, with a progress bar; the result comes back.
    assert dialog.ui.tabs.currentWidget() is dialog.seals_page
    qtbot.waitUntil(lambda: dialog.ui.resultLabel.text().startswith("审计链校验通过"))
    assert count(session, "type = 'audit_verified' AND operator = 'supervisor01'") == 1

    # Locking the window closes the audit view.
    shell.close_supervisor()
    assert shell.supervisor_dialog is None


def test_a_teller_cannot_open_it(qtbot: Any, session: Session, dialogs: DialogDriver) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell)
    window = shell.window
    assert window is not None
    assert not window.ui.actionSupervisor.isEnabled()
    assert "仅主管可用" in window.ui.actionSupervisor.toolTip()
    QTest.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert shell.supervisor_dialog is None

    seen: list[str] = []

    def read_and_close(box: QMessageBox) -> None:
        seen.append(box.text())
        QTest.keyClick(box, Qt.Key.Key_Return)

    dialogs.expect(QMessageBox, read_and_close)
    assert shell.open_supervisor() is None
    dialogs.check()
    assert seen and "仅限主管" in seen[0]


def test_a_supervisor_opens_prints_and_exports_a_customer_dossier(
    qtbot: Any, session: Session, dialogs: DialogDriver, tmp_path: Path
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "supervisor01", "Super#2026")
    dialog = open_dialog(qtbot, shell)
    path = session.settings.database_path
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        add_record_functions(db)
        sealed, values, id_hmac = db.execute(
            "SELECT record_json(record) ->> '$.payload.subject.id_number.c', "
            "record_json(record) ->> '$.sealed', id_hmac FROM events "
            "WHERE type = 'reminder_completed' ORDER BY seq LIMIT 1"
        ).fetchone()
        refs = {
            ref
            for (ref,) in db.execute(
                "SELECT DISTINCT case_ref FROM events WHERE id_hmac = ?", (id_hmac,)
            )
        }
        case_events = db.execute(
            f"SELECT count(*) FROM events WHERE case_ref IN ({','.join('?' * len(refs))})",
            tuple(refs),
        ).fetchone()[0]
    number = session.workstation.store.cipher.for_record({"sealed": values}).open(sealed)
    reasons: list[str] = []

    def reason(title: str) -> str:
        reasons.append(title)
        return "监管检查：倒查三月开户"

    dialog.ask_reason = reason
    dialog.ui.tabs.setCurrentWidget(dialog.ui.dossierTab)
    QTest.keyClicks(dialog.ui.dossierEdit, number)
    QTest.keyClick(dialog.ui.dossierEdit, Qt.Key.Key_Return)
    assert reasons and dialog.dossier is not None
    assert {c.case_ref for c in dialog.dossier.cases} == refs
    text = dialog.ui.dossierBrowser.toPlainText()
    assert dialog.ui.dossierEdit.text() == ""
    # A supervisor may see personal data: the case as typed, decrypted; the access recorded.
    assert number in text and "已解密" in text
    assert "链哈希" in text and "二次提醒完成" in text
    # A hit's values by their fields' names, never the rule's own expressions.
    assert "年龄 = " in text
    assert not re.search(r" if | else |noun\(|phrases\(|[a-z]+\.[a-z_]+ = ", text)
    # The lists it was judged with by their titles, each with its version, size, the event
    # that imported that content and its content hash, on a line of its own.
    police = session.workstation.store.risk_list("police_accounts")
    assert police is not None
    assert (
        f"{police.title}（police_accounts）：版本 {police.version}，{police.entries} 条，"
        f"由审计事件 #{police.event_seq} 导入\n内容哈希 {police.content_hash}"
    ) in text
    assert count(session, "type = 'personal_data_accessed' AND operator = 'supervisor01'") == 1

    # Printed to PDF (pages rendered by poppler when it is installed).
    pdf = tmp_path / "dossier.pdf"
    dialog.ask_export_path = lambda suggested: pdf
    QTest.mouseClick(dialog.ui.dossierPdfButton, Qt.MouseButton.LeftButton)
    assert pdf.read_bytes().startswith(b"%PDF")
    # Exported as one bundle: exactly the events of the customer's cases, recorded.
    bundle = tmp_path / "dossier.zip"
    dialog.ask_export_path = lambda suggested: bundle
    dialog.ui.formatCombo.setCurrentIndex(dialog.ui.formatCombo.findData("csv"))
    QTest.mouseClick(dialog.ui.dossierExportButton, Qt.MouseButton.LeftButton)
    manifest = read_manifest(bundle)
    assert manifest["rows"] == case_events
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        add_record_functions(db)
        recorded = db.execute("SELECT record FROM events WHERE type = 'export_written'").fetchone()[
            0
        ]
    assert set(json.loads(decode_record(recorded))["payload"]["case_refs"]) == refs

    # 补打: the confirmation of the customer's reminder again, the same hash, marked, recorded.
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        add_record_functions(db)
        reminder_seq, reminder_hash = db.execute(
            "SELECT max(seq), lower(hex(hash)) FROM events WHERE type = 'reminder_completed' "
            "AND id_hmac = ?",
            (id_hmac,),
        ).fetchone()
    asked: list[int] = []
    dialog.ask_seq = lambda default: asked.append(default) or default
    QTest.mouseClick(dialog.ui.reprintButton, Qt.MouseButton.LeftButton)
    assert asked == [reminder_seq]
    reprint = dialog.reprinted
    assert reprint is not None and reprint.read_bytes().startswith(b"%PDF")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        add_record_functions(db)
        payload = json.loads(
            db.execute(
                "SELECT record_json(record) ->> '$.payload' FROM events "
                "WHERE type = 'confirmation_reprinted'"
            ).fetchone()[0]
        )
    assert payload["reminder_seq"] == reminder_seq
    assert payload["reminder_hash"] == reminder_hash
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(reprint), "-"], capture_output=True, text=True, check=True
        ).stdout.replace("\n", "")
        assert "补打" in text and reminder_hash[:16] in text
    shell.close_supervisor()


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils' pdftotext")
def test_a_reprint_of_an_authorized_case_carries_the_authorization_as_the_original_did(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    # The counter prints an authorized case's confirmation after the supervisor signs, with
    # the authorization's sequence number, hash and time and the supervisor's name and
    # username: a reprint that says "审计序号与哈希同原件" must show those, not the reminder's.
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "supervisor01", "Super#2026")
    path = session.settings.database_path
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        add_record_functions(db)
        reminder, authorized, authorized_hash, at, supervisor, name = db.execute(
            "SELECT r.seq, a.seq, lower(hex(a.hash)), a.at, "
            "record_json(a.record) ->> '$.payload.supervisor', "
            "record_json(a.record) ->> '$.payload.supervisor_name' "
            "FROM events AS a JOIN events AS r ON r.case_ref = a.case_ref "
            "AND r.type = 'reminder_completed' AND r.seq < a.seq "
            "WHERE a.type = 'supervisor_authorized' AND NOT EXISTS (SELECT 1 FROM events AS s "
            "WHERE s.case_ref = a.case_ref AND s.type = 'assessment_shown' "
            "AND s.seq > r.seq AND s.seq < a.seq) ORDER BY a.seq DESC LIMIT 1"
        ).fetchone()
        reminder_hash = db.execute(
            "SELECT lower(hex(hash)) FROM events WHERE seq = ?", (reminder,)
        ).fetchone()[0]
    reprint = session.reprint_confirmation(reminder, "客户遗失确认书")
    text = subprocess.run(
        ["pdftotext", str(reprint), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = text.replace("\n", "")
    assert f"审计序号 {authorized}" in flat and authorized_hash[:32] in flat
    assert reminder_hash[:16] not in flat
    assert f"{name}（{supervisor}）" in flat
    minute = at[:16].replace("T", " ")
    assert f"{minute[:4]}年{minute[5:7]}月{minute[8:10]}日 {minute[11:]}" in flat
    shell.close_supervisor()


def pane(event_type: str, operator: str, payload: dict[str, Any]) -> tuple[str, str]:
    """The detail pane's HTML for an event, and its text without the tags."""
    from tellerguard.gui.supervisor import detail_html
    from tellerguard.services.console import EventDetail

    record = {
        "type": event_type,
        "at": "2026-11-25T10:00:10+08:00",
        "operator": operator,
        "outcome": "success",
        "payload": payload,
    }
    shown = detail_html(EventDetail(1521, "ab" * 32, "cd" * 32, record))
    return shown, re.sub(r"<[^>]+>", " ", shown)


def test_the_detail_pane_names_choices_in_chinese(qapp: Any) -> None:
    _, text = pane(
        "supervisor_authorized",
        "supervisor01",
        {
            "level": "manager_approval",
            "subject": {"kind": "opening", "id_type": "resident_id", "name": "刘**"},
            "referred_to_police": False,
        },
    )
    assert "个人开户" in text and "居民身份证" in text and "主管授权" in text
    assert "opening" not in text and "resident_id" not in text
    assert "刘**" in text


def test_every_field_of_every_event_has_a_chinese_name_in_the_detail_pane() -> None:
    from tellerguard.domain.events import EVENT_TYPES
    from tellerguard.gui.supervisor import field_name

    fields = {
        path.rsplit(".", 1)[-1] for model in EVENT_TYPES.values() for path in model_paths(model)
    }
    assert {"record_dictionary", "signing_key", "list_version", "replay"} <= fields
    assert sorted(name for name in fields if field_name(name) == name) == []
    assert all(re.search(r"[\u4e00-\u9fff]|SHA-256|SQLite", field_name(n)) for n in fields)


def test_the_detail_pane_gives_a_record_dictionary_by_its_size_not_its_base64(
    qapp: Any,
) -> None:
    import base64

    from tellerguard.audit.record import PACKAGED_DICTIONARY, dictionary_payload

    raw = PACKAGED_DICTIONARY.read_bytes()
    carried = dictionary_payload(raw)
    shown, text = pane(
        "store_migrated",
        "system",
        {
            "migrations": ["0006_record_dictionary_2"],
            "app_version": "0.1.0",
            "record_dictionary": carried,
        },
    )
    assert len(shown) < 3000
    assert str(carried["zstd"])[:40] not in shown
    assert f"{len(raw):,} 字节" in text and str(carried["sha256"]) in text
    assert "压缩字典" in text and "字典编号" in text and "结构版本" in text
    assert len(base64.b64decode(str(carried["zstd"]))) == len(raw)


def test_the_detail_pane_names_event_choices_in_chinese(qapp: Any) -> None:
    _, text = pane(
        "list_imported",
        "rules01",
        {"key_kind": "name_and_id", "mode": "delta", "list_id": "police_accounts"},
    )
    assert "姓名与证件号码" in text and "增量更新" in text and "导入方式" in text
    assert "name_and_id" not in text and "delta" not in text
    assert "police_accounts" in text  # an identifier stays as it is


def test_the_detail_pane_sets_each_record_of_a_list_apart(qapp: Any) -> None:
    shown, _ = pane(
        "assessment_shown",
        "teller01",
        {
            "lists": [
                {"id": "police_accounts", "version": "2026.11.09", "event": 9},
                {"id": "flagged_phones", "version": "2026.11.09", "event": 11},
            ],
            "rule_ids": ["OPEN-OUTAREA", "OPEN-DECLARATION"],
        },
    )
    assert "记录事件：9<br><br>编号：flagged_phones" in shown
    assert "OPEN-OUTAREA、OPEN-DECLARATION" in shown  # rule ids stay on one line


def test_the_detail_pane_names_the_decision_formats_the_amount_and_titles_the_rules(
    qapp: Any,
) -> None:
    from tellerguard.gui.supervisor import detail_html
    from tellerguard.services.console import EventDetail

    payload = {
        "case_ref": "c" * 32,
        "subject": {"kind": "transfer", "id_type": "resident_id", "amount": "50000"},
        "decision": "proceeded",
        "delay": None,
        "rule_ids": ["XFER-AUTHORITY", "GONE-RULE"],
    }
    record = {"type": "reminder_completed", "operator": "teller01", "payload": payload}
    shown = detail_html(
        EventDetail(7, "ab" * 32, "cd" * 32, record), {"XFER-AUTHORITY": "冒充公检法"}
    )
    text = re.sub(r"<[^>]+>", " ", shown)
    assert "坚持办理" in text and "proceeded" not in text
    assert "¥50,000.00" in text and "50000" not in text
    assert "冒充公检法（XFER-AUTHORITY）、GONE-RULE" in text
    payload["decision"], payload["delay"] = "delayed_arrival", "next_day"
    text = re.sub(r"<[^>]+>", " ", detail_html(EventDetail(7, "ab" * 32, "cd" * 32, record)))
    assert "延迟到账" in text and "次日到账" in text and "next_day" not in text


def test_the_detail_pane_gives_fields_in_their_models_order_and_leaves_out_absent_ones(
    qapp: Any,
) -> None:
    # The record's keys are sorted (canonical JSON): shown so, 金额 came first and 姓名 after
    # 收款账号; an account opening listed a transfer's payee as "—".
    _, text = pane(
        "reminder_completed",
        "teller01",
        {
            "case_ref": "c" * 32,
            "subject": {
                "amount": None,
                "cash": None,
                "id_number": {"m": "410102********0028", "c": "~0", "h": "ab" * 32},
                "id_type": "resident_id",
                "kind": "opening",
                "name": {"m": "王*兰", "c": "~1"},
                "payee_account": None,
                "payee_name": None,
                "phone": {"m": "139****0000", "c": "~2"},
            },
            "decision": "dissuaded",
            "duration_seconds": 120,
            "answers": [],
        },
    )
    subject = text[text.index("业务类型") :]
    positions = [subject.index(name) for name in ("业务类型", "证件类型", "证件号码", "姓名")]
    assert positions == sorted(positions)
    assert "金额" not in subject and "收款" not in subject
    assert text.index("客户与业务") < text.index("客户决定")


def test_the_filters_and_the_log_export_show_only_on_the_tabs_they_act_on(
    qtbot: Any, session: Session, dialogs: DialogDriver
) -> None:
    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "supervisor01", "Super#2026")
    dialog = open_dialog(qtbot, shell)
    ui = dialog.ui
    shown = {}
    for tab in (ui.logTab, ui.statsTab, ui.dossierTab, dialog.operators_page, dialog.seals_page):
        ui.tabs.setCurrentWidget(tab)
        shown[ui.tabs.tabText(ui.tabs.indexOf(tab))] = (
            ui.fromDateEdit.isVisible(),
            ui.tellerEdit.isVisible(),
            ui.formatCombo.isVisible(),
            ui.exportButton.isVisible(),
            ui.verifyButton.isVisible(),
            ui.resultLabel.isVisible(),
        )
        # No empty band where hidden filters were: the tabs start at the top margin.
        top = ui.tabs.geometry().top()
        assert (top > ui.supervisorLayout.contentsMargins().top()) == ui.fromDateEdit.isVisible()
    assert shown == {
        "审计记录": (True, True, True, True, True, True),
        "统计图表": (True, True, False, False, True, True),
        "倒查档案": (False, False, True, False, True, True),
        "操作员": (False, False, False, False, True, True),
        # The seal tab's own verification and result line: the footer's would repeat them.
        "校验与封存": (False, False, False, False, False, False),
    }
    shell.close_supervisor()


def test_the_save_dialog_names_what_is_saved_and_the_suggested_chinese_name_exports(
    qtbot: Any,
    session: Session,
    dialogs: DialogDriver,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    shell = Shell(session)
    log_in(qtbot, dialogs, shell, "supervisor01", "Super#2026")
    dialog = open_dialog(qtbot, shell)
    asked: list[tuple[str, str, str]] = []

    def save_as(parent: object, title: str, where: str, kind: str) -> tuple[str, str]:
        asked.append((title, Path(where).name, kind))
        return (str(tmp_path / Path(where).name), kind)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    # The dossier's PDF and the statistics' workbook were offered as "导出包 (*.zip)".
    assert dialog.save_file_dialog("倒查档案_1.pdf") == tmp_path / "倒查档案_1.pdf"
    assert dialog.save_file_dialog("网点统计_1.xlsx") == tmp_path / "网点统计_1.xlsx"
    assert [(title, kind) for title, _, kind in asked] == [
        ("保存 PDF 文件", "PDF 文件 (*.pdf)"),
        ("导出统计表", "Excel 工作簿 (*.xlsx)"),
    ]
    # The log's export under the name the dialog suggests (Chinese): written, not a crash.
    dialog.ask_export_path = dialog.save_file_dialog
    QTest.mouseClick(dialog.ui.exportButton, Qt.MouseButton.LeftButton)
    title, suggested, kind = asked[-1]
    assert (title, kind) == ("导出审计记录（脱敏）", "导出包 (*.zip)")
    assert re.search(r"[\u4e00-\u9fff]", suggested), suggested
    written = tmp_path / suggested
    assert read_manifest(written)["rows"] > 0
    assert written.with_name(written.name + ".sha256").is_file()
    assert "已导出" in dialog.ui.resultLabel.text() or str(written) in dialog.ui.resultLabel.text()
    shell.close_supervisor()
