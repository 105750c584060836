"""Signed export bundles (issue 14): the manifest is signed with the workstation's key, and
``tellerguard audit check-bundle`` catches a data file edited together with its manifest, a
signature swapped from another bundle, a bundle re-signed with another key, an added or
removed file, and a bundle the store never recorded; exit 1 for those, 2 for a file that is
no bundle at all."""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tellerguard.audit.bundle import MANIFEST, SIGNATURE, check_bundle, manifest_signature
from tellerguard.audit.keys import WorkstationSigner, load_public_key
from tellerguard.auth.users import Credentials
from tellerguard.cli import main
from tellerguard.config import Settings
from tellerguard.domain.clock import ManualClock
from tellerguard.services.audit_ops import check_export_bundle
from tellerguard.services.counter import Counter
from tellerguard.services.desk import Desk
from tests.unit.audit_helpers import PASSWORDS, assessment, case, login, open_ws, set_up

CHIEF = Credentials("supervisor01", PASSWORDS["supervisor01"])


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = set_up(tmp_path / "ws")
    with open_ws(settings) as ws:
        counter = Counter(ws, login(ws, "teller01"))
        for _ in range(3):
            counter.record_assessment(case(), assessment())
    return settings


def _export(settings: Settings, out: Path, clock: ManualClock) -> Path:
    with Desk.open(settings, CHIEF) as desk:
        desk.export(clock.today(), clock.today(), "csv", out)
    return out


def _rewrite(bundle: Path, members: dict[str, bytes]) -> None:
    """Rewrite the zip with some members replaced, as someone with a zip tool would."""
    with zipfile.ZipFile(bundle) as old:
        content = {name: old.read(name) for name in old.namelist()}
    content.update(members)
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in content.items():
            new.writestr(name, data)


def _edited_with_manifest(bundle: Path) -> None:
    """Change a CSV cell and put the new hash and size into the manifest, consistently."""
    with zipfile.ZipFile(bundle) as zf:
        csv = zf.read("events.csv")
        manifest = json.loads(zf.read(MANIFEST))
    csv = csv.replace(b"teller01", b"teller02", 1)
    manifest["files"][0].update(sha256=hashlib.sha256(csv).hexdigest(), bytes=len(csv))
    _rewrite(
        bundle,
        {
            "events.csv": csv,
            MANIFEST: (
                json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            ).encode(),
        },
    )


def test_a_fresh_bundle_checks_out_with_its_store_and_key(
    settings: Settings, tmp_path: Path, clock: ManualClock
) -> None:
    out = _export(settings, tmp_path / "e.zip", clock)
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["events.csv", MANIFEST, SIGNATURE]
        assert json.loads(zf.read(MANIFEST))["public_key"] == load_public_key(settings.key_path)
    check = check_export_bundle(out, db=settings.database_path)
    assert check.ok, check.lines()
    text = "\n".join(check.lines())
    assert "recorded in the store as event #" in text and "signature holds" in text


def test_a_csv_edited_together_with_its_manifest_is_caught(
    settings: Settings, tmp_path: Path, clock: ManualClock
) -> None:
    out = _export(settings, tmp_path / "e.zip", clock)
    _edited_with_manifest(out)
    check = check_bundle(out)
    assert not check.ok
    assert any("signature does not hold for this manifest" in p for p in check.problems)
    assert not any("events.csv: SHA-256" in p for p in check.problems)  # hashes agree: forged


def test_a_signature_swapped_from_another_bundle_is_caught(
    settings: Settings, tmp_path: Path, clock: ManualClock
) -> None:
    first = _export(settings, tmp_path / "a.zip", clock)
    second = _export(settings, tmp_path / "b.zip", clock)
    with zipfile.ZipFile(first) as zf:
        foreign = zf.read(SIGNATURE)
    _edited_with_manifest(second)
    _rewrite(second, {SIGNATURE: foreign})
    check = check_bundle(second)
    assert any("signature does not hold" in p for p in check.problems)


def test_a_bundle_re_signed_with_another_key_fails_against_the_workstation_key(
    settings: Settings, tmp_path: Path, clock: ManualClock
) -> None:
    out = _export(settings, tmp_path / "e.zip", clock)
    _edited_with_manifest(out)
    with zipfile.ZipFile(out) as zf:
        manifest = zf.read(MANIFEST)
    _rewrite(out, {SIGNATURE: manifest_signature(WorkstationSigner.generate(), manifest)})
    (tmp_path / "e.zip.sha256").unlink()  # the forger removes the checksum beside it
    alone = check_bundle(out)
    assert alone.ok and any("not checked against a trusted key" in n for n in alone.notes)
    check = check_export_bundle(out, key_dir=settings.key_path)
    assert any("not by the workstation's key" in p for p in check.problems)
    recorded = check_export_bundle(out, db=settings.database_path)
    assert not recorded.ok


def test_added_removed_and_unrecorded_files_are_caught(
    settings: Settings, tmp_path: Path, clock: ManualClock
) -> None:
    out = _export(settings, tmp_path / "e.zip", clock)
    copy = tmp_path / "copy.zip"
    shutil.copyfile(out, copy)
    _rewrite(copy, {"readme.txt": b"hello"})
    check = check_export_bundle(copy, db=settings.database_path)
    assert any("readme.txt: in the bundle but not in the manifest" in p for p in check.problems)
    assert any("no export_written event with this bundle's SHA-256" in p for p in check.problems)
    with zipfile.ZipFile(out) as zf:
        kept = {n: zf.read(n) for n in zf.namelist() if n != "events.csv"}
    with zipfile.ZipFile(copy, "w") as zf:
        for name, data in kept.items():
            zf.writestr(name, data)
    assert any("missing (removed)" in p for p in check_bundle(copy).problems)
    (tmp_path / "e.zip.sha256").write_text("0" * 64 + "  e.zip\n", encoding="ascii")
    assert any("e.zip.sha256" in p for p in check_bundle(out).problems)


def test_the_cli_exits_1_on_a_mismatch_and_2_on_unusable_input(
    settings: Settings,
    tmp_path: Path,
    clock: ManualClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _export(settings, tmp_path / "e.zip", clock)
    db = str(settings.database_path)
    assert main(["audit", "check-bundle", str(out), "--db", db]) == 0
    out_text = capsys.readouterr().out
    assert "OK" in out_text and "store was not checked" not in out_text
    # Without --db the store part is not checked, and the output says so.
    public = next(settings.key_path.glob("*.pub"))
    assert main(["audit", "check-bundle", str(out), "--public-key", str(public)]) == 0
    out_text = capsys.readouterr().out
    assert "OK" in out_text and "store was not checked: give --db STORE" in out_text
    _edited_with_manifest(out)
    assert main(["audit", "check-bundle", str(out), "--db", db]) == 1
    assert "FAILED" in capsys.readouterr().out
    (tmp_path / "not.zip").write_bytes(b"PK\x03\x04 no zip at all")
    for bad in (tmp_path / "not.zip", tmp_path / "absent.zip", tmp_path):
        assert main(["audit", "check-bundle", str(bad)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and "Traceback" not in err
    with zipfile.ZipFile(tmp_path / "plain.zip", "w") as zf:
        zf.writestr("hello.txt", "hi")
    assert main(["audit", "check-bundle", str(tmp_path / "plain.zip")]) == 2
    assert "not a TellerGuard export bundle" in capsys.readouterr().err


@pytest.mark.parametrize("member", ["events.csv", MANIFEST, SIGNATURE])
def test_a_flipped_bit_anywhere_inside_a_member_fails_the_check_without_a_traceback(
    settings: Settings,
    tmp_path: Path,
    clock: ManualClock,
    member: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Found by a review: zip's CRC check raised BadZipFile out of check-bundle (exit 70); and
    # by the shifted-clock CI run: where the flip falls decides whether inflate fails
    # (zlib.error) or the CRC does, so every offset and bit is a case.
    out = _export(settings, tmp_path / "e.zip", clock)
    with zipfile.ZipFile(out) as zf:
        info = zf.getinfo(member)
    pristine = out.read_bytes()
    # The member's data starts after its local header: 30 bytes, then its name and its
    # extra field, whose lengths the local header holds (its extra field need not be the
    # central directory's).
    name_length, extra_length = struct.unpack_from("<HH", pristine, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length

    @given(offset=st.integers(0, info.compress_size - 1), bit=st.integers(0, 7))
    @hypothesis_settings(max_examples=40, deadline=None, database=None)
    def flipped(offset: int, bit: int) -> None:
        data = bytearray(pristine)
        data[start + offset] ^= 1 << bit
        out.write_bytes(bytes(data))
        check = check_bundle(out)
        # Most flips damage the member; a few leave its content as it was (the final-block
        # bit of a one-block deflate stream), and then the .sha256 beside it still differs.
        assert not check.ok
        assert any(p.startswith((f"{member}: ", "e.zip.sha256: ")) for p in check.problems)

    flipped()
    assert main(["audit", "check-bundle", str(out)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert "Traceback" not in capsys.readouterr().err


def test_an_export_under_a_chinese_name_writes_its_checksum_file_as_sha256sum_reads_it(
    settings: Settings, tmp_path: Path, clock: ManualClock
) -> None:
    # The screens suggest 审计记录_….zip: its checksum file could not be written (ASCII),
    # after the export had been recorded and moved into place.
    out = _export(settings, tmp_path / "审计记录_2026-11-25.zip", clock)
    beside = out.with_name(out.name + ".sha256")
    assert beside.read_text(encoding="utf-8").endswith(f"  {out.name}\n")
    assert check_bundle(out, store=settings.database_path).ok
    if shutil.which("sha256sum"):
        done = subprocess.run(
            ["sha256sum", "-c", beside.name], cwd=tmp_path, capture_output=True, check=False
        )
        assert done.returncode == 0 and done.stdout.decode().endswith(": OK\n")
