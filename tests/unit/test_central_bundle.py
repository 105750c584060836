"""Bundle files (``ship --out``): what a USB stick brings back is read strictly — any bytes
give either a bundle or one BundleError naming file:line, never a traceback — and a bundle
read back is the bundle written, signature and all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tellerguard.audit.canonical import GENESIS, chain_hash
from tellerguard.audit.keys import WorkstationSigner
from tellerguard.audit.store import ChainHead, StoredEvent
from tellerguard.central import bundle as bundle_module
from tellerguard.central.bundle import make_bundle, read_bundle_file, write_bundle_file
from tellerguard.central.errors import BundleError

SIGNER = WorkstationSigner.generate()


def sample(events: int = 3) -> bundle_module.Bundle:
    prev, chain = GENESIS, []
    for seq in range(1, events + 1):
        record = json.dumps({"seq": seq, "名": "张*"}, ensure_ascii=False).encode()
        digest = chain_hash(prev, seq, record)
        chain.append(StoredEvent(seq, record, prev, digest))
        prev = digest
    return make_bundle(
        SIGNER,
        kind="file",
        store_id="ab" * 16,
        branch="B4101",
        workstation="counter-01",
        created_at="2026-11-25T09:00:00.000000+08:00",
        head=ChainHead(events, prev),
        events=chain,
        lookups=[(2, "id", bytes(32))],
        lookup_key_id="0123456789abcdef",
    )


def test_a_bundle_reads_back_as_written(tmp_path: Path) -> None:
    original = sample()
    path = write_bundle_file(original, tmp_path / "b.tgb")
    again = read_bundle_file(path)
    assert again.header == original.header
    assert list(again.events) == list(original.events)
    assert list(again.lookups) == list(original.lookups)
    assert again.header.signature_holds() and again.body_holds()
    assert path.stat().st_mode & 0o077 == 0  # the bundle is owner-only, like the store


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.binary(max_size=200), max_size=5), st.integers(0, 4))
def test_any_bytes_give_a_bundle_or_one_clear_error(
    tmp_path: Path, junk: list[bytes], keep: int
) -> None:
    good = tmp_path / "good.tgb"
    write_bundle_file(sample(), good)
    lines = good.read_bytes().splitlines(keepends=True)
    path = tmp_path / "fuzz.tgb"
    path.write_bytes(b"".join(lines[:keep]) + b"\n".join(junk))
    try:
        read_bundle_file(path)
    except BundleError as exc:
        assert str(exc).startswith(str(path))
        assert "\n" not in str(exc)


def test_too_big_or_missing_files_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_bundle_file(sample(), tmp_path / "b.tgb")
    monkeypatch.setattr(bundle_module, "MAX_BUNDLE_BYTES", 100)
    with pytest.raises(BundleError, match="larger than"):
        read_bundle_file(path)
    with pytest.raises(BundleError, match="no such bundle file"):
        read_bundle_file(tmp_path / "missing.tgb")
