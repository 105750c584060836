"""A bundle: a run of one store's events and checkpoints, signed by the workstation.

Every batch ``ship`` sends is a bundle, and ``ship --out FILE`` writes one to a file for a
branch without a network (``central import FILE`` loads it with the same checks). The
signature (the workstation's Ed25519 key, the one that signs its checkpoints) covers the
header, which holds the SHA-256 of the body, so a bundle cannot be altered, re-attributed or
made up by anyone without that workstation's key; the events carry their own chain on top.

File: UTF-8 lines. The first is the header (JSON); then one line per event
``{"seq":…,"prev":hex,"hash":hex,"record":base64}`` (base64, so the record bytes come back
exactly as hashed), one per checkpoint ``{"checkpoint": {…}}``, one per bank lookup
``{"lookup": [seq, kind, hex]}`` and, when the workstation read the columns out of its records
(:mod:`tellerguard.central.columns`), one ``{"columns": "…"}`` with their signed JSON text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tellerguard.audit.canonical import canonical_bytes
from tellerguard.audit.checkpoint import Checkpoint
from tellerguard.audit.keys import WorkstationSigner, signature_ok
from tellerguard.audit.store import ChainHead, StoredEvent
from tellerguard.central.errors import BundleError
from tellerguard.private_files import write_private_file

MAX_BUNDLE_BYTES = 4 * 1024**3
MAX_LINE = 16 * 1024 * 1024
_HEX64 = r"^[0-9a-f]{64}$"


class BundleHeader(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["tellerguard-bundle"] = "tellerguard-bundle"
    version: Literal[1] = 1
    kind: Literal["ship", "file"]
    """``ship``: made for an online shipment, whose head is the workstation's now (a head
    below the centre's is a truncation); ``file``: an offline bundle, which may be older."""
    bundle_id: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
    store_id: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
    branch: str
    workstation: str
    created_at: str
    head_seq: Annotated[int, Field(ge=0)]
    head_hash: Annotated[str, Field(pattern=_HEX64)]
    first_seq: Annotated[int, Field(ge=0)]
    last_seq: Annotated[int, Field(ge=0)]
    events: Annotated[int, Field(ge=0)]
    checkpoints: Annotated[int, Field(ge=0)]
    lookups: Annotated[int, Field(ge=0)] = 0
    lookup_key_id: Annotated[str, Field(pattern=r"^([0-9a-f]{16})?$")] = ""
    """The bank lookup key the lookups are under (docs/AUDIT.md, "Bank-wide search")."""
    columns: Annotated[int, Field(ge=0)] = 0
    """Rows of columns read out of the records on the workstation (one per event; 0: the
    centre reads them itself, as for bundles made before columns were carried)."""
    body_sha256: Annotated[str, Field(pattern=_HEX64)]
    public_key: Annotated[str, Field(pattern=_HEX64)]
    signature: str = ""

    def signed_bytes(self) -> bytes:
        # a bundle without columns signs the same bytes as one made before they existed
        leave_out = {"signature"} if self.columns else {"signature", "columns"}
        return canonical_bytes(self.model_dump(exclude=leave_out))

    def signature_holds(self) -> bool:
        try:
            raw = base64.b64decode(self.signature, validate=True)
        except (ValueError, binascii.Error):
            return False
        return signature_ok(self.public_key, raw, self.signed_bytes())


Lookup = tuple[int, str, bytes]
"""(seq, kind, HMAC under the bank lookup key) of one personal number in one event."""


def body_digest(
    events: Sequence[StoredEvent],
    checkpoints: Sequence[Checkpoint],
    lookups: Sequence[Lookup],
    columns: bytes = b"",
) -> str:
    digest = hashlib.sha256()
    for event in events:
        digest.update(event.seq.to_bytes(8, "big") + event.prev_hash + event.hash)
        digest.update(len(event.record).to_bytes(4, "big") + event.record)
    for checkpoint in checkpoints:
        text = checkpoint.text().encode("utf-8")
        digest.update(b"C" + len(text).to_bytes(4, "big") + text)
    for seq, kind, mac in lookups:
        digest.update(b"L" + seq.to_bytes(8, "big") + kind.encode().ljust(8, b"\0") + mac)
    if columns:
        digest.update(b"K" + len(columns).to_bytes(8, "big") + columns)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Bundle:
    header: BundleHeader
    events: Sequence[StoredEvent]
    checkpoints: Sequence[Checkpoint]
    lookups: Sequence[Lookup] = ()
    columns: bytes = b""
    """:func:`tellerguard.central.columns.encode_columns` of the events' columns, or empty."""

    def body_holds(self) -> bool:
        return (
            body_digest(self.events, self.checkpoints, self.lookups, self.columns)
            == self.header.body_sha256
            and bool(self.columns) == bool(self.header.columns)
            and len(self.events) == self.header.events
            and len(self.checkpoints) == self.header.checkpoints
            and len(self.lookups) == self.header.lookups
            and (not self.events or self.events[0].seq == self.header.first_seq)
            and (not self.events or self.events[-1].seq == self.header.last_seq)
        )


def make_bundle(
    signer: WorkstationSigner,
    *,
    kind: Literal["ship", "file"],
    store_id: str,
    branch: str,
    workstation: str,
    created_at: str,
    head: ChainHead,
    events: Sequence[StoredEvent],
    checkpoints: Sequence[Checkpoint] = (),
    lookups: Sequence[Lookup] = (),
    lookup_key_id: str = "",
    columns: bytes = b"",
) -> Bundle:
    header = BundleHeader(
        kind=kind,
        bundle_id=uuid.uuid4().hex,
        store_id=store_id,
        branch=branch,
        workstation=workstation,
        created_at=created_at,
        head_seq=head.seq,
        head_hash=head.hash_hex,
        first_seq=events[0].seq if events else 0,
        last_seq=events[-1].seq if events else 0,
        events=len(events),
        checkpoints=len(checkpoints),
        lookups=len(lookups),
        lookup_key_id=lookup_key_id,
        columns=len(events) if columns else 0,
        body_sha256=body_digest(events, checkpoints, lookups, columns),
        public_key=signer.public_key_hex,
    )
    signature = base64.b64encode(signer.sign(header.signed_bytes())).decode("ascii")
    return Bundle(
        header.model_copy(update={"signature": signature}), events, checkpoints, lookups, columns
    )


# -- files ---------------------------------------------------------------------------------
def write_bundle_file(bundle: Bundle, path: Path) -> Path:
    lines = [json.dumps(bundle.header.model_dump(), sort_keys=True)]
    for event in bundle.events:
        lines.append(
            json.dumps(
                {
                    "seq": event.seq,
                    "prev": event.prev_hash.hex(),
                    "hash": event.hash.hex(),
                    "record": base64.b64encode(event.record).decode("ascii"),
                }
            )
        )
    lines.extend(
        json.dumps({"checkpoint": c.model_dump()}, sort_keys=True) for c in bundle.checkpoints
    )
    lines.extend(json.dumps({"lookup": [s, k, m.hex()]}) for s, k, m in bundle.lookups)
    if bundle.columns:  # kept as the exact bytes the signature covers
        lines.append(json.dumps({"columns": bundle.columns.decode("utf-8")}))
    write_private_file(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def _event(obj: Any) -> StoredEvent:
    if not isinstance(obj, dict) or set(obj) != {"seq", "prev", "hash", "record"}:
        raise ValueError("not an event line")
    seq = obj["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise ValueError("seq must be a positive integer")
    prev, digest = bytes.fromhex(obj["prev"]), bytes.fromhex(obj["hash"])
    if len(prev) != 32 or len(digest) != 32:
        raise ValueError("hashes must be 32 bytes")
    return StoredEvent(seq, base64.b64decode(obj["record"], validate=True), prev, digest)


def _lookup(obj: Any) -> Lookup:
    if not (isinstance(obj, list) and len(obj) == 3 and obj[1] in ("id", "card", "phone")):
        raise ValueError("not a lookup line")
    seq, kind, mac = obj
    if not isinstance(seq, int) or seq < 1 or len(bytes.fromhex(mac)) != 32:
        raise ValueError("a lookup needs a seq and a 32-byte HMAC")
    return seq, kind, bytes.fromhex(mac)


def read_bundle_file(path: Path) -> Bundle:
    """Parse a bundle file; :class:`BundleError` naming ``file:line`` for anything unusable.
    Signatures and chains are the centre's to check (:mod:`tellerguard.central.ingest`)."""
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            raise BundleError(f"{path}: larger than {MAX_BUNDLE_BYTES // 1024**3} GiB")
        handle = path.open("rb")
    except FileNotFoundError:
        raise BundleError(f"{path}: no such bundle file") from None
    except OSError as exc:
        raise BundleError(f"{path}: cannot read: {exc.strerror}") from None
    events: list[StoredEvent] = []
    checkpoints: list[Checkpoint] = []
    lookups: list[Lookup] = []
    columns = b""
    header: BundleHeader | None = None
    with handle:
        for number, raw in enumerate(handle, 1):
            if len(raw) > MAX_LINE:
                raise BundleError(f"{path}:{number}: line longer than {MAX_LINE} bytes")
            try:
                obj = json.loads(raw)
                if header is None:
                    header = BundleHeader.model_validate(obj)
                elif isinstance(obj, dict) and set(obj) == {"checkpoint"}:
                    checkpoints.append(Checkpoint.model_validate(obj["checkpoint"]))
                elif isinstance(obj, dict) and set(obj) == {"lookup"}:
                    lookups.append(_lookup(obj["lookup"]))
                elif isinstance(obj, dict) and set(obj) == {"columns"}:
                    if columns or not isinstance(obj["columns"], str):
                        raise ValueError("a second or malformed columns line")
                    columns = obj["columns"].encode("utf-8")
                else:
                    events.append(_event(obj))
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                raise BundleError(f"{path}:{number}: {where}: {first['msg']}") from None
            except (ValueError, TypeError, KeyError, binascii.Error) as exc:
                what = "not a TellerGuard bundle header" if header is None else str(exc)
                raise BundleError(f"{path}:{number}: {what}") from None
    if header is None:
        raise BundleError(f"{path}: empty file, not a bundle")
    return Bundle(header, events, checkpoints, lookups, columns)
