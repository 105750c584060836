"""Shared set-up for the audit, auth and services tests: a workstation in ``tmp_path`` with
its operators, sample cases and assessments, and cheap password hashing.

Production argon2 parameters cost ~0.15 s a hash; these tests hash dozens of passwords, so
they use the same code with tiny parameters (test_auth_users checks the real ones).
"""

from __future__ import annotations

import copy
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import zstandard

from tellerguard.audit.record import ZSTD_MAGIC, decode_record, encode_record
from tellerguard.auth import passwords as passwords_module
from tellerguard.auth.passwords import Passwords, make_hasher
from tellerguard.auth.users import Session
from tellerguard.config import Settings
from tellerguard.domain.assessment import Assessment, Hit, RulePackRef
from tellerguard.domain.case import Case, parse_case
from tellerguard.services.workstation import Workstation, init_workstation, open_workstation
from tests.unit.test_case import OPENING as BASE_OPENING
from tests.unit.test_case import TRANSFER as BASE_TRANSFER
from tests.unit.test_case import with_change

FAST = Passwords(make_hasher(time_cost=1, memory_kib=8, parallelism=1))
ON = date(2026, 11, 25)
ID_NUMBER = "410102195403150028"
CARD = "6222021234567890128"

# The contract's own sample cases (tests/unit/test_case.py), with a street address and a phone
# number inside the notes, so that the masking of free text is exercised too.
OPENING: dict[str, Any] = with_change(
    with_change(BASE_OPENING, "customer.address", "郑州市中原区建设路12号"),
    "notes",
    "客户说儿子手机号13803710000让她来办",
)
TRANSFER: dict[str, Any] = {
    **{k: v for k, v in OPENING.items() if k != "opening"},
    "kind": "transfer",
    "transfer": {**BASE_TRANSFER["transfer"], "amount": "100000.00", "payee_account": CARD},
}
PACK = RulePackRef(id="default", version="2026.11", sha256="ab" * 32)

OPERATORS = (
    ("teller01", "柜员一", "teller", "Teller#2026x"),
    ("teller02", "柜员二", "teller", "Teller#2026x"),
    ("supervisor01", "主管一", "supervisor", "Super#2026xx"),
    ("supervisor02", "主管二", "supervisor", "Super#2026xx"),
    ("rules01", "规则员", "rule_admin", "Rules#2026xx"),
)
ADMIN = ("admin01", "Admin#2026xx")
PASSWORDS = {name: pw for name, _, _, pw in OPERATORS} | {ADMIN[0]: ADMIN[1]}


def use_fast_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords_module, "DEFAULT_PASSWORDS", FAST)


def make_settings(folder: Path, **changes: Any) -> Settings:
    data: dict[str, Any] = {
        "branch_code": "B4101",
        "branch_name": "郑州中原支行",
        "region": "410102",
        "workstation": "counter-01",
        "database": folder / "audit.sqlite3",
        "key_dir": folder / "keys",
        "max_failed_logins": 3,
    }
    data.update(changes)
    return Settings(**data)


def set_up(folder: Path, **changes: Any) -> Settings:
    """Initialise a workstation in ``folder`` with the operators above (no forced change)."""
    settings = make_settings(folder, **changes)
    init_workstation(
        settings, ADMIN[0], ADMIN[1], "backup passphrase 2026", passwords=FAST, scrypt_n=2**14
    )
    with open_workstation(settings, passwords=FAST) as ws:
        admin = ws.login(*ADMIN)
        for name, display, role, password in OPERATORS:
            ws.users.add(
                admin,
                name,
                display,
                role,
                password,  # type: ignore[arg-type]
                must_change_password=False,
            )
    return settings


def open_ws(settings: Settings, **kwargs: Any) -> Workstation:
    return open_workstation(settings, passwords=FAST, **kwargs)


def login(ws: Workstation, name: str) -> Session:
    return ws.login(name, PASSWORDS[name])


def case(data: dict[str, Any] | None = None, **changes: Any) -> Case:
    data = copy.deepcopy(data or TRANSFER)
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        node = data
        for part in parents:
            node = node[part]
        node[leaf] = value
    return parse_case(data, on=ON)


def assessment(
    level: str = "manager_approval",
    *,
    hits: list[Hit] | None = None,
    facts: dict[str, Any] | None = None,
) -> Assessment:
    if hits is None:
        hits = [
            Hit(
                rule_id="XFER-ACQUAINTANCE",
                level="manager_approval",
                title="冒充熟人借钱",
                explanation="收款人李明为朋友，经微信借款 100,000.00 元，未经电话核实",
                tags=["impersonate_acquaintance"],
                values={"transfer.payee_name": "李明", "transfer.amount": "100,000.00"},
            ),
            Hit(
                rule_id="XFER-ELDERLY",
                level="second_reminder",
                title="老年客户大额转账",
                explanation="客户年龄 72 岁 ≥ 60（出生 1954年3月15日）",
                tags=["elderly"],
                values={"facts.age": "72"},
            ),
        ]
    return Assessment(
        level=level,
        hits=hits,
        facts=facts
        or {
            "id_valid": True,
            "birth_date": "1954-03-15",
            "age": 72,
            "gender": "female",
            "home_region": "410102",
            "out_of_area": "none",
        },
        rule_pack=PACK,
        business_date=ON.isoformat(),
        branch_region="410102",
    )


def raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, as someone tampering with the file would use."""
    return sqlite3.connect(path, isolation_level=None)


def edit_record(stored: bytes, old: bytes, new: bytes) -> bytes:
    """A stored record with ``old`` replaced by ``new`` in its JSON text, stored again in the
    same form (re-compressed with its dictionary): what a forger who knows the format writes."""
    text = decode_record(stored)
    assert old in text, old
    edited = text.replace(old, new)
    if stored.startswith(ZSTD_MAGIC):
        return encode_record(edited, zstandard.get_frame_parameters(stored).dict_id)
    return edited
