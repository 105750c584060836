"""The counter's use cases: what was shown, asked, decided and authorized, each one event in
one transaction; a customer's recent history found by the keyed hash of the ID number."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tellerguard.audit.errors import AuditError, EventError
from tellerguard.audit.verify import verify_store
from tellerguard.auth.errors import SelfApprovalError
from tellerguard.auth.users import Credentials
from tellerguard.config import Settings
from tellerguard.domain.assessment import Hit
from tellerguard.domain.clock import SHANGHAI, ManualClock
from tellerguard.domain.events import (
    AssessmentShown,
)
from tellerguard.domain.sealing import (
    script_sha256,
)
from tellerguard.services.counter import Counter
from tests.unit.audit_helpers import (
    CARD,
    ID_NUMBER,
    OPENING,
    PASSWORDS,
    assessment,
    case,
    login,
    open_ws,
    set_up,
)

SUPERVISOR = Credentials("supervisor01", PASSWORDS["supervisor01"])


def test_an_assessment_is_recorded_with_its_case_hits_and_pack(settings: Settings) -> None:
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        recorded = counter.record_assessment(case(), assessment())
        event = ws.store.event(recorded.receipt.seq)
        assert event is not None
        data = event.data()
        payload = AssessmentShown.model_validate(data["payload"])
        assert data["operator"] == "teller01" and data["type"] == "assessment_shown"
        assert payload.case_ref == recorded.case_ref and payload.level == "manager_approval"
        assert payload.rule_pack.version == "2026.11" and payload.rule_ids == [
            "XFER-ACQUAINTANCE",
            "XFER-ELDERLY",
        ]
        assert payload.subject.id_number.m == "410102********0028"
        assert payload.subject.payee_account is not None
        assert payload.subject.payee_account.m == "622202*********0128"
        assert payload.subject.amount == "100000.00"
        # Hit text: personal values masked, the exact text sealed beside it.
        assert payload.hits[0].explanation.startswith("收款人李*为朋友")
        assert payload.hits[0].values["transfer.payee_name"] == "李*"
        assert "1954年3月15日" not in payload.hits[1].explanation
        assert payload.hits_full is not None
        assert "customer" in payload.case and "name" not in payload.case["customer"]  # type: ignore[operator]
        assert payload.personal["notes"].m == "客户说儿子手机号138****0000让她来办"
        replayed = Counter(ws, login(ws, "supervisor01")).replay_case(recorded.case_ref, "复核")
    assert replayed == case().model_dump(mode="json")


def test_a_reminder_records_script_answers_duration_and_decision(settings: Settings) -> None:
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        ref = counter.record_assessment(case(), assessment()).case_ref
        script = ["公安机关不会通过电话办案", "不存在所谓安全账户"]
        receipt = counter.record_reminder(
            ref,
            script_version="2026.11",
            script=script,
            answers=[("是您本人转账吗？", "是"), ("对方是谁？", "我儿子的朋友，电话13803710000")],
            duration_seconds=245,
            decision="delayed_arrival",
            delay="next_day",
        )
        payload = ws.store.event(receipt.seq).data()["payload"]  # type: ignore[union-attr]
        assert payload["script"] == {"version": "2026.11", "sha256": script_sha256(script)}
        assert payload["answers"][1]["answer"]["m"] == "我儿子的朋友，电话138****0000"
        assert payload["duration_seconds"] == 245 and payload["decision"] == "delayed_arrival"
        assert payload["subject"]["id_number"]["m"] == "410102********0028"
        with pytest.raises(EventError, match="delay"):
            counter.record_reminder(
                ref,
                script_version="v",
                script=[],
                answers=[],
                duration_seconds=1,
                decision="proceeded",
                delay="2h",
            )
        with pytest.raises(EventError, match="decision"):
            counter.record_reminder(
                ref,
                script_version="v",
                script=[],
                answers=[],
                duration_seconds=1,
                decision="shrugged",
            )  # type: ignore[arg-type]
        with pytest.raises(EventError, match="duration_seconds"):
            counter.record_reminder(
                ref,
                script_version="v",
                script=[],
                answers=[],
                duration_seconds=-5,
                decision="proceeded",
            )
        with pytest.raises(AuditError, match="no recorded assessment"):
            counter.record_reminder(
                "0" * 32,
                script_version="v",
                script=[],
                answers=[],
                duration_seconds=1,
                decision="proceeded",
            )
        assert ws.store.head.seq == receipt.seq  # nothing half-written by the failures


def test_authorization_needs_another_persons_own_password(settings: Settings) -> None:
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        ref = counter.record_assessment(case(), assessment()).case_ref
        receipt = counter.authorize(ref, SUPERVISOR, "已单独询问客户，确认本人自愿")
        event = ws.store.event(receipt.seq)
        assert event is not None
        data = event.data()
        assert data["type"] == "supervisor_authorized" and data["operator"] == "supervisor01"
        assert data["payload"]["teller"] == "teller01"
        assert data["payload"]["supervisor_name"] == "主管一"
        before = ws.store.event(receipt.seq - 1)
        assert before is not None and before.data()["type"] == "login_succeeded"
        with pytest.raises(EventError, match="reason"):
            counter.authorize(ref, SUPERVISOR, "   ")
        # A supervisor working as teller cannot authorize their own case.
        own = Counter(ws, login(ws, "supervisor01"))
        own_ref = own.record_assessment(case(), assessment()).case_ref
        with pytest.raises(SelfApprovalError) as info:
            own.authorize(own_ref, SUPERVISOR, "我自己批")
        assert "另一位主管" in info.value.message_zh
        other = Credentials("supervisor02", PASSWORDS["supervisor02"])
        assert own.authorize(own_ref, other, "同意").seq > 0


def test_a_refusal_records_reason_rules_and_appeal(settings: Settings) -> None:
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        ref = counter.record_assessment(case(), assessment("refuse")).case_ref
        receipt = counter.refuse(ref, "对方自称公安要求转入安全账户", referred_to_police=True)
        payload = ws.store.event(receipt.seq).data()["payload"]  # type: ignore[union-attr]
        assert payload["referred_to_police"] is True and "96110" in payload["appeal"]
        assert payload["rule_ids"] == ["XFER-ACQUAINTANCE", "XFER-ELDERLY"]
        assert payload["reason"]["m"] == "对方自称公安要求转入安全账户"
        with pytest.raises(EventError, match="reason"):
            counter.refuse(ref, "")


def test_customer_history_counts_the_last_30_days_by_keyed_hash(
    tmp_path: Path, clock: ManualClock
) -> None:
    clock.set(datetime(2026, 10, 1, 9, 0, tzinfo=SHANGHAI))
    settings = set_up(tmp_path)
    with open_ws(settings, clock=clock) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        old = counter.record_assessment(case(), assessment()).case_ref  # 55 days ago
        counter.refuse(old, "太早，不计入")
        clock.set(datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI))
        a = counter.record_assessment(case(), assessment()).case_ref
        counter.record_reminder(
            a,
            script_version="v",
            script=["x"],
            answers=[],
            duration_seconds=60,
            decision="dissuaded",
        )
        b = counter.record_assessment(case(), assessment()).case_ref
        counter.record_reminder(
            b,
            script_version="v",
            script=["x"],
            answers=[],
            duration_seconds=60,
            decision="referred_to_police",
        )
        counter.refuse(b, "报警", referred_to_police=True)
        clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI))
        c = counter.record_assessment(case(transfer__amount="30000.00"), assessment()).case_ref
        counter.record_reminder(
            c,
            script_version="v",
            script=["x"],
            answers=[],
            duration_seconds=60,
            decision="proceeded",
        )
        d = counter.record_assessment(
            case(transfer__amount="20000.00", transfer__cash=True), assessment()
        ).case_ref
        e = counter.record_assessment(case(transfer__amount="90000.00"), assessment()).case_ref
        counter.refuse(e, "劝阻")
        counter.record_assessment(case(OPENING), assessment())  # an opening: no amount
        other = case(customer__id_number="11010519491231002X")
        counter.record_assessment(other, assessment())
        history = counter.customer_history(" 410102 19540315 0028 ", on=clock.today())
        assert history.reminders_30d == 3
        assert history.dissuaded_30d == 1
        assert history.refusals_30d == 2
        assert history.police_referrals_30d == 1
        assert history.transfers_today_amount == Decimal("50000.00")
        assert history.cash_today_amount == Decimal("20000.00")
        again = counter.customer_history(ID_NUMBER, on=clock.today(), exclude_case_ref=d)
        assert again.transfers_today_amount == Decimal("30000.00")
        nobody = counter.customer_history("440524188001010014", on=clock.today())
        assert nobody.reminders_30d == 0 and nobody.transfers_today_amount == 0
        assert c


def test_find_events_by_id_or_card_number_is_recorded(settings: Settings) -> None:
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        ref = counter.record_assessment(case(), assessment()).case_ref
        counter.refuse(ref, "x")
        counter.record_assessment(case(OPENING), assessment())
        investigator = Counter(ws, login(ws, "supervisor01"))
        by_id = investigator.find_events(ID_NUMBER, "协查")
        assert [e.type for e in by_id] == [
            "assessment_shown",
            "business_refused",
            "assessment_shown",
        ]
        assert by_id[0].customer_id == "410102********0028"
        by_card = investigator.find_events("6222 0212 3456 7890 128", "协查")
        assert len(by_card) == 2 and CARD not in repr(by_card)
        last = ws.store.event(ws.store.head.seq)
        assert last is not None and last.data()["type"] == "personal_data_accessed"
        assert last.data()["payload"]["purpose"] == "customer_search"
        recent = investigator.recent_events(3)
        assert recent[0].seq == ws.store.head.seq


def test_hits_without_personal_values_are_stored_as_they_are(settings: Settings) -> None:
    plain = [
        Hit(
            rule_id="OPEN-DECLARATION",
            level="notice",
            title="开户告知",
            explanation="告知客户出租出借账户违法",
            tags=["declaration"],
        )
    ]
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        receipt = counter.record_assessment(
            case(OPENING), assessment("notice", hits=plain, facts={"age": 72})
        )
        payload = ws.store.event(receipt.receipt.seq).data()["payload"]  # type: ignore[union-attr]
        assert (
            payload["hits_full"] is None
            and payload["hits"][0]["explanation"] == "告知客户出租出借账户违法"
        )
    assert verify_store(settings.database_path).ok
