"""Head office's statistics per branch and region agree with each branch's own screen
(services.reports.branch_statistics) over the same days."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tellerguard.config import Settings
from tellerguard.services.central import statistics
from tellerguard.services.counter import Counter
from tellerguard.services.reports import branch_statistics
from tests.central.conftest import cli, make_workstation, ship_args
from tests.unit.audit_helpers import ON, assessment, case, login, open_ws

pytestmark = pytest.mark.postgres


def counter_day(settings: Settings, dissuaded: int, refused: int, plain: int) -> None:
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        for _ in range(dissuaded):
            ref = counter.record_assessment(case(), assessment()).case_ref
            counter.record_reminder(
                ref,
                script_version="2026.11",
                script=["不存在所谓安全账户"],
                answers=[("是您本人转账吗？", "是")],
                duration_seconds=200,
                decision="dissuaded",
            )
        for n in range(refused):
            ref = counter.record_assessment(case(), assessment()).case_ref
            counter.refuse(ref, "客户坚持向陌生账户转账", referred_to_police=n == 0)
        for _ in range(plain):
            counter.record_assessment(case(), assessment("pass", hits=[]))


def test_central_statistics_match_each_branchs_own(tmp_path: Path, dsn: str) -> None:
    zhengzhou = make_workstation(tmp_path / "zz", dsn)
    beijing = make_workstation(
        tmp_path / "bj",
        dsn,
        branch_code="B1101",
        branch_name="北京东城支行",
        region="110101",
        workstation="counter-07",
    )
    counter_day(zhengzhou, dissuaded=2, refused=1, plain=3)
    counter_day(beijing, dissuaded=1, refused=2, plain=0)
    for settings in (zhengzhou, beijing):
        assert cli(*ship_args(settings, dsn))[0] == 0
    central = statistics(dsn, ON, ON, "branch")
    groups = {g.name.split()[0]: g for g in central.groups}
    for settings in (zhengzhou, beijing):
        with open_ws(settings) as ws:
            session = ws.login("supervisor01", "Super#2026xx")
            local = branch_statistics(ws, session, date_from=ON, date_to=ON)
        mine = groups[settings.branch_code]
        assert mine.assessed == local.assessed_cases
        assert mine.reminders == local.reminders_total
        assert mine.dissuaded == local.dissuaded
        assert mine.refused == local.refusals
        assert mine.police == local.police_referrals
        assert mine.stopped_amount == local.protected_amount
    assert groups["B4101"].stopped_amount == Decimal("300000.00")
    lines = central.lines()
    assert any(line.startswith("rule XFER-ACQUAINTANCE: 6 cases") for line in lines)
    by_region = statistics(dsn, ON, ON, "region")
    assert sorted(g.name for g in by_region.groups) == ["110101", "410102"]
    status, out, _ = cli("central", "stats", "--dsn", dsn, "--from", str(ON), "--to", str(ON))
    assert status == 0 and "B1101 北京东城支行: 3 cases assessed" in out
    status, _, err = cli("central", "stats", "--dsn", dsn, "--from", str(ON), "--to", "2026-01-01")
    assert status == 2 and "--to is before --from" in err
