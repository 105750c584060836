"""docs/AUDIT.md's "The hashed record" is enough to recompute the chain: this reader uses
only sqlite3, hashlib, json, base64 and zstandard, and nothing of TellerGuard."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from pathlib import Path

import zstandard

from tests.unit.audit_helpers import assessment, case, login, open_ws, set_up


def independent_reader(path: Path) -> tuple[int, str, list[dict[str, object]]]:
    """The spec's reader, written from docs/AUDIT.md alone: (events, head hash, records)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    prev, count, dictionaries, records = bytes(32), 0, {}, []
    for seq, stored, prev_hash, digest in db.execute(
        "SELECT seq, record, prev_hash, hash FROM events ORDER BY seq"
    ):
        assert prev_hash == prev, f"seq {seq}: broken link"
        assert hashlib.sha256(prev + seq.to_bytes(8, "big") + stored).digest() == digest, seq
        if stored[:1] == b"{":
            text = stored
        else:
            assert stored[:4] == b"\x28\xb5\x2f\xfd", f"seq {seq}: unknown form"
            dict_id = zstandard.get_frame_parameters(stored).dict_id
            text = zstandard.ZstdDecompressor(dict_data=dictionaries[dict_id]).decompress(stored)
        record = json.loads(text)
        carried = record["payload"].get("record_dictionary")
        if carried:
            raw = base64.b64decode(carried["zstd"])
            assert hashlib.sha256(raw).hexdigest() == carried["sha256"]
            dictionaries[carried["dict_id"]] = zstandard.ZstdCompressionDict(raw)
        records.append(record)
        prev, count = digest, count + 1
    return count, prev.hex(), records


def test_the_chain_is_recomputed_from_the_file_and_the_spec_alone(tmp_path: Path) -> None:
    settings = set_up(tmp_path)
    from tellerguard.services.counter import Counter

    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        for _ in range(3):
            counter.record_assessment(case(), assessment())
        head = ws.store.head
    count, head_hex, records = independent_reader(settings.database_path)
    assert count == head.seq and head_hex == head.hash_hex
    assert records[0]["type"] == "store_created"
    assert [r["type"] for r in records].count("assessment_shown") == 3
    assert all(str(r["at"]).endswith("+08:00") for r in records)
