"""Render 规则包管理 offscreen into docs/screenshots/33–36 (the rule administrator's screen).

A throw-away demo branch (real store, operators and services) and the same fixed business
day as scripts/screenshots.py; the pack shown adds one rule to the default pack (large
transfers get a second reminder), so the replay has cases that move up.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_rule_packs.py
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: TID251 - a GUI script

from tellerguard.config import load_settings
from tellerguard.domain.clock import SHANGHAI, ManualClock, set_program_clock
from tellerguard.gui.app import make_application
from tellerguard.gui.demo import ensure_demo_branch
from tellerguard.gui.session import Session
from tellerguard.gui.shell import Shell
from tellerguard.gui.views.rule_packs import BRANCH_COLUMN, RulePackDialog
from tellerguard.resources import default_rules_dir
from tellerguard.services.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
EXTRA_RULE = """rules:
  - id: XFER-ANY-LARGE
    title: 五万元以上转账须二次提醒
    kinds: [transfer]
    level: second_reminder
    status: stable
    tags: [unclear_purpose]
    condition: transfer.amount >= 50000
    reason: 转账金额 {transfer.amount} 元，达到五万元
    references: [本行 2026 年第 12 期风险提示]
    script: [大额转账请再核实一下收款人。]
    questions: [收款人是谁？]
    examples:
      - expect: match
        name: 十万
        base: transfer
        set: {transfer.amount: "100000.00"}
      - expect: no_match
        name: 一千
        base: transfer
        set: {transfer.amount: "1000.00"}
"""


def save(dialog: RulePackDialog, name: str) -> None:
    for _ in range(5):
        QApplication.processEvents()
    path = OUT / name
    if not dialog.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT)}")


def checked(dialog: RulePackDialog) -> None:
    """Run 检查并回放 and wait for its worker."""
    dialog.check()
    while dialog.worker is not None:
        QApplication.processEvents()
        time.sleep(0.01)


def pack_with(folder: Path, text: str) -> Path:
    """The default pack with one more rules file, its version raised as a release would."""
    shutil.copytree(default_rules_dir(), folder)
    (folder / "extra.yaml").write_text(text, encoding="utf-8")
    pack_yaml = folder / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    found = re.search(r'^version: "(\d+)\.(\d+)\.(\d+)"$', text, re.MULTILINE)
    assert found, "pack.yaml has no version line of the form YYYY.MM.N"
    year, month, number = found.groups()
    raised = f'version: "{year}.{month}.{int(number) + 1}"'
    pack_yaml.write_text(text[: found.start()] + raised + text[found.end() :], "utf-8")
    return folder


def main() -> int:
    set_program_clock(ManualClock(datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)))
    make_application()
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tg-shots-packs-"))
    try:
        settings = load_settings(ensure_demo_branch(work / "demo"))
        session = Session.open(settings, load_rules(settings))
        shell = Shell(session)
        shell.start(session.authenticate("rules01", "Rules#2026"))
        assert shell.window is not None
        shell.window.confirm_close = False
        shell.window.resize(1366, 800)
        shell.window.show()
        dialog = shell.open_rule_packs()
        assert dialog is not None
        dialog.resize(1320, 820)

        added = pack_with(work / "next", EXTRA_RULE)
        dialog.ask_folder = lambda: added
        dialog.browse()
        checked(dialog)
        save(dialog, "33_rule_pack_check.png")

        dialog.ui.reasonEdit.setText("总行风险提示：五万元以上转账一律二次提醒")
        dialog.request()
        dialog.ui.approverEdit.setText("supervisor01")
        dialog.ui.approverPasswordEdit.setText("Super#2026")
        save(dialog, "34_rule_pack_pending.png")
        dialog.approve()
        save(dialog, "35_rule_pack_approved.png")

        # One check lists every problem: a YAML error in a rules file and a branch value
        # outside the pack's bounds, typed into the table.
        broken = pack_with(work / "broken", EXTRA_RULE.replace("[transfer]", "[transfer"))
        dialog.ask_folder = lambda: broken
        dialog.browse()
        row = next(i for i, r in enumerate(dialog.rows) if r.name == "elderly_age")
        item = dialog.ui.paramsTable.item(row, BRANCH_COLUMN)
        assert item is not None
        item.setText("500")
        checked(dialog)
        dialog.ui.paramsTable.selectRow(row)
        save(dialog, "36_rule_pack_errors_and_bounds.png")
        dialog.close()
        shell.window.close_without_asking()
        session.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
