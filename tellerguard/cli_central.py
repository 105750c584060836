"""``tellerguard ship`` and ``tellerguard central …``: the bank's central audit database.

The DSN is libpq's (``postgresql://USER@HOST:5432/DB`` or ``host=… dbname=…``); keep the
password out of it and in ``~/.pgpass`` or ``PGPASSWORD``, where ``ps`` cannot see it.
``--dsn`` defaults to ``$TELLERGUARD_CENTRAL_DSN``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Literal

from tellerguard.cli_common import (
    UsageError,
    find_settings,
    non_negative_float,
    non_negative_int,
    parse_date,
    positive_int,
)
from tellerguard.domain.format import count_of
from tellerguard.private_files import write_private_file

EXIT_OK, EXIT_CHECK_FAILED = 0, 1
DSN_ENV = "TELLERGUARD_CENTRAL_DSN"
DSN_HELP = (
    f"the central PostgreSQL, a libpq connection string such as "
    f"'host=central.bank dbname=tellerguard user=…' (default: ${DSN_ENV})"
)


def _dsn(args: argparse.Namespace) -> str:
    dsn: str | None = args.dsn or os.environ.get(DSN_ENV)
    if not dsn:
        raise UsageError(f"no central database: pass --dsn DSN or set {DSN_ENV}")
    return dsn


def _print(result: Any) -> None:
    for line in result.lines():
        print(line)


def cmd_ship(args: argparse.Namespace) -> int:
    from tellerguard.services.central import ship_store, workstation_source, write_bundle

    if args.batch < 1 or args.batch > 100_000:
        raise UsageError("--batch must be between 1 and 100,000")
    settings = find_settings(args.config) if args.db is None or args.config else None
    source = workstation_source(settings, args.db, args.key_dir)
    if args.out is not None:
        _print(write_bundle(source, args.out, after=args.after))
        return EXIT_OK
    if args.after:
        raise UsageError("--after goes with --out (online, the centre says where to start)")

    def progress(report: Any) -> None:
        if args.progress:
            print(f"  … seq {report.head_seq}", file=sys.stderr)

    report = ship_store(
        source, _dsn(args), batch=args.batch, retry_seconds=args.retry_seconds, progress=progress
    )
    _print(report)
    return EXIT_CHECK_FAILED if report.warnings else EXIT_OK


_SEARCH_OPTION = {"id": "--id-number", "card": "--account", "phone": "--phone"}


def cmd_central(args: argparse.Namespace) -> int:
    from tellerguard.services import central

    action = args.central_command
    if action == "init":
        _print(central.init_central(_dsn(args), args.lookup_key))
        return EXIT_OK
    if action == "find":
        choices: tuple[tuple[Literal["id", "card", "phone"], str | None], ...] = (
            ("id", args.id_number),
            ("card", args.account),
            ("phone", args.phone),
        )
        kind, number = next((k, v) for k, v in choices if v is not None)
        try:
            found = central.find_customer(
                _dsn(args),
                args.lookup_key,
                kind,
                str(number),
                operator=args.operator,
                reason=args.reason,
            )
        except central.SearchedNumberError as exc:
            raise UsageError(f"{_SEARCH_OPTION[exc.kind]}: {exc.problem}") from None
        _print(found)
        return EXIT_OK
    if action == "enroll":
        _print(central.enroll_workstation(_dsn(args), args.key, args.branch, args.workstation))
        return EXIT_OK
    if action == "stats":
        _print(central.statistics(_dsn(args), args.date_from, args.date_to, args.by))
        return EXIT_OK
    if action == "tree":
        _print(central.sign_tree(_dsn(args), args.log_key, args.origin))
        return EXIT_OK
    if action == "prove":
        text = central.prove(
            _dsn(args),
            store_id=args.store,
            seq=args.seq,
            consistency_from=args.consistency_from,
            size=args.size,
        )
        if args.out is None:
            sys.stdout.write(text)
        else:
            write_private_file(args.out, text.encode("utf-8"))
            print(f"prove: wrote {args.out} ({count_of(len(text.encode()), 'byte')})")
        return EXIT_OK
    if action == "import":
        result = central.import_bundle(_dsn(args), args.file)
        _print(result)
        return EXIT_CHECK_FAILED if result.outcome.warnings else EXIT_OK
    # verify
    seen = [0]

    def progress(count: int) -> None:
        seen[0] += count
        if not args.quiet and count:
            print(f"  … {seen[0]:,} events verified", file=sys.stderr)

    if not 1 <= args.jobs <= 64:
        raise UsageError("--jobs must be between 1 and 64")
    report = central.verify_centre(_dsn(args), progress=progress, jobs=args.jobs, deep=args.deep)
    _print(report)
    return EXIT_OK if report.ok else EXIT_CHECK_FAILED


def cmd_verify_proof(args: argparse.Namespace) -> int:
    from tellerguard.services.central import check_proof_file

    _print(check_proof_file(args.proof, args.vkey, args.old_checkpoint))
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser(
        "verify-proof", help="check a central inclusion or consistency proof offline"
    )
    p.add_argument("proof", type=Path, metavar="FILE")
    p.add_argument("--vkey", required=True, metavar="KEY|FILE", help="the log's verifier key")
    p.add_argument("--old-checkpoint", type=Path, metavar="FILE", help="for a consistency proof")
    p.set_defaults(handler=cmd_verify_proof)

    p = sub.add_parser("ship", help="send this workstation's audit events to the centre")
    p.add_argument("--dsn", metavar="DSN", help=DSN_HELP)
    p.add_argument("--db", type=Path, metavar="PATH", help="the store (default: configured)")
    p.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="the workstation's settings file (TOML); default: $TELLERGUARD_CONFIG, then the "
        "platform's config folder",
    )
    p.add_argument("--key-dir", type=Path, metavar="DIR", help="the workstation's key folder")
    p.add_argument("--batch", type=positive_int, default=5000, metavar="N", help="events per batch")
    p.add_argument(
        "--retry-seconds",
        type=non_negative_float,
        default=60.0,
        metavar="S",
        help="keep retrying a lost connection for S seconds before giving up (default: 60)",
    )
    p.add_argument("--out", type=Path, metavar="FILE", help="write a signed bundle instead")
    p.add_argument(
        "--after", type=non_negative_int, default=0, metavar="SEQ", help="with --out: from SEQ+1"
    )
    p.add_argument("--progress", action="store_true", help="print a line after each batch")
    p.set_defaults(handler=cmd_ship)

    central = sub.add_parser("central", help="the bank's central audit database")
    central_sub = central.add_subparsers(dest="central_command", required=True)
    p = central_sub.add_parser("init", help="create or upgrade the central schema")
    p.add_argument("--dsn", metavar="DSN", help=DSN_HELP)
    p.add_argument(
        "--lookup-key",
        type=Path,
        metavar="FILE",
        help="register this bank lookup key file (made when missing) for bank-wide search",
    )
    p.set_defaults(handler=cmd_central)
    p = central_sub.add_parser("find", help="倒查: every case of a customer at any branch")
    p.add_argument("--dsn", metavar="DSN", help=DSN_HELP)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--id-number", metavar="N")
    who.add_argument("--account", metavar="N", help="a payee's card or account number")
    who.add_argument("--phone", metavar="N")
    p.add_argument("--reason", required=True, metavar="TEXT", help="why (recorded)")
    p.add_argument("--operator", required=True, metavar="NAME", help="who searches (recorded)")
    p.add_argument(
        "--lookup-key",
        type=Path,
        required=True,
        metavar="FILE",
        help="the bank lookup key file (from 'central init --lookup-key')",
    )
    p.set_defaults(handler=cmd_central)
    p = central_sub.add_parser("enroll", help="let a workstation's signing key ship")
    p.add_argument("--dsn", metavar="DSN", help=DSN_HELP)
    p.add_argument("--key", required=True, metavar="HEX|FILE", help="its .pub file or hex")
    p.add_argument("--branch", required=True, metavar="CODE", help="its branch code, e.g. ZZ001")
    p.add_argument(
        "--workstation", required=True, metavar="NAME", help="its workstation name, e.g. counter-01"
    )
    p.set_defaults(handler=cmd_central)
    p = central_sub.add_parser("import", help="load a bundle written by 'ship --out'")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--dsn", metavar="DSN", help=DSN_HELP)
    p.set_defaults(handler=cmd_central)
    p = central_sub.add_parser("stats", help="per branch or region: reminders, refusals …")
    p.add_argument("--dsn", metavar="DSN", help=DSN_HELP)
    p.add_argument(
        "--from",
        dest="date_from",
        type=parse_date,
        required=True,
        metavar="DATE",
        help="first Shanghai business date, YYYY-MM-DD",
    )
    p.add_argument(
        "--to",
        dest="date_to",
        type=parse_date,
        required=True,
        metavar="DATE",
        help="last Shanghai business date, YYYY-MM-DD",
    )
    p.add_argument(
        "--by", choices=("branch", "region"), default="branch", help="one row per branch or region"
    )
    p.set_defaults(handler=cmd_central)
    p = central_sub.add_parser("tree", help="add accepted events to the Merkle tree, sign a head")
    p.add_argument("--dsn", metavar="DSN", help=DSN_HELP)
    p.add_argument("--log-key", type=Path, required=True, metavar="FILE", help="made if missing")
    p.add_argument(
        "--origin",
        default="tellerguard.central/audit-log",
        metavar="NAME",
        help="the log's name in its signed checkpoints (C2SP origin line)",
    )
    p.set_defaults(handler=cmd_central)
    p = central_sub.add_parser("prove", help="an inclusion or consistency proof for inspectors")
    p.add_argument("--dsn", metavar="DSN", help=DSN_HELP)
    p.add_argument("--store", metavar="ID", help="inclusion: the workstation store's id")
    p.add_argument("--seq", type=int, metavar="N", help="inclusion: the event's sequence number")
    p.add_argument(
        "--consistency-from",
        type=int,
        metavar="SIZE",
        help="consistency: the older tree size to prove the current head extends",
    )
    p.add_argument("--size", type=int, metavar="SIZE", help="against this tree head")
    p.add_argument("--out", type=Path, metavar="FILE", help="write the proof to FILE")
    p.set_defaults(handler=cmd_central)
    p = central_sub.add_parser("verify", help="recompute every store's chain and checkpoints")
    p.add_argument("--dsn", metavar="DSN", help=DSN_HELP)
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument(
        "--jobs",
        type=int,
        default=2,
        metavar="N",
        help="worker processes (default 2; pieces of 50,000 events; below 200,000 events "
        "in all the check runs in one process)",
    )
    p.add_argument(
        "--deep",
        action="store_true",
        help="also re-read every record and check the columns stored beside it (the "
        "workstation read them out; slower)",
    )
    p.set_defaults(handler=cmd_central)
