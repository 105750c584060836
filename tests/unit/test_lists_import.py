"""Importing signed risk lists into a real store: refused files leave nothing behind, deltas,
expiry, hash-only storage, tamper detection, binding for assessment, and the command line."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from pydantic import ValidationError

from tellerguard.audit.errors import EventError
from tellerguard.audit.keys import WorkstationSigner
from tellerguard.audit.verify import verify_store
from tellerguard.auth.errors import PermissionDenied
from tellerguard.cli import main
from tellerguard.config import Settings
from tellerguard.domain.clock import SHANGHAI, ManualClock
from tellerguard.domain.events import StoredListRef
from tellerguard.domain.risklists import MAX_LISTED_PROBLEMS, ListError, ListSignature
from tellerguard.domain.sealing import reseal_record
from tellerguard.engine.pack import load_pack
from tellerguard.resources import default_rules_dir
from tellerguard.services.counter import Counter
from tellerguard.services.dossier import _show_list_hashes, customer_dossier
from tellerguard.services.risklists import (
    expire_lists,
    generate_list_key,
    import_list,
    lists_for_settings,
    show_lists,
    sign_list,
    verify_lists,
    workstation_lists,
)
from tellerguard.services.rules import Assessor
from tellerguard.services.workstation import Workstation
from tests.unit.audit_helpers import PASSWORDS, case, login, open_ws, set_up

TODAY = date(2026, 11, 25)
POLICE = "6222021001123456789"
OTHER = "6217000000987654328"
THIRD = "6236680012345678904"


@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "issuer" / "risk.key"
    path.parent.mkdir()
    generate_list_key(path)
    return path


@pytest.fixture
def settings(tmp_path: Path, key: Path) -> Settings:
    public = key.with_name(key.name + ".pub").read_text(encoding="ascii").strip()
    return set_up(tmp_path / "ws", list_signing_keys=[public])


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sign(file: Path, key: Path, **changes: Any) -> Path:
    options: dict[str, Any] = {
        "list_id": "police_accounts",
        "version": "2026.11.20",
        "key_kind": "account",
        "mode": "full",
        "title": "公安机关推送的涉案账户名单",
        "issuer": "公安机关推送",
        "valid_from": date(2026, 11, 20),
        "valid_until": None,
        "expires": date(2026, 12, 31),
        "clock": ManualClock(datetime(2026, 11, 20, 9, tzinfo=SHANGHAI)),
    }
    options.update(changes)
    return sign_list(file, key, **options).signature


def police_file(tmp_path: Path, key: Path, *extra: str, **changes: Any) -> Path:
    file = write_csv(
        tmp_path / "police.csv",
        "account,category,source,expires",
        "6222 0210 0112 3456 789,涉诈收款账户,郑公推送[2026]1120号,",
        f"{OTHER},涉诈收款账户,郑公推送[2026]1120号,2026-11-24",
        *extra,
    )
    sign(file, key, **changes)
    return file


def do_import(settings: Settings, file: Path, list_id: str = "police_accounts") -> Any:
    with open_ws(settings) as ws:
        return import_list(ws, login(ws, "rules01"), file, list_id)


def store_state(settings: Settings) -> tuple[int, list[Any], int]:
    conn = sqlite3.connect(settings.database_path)
    try:
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        lists = conn.execute("SELECT list_id, version, entries FROM risk_lists").fetchall()
        entries = conn.execute("SELECT count(*) FROM risk_list_entries").fetchone()[0]
        return int(events), lists, int(entries)
    finally:
        conn.close()


def test_a_signed_list_is_imported_as_keyed_hashes_and_recorded(
    tmp_path: Path, key: Path, settings: Settings
) -> None:
    result = do_import(settings, police_file(tmp_path, key))
    assert (result.added, result.removed, result.entries) == (2, 0, 2)
    with open_ws(settings) as ws:
        event = ws.store.event(result.seq)
        assert event is not None and event.event_type == "list_imported"
        payload = event.data()["payload"]
        assert payload["list_id"] == "police_accounts" and payload["entries"] == 2
        assert payload["content_hash"] == result.content_hash
        assert payload["list_version"] == "2026.11.20"
        report = show_lists(ws, login(ws, "rules01"))
        text = "\n".join(report.lines())
        assert "version 2026.11.20" in text and "2 entries (1 expired)" in text
        assert "涉诈收款账户: 2" in text
    # Not a plain number anywhere in the store's files: neither as typed nor normalised.
    blob = b"".join(p.read_bytes() for p in settings.database_path.parent.glob("audit.sqlite3*"))
    for number in (POLICE, OTHER, "6222 0210", POLICE[-8:]):
        assert number.encode() not in blob
    assert "郑公推送".encode() in blob  # the source reference is kept (it is no number)


def test_the_counter_refuses_a_transfer_to_a_listed_account(
    tmp_path: Path, key: Path, settings: Settings
) -> None:
    result = do_import(settings, police_file(tmp_path, key))
    pack = load_pack(default_rules_dir())
    with open_ws(settings) as ws:
        assessor = Assessor(pack, settings.region, workstation_lists(ws, pack))
    listed = assessor.assess(case(transfer__payee_account=POLICE), on=TODAY)
    assert listed.level == "refuse"
    hit = next(h for h in listed.hits if h.rule_id == "XFER-LIST-POLICE-ACCOUNT")
    assert "公安机关推送的涉案账户名单（名单版本 2026.11.20）" in hit.explanation
    assert OTHER not in hit.explanation
    ref = next(r for r in listed.lists if r.id == "police_accounts")
    assert (ref.version, ref.content_hash, ref.entries) == ("2026.11.20", result.content_hash, 1)
    # The second entry expired yesterday: it no longer matches.
    expired = assessor.assess(case(transfer__payee_account=OTHER), on=TODAY)
    assert "XFER-LIST-POLICE-ACCOUNT" not in [h.rule_id for h in expired.hits]
    # tellerguard assess reads the same lists read-only.
    again = lists_for_settings(settings, pack, TODAY)
    cli = Assessor(pack, settings.region, again).assess(
        case(transfer__payee_account=POLICE), on=TODAY
    )
    assert cli.level == "refuse"


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        ("unsigned", "police.csv: unsigned: no signature file police.csv.sig"),
        ("altered_file", "police.csv: the file does not match its signature"),
        ("altered_signature", "police.csv.sig: the signature is not valid"),
        ("untrusted_key", "which this workstation does not trust"),
        ("expired", "police.csv.sig: the signature expired on 2026-11-24"),
        ("other_list", "the signature is for list police_accounts, not restricted_persons"),
    ],
)
def test_a_file_that_is_not_properly_signed_is_refused_and_nothing_imported(
    tmp_path: Path, key: Path, settings: Settings, spoil: str, message: str
) -> None:
    before = store_state(settings)
    changes: dict[str, Any] = {"expires": date(2026, 11, 24)} if spoil == "expired" else {}
    file = police_file(tmp_path, key, **changes)
    sig = file.with_name("police.csv.sig")
    list_id = "restricted_persons" if spoil == "other_list" else "police_accounts"
    if spoil == "unsigned":
        sig.unlink()
    elif spoil == "altered_file":
        file.write_bytes(file.read_bytes().replace(b"1120", b"1121"))
    elif spoil == "altered_signature":
        sig.write_text(sig.read_text(encoding="utf-8").replace("2026.11.20", "2026.11.29"), "utf-8")
    elif spoil == "untrusted_key":
        stranger = tmp_path / "stranger.key"
        generate_list_key(stranger)
        sign(file, stranger)
    with pytest.raises(ListError) as info:
        do_import(settings, file, list_id)
    assert message in info.value.lines()[0], info.value.lines()
    assert len(info.value.lines()) == 1
    # Only the sign-in was recorded; no list, no entries, no list event.
    events, lists, entries = store_state(settings)
    assert (lists, entries) == ([], 0) and events == before[0] + 1


def sign_unchecked(file: Path, key: Path, entries: int, **changes: Any) -> None:
    """Sign a file without the issuer tool's row checks (an older tool, or a careless one)."""
    data: dict[str, Any] = {
        "list_id": "police_accounts",
        "list_version": "2026.11.25",
        "key_kind": "account",
        "mode": "full",
        "title": "公安机关推送的涉案账户名单",
        "issuer": "公安机关推送",
        "valid_from": date(2026, 11, 25),
        "entries": entries,
        "file_name": file.name,
        "file_sha256": hashlib.sha256(file.read_bytes()).hexdigest(),
        "signed_on": date(2026, 11, 25),
        "expires": date(2026, 12, 31),
    }
    data.update(changes)
    signer = WorkstationSigner.from_file(key, "list signing key")
    header = ListSignature.model_validate({**data, "public_key": signer.public_key_hex})
    signature = base64.b64encode(signer.sign(header.signed_bytes())).decode("ascii")
    signed = header.model_copy(update={"signature": signature})
    file.with_name(file.name + ".sig").write_bytes(signed.to_json())


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["account,category,source", f"{POLICE},a,b", "6222021001123456788,a,b"],
            "police.csv:3: bad check digit in the card number",
        ),
        (["acct,category,source", f"{POLICE},a,b"], "police.csv:1: unknown column 'acct'"),
        (
            [
                "account,category,source",
                f"{POLICE},a,b",
                f"{OTHER},a,b",
                "6222-0210-0112-3456-789,a,c",
            ],
            "police.csv:4: duplicate entry (the same key as line 2)",
        ),
        (
            ["account,category,source", f"{POLICE},a,b", f"{OTHER},a"],
            "police.csv:3: 2 columns, the header has 3: the row is cut short",
        ),
    ],
)
def test_a_bad_row_refuses_the_whole_file_and_keeps_the_previous_version(
    tmp_path: Path, key: Path, settings: Settings, lines: list[str], message: str
) -> None:
    first = do_import(settings, police_file(tmp_path, key))
    before = store_state(settings)
    file = write_csv(tmp_path / "police.csv", *lines)
    # The issuer's tool refuses to sign it, with the same line.
    with pytest.raises(ListError) as info:
        sign(file, key, version="2026.11.25")
    assert info.value.lines() == [message] or info.value.lines()[0].startswith(message)
    # Signed anyway, it is refused on import, and the imported version stays as it was.
    sign_unchecked(file, key, entries=len(lines) - 1)
    with pytest.raises(ListError) as info:
        do_import(settings, file)
    assert info.value.lines()[0].startswith(message), info.value.lines()
    assert store_state(settings)[1:] == before[1:]
    with open_ws(settings) as ws:
        row = ws.store.risk_list("police_accounts")
        assert row is not None and row.content_hash == first.content_hash
        assert verify_lists(ws, login(ws, "rules01")).ok


def test_the_issuer_is_told_every_bad_row_of_a_file_at_once(
    tmp_path: Path, key: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One problem per run made the issuer fix a file row by row; the duplicate was never
    # named while an earlier row was bad.
    file = write_csv(
        tmp_path / "bad.csv",
        "account,category,source",
        f"{POLICE},a,b",
        "6222021001123456788,a,b",
        f"{OTHER},a",
        f"{OTHER},a,b,c",
        "6222-0210-0112-3456-789,a,c",
    )
    with pytest.raises(ListError) as info:
        sign(file, key, version="2026.11.25")
    assert info.value.lines() == [
        "bad.csv:3: bad check digit in the card number (Luhn check failed)",
        "bad.csv:4: 2 columns, the header has 3: the row is cut short (truncated file?)",
        "bad.csv:5: 4 columns, the header has 3",
        "bad.csv:6: duplicate entry (the same key as line 2)",
    ]
    assert main(sign_command(file, key)) == 2
    err = capsys.readouterr().err
    assert "bad.csv:3:" in err and "bad.csv:6: duplicate entry" in err
    assert not file.with_name(file.name + ".sig").exists()
    # A file of nothing but bad rows is cut off at the bound, and says so.
    many = write_csv(
        tmp_path / "many.csv",
        "account,category,source",
        *(["6222021001123456788,a,b"] * (MAX_LISTED_PROBLEMS + 50)),
    )
    with pytest.raises(ListError) as info:
        sign(many, key, version="2026.11.25")
    lines = info.value.lines()
    assert len(lines) == MAX_LISTED_PROBLEMS + 1
    assert lines[-1] == f"(stopped after {MAX_LISTED_PROBLEMS} problems)"


def test_a_truncated_file_is_refused_by_name(tmp_path: Path, key: Path, settings: Settings) -> None:
    truncated = tmp_path / "cut.csv"
    truncated.write_bytes(f"account,category,source\n{POLICE},a,b\n{OTHER},涉".encode())
    with pytest.raises(ListError, match=re.escape("cut.csv:3: the last line has no line break")):
        sign(truncated, key)
    sign_unchecked(truncated, key, entries=2)
    with pytest.raises(ListError, match=re.escape("cut.csv:3: the last line has no line break")):
        do_import(settings, truncated)
    whole = police_file(tmp_path, key)
    whole.write_bytes(whole.read_bytes()[:-20])  # cut after signing
    with pytest.raises(ListError, match=re.escape("changed or truncated after signing")):
        do_import(settings, whole)
    assert store_state(settings)[1:] == ([], 0)


def test_entries_counted_in_the_signature_must_all_be_there(
    tmp_path: Path, key: Path, settings: Settings
) -> None:
    file = write_csv(tmp_path / "police.csv", "account,category,source", f"{POLICE},a,b")
    sign_unchecked(file, key, entries=3)
    with pytest.raises(ListError, match=re.escape("police.csv: 1 entry, but the signature says 3")):
        do_import(settings, file)
    assert store_state(settings)[1:] == ([], 0)


def test_deltas_add_and_remove_against_their_base_version(
    tmp_path: Path, key: Path, settings: Settings
) -> None:
    do_import(settings, police_file(tmp_path, key))
    delta = write_csv(
        tmp_path / "delta.csv",
        "操作,账号,类别,来源",
        f"新增,{THIRD},涉诈收款账户,郑公推送[2026]1125号",
        f"删除,{OTHER},涉诈收款账户,郑公推送[2026]1125号",
    )
    sign(delta, key, version="2026.11.25", mode="delta", base_version="2026.11.20")
    result = do_import(settings, delta)
    assert (result.added, result.removed, result.entries) == (1, 1, 2)
    # The same delta again: the version is there already.
    with pytest.raises(ListError, match=re.escape("version 2026.11.25 is already imported")):
        do_import(settings, delta)
    stale = write_csv(tmp_path / "stale.csv", "action,account,category,source", f"add,{OTHER},a,b")
    sign(stale, key, version="2026.11.26", mode="delta", base_version="2026.11.20")
    with pytest.raises(
        ListError,
        match=re.escape("applies to version 2026.11.20, this workstation has version 2026.11.25"),
    ):
        do_import(settings, stale)
    absent = write_csv(
        tmp_path / "absent.csv", "action,account,category,source", f"remove,{OTHER},a,b"
    )
    sign(absent, key, version="2026.11.26", mode="delta", base_version="2026.11.25")
    with pytest.raises(ListError, match=re.escape("absent.csv:2: not on the list, cannot remove")):
        do_import(settings, absent)
    with open_ws(settings) as ws:
        row = ws.store.risk_list("police_accounts")
        assert row is not None and (row.version, row.entries) == ("2026.11.25", 2)
        assert verify_lists(ws, login(ws, "rules01")).ok


def test_an_older_full_list_is_not_imported_over_a_newer_one(
    tmp_path: Path, key: Path, settings: Settings
) -> None:
    do_import(
        settings, police_file(tmp_path, key, version="2026.11.22", valid_from=date(2026, 11, 22))
    )
    old = police_file(tmp_path, key, version="2026.11.01", valid_from=date(2026, 11, 1))
    with pytest.raises(
        ListError, match=re.escape("an older list is not imported over a newer one")
    ):
        do_import(settings, old)


def test_expiry_of_entries_and_of_the_list(
    tmp_path: Path, key: Path, settings: Settings, clock: ManualClock
) -> None:
    do_import(settings, police_file(tmp_path, key, valid_until=date(2026, 11, 30)))
    pack = load_pack(default_rules_dir())
    with open_ws(settings) as ws:
        session = login(ws, "rules01")
        result = expire_lists(ws, session)
        assert result.removed["police_accounts"][0] == 1
        assert expire_lists(ws, session).lines() == ["no expired entries"]
        assert verify_lists(ws, session).ok
        assert workstation_lists(ws, pack).members["police_accounts"]
    clock.set(datetime(2026, 12, 1, 9, tzinfo=SHANGHAI))  # the list's validity has ended
    with open_ws(settings) as ws:
        bound = workstation_lists(ws, pack)
        assert "police_accounts" not in bound.members
        report = verify_lists(ws, login(ws, "rules01"), pack)
        assert report.ok and any("is expired" in w for w in report.warnings)


def test_verify_finds_an_entry_deleted_behind_the_programs_back(
    tmp_path: Path, key: Path, settings: Settings
) -> None:
    do_import(settings, police_file(tmp_path, key))
    conn = sqlite3.connect(settings.database_path)
    conn.execute(
        "DELETE FROM risk_list_entries WHERE rowid IN (SELECT rowid FROM risk_list_entries LIMIT 1)"
    ) if False else conn.execute(
        "DELETE FROM risk_list_entries WHERE h = (SELECT min(h) FROM risk_list_entries)"
    )
    conn.commit()
    with pytest.raises(sqlite3.IntegrityError, match=re.escape("needs its audit event")):
        conn.execute("UPDATE risk_lists SET entries = 1, event_seq = event_seq + 0")
    conn.close()
    with open_ws(settings) as ws:
        report = verify_lists(ws, login(ws, "rules01"))
    assert not report.ok
    assert "entries were changed outside TellerGuard" in report.problems[0]


def test_an_xlsx_list_imports_like_a_csv_and_number_cells_that_lost_digits_are_refused(
    tmp_path: Path, key: Path, settings: Settings
) -> None:
    file = tmp_path / "phones.xlsx"
    book = xlsxwriter.Workbook(str(file))
    sheet = book.add_worksheet()
    for r, row in enumerate(
        [
            ["手机号码", "类别", "来源", "到期日"],
            ["138 3710 1234", "涉诈号码", "公安推送", "2027-01-01"],
        ]
    ):
        sheet.write_row(r, 0, row)
    sheet.write_number(2, 0, 13903712345)
    sheet.write_row(2, 1, ["涉诈号码", "公安推送"])
    book.close()
    sign(file, key, list_id="flagged_phones", key_kind="phone", title="涉诈电话号码名单")
    result = do_import(settings, file, "flagged_phones")
    assert result.entries == 2
    pack = load_pack(default_rules_dir())
    with open_ws(settings) as ws:
        assessor = Assessor(pack, settings.region, workstation_lists(ws, pack))
    hit = assessor.assess(case(customer__phone="13837101234"), on=TODAY)
    assert "LIST-FLAGGED-PHONE" in [h.rule_id for h in hit.hits]

    cards = tmp_path / "cards.xlsx"
    book = xlsxwriter.Workbook(str(cards))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["account", "category", "source"])
    sheet.write_number(1, 0, float(POLICE))
    sheet.write_row(1, 1, ["a", "b"])
    book.close()
    with pytest.raises(ListError, match=re.escape("cards.xlsx:2: a number of more than 15 digits")):
        sign(cards, key)
    cards.write_bytes(cards.read_bytes()[:200])
    with pytest.raises(ListError, match=re.escape("cards.xlsx: not a readable XLSX workbook")):
        sign(cards, key)


def test_only_a_rule_administrator_imports_lists(
    tmp_path: Path, key: Path, settings: Settings
) -> None:
    file = police_file(tmp_path, key)
    with (
        open_ws(settings) as ws,
        pytest.raises(PermissionDenied, match=r"not allowed to manage risk lists \(permission"),
    ):
        import_list(ws, login(ws, "teller01"), file, "police_accounts")


def cli(settings_file: Path, *argv: str) -> int:
    return main(
        [
            *argv,
            "--config",
            str(settings_file),
            "--operator",
            "rules01",
            "--password-file",
            str(settings_file.parent / "rules.pw"),
        ]
    )


def sign_command(file: Path, key: Path) -> list[str]:
    return [
        *("lists", "sign", str(file), "--key", str(key), "--list", "police_accounts"),
        *("--version", "1", "--kind", "account", "--title", "t", "--issuer", "i"),
        *("--valid-from", "2026-11-20", "--expires", "2026-12-31"),
    ]


def test_command_line_exit_codes(
    tmp_path: Path, key: Path, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    from tellerguard.services.workstation import settings_toml

    config = tmp_path / "ws" / "tg.toml"
    config.write_text(settings_toml(settings), encoding="utf-8")
    (config.parent / "rules.pw").write_text(PASSWORDS["rules01"] + "\n", encoding="utf-8")
    file = write_csv(tmp_path / "police.csv", "account,category,source", f"{POLICE},a,b")
    bad = write_csv(tmp_path / "bad.csv", "account,category,source", "6222021001123456788,a,b")
    assert main(sign_command(bad, key)) == 2
    assert "error: bad.csv:2: bad check digit in the card number" in capsys.readouterr().err
    assert cli(config, "lists", "import", str(file), "--list", "police_accounts") == 2
    assert "unsigned" in capsys.readouterr().err
    assert main(sign_command(file, key)) == 0
    assert cli(config, "lists", "import", str(file), "--list", "police_accounts") == 0
    assert "imported list police_accounts version 1" in capsys.readouterr().out
    assert cli(config, "lists", "show") == 0
    assert "1 entry (0 expired)" in capsys.readouterr().out
    assert cli(config, "lists", "verify") == 0
    conn = sqlite3.connect(settings.database_path)
    conn.execute("UPDATE risk_list_labels SET text = '已核实' WHERE text = 'a'")
    conn.commit()
    conn.close()
    assert cli(config, "lists", "verify") == 1
    assert "problem: police_accounts" in capsys.readouterr().out
    assert cli(config, "lists", "expire", "--list", "nope") == 2


@contextlib.contextmanager
def listed_counter(settings: Settings) -> Iterator[tuple[Workstation, Counter, Assessor]]:
    """The workstation, teller01's counter and an assessor bound to the imported lists."""
    pack = load_pack(default_rules_dir())
    with open_ws(settings) as ws:
        yield (
            ws,
            Counter(ws, login(ws, "teller01")),
            Assessor(pack, settings.region, workstation_lists(ws, pack)),
        )


def recorded_transfer_to_police(
    ws: Workstation, counter: Counter, assessor: Assessor
) -> dict[str, Any]:
    """The stored record of a transfer to the listed account, assessed by ``assessor``."""
    the_case = case(transfer__payee_account=POLICE)
    receipt = counter.record_assessment(the_case, assessor.assess(the_case, on=TODAY))
    event = ws.store.event(receipt.receipt.seq)
    assert event is not None
    return event.data()


def test_an_assessment_names_the_list_by_the_event_that_recorded_its_content(
    tmp_path: Path, key: Path, settings: Settings
) -> None:
    imported = do_import(settings, police_file(tmp_path, key))
    with listed_counter(settings) as (ws, counter, bound):

        def stored_refs(assessor: Assessor) -> list[dict[str, Any]]:
            refs = recorded_transfer_to_police(ws, counter, assessor)["payload"]["lists"]
            return [r for r in refs if r["id"] == "police_accounts"]

        assert stored_refs(bound) == [
            {
                "id": "police_accounts",
                "version": "2026.11.20",
                "content_hash": None,
                "entries": 1,
                "event": imported.seq,
            }
        ]
        expired = expire_lists(ws, login(ws, "rules01")).removed["police_accounts"][1]
        # The case was assessed against the content before the expiry: its hash in full.
        assert stored_refs(bound) == [
            {
                "id": "police_accounts",
                "version": "2026.11.20",
                "content_hash": imported.content_hash,
                "entries": 1,
                "event": None,
            }
        ]
        rebound = Assessor(bound.pack, settings.region, workstation_lists(ws, bound.pack))
        assert stored_refs(rebound)[0]["event"] == expired
        recorded = ws.store.event(expired)
        assert recorded is not None
        assert recorded.data()["payload"]["content_hash"] == ws.store.risk_lists()[0].content_hash
        # The inspector's dossier shows the hash the named event recorded.
        first = next(
            e
            for e in ws.store.events_between(1, ws.store.head.seq)
            if e.event_type == "assessment_shown"
        )
        dossier = customer_dossier(
            ws, login(ws, "supervisor01"), first.data()["payload"]["case_ref"], "监管检查"
        )
        shown = dossier.cases[0].events[0].payload
        police = next(r for r in shown["lists"] if r["id"] == "police_accounts")
        assert (police["event"], police["content_hash"]) == (imported.seq, imported.content_hash)
    assert verify_store(settings.database_path, deep=True).ok


def test_a_dossier_reads_each_named_list_once_for_its_title(
    tmp_path: Path, key: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records that name a list without the event of its import (older records) show the
    list's title in the store today; many records naming the same list read its row once."""
    do_import(settings, police_file(tmp_path, key))
    with open_ws(settings) as ws:
        store = ws.store
        read: list[str] = []
        real = store.risk_list

        def counted(list_id: str) -> Any:
            read.append(list_id)
            return real(list_id)

        monkeypatch.setattr(store, "risk_list", counted)
        payloads = [
            {"lists": [{"id": "police_accounts", "version": "2026.11.20"}, {"id": "gone"}]}
            for _ in range(40)
        ]
        known: dict[int, tuple[object, object]] = {}
        titles: dict[str, str | None] = {}
        for payload in payloads:
            _show_list_hashes(payload, store, known, titles)
        assert sorted(read) == ["gone", "police_accounts"]
        stored = real("police_accounts")
        assert stored is not None and stored.title == "公安机关推送的涉案账户名单"
        for payload in payloads:
            police, gone = payload["lists"]
            assert police["title"] == stored.title
            assert "title" not in gone


@pytest.mark.parametrize(
    "ref",
    [
        {"id": "x", "version": "1", "content_hash": "ab" * 32, "entries": 1, "event": 3},
        {"id": "x", "version": None, "content_hash": None, "entries": 0, "event": 3},
        {"id": "x", "version": "1", "content_hash": None, "entries": 1, "event": 0},
    ],
)
def test_a_stored_list_names_its_content_once(ref: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        StoredListRef.model_validate(ref)


def test_a_stored_list_of_an_older_record_keeps_its_hash() -> None:
    old = {"id": "x", "version": "1", "content_hash": "ab" * 32, "entries": 1}
    assert StoredListRef.model_validate(old).event is None


def test_deep_verify_finds_a_list_named_by_an_event_that_did_not_record_it(
    tmp_path: Path, key: Path, settings: Settings
) -> None:
    imported = do_import(settings, police_file(tmp_path, key))
    with listed_counter(settings) as (ws, counter, assessor):
        record = recorded_transfer_to_police(ws, counter, assessor)
        seq = head = ws.store.head.seq
        # A stored payload copied as it is names its own record's one ciphertext: refused.
        with pytest.raises(EventError, match="another record's sealed values"):
            ws.store.append_raw("assessment_shown", record["payload"], operator="teller01")
        assert ws.store.head.seq == head
        payload = reseal_record(
            record["payload"], ws.store.cipher.for_record(record), ws.store.cipher
        )
        assert verify_store(settings.database_path, deep=True).ok
        # A writer that named the wrong event (the store's first; one not yet written): the
        # chain is intact, the payload matches its model, only the deep check can tell.
        for wrong in (1, seq + 2):
            refs = [
                ref | {"event": wrong} if ref["event"] == imported.seq else ref
                for ref in payload["lists"]
            ]
            ws.store.append_raw("assessment_shown", payload | {"lists": refs}, operator="teller01")
    report = verify_store(settings.database_path)
    assert report.ok
    deep = verify_store(settings.database_path, deep=True)
    found = [p for p in deep.problems if "police_accounts" in p.message]
    assert [p.seq for p in found] == [seq + 1, seq + 2], deep.lines()
    assert all(f"names event #{w}" in p.message for p, w in zip(found, (1, seq + 2), strict=True))


def test_a_full_list_with_no_entry_is_neither_signed_nor_imported(
    tmp_path: Path, key: Path, settings: Settings
) -> None:
    # A header row alone, signed and imported as a full list, emptied police_accounts.
    do_import(settings, police_file(tmp_path, key))
    before = store_state(settings)
    assert before[2] > 0
    empty = write_csv(tmp_path / "empty.csv", "account,category,source")
    with pytest.raises(ListError, match=re.escape("empty.csv: a full list with no entry")):
        sign(empty, key, version="2026.11.26")
    sign_unchecked(empty, key, entries=0, list_version="2026.11.26")  # an older, careless tool
    with pytest.raises(ListError, match="lists expire"):
        do_import(settings, empty)
    assert store_state(settings)[1:] == before[1:]  # the sign-in is recorded, nothing else


def test_a_signature_or_list_that_is_no_regular_file_or_too_big_is_named_clearly(
    tmp_path: Path, key: Path, settings: Settings
) -> None:
    file = police_file(tmp_path, key)
    with open_ws(settings) as ws:
        rules = login(ws, "rules01")
        # A device as the signature: it was read to its end (never, for /dev/zero).
        with pytest.raises(ListError, match="/dev/zero: the signature file is not a regular"):
            import_list(ws, rules, file, "police_accounts", signature_file=Path("/dev/zero"))
        big = tmp_path / "big.sig"
        big.write_bytes(b" " * (64 * 1024 + 1))
        with pytest.raises(ListError, match="the signature file is larger than 64 KiB"):
            import_list(ws, rules, file, "police_accounts", signature_file=big)
        given = tmp_path / "elsewhere" / "police.csv.sig"
        with pytest.raises(ListError, match=re.escape(f"{given}: no such signature file")):
            import_list(ws, rules, file, "police_accounts", signature_file=given)
    with pytest.raises(ListError) as expired:
        sign(file, key, expires=date(2026, 11, 1))
    assert ": :" not in str(expired.value) and "expires" in str(expired.value)
