"""Train a zstd dictionary that audit records are compressed with (docs/AUDIT.md).

    .venv/bin/tellerguard demo --db /tmp/train/demo.sqlite3 --events 20000 --seed 0
    .venv/bin/python scripts/train_record_dictionary.py /tmp/train/demo.sqlite3 \\
        --id 0x54470002 --out tellerguard/audit/record_dictionary_2.zstd

The dictionary is trained on the records of a demo branch (realistic cases judged by the
default rule pack, every event type a counter writes). A new dictionary gets a new id and
file; ``audit/record.py`` then names it ``PACKAGED_DICTIONARY`` and keeps the one before in
``EARLIER_DICTIONARIES``, and a migration whose store_migrated event carries it moves existing
stores to it (``0006_record_dictionary_2``). Each store keeps a copy of every dictionary it
was written with as a chained event, so a new dictionary never makes old stores unreadable.
Judge a candidate on a branch of another seed first: ``bench/bench_dictionaries.py``.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

import zstandard

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tellerguard.audit.record import decode_record

SIZE_KIB = 112
"""Measured on a branch of another seed (docs/AUDIT.md): 64 KiB 401 B a record, 112 KiB 393,
256 KiB 398; the dictionary is stored once in each store (base64 in its chain)."""


def record_texts(stores: list[Path]) -> list[bytes]:
    """The canonical texts of the stores' records, in chain order."""
    texts: list[bytes] = []
    for store in stores:
        conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
        try:
            texts += [
                decode_record(bytes(r[0]))
                for r in conn.execute("SELECT CAST(record AS BLOB) FROM events ORDER BY seq")
            ]
        finally:
            conn.close()
    return texts


def train(samples: list[bytes], size_kib: int, dict_id: int = 0) -> zstandard.ZstdCompressionDict:
    """A dictionary trained on ``samples`` (0: zstd picks the id)."""
    return zstandard.train_dictionary(size_kib * 1024, samples, dict_id=dict_id, level=19)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path, help="demo stores to train on")
    parser.add_argument("--id", required=True, type=lambda text: int(text, 0))
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--size-kib", type=int, default=SIZE_KIB)
    args = parser.parse_args()
    samples = record_texts(args.stores)
    dictionary = train(samples, args.size_kib, args.id)
    args.out.write_bytes(dictionary.as_bytes())
    print(f"{args.out}: {len(dictionary.as_bytes()):,} bytes from {len(samples):,} records")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
