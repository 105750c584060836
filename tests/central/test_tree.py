"""The centre's Merkle tree: signed tree heads in the C2SP checkpoint form, inclusion proofs
under 1 KB that the stand-alone ``verify-proof`` and an independent reader (here, from the
C2SP texts and RFC 9162) accept, consistency proofs between two heads, and refusals."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tellerguard.audit.canonical import chain_hash
from tellerguard.audit.store import AuditReader
from tellerguard.central.pg import Connection
from tellerguard.config import Settings
from tests.central.conftest import add_cases, cli, count, make_workstation, ship_args
from tests.unit.test_merkle import root_from_inclusion, roots_from_consistency

pytestmark = pytest.mark.postgres


def tree(dsn: str, key: Path) -> list[str]:
    status, out, err = cli("central", "tree", "--dsn", dsn, "--log-key", str(key))
    assert status == 0, err
    return out.splitlines()


def read_checkpoint(text: str, vkey: str) -> tuple[str, int, bytes]:
    """An independent C2SP signed-note/tlog-checkpoint reader."""
    name, key_hash, encoded = vkey.split("+", 2)
    public = base64.b64decode(encoded)[1:]
    body, signatures = text.split("\n\n", 1)
    body += "\n"
    for line in signatures.splitlines():
        who, sig = line.removeprefix("\u2014 ").rsplit(" ", 1)
        raw = base64.b64decode(sig)
        if who == name and raw[:4].hex() == key_hash:
            Ed25519PublicKey.from_public_bytes(public).verify(raw[4:], body.encode())
            origin, size, root = body.splitlines()[:3]
            return origin, int(size), base64.b64decode(root)
    raise AssertionError("no signature by the log key")


def test_inclusion_and_consistency_proofs_check_offline(
    workstation: Settings, dsn: str, db: Connection, tmp_path: Path
) -> None:
    other = make_workstation(tmp_path / "ws2", dsn, workstation="counter-02")
    add_cases(other, 4)
    assert cli(*ship_args(workstation, dsn))[0] == 0
    assert cli(*ship_args(other, dsn))[0] == 0
    key = tmp_path / "log-key.pem"
    lines = tree(dsn, key)
    events = count(db, "SELECT count(*) FROM events")
    assert lines[0].startswith(f"tree: {events} events added; size {events}")
    vkey = lines[1].removeprefix("verifier key: ")
    (tmp_path / "log.vkey").write_text(vkey + "\n")
    old_head = "\n".join(lines[2:]).replace("\n\u2014", "\n\n\u2014") + "\n"
    old_checkpoint = db.execute("SELECT checkpoint FROM tree_heads").fetchone()[0]  # type: ignore[index]
    assert old_head.split("\n\n")[0] == old_checkpoint.split("\n\n")[0]
    (tmp_path / "old.checkpoint").write_text(old_checkpoint)

    with AuditReader(workstation.database_path) as reader:
        store_id = reader.info().store_id
        event = reader.event(12)
    assert event is not None
    proof_file = tmp_path / "event.tlog-proof"
    status, out, _ = cli(
        "central",
        "prove",
        "--dsn",
        dsn,
        "--store",
        store_id,
        "--seq",
        "12",
        "--out",
        str(proof_file),
    )
    assert status == 0
    text = proof_file.read_text()
    assert len(text.encode()) < 1024 and text.startswith("c2sp.org/tlog-proof@v1\nextra ")
    status, out, err = cli("verify-proof", str(proof_file), "--vkey", str(tmp_path / "log.vkey"))
    assert status == 0, err
    assert f"seq 12 event hash {event.hash.hex()} is in the log" in out

    # the independent reader: the entry from the exported event's own bytes, the proof by
    # reconstruction, the checkpoint's Ed25519 signature with the cryptography package
    head, checkpoint = text.split("\n\n", 1)
    fields = head.split("\n")
    index = int(fields[2].removeprefix("index "))
    hashes = [base64.b64decode(h) for h in fields[3:]]
    digest = chain_hash(event.prev_hash, event.seq, event.record)
    entry = bytes.fromhex(store_id) + (12).to_bytes(8, "big") + digest
    assert base64.b64decode(fields[1].removeprefix("extra ")) == entry
    _, size, root = read_checkpoint(checkpoint, vkey)
    leaf = hashlib.sha256(b"\x00" + entry).digest()
    assert size == events and root_from_inclusion(index, size, leaf, hashes) == root

    # tampering with the proof or trusting another key: exit 1, one line
    bent = text.replace(fields[3], base64.b64encode(bytes(32)).decode(), 1)
    (tmp_path / "bent.tlog-proof").write_text(bent)
    status, _, err = cli("verify-proof", str(tmp_path / "bent.tlog-proof"), "--vkey", vkey)
    assert status == 1 and "does not hold" in err
    stranger = (
        "+".join(vkey.split("+", 2)[:2]) + "+" + base64.b64encode(b"\x01" + bytes(32)).decode()
    )
    status, _, err = cli("verify-proof", str(proof_file), "--vkey", stranger)
    assert status == 2 and "key id does not match" in err  # a key whose id is not its own
    # a verifier key that is none is unusable input, named by its option, not the proof's
    status, _, err = cli("verify-proof", str(proof_file), "--vkey", "x+y+z")
    assert status == 2 and err.startswith("error: --vkey x+y+z: not a verifier key"), err
    # an old checkpoint that is none is named as itself
    status, _, err = cli(
        "verify-proof", str(proof_file), "--vkey", vkey, "--old-checkpoint", str(proof_file)
    )
    assert status == 1 and err.startswith(f"error: {proof_file}: checkpoint"), err

    # the log grows; a consistency proof shows the new head extends the old one
    add_cases(workstation, 3)
    assert cli(*ship_args(workstation, dsn))[0] == 0
    tree(dsn, key)
    status, out, _ = cli("central", "prove", "--dsn", dsn, "--consistency-from", str(size))
    assert status == 0
    (tmp_path / "grow.proof").write_text(out)
    status, out, err = cli(
        "verify-proof",
        str(tmp_path / "grow.proof"),
        "--vkey",
        vkey,
        "--old-checkpoint",
        str(tmp_path / "old.checkpoint"),
    )
    assert status == 0 and "append-only, OK" in out, err
    head, new_checkpoint = (tmp_path / "grow.proof").read_text().split("\n\n", 1)
    _, new_size, new_root = read_checkpoint(new_checkpoint, vkey)
    hashes = [base64.b64decode(h) for h in head.split("\n")[2:]]
    assert roots_from_consistency(size, new_size, True, hashes, root) == (root, new_root)
    # signing again with nothing new gives the same head; proofs of the old head still work
    assert "tree: 0 events added" in tree(dsn, key)[0]
    assert cli("verify-proof", str(proof_file), "--vkey", vkey)[0] == 0


def test_prove_refuses_what_is_not_in_the_tree(workstation: Settings, dsn: str) -> None:
    assert cli(*ship_args(workstation, dsn))[0] == 0
    status, _, err = cli("central", "prove", "--dsn", dsn, "--store", "0" * 32, "--seq", "1")
    assert status == 2 and "not in the tree" in err
    status, _, err = cli("verify-proof", "/nonexistent.proof", "--vkey", "a+00000000+AA==")
    assert status == 2 and "cannot read the proof: no such file" in err


def test_a_proof_that_is_no_regular_text_file_is_named_clearly(tmp_path: Path) -> None:
    from tellerguard.central.errors import CentralError
    from tellerguard.services.central import check_proof_file

    binary = tmp_path / "proof.json"
    binary.write_bytes(b"\xff\xfe\x00")
    for proof, why in [
        (Path("/dev/zero"), "the proof is not a regular file"),  # was read without end
        (tmp_path, "cannot read the proof: it is a folder"),  # was "[Errno 21] Is a directory"
        (binary, "the proof is not UTF-8 text"),
    ]:
        with pytest.raises(CentralError, match=re.escape(why)):
            check_proof_file(proof, "00" * 32, None)
