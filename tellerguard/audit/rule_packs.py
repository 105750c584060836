"""Typed queries over rule pack change requests, kept as audit events (no table of their own).

A request is a ``rule_pack_change_requested`` event; it is closed by the first approval,
rejection or withdrawal naming its seq (``request_seq``). Pending means no such event follows
it. The pack in force at any point of the chain is the latest approval before it, so a
recorded assessment can be judged again under the pack and parameters that made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from tellerguard.audit.queries import payload_path
from tellerguard.domain.events import (
    RulePackChange,
    RulePackChangeApproved,
    RulePackChangeRejected,
    RulePackChangeRequested,
    RulePackChangeWithdrawn,
)

RequestState = Literal["pending", "approved", "rejected", "withdrawn"]

_REQUESTED = RulePackChangeRequested.event_type
_CLOSING: dict[str, RequestState] = {
    RulePackChangeApproved.event_type: "approved",
    RulePackChangeRejected.event_type: "rejected",
    RulePackChangeWithdrawn.event_type: "withdrawn",
}
_CLOSING_TYPES = ", ".join(f"'{name}'" for name in _CLOSING)
_REQUEST_SEQ = f"record_json(record) ->> '{payload_path(RulePackChange, 'request_seq')}'"


@dataclass(frozen=True, slots=True)
class PackRequest:
    """One request and what became of it."""

    seq: int
    at: str
    operator: str
    payload: RulePackChangeRequested
    state: RequestState
    closed_seq: int | None = None
    closed_by: str | None = None
    closed_at: str | None = None
    reason: str = ""
    """The rejection's reason."""

    @property
    def pending(self) -> bool:
        return self.state == "pending"


@dataclass(frozen=True, slots=True)
class PackActivation:
    """An approval: the pack and parameters in force from ``seq`` on."""

    seq: int
    at: str
    approver: str
    payload: RulePackChangeApproved


class RulePackQueries:
    """Mixed into the store's query classes (the writer's and the read-only reader's)."""

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError  # each connection class runs its own statements

    def pack_requests(self, *, pending_only: bool = False) -> list[PackRequest]:
        """Every rule pack change request, newest first, with how it was closed."""
        closing = {
            int(request): (int(seq), str(kind), str(operator), str(at), payload)
            for seq, kind, operator, at, request, payload in self._all(
                f"SELECT seq, type, operator, at, {_REQUEST_SEQ}, "
                "record_json(record) ->> '$.payload' "
                f"FROM events WHERE type IN ({_CLOSING_TYPES}) ORDER BY seq DESC"
            )
        }  # newest first, so the earliest closing event of a request wins
        requests = []
        for seq, at, operator, payload in self._all(
            "SELECT seq, at, operator, record_json(record) ->> '$.payload' FROM events "
            f"WHERE type = '{_REQUESTED}' ORDER BY seq DESC"
        ):
            closed = closing.get(int(seq))
            if closed is not None and pending_only:
                continue
            reason = ""
            if closed is not None and closed[1] == RulePackChangeRejected.event_type:
                reason = RulePackChangeRejected.model_validate_json(closed[4]).reason
            requests.append(
                PackRequest(
                    seq=int(seq),
                    at=str(at),
                    operator=str(operator),
                    payload=RulePackChangeRequested.model_validate_json(payload),
                    state=_CLOSING[closed[1]] if closed else "pending",
                    closed_seq=closed[0] if closed else None,
                    closed_by=closed[2] if closed else None,
                    closed_at=closed[3] if closed else None,
                    reason=reason,
                )
            )
        return requests

    def pack_request(self, seq: int) -> PackRequest | None:
        return next((r for r in self.pack_requests() if r.seq == seq), None)

    def pack_in_force(self, before_seq: int | None = None) -> PackActivation | None:
        """The latest approval (before event ``before_seq``, if given): the pack and branch
        parameters the counter used from then on; ``None`` before any approval."""
        bound, params = ("AND seq < ?", (before_seq,)) if before_seq is not None else ("", ())
        rows = self._all(
            "SELECT seq, at, operator, record_json(record) ->> '$.payload' FROM events "
            f"WHERE type = '{RulePackChangeApproved.event_type}' {bound} "
            "ORDER BY seq DESC LIMIT 1",
            params,
        )
        if not rows:
            return None
        seq, at, operator, payload = rows[0]
        return PackActivation(
            int(seq), str(at), str(operator), RulePackChangeApproved.model_validate_json(payload)
        )

    def activated_packs(self) -> list[PackActivation]:
        """Every approval, oldest first (every pack that was ever active by maker-checker)."""
        rows = self._all(
            "SELECT seq, at, operator, record_json(record) ->> '$.payload' FROM events "
            f"WHERE type = '{RulePackChangeApproved.event_type}' ORDER BY seq"
        )
        return [
            PackActivation(
                int(seq), str(at), str(op), RulePackChangeApproved.model_validate_json(payload)
            )
            for seq, at, op, payload in rows
        ]
