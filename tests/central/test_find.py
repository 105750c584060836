"""倒查 across branches: a customer's cases at every branch by the full ID number, the payee's
account or the phone, masked; each search recorded; stores shipped before the bank lookup
key existed catch up on their next ship."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tellerguard.central.lookups import LOOKUP_KEY_FILE
from tellerguard.central.pg import Connection
from tellerguard.config import Settings
from tellerguard.services.central import init_central
from tests.central.conftest import add_cases, cli, count, make_workstation, ship_args
from tests.unit.audit_helpers import CARD, ID_NUMBER

pytestmark = pytest.mark.postgres

OTHER_ID = "110101199003077715"


def find(
    dsn: str, key: Path, *what: str, reason: str = "涉诈账户倒查 案件 2026-118"
) -> tuple[int, str, str]:
    return cli(
        "central",
        "find",
        "--dsn",
        dsn,
        "--lookup-key",
        str(key),
        "--operator",
        "audit.li",
        "--reason",
        reason,
        *what,
    )


@pytest.fixture
def bank_key(dsn: str, tmp_path: Path) -> Path:
    path = tmp_path / "head-office" / LOOKUP_KEY_FILE
    path.parent.mkdir()
    lines = init_central(dsn, path).lines()
    assert any("written to" in line for line in lines)
    assert any("registered" in line for line in lines)
    return path


def give_key(settings: Settings, key: Path) -> None:
    shutil.copyfile(key, settings.key_path / LOOKUP_KEY_FILE)
    (settings.key_path / LOOKUP_KEY_FILE).chmod(0o600)


def test_find_lists_every_branchs_cases_masked_and_records_the_search(
    workstation: Settings, dsn: str, db: Connection, tmp_path: Path, bank_key: Path
) -> None:
    # the first workstation shipped before it had the bank key: no lookups yet
    assert cli(*ship_args(workstation, dsn))[0] == 0
    assert count(db, "SELECT count(*) FROM lookups") == 0
    other = make_workstation(
        tmp_path / "ws2",
        dsn,
        branch_code="B1101",
        branch_name="北京东城支行",
        region="110101",
        workstation="counter-07",
    )
    give_key(other, bank_key)
    add_cases(other, 2)
    assert cli(*ship_args(other, dsn))[0] == 0
    status, out, _ = find(dsn, bank_key, "--id-number", ID_NUMBER)
    assert status == 0
    assert out.splitlines()[0].startswith("find: 2 cases for ID number 410102********0028")
    # now the first gets the key: its next ship back-fills lookups for everything it shipped
    give_key(workstation, bank_key)
    status, out, _ = cli(*ship_args(workstation, dsn))
    assert status == 0 and "0 new events" in out
    assert (
        count(
            db,
            "SELECT count(*) FROM lookups WHERE store_id = "
            "(SELECT store_id FROM stores WHERE branch = 'B4101')",
        )
        == 20 * 3
    )
    # each lookup carries its event's time (find joins on it), whether the event came with
    # it or was held before
    assert count(db, "SELECT count(*) FROM lookups") == 22 * 3
    assert (
        count(
            db,
            "SELECT count(*) FROM lookups l LEFT JOIN events e "
            "ON e.store_id = l.store_id AND e.seq = l.seq AND e.at = l.at WHERE e.seq IS NULL",
        )
        == 0
    )
    status, out, _ = find(dsn, bank_key, "--id-number", ID_NUMBER.lower() + " ")
    lines = out.splitlines()
    assert status == 0 and "22 cases" in lines[0]
    assert sum("B4101 郑州中原支行 (410102) counter-01" in line for line in lines) == 20
    assert sum("B1101 北京东城支行 (110101) counter-07" in line for line in lines) == 2
    case = lines[1]
    assert "level manager_approval" in case and "teller teller01" in case
    assert "customer 王** 410102********0028" in case and "622202*********0128" in case
    assert ID_NUMBER not in out and CARD not in out
    # by the payee's account and by the phone too; a stranger has no cases
    assert "22 cases" in find(dsn, bank_key, "--account", "6222 0212 3456 7890 128")[1]
    phone = "13903960000"
    assert "cases" in find(dsn, bank_key, "--phone", phone)[1]
    assert "find: 0 cases" in find(dsn, bank_key, "--id-number", OTHER_ID)[1]
    searches = db.execute(
        "SELECT operator, kind, masked, reason, results FROM searches ORDER BY id"
    ).fetchall()
    assert searches[0] == ("audit.li", "id", "410102********0028", "涉诈账户倒查 案件 2026-118", 2)
    assert [s[1] for s in searches] == ["id", "id", "card", "phone", "id"]
    assert searches[-1][4] == 0


def test_find_needs_a_reason_and_the_registered_key(
    dsn: str, bank_key: Path, tmp_path: Path, db: Connection
) -> None:
    status, _, err = find(dsn, bank_key, "--id-number", ID_NUMBER, reason="  ")
    assert status == 2 and "needs its reason" in err
    stray = tmp_path / "stray.json"
    from tellerguard.central.lookups import BankLookupKey

    # a key made elsewhere and never registered here
    BankLookupKey.generate("2026-11-25T09:00:00.000000+08:00").save(stray)
    status, _, err = find(dsn, stray, "--id-number", ID_NUMBER)
    assert status == 2 and "not registered at this centre" in err
    assert count(db, "SELECT count(*) FROM searches") == 0


@pytest.mark.parametrize(
    ("option", "number", "said"),
    [
        ("--id-number", ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1"), "check digit"),
        ("--id-number", "12345", "too short to be a full number"),
        ("--account", "6228 48", "too short to be a full number"),
        ("--phone", "138", "too short to be a full number"),
    ],
)
def test_a_number_no_counter_could_have_recorded_is_refused_not_answered_with_0_cases(
    dsn: str, bank_key: Path, db: Connection, option: str, number: str, said: str
) -> None:
    # "0 cases" for a typo reads like a clean record: the search is refused, naming the
    # option, and nothing is recorded as searched.
    status, out, err = find(dsn, bank_key, option, number)
    assert status == 2, out
    assert err.startswith(f"error: {option}: ") and said in err
    assert count(db, "SELECT count(*) FROM searches") == 0
