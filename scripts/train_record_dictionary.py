"""Train the zstd dictionary that audit records are compressed with (docs/AUDIT.md).

    .venv/bin/tellerguard demo --db /tmp/train/demo.sqlite3 --events 20000
    .venv/bin/python scripts/train_record_dictionary.py /tmp/train/demo.sqlite3

Writes tellerguard/audit/record_dictionary_1.zstd. The dictionary is trained on the records
of a demo branch (realistic cases judged by the default rule pack, every event type a counter
writes); each store keeps a copy of the dictionary it was written with as a chained event, so
a new dictionary (a new id) never makes old stores unreadable.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import zstandard

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tellerguard.audit.record import DICTIONARY_ID, PACKAGED_DICTIONARY, decode_record

SIZE = 64 * 1024


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: train_record_dictionary.py DEMO_STORE", file=sys.stderr)
        return 2
    conn = sqlite3.connect(f"file:{argv[0]}?mode=ro", uri=True)
    samples = [
        decode_record(bytes(r[0]))
        for r in conn.execute("SELECT CAST(record AS BLOB) FROM events ORDER BY seq")
    ]
    dictionary = zstandard.train_dictionary(SIZE, samples, dict_id=DICTIONARY_ID, level=19)
    PACKAGED_DICTIONARY.write_bytes(dictionary.as_bytes())
    print(
        f"{PACKAGED_DICTIONARY}: {len(dictionary.as_bytes()):,} bytes from {len(samples):,} records"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
