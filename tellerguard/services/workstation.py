"""Setting up and opening a workstation: keys, the audit store, the first administrator.

``init_workstation`` can be run again after an interruption: it keeps keys already written
(regenerating them would make the store's personal data unreadable), and resumes where it
stopped (a store without operators gets its first administrator). Each file it writes is
written atomically, and the store's own set-up is a single transaction.
"""

from __future__ import annotations

import contextlib
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType

from tellerguard.audit.canonical import format_time
from tellerguard.audit.checkpoint import local_checkpoints, local_name, newest_local_checkpoint
from tellerguard.audit.errors import (
    AlreadySetUpError,
    AuditError,
    HistoryMissingError,
    KeyBackupError,
    KeyFileError,
    StoreNotFoundError,
    StoreTamperedError,
)
from tellerguard.audit.keys import (
    BRANCH_KEY_FILE,
    KEY_BACKUP_FILE,
    SCRYPT_N,
    SIGNING_KEY_FILE,
    BranchKeys,
    WorkstationSigner,
    check_passphrase,
    load_branch_keys,
    load_public_key,
    read_key_backup,
    save_branch_keys,
    write_key_backup,
)
from tellerguard.audit.queries import OperatorRow
from tellerguard.audit.store import (
    CHECKPOINT_DIR,
    AuditReader,
    AuditStore,
    StoreIdentity,
    move_store_aside,
)
from tellerguard.auth.errors import (
    AuthenticationFailed,
    AuthError,
    PermissionDenied,
    SelfApprovalError,
)
from tellerguard.auth.passwords import Passwords, check_policy, default_passwords
from tellerguard.auth.roles import Action
from tellerguard.auth.users import Credentials, Session, UserDirectory, check_username
from tellerguard.config import Settings
from tellerguard.domain.clock import Clock, program_clock
from tellerguard.domain.events import KeyRecovered, PreviousStore
from tellerguard.domain.format import count_of
from tellerguard.private_files import (
    ensure_private_dir,
    exposed,
    writable_by_others,
    write_private_file,
)

log = logging.getLogger("tellerguard.services")

CLOCK_TOLERANCE = timedelta(minutes=5)
"""A clock this far behind the latest recorded event is reported (NTP corrections are less)."""


def settings_toml(settings: Settings) -> str:
    """The settings as a TOML file for ``tellerguard init`` to write (paths as given, so
    relative ones stay relative to the file's folder)."""

    def value(item: object) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, int):
            return str(item)
        if isinstance(item, list):
            return "[" + ", ".join(value(v) for v in item) + "]"
        # A JSON string literal is a TOML basic string (json.dumps never writes "\/").
        return json.dumps(str(item), ensure_ascii=False)

    data = settings.model_dump(exclude={"source", "params"}, exclude_none=True)
    lines = [
        f"{key} = {value(item.as_posix() if isinstance(item, Path) else item)}"
        for key, item in data.items()
    ]
    if settings.params:
        lines += ["", "[params]"]
        lines += [f"{key} = {value(item)}" for key, item in settings.params.items()]
    return "\n".join(lines) + "\n"


def store_identity(settings: Settings) -> StoreIdentity:
    return StoreIdentity(
        branch=settings.branch_code,
        branch_name=settings.branch_name,
        region=settings.region,
        workstation=settings.workstation,
    )


def checkpoint_dir(settings: Settings) -> Path:
    """Where local copies of the signed checkpoints are kept (next to the store)."""
    return settings.database_path.parent / CHECKPOINT_DIR


@dataclass
class Workstation:
    """An open workstation: its settings, the store (the one writer), its operators and its
    clock — the one the store stamps events with and the services take "today" from."""

    settings: Settings
    store: AuditStore
    users: UserDirectory

    @property
    def clock(self) -> Clock:
        return self.store.clock

    def clock_behind(self) -> timedelta | None:
        """How far the clock is behind the latest event already recorded, if it is (a PC
        whose clock was set back or lost its time): the teller and IT are told, since new
        events would be stamped earlier than old ones. ``None`` when it is not behind."""
        latest = self.store.latest_at()
        if latest is None:
            return None
        lag = datetime.fromisoformat(latest) - self.clock.now()
        return lag if lag > CLOCK_TOLERANCE else None

    @property
    def key_dir(self) -> Path:
        return self.settings.key_path

    def exposed_files(self) -> list[Path]:
        """The store's files and the keys that other local users could read (created before
        TellerGuard made them owner-only, or loosened since), and the configuration when
        others could change it. The configuration holds no secret (branch, region, paths):
        an installed package keeps it root-owned and readable, so the counter account can
        use it but not redirect the store or the rule pack."""
        store = self.settings.database_path
        candidates = [
            store,
            store.with_name(store.name + "-wal"),
            store.with_name(store.name + "-shm"),
            store.parent,
            store.parent / CHECKPOINT_DIR,
            self.key_dir,
            *sorted(p for p in self.key_dir.glob("*") if p.suffix != ".pub"),
        ]
        found = exposed(candidates)
        source = self.settings.source
        if source is not None and writable_by_others(source):
            found.append(source)
        for path in found:
            log.warning("%s is open to other local users; restrict it (chmod go-rwx)", path)
        return found

    def login(self, username: str, password: str, *, unlock: bool = False) -> Session:
        """Sign in; ``unlock`` records it as re-opening the idle-locked window."""
        return self.users.login(username, password, context="unlock" if unlock else "login")

    def act_as(self, credentials: Credentials) -> Session:
        """Sign in for a command run on someone's behalf (``--operator NAME``)."""
        session = self.users.login(credentials.username, credentials.password)
        if session.must_change_password:
            session.require(Action.ASSESS)  # raises PasswordChangeRequired
        return session

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workstation:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_workstation(
    settings: Settings,
    *,
    with_keys: bool = True,
    clock: Clock | None = None,
    passwords: Passwords | None = None,
) -> Workstation:
    """Open the workstation's store for writing (the GUI does this once at start).

    ``with_keys=False`` opens it without the branch keys, for key recovery only: operators
    can sign in, but nothing with personal data can be written or read.
    """
    key_dir = settings.key_path
    keys = load_branch_keys(key_dir) if with_keys else None
    signer = WorkstationSigner.load(key_dir)
    try:
        store = AuditStore.open(
            settings.database_path,
            identity=store_identity(settings),
            keys=keys,
            signer=signer,
            checkpoint_dir=checkpoint_dir(settings),
            clock=clock or program_clock(),
        )
    except (StoreNotFoundError, StoreTamperedError) as exc:
        if isinstance(exc, StoreTamperedError) and "no events" not in exc.message_en:
            raise
        raise _history_missing(settings, exc.message_en) from None
    users = UserDirectory(store, max_failed_logins=settings.max_failed_logins, passwords=passwords)
    return Workstation(settings, store, users)


def _history_missing(settings: Settings, what: str) -> HistoryMissingError:
    """The store of a workstation that has keys is missing or emptied: say what happened and
    whom to call (never "run init": that would start a new history over the lost one)."""
    traces = [t for t in previous_traces(settings) if "audit store" not in t]
    return HistoryMissingError(
        f"{what}. This workstation was set up before ({'; '.join(traces)}), so its audit "
        "history is missing: it was deleted, emptied or moved. Do not run 'tellerguard init'. "
        "Stop business on this PC, leave its files as they are, and call the branch "
        "supervisor and the bank's IT security officer: they restore the store from the "
        "latest backup and check it against the seals kept off this PC ('tellerguard audit "
        "verify --db FILE --checkpoint SEAL'). Only they may start a new history, with "
        "'tellerguard init --reinitialise' and two people; the gap is then on the record."
    )


INIT_MARKER = "init-in-progress.json"
"""Written in the key folder when ``init`` starts and removed when it has finished: a set-up
interrupted half-way may be resumed, a finished one is never silently started again."""


def previous_traces(settings: Settings) -> list[str]:
    """What an earlier set-up of this workstation left: key files, checkpoints, a store (even
    an empty one), each as a short line naming the file."""
    found = []
    key_dir = settings.key_path
    for name in (BRANCH_KEY_FILE, SIGNING_KEY_FILE, KEY_BACKUP_FILE):
        if (key_dir / name).exists():
            found.append(f"key file {key_dir / name}")
    seals = local_checkpoints(checkpoint_dir(settings))
    if seals:
        found.append(f"{count_of(len(seals), 'checkpoint')} in {checkpoint_dir(settings)}")
    database = settings.database_path
    if database.exists():
        found.append(_describe_store(database))
    elif database.with_name(database.name + "-wal").exists():
        found.append(f"audit store write-ahead log {database.name}-wal (the store is missing)")
    return found


def _describe_store(database: Path) -> str:
    try:
        with AuditReader(database) as reader:
            head = reader.read_head()
    except AuditError as exc:
        size = database.stat().st_size
        return f"audit store {database} ({count_of(size, 'byte')}; {exc.message_en})"
    if head.seq == 0:
        return f"audit store {database} (no events: emptied)"
    return (
        f"audit store {database} ({count_of(head.seq, 'event')}, head hash {head.hash_hex[:16]}…)"
    )


@dataclass(frozen=True, slots=True)
class Reinitialisation:
    """A deliberate new history on a workstation that had one: why, and the second person
    (the first is the new store's administrator, ``init``'s ``--admin``)."""

    reason: str
    witness: Credentials


@dataclass(frozen=True, slots=True)
class InitResult:
    database: Path
    key_dir: Path
    key_backup: Path
    key_id: str
    store_id: str
    admin: str
    public_key: str
    previous: PreviousStore | None = None

    def lines(self) -> list[str]:
        lines = [
            f"audit store: {self.database} (store id {self.store_id})",
            f"keys: {self.key_dir} (branch key id {self.key_id})",
            f"key backup: {self.key_backup} — copy it off this PC for the bank to escrow; it "
            "opens only with the backup passphrase",
            f"workstation public key: {self.public_key}",
            f"first administrator: {self.admin}",
        ]
        p = self.previous
        if p is not None:
            lines.append(
                f"re-initialised by {p.administrator} with {p.witness}: the first event records "
                f"the previous store {p.store_id or 'unknown'}, last known seq "
                f"{p.last_seq if p.last_seq is not None else 'unknown'} hash "
                f"{p.head_hash or 'unknown'}; newest seal "
                + (f"{p.seal_day} seq {p.seal_seq} hash {p.seal_hash}" if p.seal_seq else "none")
            )
            if p.kept_as:
                lines.append(f"the previous store was kept as {p.kept_as}")
            if not p.credentials_checked:
                lines.append(
                    "the previous store is gone, so the two passwords could not be checked "
                    f"against it: {p.witness} is now a supervisor of the new store"
                )
        return lines


def check_init_inputs(
    admin_name: str,
    admin_password: str,
    backup_passphrase: str,
    admin_display_name: str | None = None,
) -> str:
    """What a set-up is given, checked before anything is written: the first administrator's
    username (returned as stored) and password, and the key backup's passphrase."""
    admin = check_username(admin_name)
    check_policy(admin_password, username=admin, display_name=admin_display_name or "")
    check_passphrase(backup_passphrase)
    return admin


def init_workstation(
    settings: Settings,
    admin_name: str,
    admin_password: str,
    backup_passphrase: str,
    *,
    admin_display_name: str | None = None,
    import_key_backup: Path | None = None,
    import_passphrase: str | None = None,
    passwords: Passwords | None = None,
    scrypt_n: int = SCRYPT_N,
    clock: Clock | None = None,
    reinitialise: Reinitialisation | None = None,
) -> InitResult:
    """Set up a workstation: branch keys (new, or imported from the branch's key backup for a
    second workstation of the same branch), the key backup, the workstation's signing key,
    the audit store and the first system administrator.

    A workstation with keys, checkpoints or a store of an earlier set-up is refused
    (:class:`AlreadySetUpError`, naming what was found), unless an interrupted set-up is
    being resumed or ``reinitialise`` says why and names a second person; then the previous
    store is kept aside and the new store's first event records what was found.

    The configuration file itself is the caller's (the CLI writes it).
    """
    admin = check_init_inputs(admin_name, admin_password, backup_passphrase, admin_display_name)
    key_dir = settings.key_path
    database = settings.database_path
    clock = clock or program_clock()
    passwords = passwords or default_passwords()
    marker = key_dir / INIT_MARKER
    previous: PreviousStore | None = None
    if marker.exists():  # an interrupted set-up (or re-initialisation) resumes
        previous = _read_marker(marker)
    elif traces := previous_traces(settings):
        if reinitialise is None:
            raise AlreadySetUpError(
                "this workstation is already set up: found "
                + "; ".join(traces)
                + ". 'tellerguard init' never starts a new history over an old one. If the "
                "store is missing or damaged, call the bank's IT security officer to restore "
                "it from a backup; a deliberate new history needs 'tellerguard init "
                "--reinitialise --reason TEXT --witness NAME' (two people)"
            )
        previous = _replace_previous(
            settings,
            traces,
            admin,
            admin_password,
            backup_passphrase,
            reinitialise,
            passwords,
            clock,
        )
    elif reinitialise is not None:
        raise AlreadySetUpError(
            "nothing of an earlier set-up was found: run 'tellerguard init' without --reinitialise",
            "未发现此前的初始化记录，无需重新初始化",
        )
    if not database.parent.is_dir():
        ensure_private_dir(database.parent)
    ensure_private_dir(key_dir)
    write_private_file(
        marker, previous.model_dump_json().encode() if previous is not None else b"{}"
    )

    keys = _branch_keys(settings, import_key_backup, import_passphrase, clock)
    backup_path = key_dir / KEY_BACKUP_FILE
    write_key_backup(keys, backup_passphrase, backup_path, created=clock.now(), n=scrypt_n)
    signer = (
        WorkstationSigner.load(key_dir)
        if (key_dir / SIGNING_KEY_FILE).exists()
        else WorkstationSigner.generate()
    )
    signer.save(key_dir)

    store = AuditStore.open(
        database,
        identity=store_identity(settings),
        keys=keys,
        signer=signer,
        create=True,
        checkpoint_dir=checkpoint_dir(settings),
        clock=clock,
        previous=previous,
    )
    try:
        users = UserDirectory(
            store, max_failed_logins=settings.max_failed_logins, passwords=passwords
        )
        if users.count():
            raise AlreadySetUpError(
                f"{database}: this workstation is already set up; manage operators "
                "with 'tellerguard users'",
                "本工作站已完成初始化",
            )
        users.add_first_admin(admin, admin_display_name or admin, admin_password)
        if previous is not None and reinitialise is not None:
            users.add_first_witness(
                previous.witness, reinitialise.witness.password, by=previous.administrator
            )
        result = InitResult(
            database=database,
            key_dir=key_dir,
            key_backup=backup_path,
            key_id=keys.key_id,
            store_id=store.store_id,
            admin=admin,
            public_key=signer.public_key_hex,
            previous=previous,
        )
    finally:
        store.close()
    marker.unlink()
    return result


def _read_marker(marker: Path) -> PreviousStore | None:
    try:
        data = json.loads(marker.read_bytes())
        return PreviousStore.model_validate(data) if data else None
    except (OSError, ValueError) as exc:
        raise AlreadySetUpError(
            f"{marker}: an interrupted set-up left this file, but it cannot be read ({exc}); "
            "call the bank's IT security officer"
        ) from None


def _replace_previous(
    settings: Settings,
    traces: list[str],
    admin: str,
    admin_password: str,
    backup_passphrase: str,
    request: Reinitialisation,
    passwords: Passwords,
    clock: Clock,
) -> PreviousStore:
    """Check a deliberate re-initialisation (reason, two different people, the escrowed
    backup passphrase), keep the previous store aside, and say what it was."""
    reason = " ".join(request.reason.split())
    if len(reason) < 10:
        raise AuthError(
            "a re-initialisation needs a reason of at least 10 characters (--reason)",
            "重新初始化须填写原因（至少 10 个字）",
        )
    witness = check_username(request.witness.username)
    if witness == admin:
        raise SelfApprovalError("a re-initialisation needs two different people")
    key_dir = settings.key_path
    if (key_dir / BRANCH_KEY_FILE).exists() and (key_dir / KEY_BACKUP_FILE).exists():
        keys = load_branch_keys(key_dir)
        escrowed = read_key_backup(key_dir / KEY_BACKUP_FILE, backup_passphrase)
        if escrowed.key_id != keys.key_id:
            raise KeyBackupError("the key backup does not hold this workstation's branch keys")
    database = settings.database_path
    store_id = last_seq = head_hash = None
    rows: dict[str, OperatorRow] = {}
    if database.exists():
        try:
            with AuditReader(database) as reader:
                head = reader.read_head()
                if head.seq:
                    last_seq, head_hash = head.seq, head.hash_hex
                    store_id = reader.info().store_id
                rows = {row.username: row for row in reader.operator_rows()}
        except (AuditError, ValueError) as exc:
            log.warning("re-initialisation: the previous store cannot be read: %s", exc)
    checked = bool(rows)
    if checked:
        _check_previous_operator(rows, admin, admin_password, ("it_admin",), passwords)
        _check_previous_operator(
            rows, witness, request.witness.password, ("supervisor", "it_admin"), passwords
        )
    else:
        check_policy(request.witness.password, username=witness)
    seal = None
    with contextlib.suppress(KeyFileError):
        seal = newest_local_checkpoint(checkpoint_dir(settings), store_id, load_public_key(key_dir))
    if last_seq is None and seal is not None:
        store_id, last_seq, head_hash = seal.store_id, seal.seq, seal.hash
    kept_as = None
    if database.exists():
        stamp = format_time(clock.now())[:19].replace(":", "")
        kept_as = move_store_aside(database, f".replaced-{stamp}").name
    return PreviousStore(
        found=[t[:200] for t in traces],
        store_id=store_id,
        last_seq=last_seq,
        head_hash=head_hash,
        seal_day=seal.day if seal else None,
        seal_seq=seal.seq if seal else None,
        seal_hash=seal.hash if seal else None,
        seal_file=local_name(seal) if seal else None,
        kept_as=kept_as,
        reason=reason,
        administrator=admin,
        witness=witness,
        credentials_checked=checked,
    )


def _check_previous_operator(
    rows: dict[str, OperatorRow],
    username: str,
    password: str,
    roles: tuple[str, ...],
    passwords: Passwords,
) -> None:
    """A person taking part in a re-initialisation, checked against the previous store's
    operators (nothing is written to that store: it is evidence now)."""
    row = rows.get(username)
    if row is None or not passwords.verify(row.password_hash, password):
        if row is None:
            passwords.burn(password)
        raise AuthenticationFailed(
            f"unknown operator or wrong password ({username}) in the previous store"
        )
    if row.disabled or row.locked or row.role not in roles:
        raise PermissionDenied(
            f"{username} (role {row.role}) may not take part in a re-initialisation: it needs "
            f"an active {' or '.join(roles)} of the previous store"
        )


def _branch_keys(
    settings: Settings, import_backup: Path | None, import_passphrase: str | None, clock: Clock
) -> BranchKeys:
    key_dir = settings.key_path
    if (key_dir / BRANCH_KEY_FILE).exists():
        keys = load_branch_keys(key_dir)  # a resumed set-up keeps its keys
    elif import_backup is not None:
        if import_passphrase is None:
            raise KeyBackupError("importing the branch keys needs the backup's passphrase")
        keys = read_key_backup(import_backup, import_passphrase)
        _same_branch(keys, settings)  # before anything is saved: another branch's keys stay out
        save_branch_keys(keys, key_dir)
    else:
        keys = BranchKeys.generate(settings.branch_code, clock.now())
        save_branch_keys(keys, key_dir)
    _same_branch(keys, settings)
    return keys


def _same_branch(keys: BranchKeys, settings: Settings) -> None:
    if keys.branch != settings.branch_code:
        raise KeyFileError(
            f"the branch keys belong to branch {keys.branch!r}, not to {settings.branch_code!r}"
        )


def check_key_backup_import(settings: Settings, backup: Path, passphrase: str) -> str:
    """That ``backup`` opens with ``passphrase`` and holds this branch's keys (for ``init``
    of a second workstation, before it writes anything); returns the branch key's id."""
    keys = read_key_backup(backup, passphrase)
    _same_branch(keys, settings)
    return keys.key_id


@dataclass(frozen=True, slots=True)
class RecoveryResult:
    key_id: str
    key_file: Path
    seq: int
    replaced: Path | None

    def lines(self) -> list[str]:
        lines = [
            f"branch key {self.key_id} restored to {self.key_file}; recorded as event #{self.seq}"
        ]
        if self.replaced is not None:
            lines.append(f"the previous (wrong) key file was kept as {self.replaced}")
        return lines


def recover_keys(
    settings: Settings,
    backup_file: Path,
    passphrase: str,
    operator: Credentials,
    *,
    passwords: Passwords | None = None,
    clock: Clock | None = None,
) -> RecoveryResult:
    """Restore lost or damaged branch keys from the passphrase backup (docs/AUDIT.md).

    The backup must hold the very key the store was created with; a system administrator
    signs in first (so the passphrase cannot be tried by someone who cannot: each try
    would otherwise say whether it opened the backup), and the recovery is recorded as a
    ``key_recovered`` event.
    """
    workstation = open_workstation(settings, with_keys=False, passwords=passwords, clock=clock)
    try:
        session = workstation.act_as(operator)
        session.require(Action.RECOVER_KEYS)
        keys = read_key_backup(Path(backup_file), passphrase)
        if keys.branch != settings.branch_code:
            raise KeyBackupError(
                f"the backup holds the keys of branch {keys.branch!r}, not {settings.branch_code!r}"
            )
        store = workstation.store
        info = store.info()
        if info.key_id != keys.key_id:
            raise KeyBackupError(
                f"the backup holds key {keys.key_id}, but this store was created "
                f"with key {info.key_id}; find the backup made at its set-up",
                "该备份中的密钥与本审计记录库不符",
            )
        key_file = settings.key_path / BRANCH_KEY_FILE
        replaced: Path | None = None
        if key_file.exists():
            stamp = format_time(workstation.clock.now())[:19].replace(":", "")
            replaced = key_file.with_name(f"{BRANCH_KEY_FILE}.replaced-{stamp}")
            key_file.rename(replaced)
        save_branch_keys(keys, settings.key_path)
        receipt = store.append(
            KeyRecovered(key_id=keys.key_id, backup_file=Path(backup_file).name),
            operator=session.username,
        )
        return RecoveryResult(keys.key_id, key_file, receipt.seq, replaced)
    finally:
        workstation.close()


def change_own_password(
    settings: Settings, username: str, old_password: str, new_password: str
) -> None:
    """An operator's own password change (required after a reset), recorded."""
    with open_workstation(settings) as workstation:
        workstation.users.change_password(username, old_password, new_password)
