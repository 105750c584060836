"""The demo branch's risk lists: small example lists, signed and imported the real way.

A demo issuer key (kept in the demo's key folder — a real issuer's key never sits on a
counter PC) signs four CSV files written beside the store (``<store>-lists/``): the police's
fraud-receiving accounts, persons restricted after 断卡, flagged phones, and the official
collection accounts of the local power company, tax bureau and hospitals. The demo rule
administrator imports them with :func:`~tellerguard.services.risklists.import_list`, exactly
as ``tellerguard lists import`` does, so the store holds only their keyed hashes. Some demo
customers then pay a listed account, are a listed person or use a listed phone, and the
counter's screens show the hits.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tellerguard.config import Settings
from tellerguard.domain.clock import Clock
from tellerguard.domain.risklists import KeyKind
from tellerguard.services.demo.people import Customer, Payee, card_number, make_customer
from tellerguard.services.risklists import generate_list_key, import_list, sign_list
from tellerguard.services.workstation import Workstation

ISSUER_KEY = "demo-list-signing.pem"
RULES_ADMIN = "rules01"
DEMO_RULES_PASSWORD = "Rules#2026"
VERSION_FORMAT = "%Y.%m.%d"
OFFICIAL_PAYEES: tuple[tuple[str, str, str], ...] = (
    ("国网河南省电力公司郑州供电公司", "41001501010050001234", "中国建设银行"),
    ("国家税务总局郑州市中原区税务局", "1702020109024901234", "中国工商银行"),
    ("郑州大学第一附属医院", "250101040001234", "中国农业银行"),
    ("郑州市第一人民医院", "41050163590800001234", "中国建设银行"),
    ("郑州水务集团有限公司", "1702021209000012345", "中国工商银行"),
)


@dataclass(frozen=True, slots=True)
class DemoLists:
    """What the demo's lists hold, for the scenarios that walk into them."""

    police_accounts: tuple[Payee, ...]
    restricted: tuple[Customer, ...]
    flagged_phones: tuple[str, ...]
    official: tuple[Payee, ...]


LISTS_MADE = date(2026, 1, 5)
"""The day the demo's list people are made as of (their ages): fixed, so every run of the
demo, on any day, lists the same ID numbers."""


def demo_lists() -> DemoLists:
    """The demo's list contents (the same every time)."""
    today = LISTS_MADE
    rng = random.Random("tellerguard demo risk lists")
    banks = (("622202", "中国工商银行"), ("621700", "中国建设银行"), ("622848", "中国农业银行"))
    police = tuple(
        Payee(name, card_number(rng, prefix), bank)
        for name, (prefix, bank) in zip(
            ("刘洋", "陈晨", "王磊", "张敏", "李娜", "赵强", "孙杰", "周静"),
            banks * 3,
            strict=False,
        )
    )
    restricted = tuple(make_customer(rng, today, age=rng.randint(19, 30)) for _ in range(6))
    phones = tuple(make_customer(rng, today).phone for _ in range(6))
    official = tuple(Payee(name, account, bank) for name, account, bank in OFFICIAL_PAYEES)
    return DemoLists(police, restricted, phones, official)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")  # as Excel writes it
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def list_files(contents: DemoLists, on: date) -> dict[str, tuple[KeyKind, str, str, bytes]]:
    """list id → (key kind, title, issuer, CSV bytes) of the demo's four files."""
    police_ref = f"郑公反诈推送〔{on.year}〕第0312号"
    later = (on + timedelta(days=720)).isoformat()
    return {
        "police_accounts": (
            "account",
            "公安机关推送的涉案账户名单",
            "公安机关推送",
            _csv(
                ["account", "category", "source", "expires"],
                [[p.account, "涉诈收款账户", police_ref, later] for p in contents.police_accounts],
            ),
        ),
        "restricted_persons": (
            "id_number",
            "涉诈风险惩戒人员名单",
            "总行风险管理部",
            _csv(
                ["证件号码", "类别", "来源", "到期日"],
                [
                    [c.id_number, "出租出借账户惩戒", "总行风险管理部惩戒通知", later]
                    for c in contents.restricted
                ],
            ),
        ),
        "flagged_phones": (
            "phone",
            "公安机关推送的涉诈电话号码名单",
            "公安机关推送",
            _csv(
                ["phone", "category", "source"],
                [[phone, "涉诈号码", police_ref] for phone in contents.flagged_phones],
            ),
        ),
        "official_accounts": (
            "account",
            "本地公用事业及政府机关收款账户名单",
            "总行风险管理部",
            _csv(
                ["account", "category", "source"],
                [[p.account, "对公收款账户", p.name] for p in contents.official],
            ),
        ),
    }


def issuer_public_key(settings: Settings) -> str:
    """The demo issuer's public key, made on first use in the demo's key folder."""
    key = settings.key_path / ISSUER_KEY
    if not key.exists():
        generate_list_key(key)
    return key.with_name(key.name + ".pub").read_text(encoding="ascii").strip()


def import_demo_lists(workstation: Workstation, clock: Clock, folder: Path) -> list[str]:
    """Write, sign and import the demo lists (once: a list already in the store is kept)."""
    settings = workstation.settings
    store = workstation.store
    today = clock.today()
    files = list_files(demo_lists(), today)
    if all(store.risk_list(list_id) is not None for list_id in files):
        return []
    folder.mkdir(parents=True, exist_ok=True)
    session = workstation.login(RULES_ADMIN, DEMO_RULES_PASSWORD)
    lines = []
    for list_id, (kind, title, issuer, data) in files.items():
        if store.risk_list(list_id) is not None:
            continue
        path = folder / f"{list_id}.csv"
        path.write_bytes(data)
        sign_list(
            path,
            settings.key_path / ISSUER_KEY,
            list_id=list_id,
            version=today.strftime(VERSION_FORMAT),
            key_kind=kind,
            mode="full",
            title=title,
            issuer=issuer,
            valid_from=today - timedelta(days=3),
            valid_until=None,
            expires=today + timedelta(days=30),
            clock=clock,
        )
        lines.extend(import_list(workstation, session, path, list_id).lines())
    return lines
