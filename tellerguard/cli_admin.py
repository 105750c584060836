"""Headless administration subcommands: init, users, audit, keys, demo.

Thin wrappers over the services: parse arguments, read passwords from the terminal (typed
twice when new) or from ``--password-file``, open a :class:`~tellerguard.services.desk.Desk`
for the signed-in operator (or call the service that needs none), print the result's
``lines()``. Expected problems raise :class:`~tellerguard.errors.TellerGuardError`, which
``cli.main`` prints as English lines with the error's exit status.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tellerguard.cli_common import (
    UsageError,
    find_settings,
    pad,
    parse_date,
    positive_int,
    read_limited,
    region_code,
    require_settings,
)
from tellerguard.config import (
    Settings,
    config_path_for_init,
    default_data_dir,
    load_settings,
)
from tellerguard.private_files import POSIX, hand_over, write_private_file
from tellerguard.services.desk import Credentials

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


SECRET_FILE_LIMIT = 64 * 1024


def _read_secret_file(path: Path, what: str) -> str:
    """The first line of a secret file (UTF-8, a byte-order mark allowed, as Notepad writes)."""
    raw = read_limited(path, SECRET_FILE_LIMIT, what)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: the {what} file is not UTF-8 text (byte {exc.start})") from None
    secret = text.splitlines()[0] if text else ""
    if not secret:
        raise UsageError(f"{path}: the {what} file is empty")
    return secret


def _secret(
    file: Path | None, prompt: str, what: str, option: str, *, confirm: bool = False
) -> str:
    """A password from its file, else typed at the terminal (twice when ``confirm``)."""
    if file is not None:
        return _read_secret_file(file, what)
    if not sys.stdin.isatty():
        raise UsageError(
            f"no terminal to type the {what}: pass {option} FILE (the {what} on its first line)"
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Again: ") != first:
        raise UsageError(f"the two {what}s differ")
    return first


def _operator(args: argparse.Namespace) -> Credentials:
    if not args.operator:
        raise UsageError("this command acts for someone: pass --operator NAME")
    password = _secret(
        args.password_file, f"Password for {args.operator}: ", "password", "--password-file"
    )
    return Credentials(args.operator, password)


def _approver(args: argparse.Namespace) -> Credentials | None:
    if not getattr(args, "approver", None):
        return None
    password = _secret(
        args.approver_password_file,
        f"Password for {args.approver}: ",
        "approver password",
        "--approver-password-file",
    )
    return Credentials(args.approver, password)


def _public_key(text: str) -> str:
    """``--public-key``: 64 hex digits, or a file holding them (a workstation's ``.pub``)."""
    value = text.strip().lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        value = _read_secret_file(Path(text), "public key").strip().lower()
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise UsageError(f"{text}: not an Ed25519 public key (64 hex digits or a .pub file)")
    return value


def _print(result: Any) -> None:
    for line in result.lines():
        print(line)


def _print_breakdowns(desk: Any, settings: Any, args: argparse.Namespace) -> None:
    """``audit stats --by …`` / ``--rules`` / ``--xlsx``: the tables after the summary."""
    from tellerguard.services.reports import (
        BREAKDOWN_HEADERS_EN,
        RULE_HEADERS_EN,
        Breakdown,
        breakdown_cells,
        rule_cells,
        write_statistics_xlsx,
    )
    from tellerguard.services.rules import load_rules

    if not (args.by or args.rules or args.xlsx):
        return
    by: Breakdown = args.by or "day"
    rows = desk.breakdown(args.date_from, args.date_to, by)
    pack = load_rules(settings)
    titles = {compiled.rule.id: compiled.rule.title for compiled in pack.rules}
    rules = desk.rule_rates(args.date_from, args.date_to, titles)
    if args.by:
        print(f"per {by}:")
        print("\t".join(BREAKDOWN_HEADERS_EN))
        for row in rows:
            print("\t".join(breakdown_cells(row)))
    if args.rules:
        print("rules (fire rate = share of assessed cases hit; override rate = share of those")
        print("cases that went ahead although the rule asked for a reminder or more):")
        print("\t".join(RULE_HEADERS_EN))
        for rule in rules:
            print("\t".join(rule_cells(rule)))
    if args.xlsx:
        written = write_statistics_xlsx(args.xlsx, by, rows, rules)
        print(f"statistics written to {written}")


# -- handlers ------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    from tellerguard.services.workstation import (
        Reinitialisation,
        check_init_inputs,
        check_key_backup_import,
        init_workstation,
        settings_toml,
    )

    reinitialise = None
    if args.reinitialise:
        if not (args.witness and args.reason):
            raise UsageError(
                "--reinitialise needs --reason TEXT and a second person: --witness NAME "
                "(a supervisor or administrator, with their own password)"
            )
        witness = _secret(
            args.witness_password_file,
            f"Password for {args.witness}: ",
            "witness password",
            "--witness-password-file",
        )
        reinitialise = Reinitialisation(args.reason, Credentials(args.witness, witness))
    elif args.witness or args.reason:
        raise UsageError("--witness and --reason belong to --reinitialise")
    owner = _check_owner(args.owner)
    config_path = config_path_for_init(args.config)
    new_settings: Settings | None = None
    if config_path.exists():
        settings = require_settings(config_path)
        if owner is not None and settings.database_path.parent == config_path.parent:
            raise UsageError(f"--owner: {config_path} keeps the store beside it; give it its own")
        _same_as_configured(args, settings, config_path)
    else:
        if not (args.branch_code and args.branch_name and args.region):
            raise UsageError("a new workstation needs --branch-code, --branch-name and --region")
        data_dir = args.data_dir or default_data_dir()
        if owner is not None and data_dir is None:
            raise UsageError("--owner needs the store in a folder of its own: pass --data-dir DIR")
        settings = new_settings = _init_settings(args, data_dir)
    # Everything is checked before the configuration is written: a set-up refused for a short
    # password left a configuration behind, which the next 'init' then used as it was.
    password = _secret(
        args.password_file,
        f"New password for {args.admin}: ",
        "administrator password",
        "--password-file",
        confirm=True,
    )
    passphrase = _secret(
        args.backup_passphrase_file,
        "Key backup passphrase: ",
        "key backup passphrase",
        "--backup-passphrase-file",
        confirm=True,
    )
    check_init_inputs(args.admin, password, passphrase, args.admin_display_name)
    import_passphrase = None
    if args.import_key_backup is not None:  # a second workstation of the branch
        import_passphrase = _secret(
            args.import_passphrase_file,
            f"Passphrase of {args.import_key_backup.name}: ",
            "passphrase of the imported key backup",
            "--import-passphrase-file",
        )
        key_id = check_key_backup_import(settings, args.import_key_backup, import_passphrase)
        print(f"the branch keys {key_id} of {args.import_key_backup} will be used")
    elif args.import_passphrase_file is not None:
        raise UsageError("--import-passphrase-file belongs to --import-key-backup")
    if new_settings is not None:
        for folder in {new_settings.database_path.parent, new_settings.key_path.parent}:
            folder.mkdir(parents=True, exist_ok=True)  # an unusable folder fails here, first
        write_private_file(config_path, settings_toml(new_settings).encode("utf-8"))
        if owner is not None:  # root keeps it; the counter account reads it, cannot change it
            config_path.chmod(0o644)
        settings = load_settings(config_path)
        print(f"wrote configuration {config_path}")
    result = init_workstation(
        settings,
        args.admin,
        password,
        passphrase,
        admin_display_name=args.admin_display_name,
        import_key_backup=args.import_key_backup,
        import_passphrase=import_passphrase,
        reinitialise=reinitialise,
    )
    if owner is not None:
        hand_over([settings.database_path.parent, settings.key_path], owner)
        print(f"store and keys now belong to {owner} (owner-only)")
    _print(result)
    return EXIT_OK


def _init_settings(args: argparse.Namespace, data_dir: Path | None) -> Settings:
    """A new workstation's settings from the options; :class:`UsageError` naming each bad one."""
    try:
        return Settings(
            branch_code=args.branch_code,
            branch_name=args.branch_name,
            region=args.region,
            workstation=args.workstation,
            **(
                {}
                if data_dir is None
                else {
                    "database": data_dir.absolute() / "tellerguard.sqlite3",
                    "key_dir": data_dir.absolute() / "keys",
                }
            ),
        )
    except ValidationError as exc:
        options = {"database": "--data-dir", "key_dir": "--data-dir"}
        raise UsageError(
            "; ".join(
                f"{options.get(str(err['loc'][0]), '--' + str(err['loc'][0]).replace('_', '-'))}: "
                f"{str(err['msg']).removeprefix('Value error, ')}"
                for err in exc.errors()
            )
        ) from None


def _same_as_configured(args: argparse.Namespace, settings: Settings, config: Path) -> None:
    """An existing configuration is used as it is: options that say otherwise are refused
    rather than silently ignored."""
    given = {
        "--branch-code": (args.branch_code, settings.branch_code),
        "--branch-name": (args.branch_name, settings.branch_name),
        "--region": (args.region, settings.region),
    }
    differ = [name for name, (value, kept) in given.items() if value and value != kept]
    if differ:
        raise UsageError(
            f"{config} already exists and says otherwise for {', '.join(differ)}: it is used "
            "as it is; leave those options out, or give another --config"
        )


def _check_owner(owner: str | None) -> str | None:
    """``--owner``: only root can give files away, and only to an account that exists."""
    if owner is None:
        return None
    if not POSIX or os.geteuid() != 0:
        raise UsageError("--owner needs root on Linux (it gives the store and keys away)")
    import pwd

    try:
        pwd.getpwnam(owner)
    except KeyError:
        raise UsageError(f"--owner: no local account named {owner!r}") from None
    return owner


def cmd_users(args: argparse.Namespace) -> int:
    from tellerguard.services.desk import Desk
    from tellerguard.services.workstation import change_own_password

    settings = require_settings(args.config)
    action = args.users_command
    if action == "passwd":
        name = args.operator or args.username
        if not name:
            raise UsageError("pass --operator NAME (whose password changes)")
        old = _secret(
            args.password_file, f"Current password for {name}: ", "password", "--password-file"
        )
        new = _secret(
            args.new_password_file,
            "New password: ",
            "new password",
            "--new-password-file",
            confirm=True,
        )
        change_own_password(settings, name, old, new)
        print(f"passwd: password of {name} changed")
        return EXIT_OK
    operator = _operator(args)
    if action == "list":
        with Desk.open(settings, operator) as desk:
            users = desk.operators()
        print(f"{pad('username', 16)} {pad('name', 12)} {pad('role', 12)} status")
        for user in users:
            status = (
                ", ".join(
                    s
                    for s, on in (
                        ("disabled", user.disabled),
                        ("locked", user.locked),
                        ("must change password", user.must_change_password),
                    )
                    if on
                )
                or "active"
            )
            name = pad(user.display_name, 12)
            print(f"{pad(user.username, 16)} {name} {pad(user.role, 12)} {status}")
        return EXIT_OK
    password = ""
    if action in ("add", "reset-password"):
        what = "Initial" if action == "add" else "Temporary"
        password = _secret(
            args.new_password_file,
            f"{what} password for {args.username}: ",
            "new password",
            "--new-password-file",
            confirm=True,
        )
    with Desk.open(settings, operator) as desk:
        if action == "add":
            info = desk.add_operator(
                args.username, args.display_name or args.username, args.role, password
            )
        elif action == "disable":
            info = desk.disable_operator(args.username, args.reason or "")
        elif action == "unlock":
            info = desk.unlock_operator(args.username)
        elif action == "set-role":
            if args.role is None:
                raise UsageError(f"users set-role: pass --role ROLE ({ROLE_HELP})")
            info = desk.set_role(args.username, args.role)
        else:  # reset-password
            info = desk.reset_password(args.username, password)
    print(f"{action}: {info.username} ({info.role}) recorded as event #{info.event_seq}")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from tellerguard.services.audit_ops import check_export_bundle, event_types, verify_audit
    from tellerguard.services.desk import Desk

    action = args.audit_command
    if action == "types":
        for info in event_types():
            print(f"{info.name:<28} {info.label_zh}  {info.description}")
        return EXIT_OK
    if action == "migrate":
        from tellerguard.services.audit_ops import migrate_audit

        migrated = migrate_audit(args.db)
        for line in migrated.lines():
            print(line)
        return EXIT_OK if migrated.report.ok else EXIT_CHECK_FAILED
    if action == "verify":
        settings = require_settings(args.config) if args.db is None or args.config else None
        db = args.db or (settings.database_path if settings else None)
        if db is None:
            raise UsageError("audit verify needs --db PATH or --config PATH")
        outcome = verify_audit(
            db,
            checkpoints=args.checkpoint or (),
            deep=args.deep,
            key_dir=settings.key_path if settings else None,
            settings=settings,
            public_key=_public_key(args.public_key) if args.public_key else None,
        )
        _print(outcome)
        return EXIT_OK if outcome.report.ok else EXIT_CHECK_FAILED
    if action == "check-bundle":
        settings = find_settings(args.config) if args.config or args.db is None else None
        check = check_export_bundle(
            args.bundle,
            db=args.db,
            public_key=_public_key(args.public_key) if args.public_key else None,
            key_dir=settings.key_path if settings else None,
        )
        _print(check)
        if args.db is None:  # say so: a reader could take the lines above for the whole check
            print("the store was not checked: give --db STORE to find the export's event in it")
        return EXIT_OK if check.ok else EXIT_CHECK_FAILED
    if action in ("stats", "export") and args.date_to < args.date_from:
        raise UsageError("--to is before --from")
    settings = require_settings(args.config)
    operator = _operator(args)
    approver = _approver(args) if action == "export" else None
    with Desk.open(settings, operator) as desk:
        if action == "seals":
            return _seals(desk, args)
        if action == "seal":
            _print(desk.seal(day=args.day, out=args.out))
        elif action == "stats":
            _print(desk.statistics(args.date_from, args.date_to))
            _print_breakdowns(desk, settings, args)
        elif action == "export":
            _print(
                desk.export(
                    args.date_from,
                    args.date_to,
                    args.format,
                    args.out,
                    types=args.type or None,
                    teller=args.teller,
                    unmasked=args.unmasked,
                    approver=approver,
                    reason=args.reason,
                )
            )
        else:  # backup
            _print(desk.backup(args.out))
    return EXIT_OK


def _seals(desk: Any, args: argparse.Namespace) -> int:
    """``audit seals``: the last seals and whether the store still matches each; with
    ``--export EVENT --out FILE`` a copy of that seal's signed checkpoint (the console's
    导出检查点)."""
    from tellerguard.services.seals import export_checkpoint, recent_seals

    if (args.export is None) != (args.out is None):
        raise UsageError("audit seals: pass --export EVENT and --out FILE together")
    if args.export is not None:
        path = export_checkpoint(desk.workstation, desk.operator, args.export, args.out)
        print(f"checkpoint of the seal recorded as event {args.export} written: {path}")
        print(f"keep it off this PC; check the store with: audit verify --checkpoint {path}")
        return EXIT_OK
    seals = recent_seals(desk.workstation, desk.operator, limit=args.last)
    if not seals:
        print("no seal is recorded in this store")
        return EXIT_OK
    print(f"{'event':>8} {'day':<10} {'seq':>8}  {'sealed at':<19}  status")
    for seal in seals:
        status = (
            "OK"
            if seal.ok
            else ("SIGNATURE DOES NOT HOLD" if not seal.signature_holds else "STORE DIFFERS")
        )
        copy = (
            "local copy"
            if seal.local_copy
            else ("superseded" if seal.superseded else "no local copy")
        )
        print(
            f"{seal.event_seq:>8} {seal.day:<10} {seal.seq:>8}  {seal.sealed_at[:19]:<19}  "
            f"{status} ({copy})"
        )
    return EXIT_OK if all(seal.ok for seal in seals) else EXIT_CHECK_FAILED


def cmd_keys(args: argparse.Namespace) -> int:
    from tellerguard.services.workstation import recover_keys

    settings = require_settings(args.config)
    operator = _operator(args)
    passphrase = _secret(
        args.passphrase_file,
        "Key backup passphrase: ",
        "key backup passphrase",
        "--passphrase-file",
    )
    _print(recover_keys(settings, args.backup, passphrase, operator))
    return EXIT_OK


def cmd_lists(args: argparse.Namespace) -> int:
    from tellerguard.domain.clock import program_clock
    from tellerguard.services import risklists
    from tellerguard.services.desk import Desk
    from tellerguard.services.rules import load_rules

    action = args.lists_command
    if action == "keygen":
        _print(risklists.generate_list_key(args.out))
        return EXIT_OK
    if action == "sign":
        if args.mode == "delta" and not args.base_version:
            raise UsageError("a delta needs --base-version (the version it applies to)")
        _print(
            risklists.sign_list(
                args.file,
                args.key,
                list_id=args.list,
                version=args.version,
                key_kind=args.kind,
                mode=args.mode,
                base_version=args.base_version,
                title=args.title,
                issuer=args.issuer,
                valid_from=args.valid_from,
                valid_until=args.valid_until,
                expires=args.expires,
                clock=program_clock(),
            )
        )
        return EXIT_OK
    settings = require_settings(args.config)
    operator = _operator(args)
    with Desk.open(settings, operator) as desk:
        workstation, session = desk.workstation, desk.operator
        if action == "import":
            _print(
                risklists.import_list(
                    workstation, session, args.file, args.list, signature_file=args.signature
                )
            )
        elif action == "show":
            _print(risklists.show_lists(workstation, session))
        elif action == "expire":
            _print(risklists.expire_lists(workstation, session, args.list))
        else:  # verify
            report = risklists.verify_lists(workstation, session, load_rules(settings))
            _print(report)
            return EXIT_OK if report.ok else EXIT_CHECK_FAILED
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from tellerguard.services.demo import populate_demo

    if args.events < 0 or args.events > 10_000_000:
        raise UsageError("--events must be between 0 and 10,000,000")
    step = max(args.events // 20, 1)
    shown = [0]
    started = time.monotonic()  # a duration, not a moment: the program's clock is not asked

    def progress(written: int) -> None:
        # A million events take many minutes: a line at each twentieth, on stderr, with the
        # time left at the pace so far.
        if not args.quiet and written // step > shown[0]:
            shown[0] = written // step
            percent = 100 * written // max(args.events, 1)
            left = (time.monotonic() - started) / max(written, 1) * (args.events - written)
            print(
                f"  … {written:,} of {args.events:,} events ({percent}%), "
                f"about {_duration(left)} left",
                file=sys.stderr,
            )

    _print(populate_demo(args.db, args.events, args.seed, progress=progress))
    return EXIT_OK


def _duration(seconds: float) -> str:
    """``42 s``, ``7 min``, ``1 h 05 min``: how long a long job still needs."""
    if seconds < 90:
        return f"{max(seconds, 0):.0f} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


# -- parser --------------------------------------------------------------------------------
CONFIG_HELP = (
    "the workstation's settings file (TOML); default: $TELLERGUARD_CONFIG, then the "
    "platform's config folder"
)
DATE_HELP = "a Shanghai business date, YYYY-MM-DD"
ROLES = ("teller", "supervisor", "rule_admin", "it_admin")
ROLE_HELP = "one of " + ", ".join(ROLES)


def _loaded_pack(folder: Path) -> Any:
    """A pack given on the command line, or exit 2 with each of its problems."""
    from tellerguard.services.rules import check_pack

    check = check_pack(folder)
    if check.pack is None:
        for line in check.lines():
            print(line, file=sys.stderr)
        raise UsageError(f"{folder}: not a usable rule pack")
    return check.pack


def cmd_rules_diff(args: argparse.Namespace) -> int:
    from tellerguard.services.rule_changes import diff_packs

    _print(diff_packs(_loaded_pack(args.old), _loaded_pack(args.new)))
    return EXIT_OK


def cmd_rules_replay(args: argparse.Namespace) -> int:
    """Exit 1 when the new pack would let through a case the counter had stopped."""
    from tellerguard.services.desk import Desk
    from tellerguard.services.rules import load_rules

    if args.last < 1:
        raise UsageError("--last must be at least 1")
    settings = require_settings(args.config)
    if args.db is not None:
        settings = settings.model_copy(update={"database": args.db.absolute()})
    new = _loaded_pack(args.pack)
    old = load_rules(settings)
    with Desk.open(settings, _operator(args)) as desk:
        report = desk.replay(old, new, last=args.last)
    _print(report)
    return EXIT_CHECK_FAILED if report.let_through else EXIT_OK


def register_rules(rules_sub: Any) -> None:
    """``tellerguard rules diff`` and ``rules replay`` (beside ``check`` and ``test``)."""
    p = rules_sub.add_parser("diff", help="rules added, removed, changed; parameters old -> new")
    p.add_argument("old", type=Path, metavar="OLD", help="the rule pack folder in use")
    p.add_argument("new", type=Path, metavar="NEW", help="the proposed rule pack folder")
    p.set_defaults(handler=cmd_rules_diff)
    p = rules_sub.add_parser(
        "replay", help="judge the store's last recorded cases by the active pack and PACK"
    )
    p.add_argument("pack", type=Path, metavar="PACK", help="the proposed rule pack folder")
    _common(p)
    p.add_argument("--db", type=Path, metavar="STORE", help="default: the configured store")
    p.add_argument(
        "--last",
        type=positive_int,
        default=1000,
        metavar="N",
        help="how many of the latest recorded cases to judge again (default: 1000)",
    )
    p.set_defaults(handler=cmd_rules_replay)


def _common(p: argparse.ArgumentParser, *, operator: bool = True) -> None:
    p.add_argument("--config", type=Path, metavar="PATH", help=CONFIG_HELP)
    if operator:
        p.add_argument(
            "--operator",
            metavar="NAME",
            help="the username who acts; the password is asked for at the terminal",
        )
        p.add_argument(
            "--password-file",
            type=Path,
            metavar="FILE",
            help="read the operator's password from the first line of FILE instead",
        )


def _date_range(p: argparse.ArgumentParser) -> None:
    for option, dest, which in (("--from", "date_from", "first"), ("--to", "date_to", "last")):
        p.add_argument(
            option,
            dest=dest,
            type=parse_date,
            required=True,
            metavar="DATE",
            help=f"{DATE_HELP}, the {which} day included",
        )


class _DeprecatedRole(argparse.Action):
    """``users set-role NAME ROLE`` (before --role): still works, with a line saying so."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, value: Any,
        option_string: str | None = None,
    ) -> None:  # fmt: skip
        if value is not None:
            print(
                "warning: 'users set-role NAME ROLE' is deprecated; write --role ROLE",
                file=sys.stderr,
            )
            namespace.role = value


def register(sub: Any) -> None:
    """Add the administration subcommands to ``tellerguard``'s parser."""
    p = sub.add_parser("init", help="set up this workstation: configuration, keys, store, admin")
    p.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="where to write the settings (TOML); default: $TELLERGUARD_CONFIG, "
        "$TELLERGUARD_SYSTEM_CONFIG (installed: /etc/tellerguard), then the platform's folder",
    )
    p.add_argument("--branch-code", metavar="CODE", help="the bank's branch code, e.g. ZZ001")
    p.add_argument("--branch-name", metavar="NAME", help="the branch's name in Chinese")
    p.add_argument(
        "--region",
        type=region_code,
        metavar="CODE",
        help="the branch's 6-digit GB/T 2260 region code, e.g. 410102",
    )
    p.add_argument(
        "--workstation",
        default="counter-01",
        metavar="NAME",
        help="this PC's name in the audit log (default: counter-01)",
    )
    p.add_argument(
        "--admin", required=True, metavar="NAME", help="the first administrator's username"
    )
    p.add_argument("--admin-display-name", metavar="NAME", help="the administrator's name as shown")
    p.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help="the administrator's password on the first line of FILE (else asked twice)",
    )
    p.add_argument(
        "--backup-passphrase-file",
        type=Path,
        metavar="FILE",
        help="the key-backup passphrase on the first line of FILE (else asked twice)",
    )
    p.add_argument(
        "--import-key-backup",
        type=Path,
        metavar="FILE",
        help="a second or later workstation of the branch: use the branch keys of this key "
        "backup (the escrowed branch-keys.backup.json of the first) instead of new ones",
    )
    p.add_argument(
        "--import-passphrase-file",
        type=Path,
        metavar="FILE",
        help="that backup's passphrase on the first line of FILE (else asked)",
    )
    p.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="folder of the new store and keys (default: $TELLERGUARD_DATA_DIR, "
        "else beside the configuration)",
    )
    p.add_argument(
        "--owner",
        metavar="USER",
        help="run as root: give the store and keys to the account that works at the counter",
    )
    p.add_argument(
        "--reinitialise",
        action="store_true",
        help="deliberately start a new history on a workstation that had one (two people)",
    )
    p.add_argument("--reason", metavar="TEXT", help="why the history restarts (recorded)")
    p.add_argument(
        "--witness", metavar="NAME", help="the second person: an active supervisor or admin"
    )
    p.add_argument(
        "--witness-password-file",
        type=Path,
        metavar="FILE",
        help="the witness's password on the first line of FILE (else asked)",
    )
    p.set_defaults(handler=cmd_init)

    users = sub.add_parser("users", help="operators and roles")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    for name, helptext in (
        ("add", "add an operator"),
        ("list", "list operators"),
        ("disable", "disable an operator"),
        ("unlock", "unlock after lockout"),
        ("set-role", "change an operator's role"),
        ("reset-password", "set a temporary password"),
        ("passwd", "change your own password (required after a reset)"),
    ):
        p = users_sub.add_parser(name, help=helptext)
        _common(p)
        if name not in ("list", "passwd"):
            p.add_argument("username", metavar="USERNAME", help="the operator acted on")
        if name == "add":
            p.add_argument("--display-name", metavar="NAME", help="the name as shown (Chinese)")
        if name in ("add", "set-role"):
            p.add_argument(
                "--role", choices=ROLES, required=name == "add", metavar="ROLE", help=ROLE_HELP
            )
        if name == "set-role":
            p.add_argument(
                "old_role",
                nargs="?",
                choices=(*ROLES, None),
                metavar="ROLE",
                action=_DeprecatedRole,
                help=argparse.SUPPRESS,
            )
        if name == "passwd":
            p.add_argument(
                "username", nargs="?", metavar="USERNAME", help="default: the --operator"
            )
        if name in ("add", "reset-password", "passwd"):
            p.add_argument(
                "--new-password-file",
                type=Path,
                metavar="FILE",
                help="the new password on the first line of FILE (else asked twice)",
            )
        if name == "disable":
            p.add_argument("--reason", metavar="TEXT", help="why, for the audit log")
        p.set_defaults(handler=cmd_users)

    audit = sub.add_parser("audit", help="verify, seal, export and back up the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    p = audit_sub.add_parser("verify", help="recompute the hash chain and check the schema")
    p.add_argument(
        "--db", type=Path, metavar="PATH", help="a store file (default: the configured one)"
    )
    p.add_argument("--config", type=Path, metavar="PATH", help=CONFIG_HELP)
    p.add_argument(
        "--checkpoint",
        type=Path,
        action="append",
        metavar="FILE",
        help="a signed day checkpoint (JSON) the chain must still match; repeatable",
    )
    p.add_argument("--deep", action="store_true", help="also check derived columns and ciphers")
    p.add_argument(
        "--public-key",
        metavar="HEX|FILE",
        help="the workstation's public key the seals must be signed with",
    )
    p.set_defaults(handler=cmd_audit)
    p = audit_sub.add_parser("seal", help="sign the day's last sequence number and hash")
    _common(p)
    p.add_argument(
        "--day", type=parse_date, metavar="DATE",
        help=DATE_HELP + ": a past day, sealed as the chain stood at its end (default: "
        "everything recorded so far)",
    )  # fmt: skip
    p.add_argument(
        "--out", type=Path, metavar="FILE", help="also write the signed checkpoint (JSON) here"
    )
    p.set_defaults(handler=cmd_audit)
    p = audit_sub.add_parser(
        "seals", help="the last seals, whether the store still matches each; export one"
    )
    _common(p)
    p.add_argument(
        "--last",
        type=positive_int,
        default=10,
        metavar="N",
        help="how many seals, newest first (default 10)",
    )
    p.add_argument(
        "--export", type=positive_int, metavar="EVENT",
        help="the seal recorded as this event number (see the list) to copy with --out",
    )  # fmt: skip
    p.add_argument(
        "--out", type=Path, metavar="FILE",
        help="write that seal's signed checkpoint (JSON) here, to keep off the PC",
    )  # fmt: skip
    p.set_defaults(handler=cmd_audit)
    p = audit_sub.add_parser("export", help="a zip bundle for inspectors")
    _common(p)
    _date_range(p)
    p.add_argument(
        "--format", choices=("csv", "xlsx", "jsonl"), required=True, metavar="FORMAT",
        help="csv, xlsx or jsonl",
    )  # fmt: skip
    p.add_argument("--out", type=Path, required=True, metavar="PATH", help="the zip file to write")
    p.add_argument(
        "--type", action="append", metavar="TYPE",
        help="only this event type (see 'audit types'); repeatable",
    )  # fmt: skip
    p.add_argument("--teller", metavar="NAME", help="only events by this username")
    p.add_argument(
        "--unmasked", action="store_true",
        help="personal data in full: needs --approver and --reason",
    )  # fmt: skip
    p.add_argument("--approver", metavar="NAME", help="the second person who approves --unmasked")
    p.add_argument(
        "--approver-password-file", type=Path, metavar="FILE",
        help="the approver's password on the first line of FILE (else asked for)",
    )  # fmt: skip
    p.add_argument("--reason", metavar="TEXT", help="why the unmasked export is needed")
    p.set_defaults(handler=cmd_audit)
    p = audit_sub.add_parser(
        "check-bundle",
        help="check an export bundle: signature, file hashes, and with --db the export event "
        "in the store",
    )
    p.add_argument("bundle", type=Path, metavar="FILE")
    p.add_argument("--db", type=Path, metavar="STORE", help="the store it was exported from")
    p.add_argument("--config", type=Path, metavar="PATH", help=CONFIG_HELP)
    p.add_argument("--public-key", metavar="HEX|FILE", help="the workstation's public key")
    p.set_defaults(handler=cmd_audit)
    p = audit_sub.add_parser(
        "migrate",
        help="bring a store written by an older TellerGuard to the current format "
        "(verified backup first; old events kept byte for byte)",
    )
    p.add_argument("--db", type=Path, required=True, metavar="PATH", help="the store file")
    p.set_defaults(handler=cmd_audit)
    p = audit_sub.add_parser("backup", help="online backup of the store, verified")
    _common(p)
    p.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="the backup store file to write"
    )
    p.set_defaults(handler=cmd_audit)
    p = audit_sub.add_parser("stats", help="what the branch stopped: dissuasions, refusals …")
    _common(p)
    _date_range(p)
    p.add_argument(
        "--by",
        choices=("day", "week", "month", "teller", "typology"),
        help="also the counts per day, week (its Monday), month, teller or typology tag",
    )
    p.add_argument("--rules", action="store_true", help="each rule's fire and override rate")
    p.add_argument(
        "--xlsx", type=Path, metavar="FILE",
        help="write the tables to FILE (.xlsx is added to another ending)",
    )  # fmt: skip
    p.set_defaults(handler=cmd_audit)
    p = audit_sub.add_parser("types", help="list the event types")
    p.set_defaults(handler=cmd_audit)

    keys = sub.add_parser("keys", help="branch key recovery")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    p = keys_sub.add_parser("recover", help="restore the branch keys from the escrowed backup")
    _common(p)
    p.add_argument(
        "--backup", type=Path, required=True, metavar="FILE", help="the escrowed key backup file"
    )
    p.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="the backup passphrase on the first line of FILE (else asked for)",
    )
    p.set_defaults(handler=cmd_keys)

    lists = sub.add_parser("lists", help="risk lists: import signed files, show, verify, expire")
    lists_sub = lists.add_subparsers(dest="lists_command", required=True)
    p = lists_sub.add_parser("import", help="import a signed CSV or XLSX list (full or delta)")
    _common(p)
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--list", required=True, metavar="ID", help="the list id the file is for")
    p.add_argument("--signature", type=Path, metavar="FILE.sig", help="default: FILE.sig")
    p.set_defaults(handler=cmd_lists)
    for name, helptext in (
        ("show", "each list's version, validity and entries by category"),
        ("verify", "recompute each list's content hash against its audit event"),
        ("expire", "remove entries past their expiry (recorded)"),
    ):
        p = lists_sub.add_parser(name, help=helptext)
        _common(p)
        if name == "expire":
            p.add_argument("--list", metavar="ID", help="only this list (default: every list)")
        p.set_defaults(handler=cmd_lists)
    p = lists_sub.add_parser("keygen", help="issuer: a new Ed25519 key pair for signing lists")
    p.add_argument(
        "--out", type=Path, required=True, metavar="KEYFILE", help="where to write the private key"
    )
    p.set_defaults(handler=cmd_lists)
    p = lists_sub.add_parser("sign", help="issuer: check a list file and write FILE.sig")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--key", type=Path, required=True, metavar="KEYFILE", help="the issuer's private key"
    )
    p.add_argument(
        "--list",
        required=True,
        metavar="ID",
        help="the list id the pack names, e.g. police_accounts",
    )
    p.add_argument(
        "--version", required=True, metavar="VERSION", help="this file's version, e.g. 2026.11.20"
    )
    p.add_argument(
        "--kind",
        required=True,
        choices=("account", "id_number", "phone", "name_and_id"),
        help="what the list's keys are",
    )
    p.add_argument(
        "--mode",
        choices=("full", "delta"),
        default="full",
        help="full: the whole list; delta: add/remove rows against --base-version",
    )
    p.add_argument("--base-version", metavar="VERSION", help="for a delta: the version it changes")
    p.add_argument("--title", required=True, help="e.g. 公安机关推送的涉案账户名单")
    p.add_argument("--issuer", required=True, help="e.g. 公安机关推送 or 总行风险管理部")
    p.add_argument(
        "--valid-from",
        type=parse_date,
        required=True,
        metavar="DATE",
        help="the list applies from this date, YYYY-MM-DD",
    )
    p.add_argument(
        "--valid-until", type=parse_date, metavar="DATE", help="and until this date, YYYY-MM-DD"
    )
    p.add_argument(
        "--expires", type=parse_date, required=True, metavar="DATE", help="signature expiry"
    )
    p.set_defaults(handler=cmd_lists)

    p = sub.add_parser(
        "demo",
        help="create or extend a demo branch: configuration, operators and counter work",
        description="Create (or extend) a demo branch: its configuration PATH.toml beside the "
        "store, keys, demo operators, and business days of realistic cases judged by the "
        "default rule pack and recorded as a counter would, up to now.",
    )
    p.add_argument(
        "--db", type=Path, required=True, metavar="PATH", help="the store file, e.g. demo.sqlite3"
    )
    p.add_argument(
        "--events",
        type=positive_int,
        required=True,
        metavar="N",
        help="about how many events to append (about 120 make a business day)",
    )
    p.add_argument(
        "--seed", type=int, default=0, metavar="S", help="the same seed makes the same branch"
    )
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(handler=cmd_demo)
