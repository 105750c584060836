"""The console's audit log on a 100,000-event store: a supervisor opens 审计与统计, sees the
whole store (not the first 500 rows), jumps with the scroll bar, sorts with a header click,
filters by level, tag and customer (the search asks why and is recorded), reads one event in
the detail pane. Expected rows come straight from the store file (plain read-only SQL)."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtTest import QTest

from tellerguard.audit.store import add_record_functions
from tellerguard.config import load_settings
from tellerguard.gui.log_model import MAX_PAGES, PAGE, LogTableModel
from tellerguard.gui.session import Session
from tellerguard.gui.supervisor import SupervisorPresenter
from tellerguard.gui.views.supervisor import SupervisorDialog
from tellerguard.services.rules import load_rules

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bulk_store import build_store

pytestmark = [pytest.mark.gui, pytest.mark.slow]

EVENTS = 100_000


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("console") / "store.sqlite3"
    build_store(db, EVENTS, sample=400)
    return db


@pytest.fixture
def dialog(qtbot: Any, big_store: Path) -> Iterator[SupervisorDialog]:
    settings = load_settings(big_store.with_suffix(".toml"))
    session = Session.open(settings, load_rules(settings))
    session.start(session.authenticate("supervisor01", "Super#2026"))
    window = SupervisorDialog(SupervisorPresenter(session))
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    window.ui.fromDateEdit.setDate(QDate(2020, 1, 1))
    window.ui.toDateEdit.setDate(QDate(2030, 12, 31))
    QTest.mouseClick(window.ui.queryButton, Qt.MouseButton.LeftButton)
    settled(qtbot, window.model)
    yield window
    window.close()
    window.shut()
    session.close()


def settled(qtbot: Any, model: LogTableModel) -> None:
    qtbot.waitUntil(
        lambda: model.total is not None and (model.total == 0 or model.is_loaded(0)),
        timeout=20_000,
    )


def session_of(dialog: SupervisorDialog) -> Session:
    session = dialog.presenter.source
    assert isinstance(session, Session)
    return session


def snapshot(model: LogTableModel) -> int:
    assert model.query is not None
    return model.query.selection.up_to_seq


def plain(dialog: SupervisorDialog, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    path = session_of(dialog).settings.database_path
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        add_record_functions(db)
        return db.execute(sql, params).fetchall()


def seqs(model: LogTableModel, rows: range) -> list[int]:
    return [model.index(r, 0).data(LogTableModel.SeqRole) for r in rows]


def test_the_whole_store_scrolls_jumps_and_sorts(qtbot: Any, dialog: SupervisorDialog) -> None:
    model = dialog.model
    table = dialog.ui.eventsTable
    in_range = plain(dialog, "SELECT count(*) FROM events WHERE seq <= ?", snapshot(model))
    assert model.rowCount() == in_range[0][0] > EVENTS - 1
    assert "共 " in dialog.ui.eventsLabel.text()
    # A jump into the middle: one page loaded there, found from its position.
    requests = model.requests
    target = 61_234
    table.scrollTo(model.index(target, 0))
    qtbot.waitUntil(lambda: model.is_loaded(target), timeout=20_000)
    want = plain(
        dialog,
        "SELECT seq FROM events WHERE seq <= ? ORDER BY at DESC, seq DESC LIMIT 5 OFFSET ?",
        snapshot(model),
        target,
    )
    assert seqs(model, range(target, target + 5)) == [s for (s,) in want]
    assert model.requests - requests <= 4  # the visible pages, not everything above them
    # Wandering all over the log keeps a bounded window of pages in memory.
    for step in range(MAX_PAGES + 20):
        row = (step * 7919 * PAGE) % model.rowCount()
        table.scrollTo(model.index(row, 0))
        qtbot.waitUntil(lambda row=row: model.is_loaded(row), timeout=20_000)
    assert len(model.pages_held) <= MAX_PAGES

    # Sort by operator with a click on its header: ascending, then time newest first.
    header = table.horizontalHeader()
    QTest.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(3) + 10, header.height() // 2),
    )
    settled(qtbot, model)
    assert model.query is not None and model.query.sort == "operator"
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert model.query.descending == descending
    operators = [model.index(r, 3).data() for r in range(PAGE)]
    assert operators == sorted(operators, reverse=descending)


def test_filters_customer_search_and_detail(qtbot: Any, dialog: SupervisorDialog) -> None:
    model = dialog.model
    head = snapshot(model)
    # Level 拒绝办理 from the combo.
    combo = dialog.ui.levelCombo
    combo.setCurrentIndex(combo.findData("refuse"))
    settled(qtbot, model)
    refused = plain(dialog, "SELECT count(*) FROM events WHERE level = 'refuse' AND seq <= ?", head)
    assert model.rowCount() == refused[0][0] > 0
    combo.setCurrentIndex(0)
    # Tag 老年人 (profile tag), counted from the records themselves.
    tags = dialog.ui.tagCombo
    tags.setCurrentIndex(tags.findData("elderly"))
    settled(qtbot, model)
    elderly = plain(
        dialog,
        "SELECT count(*) FROM events WHERE type = 'assessment_shown' AND EXISTS (SELECT 1 FROM "
        "json_each(record_json(record), '$.payload.hits') AS h, json_each(h.value, '$.tags') AS t "
        "WHERE t.value = 'elderly')",
    )
    assert model.rowCount() == elderly[0][0] > 0
    tags.setCurrentIndex(0)
    settled(qtbot, model)

    # A customer by full ID number: the number typed, a reason asked for, the search recorded.
    cipher = session_of(dialog).workstation.store.cipher
    sealed, values = plain(
        dialog,
        "SELECT record_json(record) ->> '$.payload.subject.id_number.c', "
        "record_json(record) ->> '$.sealed' FROM events "
        "WHERE type = 'business_refused' ORDER BY seq DESC LIMIT 1",
    )[0]
    number = cipher.for_record({"sealed": values}).open(sealed)
    asked: list[str] = []

    def reason(title: str) -> str:
        asked.append(title)
        return "反诈中心协查"

    dialog.ask_reason = reason
    QTest.keyClicks(dialog.ui.customerEdit, number)
    QTest.keyClick(dialog.ui.customerEdit, Qt.Key.Key_Return)
    settled(qtbot, model)
    assert asked and dialog.ui.customerEdit.text() == ""  # the number left the screen
    assert number not in dialog.ui.eventsLabel.text()
    id_hmac = plain(
        dialog,
        "SELECT id_hmac FROM events WHERE type = 'business_refused' ORDER BY seq DESC LIMIT 1",
    )[0][0]
    mine = plain(
        dialog, "SELECT count(*) FROM events WHERE id_hmac = ? AND seq <= ?", id_hmac, head
    )
    assert model.rowCount() == mine[0][0] > 0
    recorded = plain(
        dialog,
        "SELECT operator, record_json(record) ->> '$.payload.purpose' FROM events "
        "ORDER BY seq DESC LIMIT 1",
    )
    assert recorded == [("supervisor01", "customer_search")]

    # One event in the detail pane: click its row.
    table = dialog.ui.eventsTable
    rect = table.visualRect(model.index(0, 2))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    text = dialog.ui.detailBrowser.toPlainText()
    seq = model.index(0, 0).data(LogTableModel.SeqRole)
    digest = plain(dialog, "SELECT lower(hex(hash)) FROM events WHERE seq = ?", seq)[0][0]
    assert f"#{seq}" in text and digest in text
    assert number not in text
    QTest.mouseClick(dialog.ui.clearCustomerButton, Qt.MouseButton.LeftButton)
    settled(qtbot, model)
    assert model.rowCount() > EVENTS - 1


def test_the_model_passes_qt_model_checks(
    qtbot: Any, qtmodeltester: Any, dialog: SupervisorDialog
) -> None:
    combo = dialog.ui.levelCombo
    combo.setCurrentIndex(combo.findData("manager_approval"))
    settled(qtbot, dialog.model)
    qtmodeltester.check(dialog.model)
