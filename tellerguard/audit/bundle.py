"""Signed export bundles: the manifest is signed with the workstation's Ed25519 key, and
:func:`check_bundle` is what a receiver runs (``tellerguard audit check-bundle``).

The signature (``manifest.sig`` in the zip) is over the exact bytes of ``manifest.json``,
which lists the SHA-256 and size of every data file, so a data file edited together with its
manifest no longer matches the signature, and a signature taken from another bundle does not
hold for this manifest. Checked against a trusted key (the workstation's ``.pub`` file, or
the key recorded in the store) it also refuses a bundle re-signed with a key of the forger's
own. With the store at hand, the bundle must be the one its ``export_written`` event records.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tellerguard.audit.errors import BundleError
from tellerguard.audit.keys import WorkstationSigner, signature_ok
from tellerguard.audit.store import AuditReader

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SIGNATURE_FORMAT = "tellerguard-manifest-signature"
MAX_MANIFEST = 1 << 20


def manifest_signature(signer: WorkstationSigner, manifest: bytes) -> bytes:
    """The ``manifest.sig`` member for the manifest bytes."""
    data = {
        "format": SIGNATURE_FORMAT,
        "version": 1,
        "signed": MANIFEST,
        "algorithm": "Ed25519",
        "public_key": signer.public_key_hex,
        "signature": base64.b64encode(signer.sign(manifest)).decode("ascii"),
    }
    return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode("ascii")


@dataclass(slots=True)
class BundleCheck:
    """The outcome of :func:`check_bundle`: ``ok`` when nothing is wrong."""

    path: Path
    sha256: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        status = "OK" if self.ok else f"FAILED ({len(self.problems)} problems)"
        return [
            f"{self.path}: {status}",
            *(f"problem: {p}" for p in self.problems),
            *self.notes,
        ]


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _open(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BundleError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BundleError(f"{path}: is a folder, not an export bundle") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleError(f"{path}: not a zip file ({exc})") from None


def _member(bundle: zipfile.ZipFile, name: str, limit: int | None = None) -> bytes | None:
    try:
        info = bundle.getinfo(name)
    except KeyError:
        return None
    if limit is not None and info.file_size > limit:
        raise BundleError(f"{name}: larger than {limit} bytes")
    try:
        return bundle.read(info)
    except zlib.error as exc:
        # A flipped byte in deflated data fails its CRC (BadZipFile) or, depending on where
        # it falls, the inflate itself (zlib.error): both are the same damage.
        raise zipfile.BadZipFile(str(exc)) from None


def check_bundle(
    path: Path, *, trusted_key: str | None = None, key_source: str = "", store: Path | None = None
) -> BundleCheck:
    """Check an export bundle: the manifest's signature, every data file's SHA-256 and size,
    no file the manifest does not list, the ``.sha256`` file beside it, and with ``store``
    the ``export_written`` event that recorded it. :class:`BundleError` (exit 2) for a file
    that is not an export bundle at all."""
    path = Path(path)
    check = BundleCheck(path)
    with _open(path) as bundle:
        try:
            raw = _member(bundle, MANIFEST, MAX_MANIFEST)
        except zipfile.BadZipFile as exc:  # a flipped byte: a failed check, not bad input
            check.problems.append(f"{MANIFEST}: damaged inside the bundle ({exc})")
            return check
        if raw is None:
            raise BundleError(f"{path}: no {MANIFEST}: not a TellerGuard export bundle")
        try:
            manifest: dict[str, Any] = json.loads(raw)
            if manifest.get("format") != "tellerguard-export":
                raise ValueError("its format is not tellerguard-export")
            entries = [
                (str(e["name"]), str(e["sha256"]), int(e["bytes"])) for e in manifest["files"]
            ]
        except (ValueError, KeyError, TypeError) as exc:
            raise BundleError(f"{path}: {MANIFEST} is not an export manifest ({exc})") from None
        signer = _check_signature(bundle, raw, trusted_key, key_source, check)
        listed = {MANIFEST, SIGNATURE, *(name for name, _, _ in entries)}
        for extra in sorted(set(bundle.namelist()) - listed):
            check.problems.append(f"{extra}: in the bundle but not in the manifest (added)")
        for name, sha256, size in entries:
            try:
                info = bundle.getinfo(name)
            except KeyError:
                check.problems.append(f"{name}: listed in the manifest but missing (removed)")
                continue
            digest, length = hashlib.sha256(), 0
            try:
                with bundle.open(info) as member:
                    for chunk in iter(lambda: member.read(1 << 20), b""):
                        digest.update(chunk)
                        length += len(chunk)
            except (zipfile.BadZipFile, zlib.error) as exc:
                check.problems.append(f"{name}: damaged inside the bundle ({exc})")
                continue
            if digest.hexdigest() != sha256:
                check.problems.append(f"{name}: SHA-256 differs from the manifest (edited)")
            if length != size:
                check.problems.append(f"{name}: {length} bytes, the manifest says {size}")
    check.sha256 = _sha256_file(path)
    _check_checksum_file(path, check)
    if store is not None:
        _check_recorded(store, manifest, signer, check)
    if check.ok:
        check.notes.append(f"{len(entries)} data file(s) match the signed manifest")
    return check


def _check_signature(
    bundle: zipfile.ZipFile,
    manifest: bytes,
    trusted_key: str | None,
    key_source: str,
    check: BundleCheck,
) -> str | None:
    try:
        raw = _member(bundle, SIGNATURE, 64 * 1024)
    except zipfile.BadZipFile as exc:
        check.problems.append(f"{SIGNATURE}: damaged inside the bundle ({exc})")
        return None
    if raw is None:
        check.problems.append(f"no {SIGNATURE}: the manifest is not signed")
        return None
    try:
        data = json.loads(raw)
        if data.get("format") != SIGNATURE_FORMAT or data.get("signed") != MANIFEST:
            raise ValueError("not a manifest signature")
        key = str(data["public_key"])
        signature = base64.b64decode(str(data["signature"]), validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        check.problems.append(f"{SIGNATURE}: unreadable ({exc})")
        return None
    if not signature_ok(key, signature, manifest):
        check.problems.append(
            f"{SIGNATURE}: the signature does not hold for this manifest: the manifest was "
            "edited, or the signature belongs to another bundle"
        )
        return None
    if trusted_key is None:
        check.notes.append(
            f"signed by workstation key {key}; not checked against a trusted key (pass "
            "--public-key or --db): a forger could have signed with a key of their own"
        )
    elif key != trusted_key:
        check.problems.append(
            f"{SIGNATURE}: signed by key {key[:16]}…, not by the workstation's key "
            f"{trusted_key[:16]}… ({key_source})"
        )
        return None
    else:
        check.notes.append(f"the manifest signature holds for {key_source}")
    return key


def _check_checksum_file(path: Path, check: BundleCheck) -> None:
    beside = path.with_name(path.name + ".sha256")
    if not beside.is_file():
        return
    try:
        recorded = beside.read_text(encoding="utf-8").split()[0]
    except (OSError, UnicodeDecodeError, IndexError):
        check.problems.append(f"{beside.name}: unreadable")
        return
    if recorded != check.sha256:
        check.problems.append(f"{beside.name}: the bundle's SHA-256 differs from it (changed)")


def _check_recorded(
    store: Path, manifest: dict[str, Any], signer: str | None, check: BundleCheck
) -> None:
    """The store's own record of the export must name this very bundle."""
    with AuditReader(store) as reader:
        info = reader.info()
        if manifest.get("store_id") != info.store_id:
            check.problems.append(
                f"the manifest names store {manifest.get('store_id')}, not this store "
                f"({info.store_id})"
            )
            return
        if signer is not None and signer != info.signing_key:
            check.problems.append("the bundle was not signed with this store's workstation key")
        found = reader.export_events(check.sha256)
        if not found:
            check.problems.append(
                f"the store has no export_written event with this bundle's SHA-256 "
                f"{check.sha256}: it is not the file that was exported"
            )
            return
        seq, event = found[0]
        expected: dict[str, object] = {
            "rows": event.rows,
            "seq_first": event.seq_first,
            "seq_last": event.seq_last,
            "last_chain_hash": event.last_hash,
            "masked": event.masked,
            "from": event.date_from,
            "to": event.date_to,
        }
        for key, value in expected.items():
            if manifest.get(key) != value:
                check.problems.append(
                    f"manifest {key} is {manifest.get(key)!r}, the export event #{seq} says "
                    f"{value!r}"
                )
        if event.seq_last is not None and event.last_hash is not None:
            pinned = reader.event(event.seq_last)
            if pinned is None or pinned.hash.hex() != event.last_hash:
                check.problems.append(
                    f"the store's event #{event.seq_last} no longer has the exported hash: "
                    "run 'tellerguard audit verify'"
                )
        check.notes.append(f"recorded in the store as event #{seq} ({event.file})")
