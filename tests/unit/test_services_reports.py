"""The branch manager's reports: statistics counted from real recorded events, and the masked
audit log filtered by date, type and teller."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tellerguard.audit.errors import ExportError
from tellerguard.auth.errors import PermissionDenied
from tellerguard.auth.users import Credentials
from tellerguard.config import Settings
from tellerguard.domain.clock import SHANGHAI, ManualClock
from tellerguard.domain.events import (
    Decision,
)
from tellerguard.services.counter import Counter
from tellerguard.services.reports import branch_statistics, browse_events
from tests.unit.audit_helpers import (
    ID_NUMBER,
    OPENING,
    PASSWORDS,
    assessment,
    case,
    login,
    open_ws,
)

DAY = date(2026, 11, 25)
SUPERVISOR = Credentials("supervisor01", PASSWORDS["supervisor01"])


def _reminder(counter: Counter, ref: str, decision: Decision) -> None:
    counter.record_reminder(
        ref,
        script_version="default 2026.11",
        script=["请核实收款人身份"],
        answers=[("收款人是谁？", "微信上的朋友")],
        duration_seconds=120,
        decision=decision,
        delay="2h" if decision == "delayed_arrival" else None,
    )


def _record_a_day(settings: Settings, clock: ManualClock) -> None:
    """Seven cases on 2026-11-25 (and one the day before), through the real services."""
    clock.set(datetime(2026, 11, 24, 16, 0, tzinfo=SHANGHAI))
    with open_ws(settings, clock=clock) as ws:
        teller01 = Counter(ws, login(ws, "teller01"))
        # The day before: a dissuaded transfer that must not count for the 25th.
        ref = teller01.record_assessment(case(), assessment()).case_ref
        _reminder(teller01, ref, "dissuaded")
        clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI))
        # 1. 100,000 transfer, assessed twice (corrected form), customer dissuaded.
        ref = teller01.record_assessment(case(), assessment()).case_ref
        teller01.record_assessment(case(), assessment(), case_ref=ref)
        _reminder(teller01, ref, "dissuaded")
        # 2. 50,000.50 transfer: reminder, customer insists, supervisor authorizes.
        ref = teller01.record_assessment(case(transfer__amount="50000.50"), assessment()).case_ref
        _reminder(teller01, ref, "proceeded")
        teller01.authorize(ref, SUPERVISOR, "已核实，客户本人用途真实")
        # 3. 20,000 transfer refused and referred to the police.
        ref = teller01.record_assessment(
            case(transfer__amount="20000.00"), assessment("refuse")
        ).case_ref
        teller01.refuse(ref, "“安全账户”诈骗", referred_to_police=True)
        teller02 = Counter(ws, login(ws, "teller02"))
        # 4. 8,000 transfer: the reminder's decision is referral to the police.
        ref = teller02.record_assessment(
            case(transfer__amount="8000.00"), assessment("second_reminder")
        ).case_ref
        _reminder(teller02, ref, "referred_to_police")
        # 5. an opening refused (no amount).
        ref = teller02.record_assessment(case(OPENING), assessment("refuse")).case_ref
        teller02.refuse(ref, "出租出借账户")
        # 6. a transfer with a delayed arrival, 7. family contacted (neither is stopped).
        ref = teller02.record_assessment(case(), assessment("second_reminder")).case_ref
        _reminder(teller02, ref, "delayed_arrival")
        ref = teller02.record_assessment(case(), assessment("notice")).case_ref
        _reminder(teller02, ref, "family_contacted")
        # 8. a clean opening.
        teller02.record_assessment(case(OPENING), assessment("pass", hits=[]))


def test_statistics_count_what_was_recorded(settings: Settings, clock: ManualClock) -> None:
    _record_a_day(settings, clock)
    with open_ws(settings) as ws:
        stats = branch_statistics(ws, login(ws, "supervisor01"), date_from=DAY, date_to=DAY)
    assert stats.assessments == {
        "pass": 1,
        "notice": 1,
        "second_reminder": 2,
        "manager_approval": 3,
        "refuse": 2,
    }
    # case 1 was assessed twice: nine assessments shown of eight cases
    assert stats.assessments_total == 9 and stats.assessed_cases == 8
    assert stats.reminders == {
        "proceeded": 1,
        "dissuaded": 1,
        "referred_to_police": 1,
        "delayed_arrival": 1,
        "family_contacted": 1,
    }
    assert stats.dissuaded == 1 and stats.reminders_total == 5
    assert stats.refusals == 2 and stats.authorizations == 1
    assert stats.police_referrals == 2  # the refusal with referral, the reminder's referral
    # dissuaded 100,000 + refused 20,000 + referred 8,000; the opening has no amount
    assert stats.protected_cases == 3
    assert stats.protected_amount == Decimal("128000.00")
    # Both default hits in the seven cases assessed with them (a re-assessment counts once).
    assert stats.top_rules == [("XFER-ACQUAINTANCE", 7), ("XFER-ELDERLY", 7)]
    # Named by the titles the hits recorded, as the supervisor's screen shows them.
    assert stats.rule_name("XFER-ELDERLY") == "老年客户大额转账"
    assert stats.rule_name("NO-SUCH-RULE") == "NO-SUCH-RULE"
    text = "\n".join(stats.lines())
    assert "XFER-ELDERLY 老年客户大额转账: 7" in text
    assert "dissuaded: 1" in text and "amount protected 128,000.00 CNY" in text


def test_statistics_over_two_days_include_the_day_before(
    settings: Settings, clock: ManualClock
) -> None:
    _record_a_day(settings, clock)
    with open_ws(settings) as ws:
        stats = branch_statistics(
            ws, login(ws, "admin01"), date_from=date(2026, 11, 24), date_to=DAY
        )
    assert stats.dissuaded == 2 and stats.protected_cases == 4
    assert stats.protected_amount == Decimal("228000.00")


def test_an_empty_range_counts_nothing(settings: Settings, clock: ManualClock) -> None:
    _record_a_day(settings, clock)
    with open_ws(settings) as ws:
        stats = branch_statistics(
            ws, login(ws, "supervisor01"), date_from=date(2026, 10, 1), date_to=date(2026, 10, 31)
        )
    assert stats.assessments_total == stats.reminders_total == stats.refusals == 0
    assert stats.protected_amount == Decimal("0.00") and stats.top_rules == []


def test_browse_is_masked_filtered_and_newest_first(settings: Settings, clock: ManualClock) -> None:
    _record_a_day(settings, clock)
    with open_ws(settings) as ws:
        chief = login(ws, "supervisor01")
        everything = browse_events(ws, chief, date_from=DAY, date_to=DAY)
        assert len(everything) >= 10  # the day recorded above, every event of it
        assert [e.seq for e in everything] == sorted((e.seq for e in everything), reverse=True)
        assert {e.at[:10] for e in everything} == {"2026-11-25"}
        refusals = browse_events(ws, chief, date_from=DAY, date_to=DAY, types=["business_refused"])
        assert [e.operator for e in refusals] == ["teller02", "teller01"]
        assert refusals[1].customer_id == "410102********0028"
        assert refusals[1].customer_name == "王**" and refusals[1].amount == "20000.00"
        reminders = browse_events(
            ws, chief, date_from=DAY, date_to=DAY, types=["reminder_completed"], teller="teller02"
        )
        assert {e.decision for e in reminders} == {
            "referred_to_police",
            "delayed_arrival",
            "family_contacted",
        }
        assert len(browse_events(ws, chief, date_from=DAY, date_to=DAY, limit=3)) == 3
        head = ws.store.head.seq
    # Browsing reads only: nothing was recorded, and nothing anywhere holds the full number.
    with open_ws(settings) as ws:
        assert ws.store.head.seq == head
    shown = "\n".join(str(e) for e in everything)
    assert "410102********0028" in shown and ID_NUMBER not in shown


def test_browse_refuses_a_bad_range_or_type(settings: Settings) -> None:
    with open_ws(settings) as ws:
        chief = login(ws, "supervisor01")
        with pytest.raises(ExportError) as info:
            browse_events(ws, chief, date_from=DAY, date_to=date(2026, 11, 1))
        assert "截止日期早于起始日期" in info.value.message_zh
        with pytest.raises(ExportError):
            browse_events(ws, chief, date_from=DAY, date_to=DAY, types=["no_such_type"])


def test_reports_follow_the_permission_table(settings: Settings) -> None:
    with open_ws(settings) as ws:
        teller, admin = login(ws, "teller01"), login(ws, "admin01")
        with pytest.raises(PermissionDenied) as info:
            branch_statistics(ws, teller, date_from=DAY, date_to=DAY)
        assert "查看网点统计" in info.value.message_zh
        with pytest.raises(PermissionDenied):
            browse_events(ws, teller, date_from=DAY, date_to=DAY)
        # The system administrator sees the counts but not the customers' events.
        branch_statistics(ws, admin, date_from=DAY, date_to=DAY)
        with pytest.raises(PermissionDenied):
            browse_events(ws, admin, date_from=DAY, date_to=DAY)
