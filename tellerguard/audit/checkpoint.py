"""Signed checkpoints: a day's last sequence number and hash, signed by the workstation.

A hash chain alone proves that no event in the middle was changed, but not that the tail was
not cut off, nor that the whole chain was not recomputed after an edit. A checkpoint that
has left the PC (printed, or copied to the branch share) pins the chain: verifying against
it detects both. It is a small JSON file, signed with the workstation's Ed25519 key over the
canonical JSON of every field but the signature.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tellerguard.audit.canonical import canonical_bytes, format_time
from tellerguard.audit.errors import CheckpointError
from tellerguard.audit.keys import WorkstationSigner, signature_ok
from tellerguard.private_files import read_regular_file, write_private_file

log = logging.getLogger("tellerguard.audit")

FORMAT = "tellerguard-checkpoint"


class Checkpoint(BaseModel):
    """The content of a checkpoint file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["tellerguard-checkpoint"] = "tellerguard-checkpoint"
    version: Literal[1] = 1
    store_id: Annotated[str, Field(pattern=r"^[0-9a-f]{32}$")]
    branch: str
    workstation: str
    day: Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    seq: Annotated[int, Field(ge=1)]
    hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    sealed_at: str
    public_key: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    signature: str = ""

    def signed_bytes(self) -> bytes:
        return canonical_bytes(self.model_dump(exclude={"signature"}))

    def signature_bytes(self) -> bytes:
        try:
            return base64.b64decode(self.signature, validate=True)
        except (ValueError, binascii.Error):
            return b""

    def signature_holds(self, trusted_key: str | None = None) -> bool:
        """Whether the signature is valid for the embedded key and, when given, whether that
        key is the trusted one (a forger can sign with a key of their own)."""
        if trusted_key is not None and trusted_key != self.public_key:
            return False
        return signature_ok(self.public_key, self.signature_bytes(), self.signed_bytes())

    def text(self) -> str:
        return json.dumps(self.model_dump(), indent=2, sort_keys=True) + "\n"


def sign_checkpoint(
    signer: WorkstationSigner,
    *,
    store_id: str,
    branch: str,
    workstation: str,
    day: date,
    seq: int,
    hash_hex: str,
    sealed_at: datetime,
) -> Checkpoint:
    unsigned = Checkpoint(
        store_id=store_id,
        branch=branch,
        workstation=workstation,
        day=day.isoformat(),
        seq=seq,
        hash=hash_hex,
        sealed_at=format_time(sealed_at),
        public_key=signer.public_key_hex,
    )
    signature = base64.b64encode(signer.sign(unsigned.signed_bytes())).decode("ascii")
    return unsigned.model_copy(update={"signature": signature})


def write_checkpoint(checkpoint: Checkpoint, path: Path) -> Path:
    """Write a checkpoint file atomically (not secret, but never half-written)."""
    write_private_file(path, checkpoint.text().encode("utf-8"))
    return path


def read_checkpoint(path: Path) -> Checkpoint:
    try:
        data = json.loads(read_regular_file(path, 1024 * 1024))
    except FileNotFoundError:
        raise CheckpointError(f"checkpoint file not found: {path}") from None
    except OSError as exc:
        raise CheckpointError(f"{path}: not a readable checkpoint: {exc.strerror}") from None
    except ValueError as exc:
        raise CheckpointError(f"{path}: not a readable checkpoint: {exc}") from None
    try:
        return Checkpoint.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CheckpointError(f"{path}: not a valid checkpoint: {where}: {first['msg']}") from None


def local_name(checkpoint: Checkpoint) -> str:
    return f"{checkpoint.store_id[:8]}-{checkpoint.day}-{checkpoint.seq:010d}.json"


def local_checkpoints(folder: Path, store_id: str | None = None) -> list[tuple[Path, Checkpoint]]:
    """The readable checkpoint files in ``folder`` (of store ``store_id`` when given), oldest
    seal first; unreadable ones are logged and skipped."""
    if not folder.is_dir():
        return []
    found = []
    pattern = f"{store_id[:8]}-*.json" if store_id else "*.json"
    for path in folder.glob(pattern):
        try:
            checkpoint = read_checkpoint(path)
        except CheckpointError as exc:
            log.warning("ignoring local checkpoint: %s", exc)
            continue
        if store_id is None or checkpoint.store_id == store_id:
            found.append((path, checkpoint))
    found.sort(key=lambda item: (item[1].sealed_at, item[1].seq))
    return found


def newest_local_checkpoint(
    folder: Path, store_id: str | None, public_key: str
) -> Checkpoint | None:
    """The newest seal among the local copies (of store ``store_id``, else of any store)
    whose signature holds for ``public_key``; a bad signature is skipped and logged."""
    newest: Checkpoint | None = None
    for path, checkpoint in local_checkpoints(folder, store_id):
        if not checkpoint.signature_holds(public_key):
            log.warning("ignoring local checkpoint %s: its signature does not hold", path)
            continue
        if store_id is None or newest is None or checkpoint.seq > newest.seq:
            newest = checkpoint
    return newest


def day_bounds(day: date) -> tuple[str, str]:
    """The stored-time range ``[start, end)`` of a business day in Asia/Shanghai."""
    return f"{day.isoformat()}T00:00:00", f"{(day + timedelta(days=1)).isoformat()}T00:00:00"
