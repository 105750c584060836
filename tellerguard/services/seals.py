"""The day's seals as the console shows them: the last seals recorded in the store, whether
the store still matches each (the signature holds for this workstation's key and the sealed
event still has the signed hash), and a copy of a seal's signed checkpoint to keep off the PC
(a USB stick, the branch's register) — the copy ``tellerguard audit verify --checkpoint``
checks the store against later.

Reading only: the seals come from a read-only connection; sealing itself is
:func:`~tellerguard.services.audit_ops.seal_day` (recorded as ``day_sealed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tellerguard.audit.checkpoint import Checkpoint, write_checkpoint
from tellerguard.audit.errors import AuditError
from tellerguard.audit.verify import rebuilt_checkpoint
from tellerguard.auth.roles import Action
from tellerguard.auth.users import Session
from tellerguard.services.outputs import new_output_file
from tellerguard.services.workstation import Workstation, checkpoint_dir

RECENT_SEALS = 10


@dataclass(frozen=True, slots=True)
class SealStatus:
    """One recorded seal and whether the store still matches it."""

    event_seq: int
    """The ``day_sealed`` event that recorded the seal."""
    day: str
    seq: int
    """The last event the seal covers."""
    hash: str
    sealed_at: str
    signature_holds: bool
    matches: bool
    """The sealed event is still in the store with the signed hash."""
    local_copy: Path | None
    """The checkpoint file beside the store, if it is still there."""
    superseded: bool
    """A later seal of the same day covers more (its local copy replaced this one's)."""
    checkpoint: Checkpoint | None

    @property
    def ok(self) -> bool:
        return self.signature_holds and self.matches


def recent_seals(
    workstation: Workstation, session: Session, *, limit: int = RECENT_SEALS
) -> list[SealStatus]:
    """The last ``limit`` seals recorded in the store, newest first, each checked."""
    session.require(Action.VERIFY_AUDIT)
    store = workstation.store
    key = store.signer.public_key_hex if store.signer else None
    folder = checkpoint_dir(workstation.settings)
    found: list[SealStatus] = []
    with store.reader() as reader:
        info = reader.info()
        recorded = reader.recorded_seals()
        for event_seq, sealed in reversed(recorded[-limit:] if limit > 0 else []):
            checkpoint = rebuilt_checkpoint(sealed, info) if sealed.signature else None
            holds = checkpoint is not None and checkpoint.signature_holds(key)
            pinned = reader.event(sealed.seq)
            local = folder / sealed.file if sealed.file else None
            found.append(
                SealStatus(
                    event_seq=event_seq,
                    day=sealed.day,
                    seq=sealed.seq,
                    hash=sealed.hash,
                    sealed_at=sealed.sealed_at or "",
                    signature_holds=holds,
                    matches=pinned is not None and pinned.hash.hex() == sealed.hash,
                    local_copy=local if local is not None and local.is_file() else None,
                    checkpoint=checkpoint,
                    superseded=any(s.day == sealed.day for s in found),
                )
            )
    return found


def export_checkpoint(
    workstation: Workstation, session: Session, event_seq: int, out: Path
) -> Path:
    """Write the signed checkpoint of the seal recorded as event ``event_seq`` to ``out``
    (a new file), for keeping outside the PC. Refused for a seal the store no longer
    matches: a copy of it would vouch for nothing."""
    session.require(Action.SEAL_DAY)
    out = new_output_file(out)
    status = next(
        (s for s in recent_seals(workstation, session, limit=10_000) if s.event_seq == event_seq),
        None,
    )
    if status is None or status.checkpoint is None:
        raise AuditError(
            f"event {event_seq} is not a signed seal of this store", "没有这条封存记录"
        )
    if not status.ok:
        raise AuditError(
            f"the seal recorded as event {event_seq} no longer matches the store; verify it",
            "该封存与审计记录不符，请先校验",
        )
    return write_checkpoint(status.checkpoint, out)
