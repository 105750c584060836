"""Head office's central database, as use cases: set it up, enrol workstations, ship a
workstation's store (online or into a bundle file), import a bundle, verify everything.

Thin on purpose: the checks live in :mod:`tellerguard.central` (ingest, verify); this module
finds the store, keys and checkpoints of a workstation from its settings and opens the
connection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tellerguard.audit.canonical import format_time
from tellerguard.audit.errors import KeyFileError
from tellerguard.audit.keys import (
    SIGNING_PUBLIC_FILE,
    FieldCipher,
    WorkstationSigner,
    load_branch_keys,
)
from tellerguard.audit.store import CHECKPOINT_DIR, AuditReader
from tellerguard.central import schema
from tellerguard.central.bundle import read_bundle_file, write_bundle_file
from tellerguard.central.errors import CentralCheckFailed, CentralError
from tellerguard.central.find import FindResult, find_cases
from tellerguard.central.ingest import IngestOutcome, ingest
from tellerguard.central.lookups import LOOKUP_KEY_FILE, BankLookupKey, LookupKind
from tellerguard.central.merkle import ProofError, check_proof, open_checkpoint, parse_vkey
from tellerguard.central.pg import connect, describe, translated
from tellerguard.central.ship import DEFAULT_BATCH, Held, ShipReport, Source, ship
from tellerguard.central.stats import CentralStats, central_stats
from tellerguard.central.tree import (
    TreeResult,
    consistency_proof,
    extend_tree,
    inclusion_proof,
    log_signer,
)
from tellerguard.central.verify import PARALLEL_FROM, CentralReport, verify_central
from tellerguard.config import Settings
from tellerguard.domain.clock import Clock, program_clock
from tellerguard.domain.format import count_of
from tellerguard.domain.identity import IdProblem, check_id_number
from tellerguard.private_files import read_failure, read_regular_file
from tellerguard.services.outputs import new_output_file


@dataclass(frozen=True, slots=True)
class Lines:
    text: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return self.text


def init_central(dsn: str, lookup_key: Path | None = None, clock: Clock | None = None) -> Lines:
    """Create or upgrade the central schema; with ``lookup_key``, register that bank lookup
    key (made first when the file does not exist yet) as the one new lookups are under."""
    where = describe(dsn)
    out = []
    key = None
    if lookup_key is not None:
        if lookup_key.exists():
            key = BankLookupKey.load(lookup_key)
        else:
            key = BankLookupKey.generate(format_time((clock or program_clock()).now()))
            key.save(lookup_key)
            out.append(
                f"bank lookup key {key.key_id} written to {lookup_key}: keep it at head office "
                f"and copy it to every workstation's key folder as {LOOKUP_KEY_FILE}"
            )
    with connect(dsn, application="tellerguard central init") as conn, translated(where):
        applied = schema.upgrade(conn)
        if key is not None:
            conn.execute(
                "INSERT INTO lookup_keys (key_id, created) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (key.key_id, key.created),
            )
            out.append(f"bank lookup key {key.key_id} registered")
    if applied:
        out.insert(0, f"central init {where}: applied {', '.join(applied)}")
    else:
        count = len(schema.migrations())
        out.insert(0, f"central init {where}: up to date ({count_of(count, 'migration')})")
    return Lines(out)


def _public_key(text: str) -> str:
    candidate = Path(text)
    if len(text) != 64 and candidate.is_dir():
        candidate = candidate / SIGNING_PUBLIC_FILE
    if len(text) != 64 or candidate.is_file():
        text = _read_text(candidate, "public key").strip()
    try:
        if len(bytes.fromhex(text)) == 32:
            return text.lower()
    except ValueError:
        pass
    raise CentralError("--key: not an Ed25519 public key (64 hex digits, or its .pub file)")


def enroll_workstation(dsn: str, key: str, branch: str, workstation: str) -> Lines:
    """Let a workstation's key ship to the centre (head office IT, from the branch's form)."""
    public = _public_key(key)
    where = describe(dsn)
    with connect(dsn, application="tellerguard central enroll") as conn, translated(where):
        schema.require_current(conn)
        row = conn.execute(
            "INSERT INTO workstations (public_key, branch, workstation) VALUES (%s, %s, %s) "
            "ON CONFLICT (public_key) DO NOTHING RETURNING 1",
            (bytes.fromhex(public), branch, workstation),
        ).fetchone()
        if row is None:
            held = conn.execute(
                "SELECT branch, workstation FROM workstations WHERE public_key = %s",
                (bytes.fromhex(public),),
            ).fetchone()
            if held is not None and (held[0], held[1]) != (branch, workstation):
                raise CentralError(
                    f"key {public[:16]}… is already enrolled for branch {held[0]} "
                    f"workstation {held[1]}"
                )
            return Lines([f"enroll: {branch}/{workstation} key {public[:16]}… already enrolled"])
    return Lines([f"enroll: {branch}/{workstation} key {public[:16]}… enrolled at {where}"])


def workstation_source(
    settings: Settings | None,
    db: Path | None,
    key_dir: Path | None,
    clock: Clock | None = None,
) -> Source:
    """The store, signing key and checkpoints to ship: ``db``/``key_dir`` when given, else
    the configured ones (the key folder beside the store when there is no configuration)."""
    store = db or (settings.database_path if settings else None)
    if store is None:
        raise CentralError("ship needs --db PATH or a configuration (--config PATH)")
    keys = key_dir or (settings.key_path if settings else store.parent / "keys")
    try:
        signer = WorkstationSigner.load(keys)
    except KeyFileError as exc:
        raise CentralError(f"ship signs its batches with the workstation's key: {exc}") from None
    lookup = None
    if (keys / LOOKUP_KEY_FILE).exists():
        # Bank lookups need the full numbers: decrypted here, with the branch key.
        lookup = (FieldCipher(load_branch_keys(keys)), BankLookupKey.load(keys / LOOKUP_KEY_FILE))
    return Source(store, signer, store.parent / CHECKPOINT_DIR, clock or program_clock(), lookup)


def ship_store(
    source: Source,
    dsn: str,
    *,
    batch: int = DEFAULT_BATCH,
    retry_seconds: float = 60.0,
    progress: Callable[[ShipReport], None] | None = None,
) -> ShipReport:
    return ship(source, dsn, batch=batch, retry_seconds=retry_seconds, progress=progress)


def write_bundle(source: Source, out: Path, *, after: int = 0) -> Lines:
    """A signed bundle of every event after seq ``after`` and every local checkpoint, to
    ``out`` (a new file)."""
    out = new_output_file(out)
    with AuditReader(source.store) as reader:
        head = reader.read_head()
        if after > head.seq:
            raise CentralError(f"--after {after}: the store ends at seq {head.seq}")
        held = Held(after, set(), after)
        (make,) = source.bundles(reader, held, max(head.seq - after, 1), kind="file")
        bundle = make()
    write_bundle_file(bundle, out)
    h = bundle.header
    span = f"seq {h.first_seq}..{h.last_seq}" if h.events else "no events"
    return Lines(
        [
            f"bundle {out}: store {h.store_id}, {count_of(h.events, 'event')} ({span}), "
            f"{count_of(h.checkpoints, 'checkpoint')}, signed by {h.public_key[:16]}…"
        ]
    )


@dataclass(frozen=True, slots=True)
class ImportResult:
    path: Path
    outcome: IngestOutcome

    def lines(self) -> list[str]:
        o = self.outcome
        out = [
            f"import {self.path}: store {o.store_id}: {count_of(o.accepted, 'new event')}, "
            f"{o.skipped} already held, {count_of(o.checkpoints, 'new checkpoint')}; the centre "
            f"holds up to seq {o.head_seq}"
        ]
        out.extend(f"warning: {w}" for w in o.warnings)
        return out


def import_bundle(dsn: str, path: Path) -> ImportResult:
    bundle = read_bundle_file(path)
    where = describe(dsn)
    with connect(dsn, application="tellerguard central import") as conn, translated(where):
        schema.require_current(conn)
        outcome = ingest(conn, bundle, f"import {path.name}")
    return ImportResult(path, outcome)


def verify_centre(
    dsn: str,
    progress: Callable[[int], None] | None = None,
    *,
    jobs: int = 2,
    deep: bool = False,
    parallel_from: int | None = None,
) -> CentralReport:
    """Verify every store (in ``jobs`` worker processes, each on its own connection, once
    the centre is large enough for that to pay); ``deep`` also re-reads every record's
    columns."""
    where = describe(dsn)
    with connect(dsn, application="tellerguard central verify") as conn, translated(where):
        schema.require_current(conn)
        return verify_central(
            conn,
            where,
            progress=progress,
            dsn=dsn,
            jobs=jobs,
            deep=deep,
            parallel_from=PARALLEL_FROM if parallel_from is None else parallel_from,
        )


_SHORTEST: dict[LookupKind, int] = {"id": 6, "card": 8, "phone": 7}
"""Fewer characters than these are no document, account or phone number: a search for one
would answer "0 cases" for a typo, which reads like a clean record."""
_NUMBER_NAME: dict[LookupKind, str] = {"id": "ID number", "card": "account", "phone": "phone"}


class SearchedNumberError(CentralError):
    """A number no counter could have recorded, so a search for it is refused rather than
    answered with "0 cases". ``kind`` says which number; ``problem`` is the message without
    it (the command line names its option instead)."""

    default_zh = "号码不完整或有误，请核对后再查询"

    def __init__(self, kind: LookupKind, problem: str, message_zh: str | None = None) -> None:
        super().__init__(f"{_NUMBER_NAME[kind]}: {problem}", message_zh)
        self.kind = kind
        self.problem = problem


def searched_number(kind: LookupKind, number: str) -> str:
    """The number a bank-wide search looks for (its white space removed), refused
    (:class:`SearchedNumberError`) when it cannot be one that a counter recorded: a resident
    ID number is checked as the counter checked it (check digit, region, birth date), since
    every recorded one passed that check."""
    text = "".join(number.split())
    if sum(c.isalnum() for c in text) < _SHORTEST[kind]:
        raise SearchedNumberError(
            kind, f"too short to be a full number ({count_of(len(text), 'character')})"
        )
    if kind == "id" and len(text) == 18 and text[:17].isdigit():
        try:
            check_id_number("resident_id", text, on=program_clock().today())
        except IdProblem as exc:
            raise SearchedNumberError(kind, exc.message_en, exc.message_zh) from None
    return text


def find_customer(
    dsn: str, key_file: Path, kind: LookupKind, number: str, *, operator: str, reason: str
) -> FindResult:
    """倒查: every case of a customer (ID number, phone) or payee (account) at any branch;
    a number no counter could have recorded is refused first (:func:`searched_number`)."""
    number = searched_number(kind, number)
    key = BankLookupKey.load(key_file)
    where = describe(dsn)
    with connect(dsn, application="tellerguard central find") as conn, translated(where):
        schema.require_current(conn)
        return find_cases(conn, key, kind, number, operator=operator, reason=reason)


def sign_tree(dsn: str, log_key: Path, origin: str) -> TreeResult:
    """Take the accepted events into the Merkle tree and sign its new head."""
    signer = log_signer(log_key)
    where = describe(dsn)
    with connect(dsn, application="tellerguard central tree") as conn, translated(where):
        schema.require_current(conn)
        return extend_tree(conn, signer, origin)


def prove(
    dsn: str,
    *,
    store_id: str | None = None,
    seq: int | None = None,
    consistency_from: int | None = None,
    size: int | None = None,
) -> str:
    """An inclusion proof (store id and seq) or a consistency proof (from an older size)."""
    where = describe(dsn)
    with connect(dsn, application="tellerguard central prove") as conn, translated(where):
        schema.require_current(conn)
        if consistency_from is not None:
            return consistency_proof(conn, consistency_from, size)
        if store_id is None or seq is None:
            raise CentralError("prove needs --store ID --seq N, or --consistency-from SIZE")
        return inclusion_proof(conn, store_id.replace("-", ""), seq, size)


def _read_text(path: Path, what: str) -> str:
    try:
        return read_regular_file(path, 1024 * 1024).decode("utf-8")
    except OSError as exc:
        raise CentralError(read_failure(path, what, exc)) from None
    except UnicodeDecodeError as exc:
        raise CentralError(f"{path}: the {what} is not UTF-8 text (byte {exc.start})") from None


def check_proof_file(proof: Path, verifier: str, old_checkpoint: Path | None) -> Lines:
    """``verify-proof``: stand-alone, no database; :class:`CentralCheckFailed` when the proof
    or a signature does not hold."""
    text = _read_text(proof, "proof")
    key = verifier
    if Path(verifier).is_file():
        key = _read_text(Path(verifier), "verifier key").strip()
    try:  # unusable input (exit 2), named by its option: not a proof that fails
        parse_vkey(key)
    except ProofError as exc:
        raise CentralError(f"--vkey {verifier[:80]}: {exc}") from None
    old = None
    if old_checkpoint is not None:
        old = _read_text(old_checkpoint, "checkpoint")
        try:  # the old checkpoint's own problems are its own, not the proof's
            open_checkpoint(old, key)
        except ProofError as exc:
            raise CentralCheckFailed(f"{old_checkpoint}: {exc}") from None
    try:
        return Lines(check_proof(text, key, old))
    except ProofError as exc:
        raise CentralCheckFailed(f"{proof}: {exc}") from None


def statistics(dsn: str, first: date, last: date, by: str) -> CentralStats:
    """Head office's statistics per branch or region (read-only)."""
    if last < first:
        raise CentralError("--to is before --from")
    where = describe(dsn)
    with connect(dsn, application="tellerguard central stats") as conn, translated(where):
        schema.require_current(conn)
        return central_stats(conn, first, last, by)
