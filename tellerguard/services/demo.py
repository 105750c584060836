"""A demo branch: a store with demo operators and realistic events, to try and measure.

``populate_demo(db_path, events, seed)`` creates the store (with its keys in
``<db name>-keys`` beside it) and the demo operators if they are missing, then appends
``events`` events in batches: customers with valid ID numbers and phones, tellers, the
typologies of shared/DOMAIN.md, reminders with the customers' answers, supervisor
authorizations and refusals, and the day's sign-ins. Times run forward from the last event
(or from up to three years ago) to now, within business hours, never in the future.

The assessments are synthesized from the typologies (rule ids, levels and explanations in the
default pack's style) rather than computed by the engine, so that the demo does not depend on
a particular pack and a million events can be made in a couple of minutes.

Demo operators (demo only, never in production): teller01 and teller02 ``Teller#2026``,
supervisor01 ``Super#2026``, admin01 ``Admin#2026``; key backup passphrase
``demo-backup-passphrase``.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from tellerguard.audit.store import Transaction
from tellerguard.auth.users import UserDirectory
from tellerguard.config import Settings
from tellerguard.domain.assessment import Assessment, Hit, RulePackRef
from tellerguard.domain.clock import SHANGHAI, Clock, ManualClock, program_clock
from tellerguard.domain.events import (
    Answer,
    BusinessRefused,
    Decision,
    LoginFailed,
    LoginSucceeded,
    ReminderCompleted,
    ScriptRef,
    Subject,
    SupervisorAuthorized,
)
from tellerguard.domain.format import format_money
from tellerguard.domain.identity import check_digit
from tellerguard.domain.levels import Level, highest
from tellerguard.domain.sealing import (
    new_assessment_event,
    script_sha256,
    seal_text,
)
from tellerguard.services.workstation import init_workstation, open_workstation

DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("admin01", "演示管理员", "it_admin", "Admin#2026"),
    ("teller01", "张晓燕", "teller", "Teller#2026"),
    ("teller02", "李建国", "teller", "Teller#2026"),
    ("supervisor01", "王主管", "supervisor", "Super#2026"),
)
DEMO_PASSPHRASE = "demo-backup-passphrase"
DEMO_PACK = RulePackRef(id="default", version="demo", sha256="0" * 63 + "1")
TELLERS = ("teller01", "teller02")
SUPERVISOR = "supervisor01"
BRANCH_REGION = "410102"
DAY_OPEN = 8 * 3600 + 30 * 60
DAY_SECONDS = 9 * 3600
MAX_SPAN_DAYS = 3 * 365
EVENTS_PER_DAY = 900


def demo_settings(db_path: Path) -> Settings:
    """Settings of the demo branch for a store at ``db_path``."""
    db_path = Path(db_path).absolute()
    return Settings(
        branch_code="DEMO-0371",
        branch_name="演示支行（郑州中原）",
        region=BRANCH_REGION,
        workstation="demo-counter",
        database=db_path,
        key_dir=db_path.parent / f"{db_path.stem}-keys",
    )


@dataclass(frozen=True, slots=True)
class DemoReport:
    database: Path
    created: bool
    events: int
    head_seq: int
    first_at: str | None
    last_at: str | None
    seconds: float = 0.0

    def lines(self) -> list[str]:
        made = "created" if self.created else "extended"
        return [
            f"{made} demo store {self.database}: {self.events} events appended "
            f"(head seq {self.head_seq}, {self.first_at} … {self.last_at}) in "
            f"{self.seconds:.1f} s",
            "demo operators: teller01/teller02 Teller#2026, supervisor01 Super#2026, "
            "admin01 Admin#2026 (demo only)",
        ]


# -- customers -----------------------------------------------------------------------------
SURNAMES = (
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "吴",
    "周",
    "徐",
    "孙",
    "马",
    "朱",
    "胡",
    "郭",
    "何",
    "高",
    "林",
    "罗",
    "郑",
    "梁",
    "谢",
    "宋",
    "唐",
    "欧阳",
    "司马",
)
GIVEN = (
    "秀兰",
    "建国",
    "丽",
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "霞",
    "平",
    "刚",
    "桂英",
    "玉兰",
    "浩然",
    "子涵",
    "欣怡",
    "宇轩",
)
# (region code, weight): mostly local (Zhengzhou), some elsewhere in Henan, some far away.
REGIONS = (
    ("410102", 30),
    ("410103", 12),
    ("410105", 12),
    ("410122", 6),
    ("411302", 6),
    ("411102", 4),
    ("412801", 4),
    ("410302", 4),
    ("420106", 3),
    ("440304", 3),
    ("110105", 2),
    ("510107", 2),
    ("500103", 2),
    ("340102", 2),
    ("320102", 2),
    ("130102", 2),
    ("370102", 2),
)
PHONE_PREFIXES = (
    "139",
    "138",
    "137",
    "135",
    "186",
    "187",
    "188",
    "150",
    "151",
    "152",
    "158",
    "159",
    "130",
    "131",
    "132",
    "155",
    "156",
    "133",
    "153",
    "180",
    "189",
    "177",
)
BANK_BINS = ("622202", "622848", "621700", "622588", "621483", "622262")
STREETS = ("建设路", "中原路", "桐柏路", "嵩山路", "伏牛路", "百花路", "棉纺路", "秦岭路")


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    id_number: str
    birth: date
    gender: str
    region: str
    phone: str
    occupation: str
    address: str


def _luhn_digit(body: str) -> str:
    total = 0
    for i, char in enumerate(reversed(body)):
        digit = int(char)
        if i % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def _card(rng: random.Random) -> str:
    body = rng.choice(BANK_BINS) + "".join(rng.choice("0123456789") for _ in range(12))
    return body + _luhn_digit(body)


def _customer(rng: random.Random, today: date) -> Customer:
    region = rng.choices([r for r, _ in REGIONS], [w for _, w in REGIONS])[0]
    age = int(
        rng.choices([rng.randint(18, 24), rng.randint(25, 59), rng.randint(60, 88)], [25, 50, 25])[
            0
        ]
    )
    birth = today.replace(year=today.year - age, month=1, day=1) + timedelta(
        days=rng.randint(0, 364)
    )
    sequence = rng.randint(1, 999)
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    gender = "male" if sequence % 2 else "female"
    occupation = (
        "student"
        if age < 23 and rng.random() < 0.7
        else "retired"
        if age >= 60
        else rng.choice(
            (
                "employee",
                "migrant_worker",
                "farmer",
                "self_employed",
                "freelancer",
                "civil_servant",
                "unemployed",
                "other",
            )
        )
    )
    phone = rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
    return Customer(
        name=rng.choice(SURNAMES) + rng.choice(GIVEN),
        id_number=first17 + check_digit(first17),
        birth=birth,
        gender=gender,
        region=region,
        phone=phone,
        occupation=occupation,
        address=f"郑州市中原区{rng.choice(STREETS)}{rng.randint(1, 300)}号",
    )


@lru_cache(maxsize=4096)
def _place(region: str, year: int) -> tuple[str | None, str | None, str]:
    from tellerguard.domain.regions import out_of_area, place_of

    place = place_of(region, year)
    area = out_of_area(region, BRANCH_REGION, birth_year=year)
    return (place.name if place else None, place.province if place else None, area)


def _facts(customer: Customer, on: date, transfer: dict[str, Any] | None) -> dict[str, Any]:
    home_place, home_province, area = _place(customer.region, customer.birth.year)
    age = (
        on.year
        - customer.birth.year
        - ((on.month, on.day) < (customer.birth.month, customer.birth.day))
    )
    return {
        "id_valid": True,
        "birth_date": customer.birth.isoformat(),
        "age": age,
        "gender": customer.gender,
        "home_region": customer.region,
        "home_place": home_place,
        "home_province": home_province,
        "out_of_area": area,
        "phone_region": "河南省郑州市",
        "phone_carrier": "中国移动",
        "phone_virtual_operator": False,
        "payee_account_luhn_ok": True if transfer else None,
        "payee_personal_account": True if transfer else None,
    }


# -- scenarios -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Rule:
    rule_id: str
    level: Level
    title: str
    explanation: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    kind: str
    weight: int
    rules: tuple[Rule, ...]
    changes: dict[str, Any] = field(default_factory=dict)
    amount: tuple[int, int] = (1000, 20000)
    notes: str = ""
    answers: tuple[str, ...] = ("是本人办理", "自己用", "没有人让我转")
    dissuadable: float = 0.2
    """How often the reminder stops the customer (more for outright scams)."""


DECLARATION = Rule(
    "OPEN-DECLARATION",
    "notice",
    "开户告知",
    "告知客户出租、出借、出售、购买账户属违法行为，并请客户签署承诺书",
    ("declaration",),
)
AUTHORIZATION_REASONS = (
    "已单独询问客户，确认本人自愿办理",
    "已联系客户家属核实",
    "客户坚持办理，已充分提示风险",
)
QUESTIONS = (
    "这个账户（这笔钱）是您本人使用吗？",
    "用途是什么？",
    "有没有人让您办理或许诺给您好处？",
    "对方是否要求您保密或不要告诉家人？",
)

SCENARIOS: tuple[Scenario, ...] = (
    Scenario("plain_opening", "opening", 40, (DECLARATION,)),
    Scenario(
        "elderly_opening",
        "opening",
        8,
        (
            Rule(
                "OPEN-ELDERLY",
                "second_reminder",
                "老年客户开户",
                "客户年龄 {age} 岁 ≥ 60",
                ("elderly",),
            ),
            DECLARATION,
        ),
    ),
    Scenario(
        "student_opening",
        "opening",
        8,
        (
            Rule(
                "OPEN-STUDENT",
                "second_reminder",
                "学生开户",
                "客户职业为学生，警惕“兼职刷单、帮人走账”骗局",
                ("student", "account_trafficking"),
            ),
            DECLARATION,
        ),
        answers=("自己用，存生活费", "没有人让我办", "没有"),
    ),
    Scenario(
        "out_of_area_opening",
        "opening",
        6,
        (
            Rule(
                "OPEN-OUTAREA",
                "second_reminder",
                "异地开户",
                "证件签发地为 {home_place}，非本地客户",
                ("out_of_area",),
            ),
            DECLARATION,
        ),
        changes={"opening.out_of_area_reason": "work"},
    ),
    Scenario(
        "migrant_payroll",
        "opening",
        5,
        (
            Rule(
                "OPEN-MIGRANT",
                "second_reminder",
                "农民工开户",
                "代发工资卡，须本人到场、自行保管银行卡和密码",
                ("migrant_worker",),
            ),
            DECLARATION,
        ),
        changes={"opening.purpose": "salary", "accompanied": True},
    ),
    Scenario(
        "companion_answers",
        "opening",
        4,
        (
            Rule(
                "OPEN-COMPANION",
                "manager_approval",
                "陪同人代答",
                "陪同人代客户回答问题，需单独询问客户",
                ("companion",),
            ),
            DECLARATION,
        ),
        changes={"accompanied": True, "companion_answers_for_customer": True},
        answers=("朋友帮我问的", "他说办卡给我 500 块", "说了不让告诉别人"),
        dissuadable=0.5,
    ),
    Scenario(
        "coached_opening",
        "opening",
        3,
        (
            Rule(
                "OPEN-COACHED",
                "manager_approval",
                "受人指使开户",
                "客户开户时正在通话并听从对方指示",
                ("coached",),
            ),
            DECLARATION,
        ),
        changes={"on_phone": True, "instructed_by_others": True},
        notes="客户一直在打电话，对方让他开卡",
        dissuadable=0.5,
    ),
    Scenario(
        "rented_account",
        "opening",
        2,
        (
            Rule(
                "OPEN-ABNORMAL",
                "refuse",
                "疑似出租出借账户",
                "有人许诺好处且陪同人代答",
                ("account_trafficking", "companion"),
            ),
            DECLARATION,
        ),
        changes={
            "promised_reward": True,
            "accompanied": True,
            "companion_answers_for_customer": True,
        },
        dissuadable=0.8,
    ),
    Scenario(
        "family_transfer",
        "transfer",
        30,
        (),
        changes={
            "transfer.payee_relationship": "family",
            "transfer.purpose": "family_support",
            "transfer.first_time_payee": False,
        },
        amount=(2000, 30000),
    ),
    Scenario(
        "elderly_large",
        "transfer",
        12,
        (
            Rule(
                "XFER-ELDERLY",
                "second_reminder",
                "老年客户大额转账",
                "客户年龄 {age} 岁 ≥ 60，转账金额 {amount} 元 ≥ 50,000.00 元",
                ("elderly",),
            ),
        ),
        changes={"transfer.payee_relationship": "family", "transfer.purpose": "family_support"},
        amount=(50000, 200000),
    ),
    Scenario(
        "wechat_acquaintance",
        "transfer",
        6,
        (
            Rule(
                "XFER-ACQUAINTANCE",
                "manager_approval",
                "冒充熟人借钱",
                "收款人为朋友，经微信要求借款，未通过电话或视频核实",
                ("impersonate_acquaintance",),
            ),
        ),
        changes={
            "transfer.payee_relationship": "friend",
            "transfer.purpose": "lend_to_acquaintance",
            "transfer.verified_by_call": False,
        },
        amount=(20000, 100000),
        notes="老板微信上让转钱给供应商",
        dissuadable=0.5,
    ),
    Scenario(
        "safe_account",
        "transfer",
        3,
        (
            Rule(
                "XFER-AUTHORITY",
                "refuse",
                "冒充公检法“安全账户”",
                "转账用途为“安全账户”，收款方自称公安机关",
                ("impersonate_authority",),
            ),
        ),
        changes={
            "transfer.purpose": "safe_account",
            "transfer.payee_claims_authority": True,
            "told_to_keep_secret": True,
            "on_phone": True,
        },
        amount=(50000, 300000),
        notes="客户说公安让他把钱转到安全账户配合调查",
        answers=("公安局的人让我转的", "说我涉嫌洗钱", "让我不要告诉家人"),
        dissuadable=0.9,
    ),
    Scenario(
        "loan_fee",
        "transfer",
        3,
        (Rule("XFER-FEE", "refuse", "贷款前缴费", "放贷前要求先交保证金", ("fake_loan",)),),
        changes={"transfer.purpose": "loan_fee", "transfer.payee_relationship": "online_only"},
        amount=(3000, 30000),
        notes="对方说交了保证金才能放款",
        dissuadable=0.85,
    ),
    Scenario(
        "task_rebate",
        "transfer",
        3,
        (Rule("XFER-FEE", "refuse", "刷单返利", "先垫付做任务的刷单兼职", ("task_rebate",)),),
        changes={"transfer.purpose": "task_rebate", "transfer.payee_relationship": "online_only"},
        amount=(2000, 50000),
        notes="做刷单任务卡单了要充值",
        dissuadable=0.85,
    ),
    Scenario(
        "investment_mentor",
        "transfer",
        4,
        (
            Rule(
                "XFER-INVEST",
                "manager_approval",
                "虚假投资理财",
                "向个人账户投资，承诺高收益，导师带单",
                ("investment",),
            ),
        ),
        changes={
            "transfer.purpose": "investment",
            "transfer.promised_high_return": True,
            "transfer.payee_relationship": "online_only",
        },
        amount=(30000, 200000),
        notes="群里导师推荐的内部消息",
        dissuadable=0.5,
    ),
    Scenario(
        "romance",
        "transfer",
        2,
        (
            Rule(
                "XFER-INVEST",
                "manager_approval",
                "网络婚恋交友",
                "转给从未见面的网恋对象",
                ("romance",),
            ),
        ),
        changes={
            "transfer.purpose": "romance",
            "transfer.payee_relationship": "online_only",
            "transfer.met_payee_in_person": False,
        },
        amount=(10000, 100000),
        dissuadable=0.5,
    ),
    Scenario(
        "student_transfer",
        "transfer",
        4,
        (
            Rule(
                "XFER-GROUP",
                "second_reminder",
                "重点人群向首次收款人转账",
                "学生向首次收款人转账 {amount} 元 ≥ 10,000.00 元",
                ("student",),
            ),
        ),
        changes={"transfer.payee_relationship": "unknown", "transfer.purpose": "purchase"},
        amount=(10000, 30000),
    ),
    Scenario(
        "utility_personal",
        "transfer",
        2,
        (
            Rule(
                "XFER-OFFICIAL",
                "manager_approval",
                "冒充社保、电力",
                "收款方自称电力公司，但收款账户为个人账户",
                ("utility_social_security",),
            ),
        ),
        changes={"transfer.payee_relationship": "government", "transfer.purpose": "utility_bill"},
        amount=(2000, 20000),
        dissuadable=0.6,
    ),
    Scenario(
        "coached_transfer",
        "transfer",
        3,
        (
            Rule(
                "XFER-COACHED",
                "manager_approval",
                "转账时受人指挥",
                "客户转账时正在通话并开着屏幕共享",
                ("coached",),
            ),
        ),
        changes={"on_phone": True, "screen_sharing": True},
        amount=(20000, 150000),
        notes="客户手机开着会议软件，屏幕共享中",
        dissuadable=0.6,
    ),
    Scenario(
        "cash_aml",
        "transfer",
        4,
        (
            Rule(
                "XFER-AML",
                "notice",
                "大额现金",
                "现金 {amount} 元 ≥ 50,000.00 元，核心系统报送大额交易",
                ("aml_report",),
            ),
        ),
        changes={
            "transfer.cash": True,
            "transfer.payee_relationship": "self",
            "transfer.purpose": "business",
        },
        amount=(50000, 150000),
    ),
)


def _base_case(kind: str, customer: Customer, rng: random.Random) -> dict[str, Any]:
    case: dict[str, Any] = {
        "kind": kind,
        "customer": {
            "name": customer.name,
            "id_type": "resident_id",
            "id_number": customer.id_number,
            "phone": customer.phone,
            "occupation": customer.occupation,
            "employer": None,
            "address": customer.address,
        },
        "accompanied": False,
        "companion_answers_for_customer": False,
        "by_agent": False,
        "on_phone": False,
        "screen_sharing": False,
        "instructed_by_others": False,
        "told_to_keep_secret": False,
        "promised_reward": False,
        "notes": "",
    }
    if kind == "opening":
        case["opening"] = {
            "account_class": rng.choice(("I", "II", "II", "III")),
            "purpose": rng.choice(("daily", "savings", "salary", "pension")),
            "existing_class1_here": 0,
            "existing_accounts_here": 0,
            "non_counter_services": True,
            "out_of_area_reason": None,
            "local_work_or_residence_proof": False,
            "phone_shared_with_others": False,
            "batch_opening": False,
        }
    else:
        payee = rng.choice(SURNAMES) + rng.choice(GIVEN)
        case["transfer"] = {
            "amount": "0.00",
            "payee_name": payee,
            "payee_account": _card(rng),
            "payee_bank": "中国工商银行",
            "payee_relationship": "friend",
            "first_time_payee": True,
            "purpose": "other",
            "met_payee_in_person": True,
            "verified_by_call": True,
            "payee_claims_authority": False,
            "promised_high_return": False,
            "early_deposit_withdrawal": False,
            "recent_inflow_from_strangers": False,
            "cash": False,
        }
    return case


def _apply(case: dict[str, Any], changes: dict[str, Any]) -> None:
    for path, value in changes.items():
        node = case
        *parents, leaf = path.split(".")
        for part in parents:
            node = node[part]
        node[leaf] = value


def _assessment(
    scenario: Scenario, facts: dict[str, Any], amount: str | None, on: date
) -> Assessment:
    shown = {
        "age": str(facts["age"]),
        "home_place": str(facts["home_place"] or "外地"),
        "amount": format_money(Decimal(amount)) if amount else "",
    }
    hits = [
        Hit(
            rule_id=rule.rule_id,
            level=rule.level,
            title=rule.title,
            explanation=rule.explanation.format(**shown),
            tags=list(rule.tags),
            values={
                key: value for key, value in shown.items() if "{" + key + "}" in rule.explanation
            },
        )
        for rule in scenario.rules
    ]
    return Assessment(
        level=highest([h.level for h in hits]),
        hits=hits,
        facts=facts,
        rule_pack=DEMO_PACK,
        business_date=on.isoformat(),
        branch_region=BRANCH_REGION,
    )


def _decision(level: Level, scenario: Scenario, rng: random.Random) -> Decision:
    if rng.random() < scenario.dissuadable:
        return "referred_to_police" if level == "refuse" and rng.random() < 0.3 else "dissuaded"
    if level == "refuse":
        return "dissuaded"
    return rng.choices(("proceeded", "delayed_arrival", "family_contacted"), (80, 10, 10))[0]


# -- time ----------------------------------------------------------------------------------
class _DemoClock:
    """Times in business hours (08:30–17:30) from ``start`` to ``end`` in ``count`` even
    steps; the store reads it for each event's time, the generator moves it on (a
    :class:`~tellerguard.domain.clock.Clock`)."""

    def __init__(self, start: datetime, end: datetime, count: int) -> None:
        self._first_day = start.date()
        self._begin = self._business(start)
        self._step = max(self._business(end) - self._begin, 0.0) / max(count, 1)
        self._index = 0
        self._end = end
        self.moment = start

    def _business(self, moment: datetime) -> float:
        """Business seconds from the first day's opening to ``moment``."""
        day = moment.date()
        within = (moment - _open(day)).total_seconds()
        return (day - self._first_day).days * DAY_SECONDS + min(max(within, 0.0), DAY_SECONDS)

    def tick(self) -> datetime:
        day, within = divmod(self._begin + self._index * self._step, DAY_SECONDS)
        self._index += 1
        moment = _open(self._first_day + timedelta(days=int(day))) + timedelta(seconds=within)
        self.moment = max(min(moment, self._end), self.moment)  # never backwards, never ahead
        return self.moment

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.moment.date()


def _open(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI) + timedelta(seconds=DAY_OPEN)


# -- the generator -------------------------------------------------------------------------
class _Generator:
    def __init__(
        self,
        rng: random.Random,
        users: UserDirectory,
        clock: _DemoClock,
        today: date,
        customers: int,
    ) -> None:
        self.rng = rng
        self.users = users
        self.store = users.store
        self.clock = clock
        self.customers = [_customer(rng, today) for _ in range(customers)]
        self.weights = [s.weight for s in SCENARIOS]
        self.day: date | None = None

    def visit(self, tx: Transaction) -> int:
        """One customer at the counter: 1 to 4 events. Returns how many were appended."""
        rng = self.rng
        moment = self.clock.tick()
        written = 0
        if moment.date() != self.day:
            self.day = moment.date()
            written += self._sign_ins(tx)
        scenario = rng.choices(SCENARIOS, self.weights)[0]
        customer = rng.choice(self.customers)
        if scenario.name == "elderly_large" and customer.occupation != "retired":
            customer = next((c for c in self.customers if c.occupation == "retired"), customer)
        teller = rng.choice(TELLERS)
        case = _base_case(scenario.kind, customer, rng)
        _apply(case, scenario.changes)
        amount: str | None = None
        if scenario.kind == "transfer":
            low, high = scenario.amount
            amount = f"{rng.randint(low, high)}.00"
            case["transfer"]["amount"] = amount
        if scenario.notes:
            case["notes"] = scenario.notes
        facts = _facts(customer, moment.date(), case.get("transfer"))
        assessment = _assessment(scenario, facts, amount, moment.date())
        case_ref = uuid.UUID(int=rng.getrandbits(128), version=4).hex
        cipher = self.store.cipher
        shown = new_assessment_event(case, assessment, cipher, case_ref)
        tx.append(shown, operator=teller)
        written += 1
        level = assessment.level
        if level in ("pass", "notice"):
            return written
        decision = _decision(level, scenario, rng)
        self.clock.tick()
        tx.append(
            ReminderCompleted(
                case_ref=case_ref,
                subject=shown.subject,
                level=level,
                script=ScriptRef(
                    version="demo-1", sha256=script_sha256([r.title for r in scenario.rules])
                ),
                answers=[
                    Answer(question=q, answer=seal_text(cipher, a))
                    for q, a in zip(QUESTIONS, scenario.answers, strict=False)
                ],
                duration_seconds=rng.randint(60, 900),
                decision=decision,
                delay=rng.choice(("2h", "next_day")) if decision == "delayed_arrival" else None,
                notes=None,
            ),
            operator=teller,
        )
        written += 1
        if (
            level == "manager_approval"
            and decision != "dissuaded"
            and decision != "referred_to_police"
        ):
            self.clock.tick()
            written += self._authorize(tx, case_ref, shown.subject, level, teller)
        if level == "refuse" or decision == "referred_to_police":
            self.clock.tick()
            tx.append(
                BusinessRefused(
                    case_ref=case_ref,
                    subject=shown.subject,
                    level=level,
                    reason=seal_text(
                        cipher, "；".join(r.title for r in scenario.rules) or "客户疑似被骗"
                    ),
                    rule_ids=[r.rule_id for r in scenario.rules],
                    referred_to_police=decision == "referred_to_police",
                ),
                operator=teller,
            )
            written += 1
        return written

    def _authorize(
        self, tx: Transaction, case_ref: str, subject: Subject, level: Level, teller: str
    ) -> int:
        # A supervisor's authorization goes with their own sign-in (as in Counter.authorize).
        self._login(tx, SUPERVISOR, "authorization")
        chief = self.users._existing(SUPERVISOR)
        tx.append(
            SupervisorAuthorized(
                case_ref=case_ref,
                subject=subject,
                level=level,
                teller=teller,
                supervisor=chief.username,
                supervisor_name=chief.display_name,
                reason=seal_text(self.store.cipher, self.rng.choice(AUTHORIZATION_REASONS)),
            ),
            operator=chief.username,
        )
        return 2

    def _sign_ins(self, tx: Transaction) -> int:
        written = 0
        if self.rng.random() < 0.05:
            tx.append(
                LoginFailed(username="teller0", reason="unknown_user", context="login"),
                operator="-",
            )
            written += 1
        for name in (*TELLERS, SUPERVISOR):
            self._login(tx, name, "login")
            written += 1
        return written

    def _login(self, tx: Transaction, name: str, context: Any) -> None:
        row = self.users._existing(name)
        self.users._write(
            tx,
            LoginSucceeded(user=row.state(failed_logins=0), context=context),
            name,
            password_hash=row.password_hash,
        )


def populate_demo(
    db_path: Path,
    events: int,
    seed: int = 0,
    *,
    clock: Clock | None = None,
    batch: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> DemoReport:
    """Create (if missing) and fill a demo store with about ``events`` events, the last of
    them at ``clock``'s now."""
    import time

    started = time.perf_counter()
    db_path = Path(db_path).absolute()
    settings = demo_settings(db_path)
    end = (clock or program_clock()).now()
    span = min(MAX_SPAN_DAYS, max(1, math.ceil(events / EVENTS_PER_DAY)))
    earliest = min(_open((end - timedelta(days=span - 1)).date()), end)
    created = not db_path.exists()
    if created:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        init_workstation(
            settings,
            "admin01",
            "Admin#2026",
            DEMO_PASSPHRASE,
            admin_display_name="演示管理员",
            scrypt_n=2**14,
            clock=ManualClock(earliest, step=timedelta(0)),
        )
    rng = random.Random(seed)
    clock = _DemoClock(earliest, end, 1)
    with open_workstation(settings, clock=clock) as workstation:
        store = workstation.store
        users = workstation.users
        _ensure_demo_users(users)
        last_at = store._all("SELECT at FROM events ORDER BY seq DESC LIMIT 1")[0][0]
        start = max(datetime.fromisoformat(last_at) + timedelta(seconds=1), earliest)
        visits = max(1, events)
        demo_clock = _DemoClock(min(start, end), end, visits)
        store.clock = demo_clock
        generator = _Generator(
            rng, users, demo_clock, end.date(), customers=max(200, min(5000, events // 100))
        )
        written = 0
        first_seq = store.head.seq + 1
        while written < events:
            with store.transaction() as tx:
                target = min(events, written + batch)
                while written < target:
                    written += generator.visit(tx)
            if progress is not None:
                progress(written)
        first = store.event(first_seq)
        report = DemoReport(
            database=db_path,
            created=created,
            events=written,
            head_seq=store.head.seq,
            first_at=first.data()["at"] if first else None,
            last_at=demo_clock.moment.isoformat(),
            seconds=time.perf_counter() - started,
        )
    return report


def _ensure_demo_users(users: UserDirectory) -> None:
    missing = [user for user in DEMO_USERS if users.get(user[0]) is None]
    if not missing:
        return
    admin = users.login("admin01", "Admin#2026")  # the demo administrator adds the rest
    for username, display, role, password in missing:
        users.add(
            admin,
            username,
            display,
            role,  # type: ignore[arg-type]
            password,
            must_change_password=False,
        )


def iter_demo_cases(count: int, today: date, seed: int = 0) -> Iterator[dict[str, Any]]:
    """Demo cases as JSON contracts of customers of the right ages on ``today`` (for trying
    the engine or the forms)."""
    rng = random.Random(seed)
    customers = [_customer(rng, today) for _ in range(max(1, count))]
    for customer in customers[:count]:
        scenario = rng.choices(SCENARIOS, [s.weight for s in SCENARIOS])[0]
        case = _base_case(scenario.kind, customer, rng)
        _apply(case, scenario.changes)
        if scenario.kind == "transfer":
            low, high = scenario.amount
            case["transfer"]["amount"] = f"{rng.randint(low, high)}.00"
        case["notes"] = scenario.notes
        yield case
