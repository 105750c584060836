"""Keys: personal fields sealed at rest, key files owner-only, the passphrase backup and the
documented recovery when the key file is lost."""

from __future__ import annotations

import base64
import json
import os
import sqlite3
from pathlib import Path

import pytest

from tellerguard.audit.errors import KeyBackupError, KeyFileError, StoreMismatchError
from tellerguard.audit.keys import (
    BRANCH_KEY_FILE,
    KEY_BACKUP_FILE,
    BranchKeys,
    FieldCipher,
    load_branch_keys,
    read_key_backup,
    write_key_backup,
)
from tellerguard.audit.verify import verify_store
from tellerguard.auth.errors import AuthenticationFailed, PermissionDenied
from tellerguard.auth.users import Credentials
from tellerguard.domain.sealing import mask_record, unseal_record
from tellerguard.services.counter import CaseReceipt, Counter
from tellerguard.services.workstation import recover_keys
from tests.conftest import TEST_NOW
from tests.unit.audit_helpers import (
    CARD,
    FAST,
    ID_NUMBER,
    PASSWORDS,
    assessment,
    case,
    login,
    open_ws,
    set_up,
)


def test_sealed_values_round_trip_and_lookups_are_keyed() -> None:
    keys = BranchKeys.generate("B1", TEST_NOW)
    cipher = FieldCipher(keys)
    token = cipher.seal("王秀兰")
    assert token != cipher.seal("王秀兰")  # a fresh nonce each time
    assert cipher.open(token) == "王秀兰"
    assert cipher.lookup("id", ID_NUMBER) == cipher.lookup("id", ID_NUMBER)
    assert cipher.lookup("id", ID_NUMBER) != FieldCipher(
        BranchKeys.generate("B1", TEST_NOW)
    ).lookup("id", ID_NUMBER)
    assert cipher.lookup("id", CARD) != cipher.lookup("card", CARD)  # domain-separated
    with pytest.raises(KeyFileError, match="wrong branch key"):
        FieldCipher(BranchKeys.generate("B1", TEST_NOW)).open(token)
    assert "enc_key" not in repr(keys) and keys.key_id in repr(keys)


def assessed_and_reminded(counter: Counter, answer: str) -> CaseReceipt:
    receipt = counter.record_assessment(case(), assessment())
    counter.record_reminder(
        receipt.case_ref,
        script_version="v1",
        script=["请确认"],
        answers=[("是本人吗？", answer)],
        duration_seconds=120,
        decision="proceeded",
    )
    return receipt


def test_a_copy_of_the_database_alone_reveals_no_full_identifier(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        receipt = assessed_and_reminded(counter, "是本人，我儿子电话13803710000")
        counter.refuse(receipt.case_ref, "客户提到身份证410102195403150028被人借用")
    conn = sqlite3.connect(settings.database_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    blob = settings.database_path.read_bytes()
    for secret in (
        ID_NUMBER,
        CARD,
        "13903960000",
        "13803710000",
        "王秀兰",
        "李明",
        "建设路12号",
        "1954-03-15",
        "19540315",
    ):
        assert secret.encode() not in blob, secret
    for masked in ("410102********0028", "622202*********0128", "139****0000", "王**"):
        assert masked.encode() in blob, masked


def test_key_files_are_owner_only_and_others_are_refused(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    key_file = settings.key_path / BRANCH_KEY_FILE
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert oct(settings.key_path.stat().st_mode & 0o777) == "0o700"
    os.chmod(key_file, 0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_branch_keys(settings.key_path)
    os.chmod(key_file, 0o600)
    key_file.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(KeyFileError, match="damaged branch key file"):
        load_branch_keys(settings.key_path)


def test_the_key_backup_opens_only_with_its_passphrase(tmp_path: Path) -> None:
    keys = BranchKeys.generate("B1", TEST_NOW)
    path = write_key_backup(
        keys, "correct horse battery", tmp_path / "b.json", created=TEST_NOW, n=2**14
    )
    assert read_key_backup(path, "correct horse battery") == keys
    with pytest.raises(KeyBackupError, match="wrong passphrase") as info:
        read_key_backup(path, "wrong horse battery!")
    assert info.value.message_zh.startswith("口令错误")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["kdf"]["name"] == "scrypt" and keys.enc_key.hex() not in path.read_text()
    data["ciphertext"] = data["ciphertext"][:-8] + "AAAAAAA="
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(KeyBackupError):
        read_key_backup(path, "correct horse battery")
    with pytest.raises(KeyBackupError, match="at least 12"):
        write_key_backup(keys, "short", tmp_path / "c.json", created=TEST_NOW)


def test_recovery_from_the_backup_after_the_key_file_is_lost(tmp_path: Path) -> None:
    """The documented procedure (docs/AUDIT.md, "Key recovery"): the key file is gone, the
    workstation refuses to start; an administrator restores it from the escrowed backup with
    the passphrase; the old events decrypt again and the recovery is an audit event."""
    settings = set_up(tmp_path)
    with open_ws(settings) as ws:
        ref = Counter(ws, login(ws, "teller01")).record_assessment(case(), assessment()).case_ref
    backup = settings.key_path / KEY_BACKUP_FILE
    escrow = tmp_path / "escrow.json"
    escrow.write_bytes(backup.read_bytes())
    (settings.key_path / BRANCH_KEY_FILE).unlink()  # the disk lost it
    with pytest.raises(KeyFileError, match="branch key file not found"):
        open_ws(settings)
    admin = Credentials("admin01", PASSWORDS["admin01"])
    with pytest.raises(KeyBackupError, match="wrong passphrase"):
        recover_keys(settings, escrow, "not the passphrase", admin, passwords=FAST)
    with pytest.raises(PermissionDenied):
        recover_keys(
            settings,
            escrow,
            "backup passphrase 2026",
            Credentials("teller01", PASSWORDS["teller01"]),
            passwords=FAST,
        )
    # Someone who cannot sign in learns nothing of the passphrase: right or wrong, the answer
    # is the refused sign-in, and the try is recorded.
    for passphrase in ("not the passphrase", "backup passphrase 2026"):
        with pytest.raises(AuthenticationFailed) as refused:
            recover_keys(
                settings, escrow, passphrase, Credentials("admin01", "guessed"), passwords=FAST
            )
        assert "passphrase" not in str(refused.value)
        with pytest.raises(PermissionDenied):
            recover_keys(
                settings,
                escrow,
                passphrase,
                Credentials("teller01", PASSWORDS["teller01"]),
                passwords=FAST,
            )
    result = recover_keys(settings, escrow, "backup passphrase 2026", admin, passwords=FAST)
    assert result.replaced is None and "restored" in result.lines()[0]
    with open_ws(settings) as ws:
        replayed = Counter(ws, login(ws, "supervisor01")).replay_case(ref, "核查")
        assert replayed["customer"]["id_number"] == ID_NUMBER
        event = ws.store.event(result.seq)
        assert event is not None and event.event_type == "key_recovered"
    assert verify_store(settings.database_path).ok


def test_a_backup_of_another_store_is_refused_and_a_wrong_key_file_replaced(tmp_path: Path) -> None:
    settings = set_up(tmp_path / "a")
    other = set_up(tmp_path / "b")
    admin = Credentials("admin01", PASSWORDS["admin01"])
    with pytest.raises(KeyBackupError, match=r"not match|created with key"):
        recover_keys(
            settings,
            other.key_path / KEY_BACKUP_FILE,
            "backup passphrase 2026",
            admin,
            passwords=FAST,
        )
    # A wrong key file in place (copied from another store): the store refuses it...
    good = load_branch_keys(settings.key_path).key_id
    wrong = (other.key_path / BRANCH_KEY_FILE).read_bytes()
    assert load_branch_keys(other.key_path).key_id != good
    (settings.key_path / BRANCH_KEY_FILE).write_bytes(wrong)
    with pytest.raises(StoreMismatchError, match="not the key of this store"):
        open_ws(settings)
    # ... and recovery puts the right one back, keeping the wrong one aside.
    result = recover_keys(
        settings,
        settings.key_path / KEY_BACKUP_FILE,
        "backup passphrase 2026",
        admin,
        passwords=FAST,
    )
    assert result.replaced is not None and result.replaced.read_bytes() == wrong  # kept aside
    assert result.key_id == good
    assert load_branch_keys(settings.key_path).key_id == good  # this store's own key is back
    open_ws(settings).close()


def test_lookup_digests_are_the_hmac_of_the_lookup_message() -> None:
    """The copied pre-hashed states (a risk list's million look-ups) give RFC 2104's HMAC."""
    import hashlib
    import hmac
    from datetime import datetime

    from tellerguard.audit.keys import BranchKeys, FieldCipher
    from tellerguard.domain.clock import SHANGHAI

    keys = BranchKeys.generate("B1", datetime(2026, 1, 1, tzinfo=SHANGHAI))
    cipher = FieldCipher(keys)
    values = ["6222021001123456789", "13837101234", "张伟\x1f11010519491231002X", ""]
    for kind in ("card", "phone", "name_id", "id"):
        expected = [
            hmac.new(keys.hmac_key, kind.encode() + b"\0" + v.encode(), hashlib.sha256).digest()
            for v in values
        ]
        assert list(cipher.lookup_digests(kind, values)) == expected  # type: ignore[arg-type]
        assert cipher.lookup(kind, values[0]) == expected[0].hex()  # type: ignore[arg-type]


def test_a_records_values_open_from_its_one_ciphertext_and_bad_names_are_refused() -> None:
    cipher = FieldCipher(BranchKeys.generate("B1", TEST_NOW))
    values = ["王小明", ID_NUMBER, "", "备注：对方自称“公安”"]
    record = {"sealed": cipher.seal_values(values), "payload": {}}
    opener = cipher.for_record(record)
    assert [opener.open(f"~{i}") for i in range(len(values))] == values
    assert opener.open(cipher.seal("旧格式")) == "旧格式"  # a value of its own, as before
    # One nonce and tag for all: the ciphertext is the values' JSON plus 28 bytes.
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()
    assert len(base64.b64decode(record["sealed"])) == len(text) + 28
    for bad, reason in (
        (cipher.for_record({"payload": {}}), "lacks"),  # no ciphertext in the record
        (opener, "which the record lacks"),  # beyond the values
        (FieldCipher(BranchKeys.generate("B1", TEST_NOW)).for_record(record), "wrong branch"),
    ):
        with pytest.raises(KeyFileError, match=reason):
            bad.open(f"~{len(values)}" if bad is opener else "~0")
    damaged = record | {"sealed": record["sealed"][:-8] + "AAAAAAA="}
    with pytest.raises(KeyFileError, match="damaged"):
        cipher.for_record(damaged).open("~0")


def sealed_tokens(node: object) -> list[str]:
    """The ``c`` of every sealed value in a payload."""
    if isinstance(node, dict):
        if set(node) in ({"m", "c"}, {"m", "c", "h"}):
            return [str(node["c"])]
        return [t for value in node.values() for t in sealed_tokens(value)]
    if isinstance(node, list):
        return [t for item in node for t in sealed_tokens(item)]
    return []


def test_each_record_holds_one_ciphertext_its_sealed_values_name(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    with open_ws(settings) as ws:
        # The reminder carries the assessment's subject: sealed again into its own record.
        receipt = assessed_and_reminded(Counter(ws, login(ws, "teller01")), "是本人")
        records = [ws.store.event(s).data() for s in (receipt.receipt.seq, ws.store.head.seq)]
        cipher = ws.store.cipher
        for record in records:
            tokens = sealed_tokens(record["payload"])
            assert sorted(tokens, key=lambda t: int(t[1:])) == [f"~{i}" for i in range(len(tokens))]
            full = unseal_record(record, cipher.for_record(record))
            assert "sealed" not in full and "sealed" not in mask_record(record)
            assert full["payload"]["subject"]["id_number"] == ID_NUMBER
            assert mask_record(record)["payload"]["subject"]["id_number"] == "410102********0028"
    assert verify_store(settings.database_path, deep=True).ok
