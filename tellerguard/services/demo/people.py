"""The demo branch's customers and payees: names, valid ID numbers, phones and cards.

Everything is drawn from a seeded :class:`random.Random`, so the same seed makes the same
people. ID numbers carry a correct GB 11643 check digit and cards a correct Luhn digit, and
the regions are real codes (mostly Zhengzhou, some elsewhere in Henan, some far away), so
the engine derives ages, home places and out-of-area facts from them as it would at a real
counter.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from tellerguard.domain.cards import luhn_ok
from tellerguard.domain.identity import check_digit

SURNAMES = (
    *("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱"),
    *("胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "欧阳", "司马"),
)
GIVEN = (
    *("秀兰", "建国", "丽", "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇"),
    *("艳", "杰", "涛", "明", "超", "霞", "平", "刚", "桂英", "玉兰", "浩然", "子涵"),
    *("欣怡", "宇轩"),
)
# (region code, weight): the branch is in Zhengzhou's Zhongyuan district (410102).
REGIONS = (
    *(("410102", 60), ("410103", 20), ("410105", 20), ("410122", 8), ("411302", 6)),
    *(("411102", 4), ("412801", 4), ("410302", 4), ("420106", 3), ("440304", 3)),
    *(("110105", 2), ("510107", 2), ("500103", 2), ("340102", 2), ("320102", 2)),
    *(("130102", 2), ("370102", 2)),
)
PHONE_PREFIXES = (
    *("139", "138", "137", "135", "186", "187", "188", "150", "151", "152", "158"),
    *("159", "130", "131", "132", "155", "156", "133", "153", "180", "189", "177"),
)
BANKS = (
    ("622202", "中国工商银行"),
    ("622848", "中国农业银行"),
    ("621700", "中国建设银行"),
    ("622588", "招商银行"),
    ("621483", "中国银行"),
    ("622262", "交通银行"),
)
STREETS = ("建设路", "中原路", "桐柏路", "嵩山路", "伏牛路", "百花路", "棉纺路", "秦岭路")
WORKING = (
    *("employee", "employee", "employee", "self_employed", "migrant_worker", "farmer"),
    *("freelancer", "civil_servant", "unemployed", "other"),
)


@dataclass(frozen=True, slots=True)
class Customer:
    name: str
    id_number: str
    birth: date
    region: str
    phone: str
    occupation: str
    address: str

    def age_on(self, day: date) -> int:
        before_birthday = (day.month, day.day) < (self.birth.month, self.birth.day)
        return day.year - self.birth.year - before_birthday


@dataclass(frozen=True, slots=True)
class Payee:
    name: str
    account: str
    bank: str


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def card_number(rng: random.Random, bin_prefix: str) -> str:
    """A 19-digit card number of the bank ``bin_prefix`` with a valid Luhn check digit."""
    body = bin_prefix + "".join(rng.choice("0123456789") for _ in range(12))
    return next(body + digit for digit in "0123456789" if luhn_ok(body + digit))


def make_payee(rng: random.Random, name: str | None = None) -> Payee:
    bin_prefix, bank = rng.choice(BANKS)
    return Payee(name or person_name(rng), card_number(rng, bin_prefix), bank)


def make_customer(rng: random.Random, today: date, *, age: int | None = None) -> Customer:
    """A customer of the branch, ``age`` years old on ``today`` (else a branch's usual mix:
    a quarter young, half of working age, a quarter retired)."""
    region = rng.choices([r for r, _ in REGIONS], [w for _, w in REGIONS])[0]
    if age is None:
        age = rng.choices(
            [rng.randint(18, 24), rng.randint(25, 59), rng.randint(60, 88)], [20, 55, 25]
        )[0]
    anniversary = date(today.year - age, today.month, min(today.day, 28))
    birth = anniversary - timedelta(days=rng.randint(0, 360))
    sequence = rng.randint(1, 999)
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    if age < 23 and rng.random() < 0.7:
        occupation = "student"
    elif age >= 60:
        occupation = "retired"
    else:
        occupation = rng.choice(WORKING)
    return Customer(
        name=person_name(rng),
        id_number=first17 + check_digit(first17),
        birth=birth,
        region=region,
        phone=rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}",
        occupation=occupation,
        address=f"郑州市中原区{rng.choice(STREETS)}{rng.randint(1, 300)}号",
    )
