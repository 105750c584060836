"""``tellerguard rules request | pending | activate | reject | withdraw``: rule pack changes
with maker-checker, beside ``rules check | test | diff | replay``.

The maker signs in with ``--operator`` (password from the terminal or ``--password-file``);
the checker's own password is read the same way (``--approver`` with
``--approver-password-file``). Exit 2 for input that cannot be used (a pack with problems, a
bad ``--param``), 1 when a check refuses (own approval, a pending request for the same pack,
wrong password, no permission, the pack's examples fail, a kept pack that no longer matches
its hash).
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from tellerguard.cli_admin import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    _approver,
    _common,
    _operator,
    _print,
)
from tellerguard.cli_common import UsageError, positive_int, require_settings
from tellerguard.domain.format import count_of
from tellerguard.errors import TellerGuardError

_PARAM = re.compile(r"^([a-z][a-z0-9_]*)=(.*)$", re.DOTALL)


def parse_param(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` with VALUE as TOML writes it (``75``, ``true``, ``"50000.00"``,
    ``["借钱", "投资"]``); a bare word is taken as text."""
    match = _PARAM.match(text)
    if not match:
        raise UsageError(f"--param {text!r}: write NAME=VALUE, e.g. elderly_age=65")
    name, raw = match.groups()
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    if not isinstance(value, bool | int | str | list) or isinstance(value, float):
        raise UsageError(f"--param {name}: {raw!r} is not a whole number, true/false, text or list")
    return name, value


def _params(args: argparse.Namespace, current: dict[str, Any]) -> dict[str, Any] | None:
    """The branch parameters asked for: those in force, changed by each ``--param``."""
    if not args.param and not args.no_params:
        return None
    params = {} if args.no_params else dict(current)
    for text in args.param:
        name, value = parse_param(text)
        params[name] = value
    return params


def _propose(desk: Any, args: argparse.Namespace) -> Any:
    from tellerguard.services.rule_changes import propose_change
    from tellerguard.services.rules import in_force

    current = in_force(desk.workstation.settings, desk.workstation.store).params
    proposal = propose_change(
        desk.workstation, desk.operator, args.pack, _params(args, current), last=args.last
    )
    _print(proposal)
    if proposal.pack is None:
        if proposal.problems and all(
            p.startswith("branch configuration: params.") for p in proposal.problems
        ):
            raise UsageError("the branch parameters are outside the pack's bounds (see above)")
        raise UsageError(f"{args.pack}: not a usable rule pack")
    return proposal


def cmd_rules_request(args: argparse.Namespace) -> int:
    from tellerguard.services.desk import Desk
    from tellerguard.services.rule_changes import request_change

    settings = require_settings(args.config)
    with Desk.open(settings, _operator(args)) as desk:
        proposal = _propose(desk, args)
        request = request_change(
            desk.workstation, desk.operator, proposal, last=args.last, reason=args.reason or ""
        )
    print(f"request #{request.seq} recorded: a second person approves it with "
          f"'tellerguard rules activate --request {request.seq} --approver NAME'")  # fmt: skip
    return EXIT_OK


def cmd_rules_pending(args: argparse.Namespace) -> int:
    from tellerguard.services.desk import Desk
    from tellerguard.services.rule_changes import change_history, pending_changes

    settings = require_settings(args.config)
    with Desk.open(settings, _operator(args)) as desk:
        pick = change_history if args.all else pending_changes
        requests = pick(desk.workstation, desk.operator)
    for request in requests:
        pack = request.payload.rule_pack
        replay = request.payload.replay
        closed = "" if request.pending else f", {request.state} by {request.closed_by}"
        print(
            f"#{request.seq} {request.at} by {request.operator}{closed}: pack {pack.id} "
            f"{pack.version} (sha256 {pack.sha256[:16]}…), params "
            f"{request.payload.params or '{}'}; replay {count_of(replay.cases, 'case')}: "
            f"up {replay.up}, "
            f"down {replay.down}, stopped cases let through {len(replay.let_through)}"
        )
    if not requests:
        print("no pending rule pack change" if not args.all else "no rule pack change yet")
    return EXIT_OK


def cmd_rules_activate(args: argparse.Namespace) -> int:
    """Approve a pending request (``--request SEQ``), or request PACK and have it approved
    at once: the operator is the maker, ``--approver`` the second person."""
    from tellerguard.services.desk import Desk
    from tellerguard.services.rule_changes import approve_change, request_change

    if (args.pack is None) == (args.request is None):
        raise UsageError("name the change: PACK (a pack folder) or --request SEQ, not both")
    settings = require_settings(args.config)
    operator = _operator(args)
    approver = _approver(args)
    if approver is None:
        raise UsageError("activation needs a second person: pass --approver NAME")
    with Desk.open(settings, operator) as desk:
        seq = args.request
        if args.pack is not None:
            proposal = _propose(desk, args)
            seq = request_change(
                desk.workstation, desk.operator, proposal, last=args.last, reason=args.reason or ""
            ).seq
            print(f"request #{seq} recorded")
        try:
            activated = approve_change(desk.workstation, seq, approver)
        except TellerGuardError:
            if args.pack is not None:  # the request stays: say how to finish or take it back
                print(
                    f"request #{seq} stays pending: approve it with `tellerguard rules activate "
                    f"--request {seq} …`, or take it back with `tellerguard rules withdraw {seq}`",
                    file=sys.stderr,
                )
            raise
    _print(activated)
    return EXIT_OK


def cmd_rules_reject(args: argparse.Namespace) -> int:
    """The operator rejects someone else's request (their own password, a reason)."""
    from tellerguard.services.desk import Desk
    from tellerguard.services.rule_changes import reject_change

    settings = require_settings(args.config)
    checker = _operator(args)
    with Desk.open(settings, checker) as desk:
        request = reject_change(desk.workstation, args.request, checker, args.reason)
    print(f"request #{request.seq} rejected by {request.closed_by}: {request.reason}")
    return EXIT_OK


def cmd_rules_withdraw(args: argparse.Namespace) -> int:
    from tellerguard.services.desk import Desk
    from tellerguard.services.rule_changes import withdraw_change

    settings = require_settings(args.config)
    with Desk.open(settings, _operator(args)) as desk:
        request = withdraw_change(desk.workstation, desk.operator, args.request)
    print(f"request #{request.seq} withdrawn")
    return EXIT_OK


def cmd_rules_replay_own(args: argparse.Namespace) -> int:
    """A recorded case judged again by the kept pack that judged it (exit 1 if it differs)."""
    from tellerguard.services.desk import Desk
    from tellerguard.services.rule_changes import replay_under_own_pack

    settings = require_settings(args.config)
    with Desk.open(settings, _operator(args)) as desk:
        result = replay_under_own_pack(desk.workstation, desk.operator, args.case, args.reason)
    _print(result)
    return EXIT_OK if result.same else EXIT_CHECK_FAILED


def _pack_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help='a branch parameter override (TOML value: 65, true, "50000.00"); repeatable; '
        "the others stay as in force",
    )
    p.add_argument("--no-params", action="store_true", help="start from no branch overrides at all")
    p.add_argument(
        "--last",
        type=positive_int,
        default=1000,
        metavar="N",
        help="how many of the latest recorded cases the replay judges (default: 1000)",
    )
    p.add_argument("--reason", metavar="TEXT", help="why the change is made (recorded)")


def register_pack_changes(rules_sub: Any) -> None:
    """Add the maker-checker subcommands to ``tellerguard rules``."""
    p = rules_sub.add_parser(
        "request", help="check PACK, diff and replay it, and ask for its activation"
    )
    p.add_argument("pack", type=Path, metavar="PACK", help="the proposed rule pack folder")
    _pack_options(p)
    _common(p)
    p.set_defaults(handler=cmd_rules_request)

    p = rules_sub.add_parser("pending", help="rule pack change requests awaiting approval")
    p.add_argument("--all", action="store_true", help="every request, with what became of it")
    _common(p)
    p.set_defaults(handler=cmd_rules_pending)

    p = rules_sub.add_parser(
        "activate", help="approve a change (a second person's password) and put it in force"
    )
    p.add_argument(
        "pack", type=Path, nargs="?", metavar="PACK", help="request this pack folder first"
    )
    p.add_argument(
        "--request", type=positive_int, metavar="SEQ", help="approve this pending request"
    )
    p.add_argument("--approver", metavar="NAME", help="the second person who approves")
    p.add_argument(
        "--approver-password-file",
        type=Path,
        metavar="FILE",
        help="the approver's password on the first line of FILE (else asked for)",
    )
    _pack_options(p)
    _common(p)
    p.set_defaults(handler=cmd_rules_activate)

    p = rules_sub.add_parser("reject", help="turn down someone else's pending request")
    p.add_argument("request", type=positive_int, metavar="SEQ", help="the request's event number")
    p.add_argument("--reason", required=True, metavar="TEXT", help="why (recorded)")
    _common(p)
    p.set_defaults(handler=cmd_rules_reject)

    p = rules_sub.add_parser("withdraw", help="take back one's own pending request")
    p.add_argument("request", type=positive_int, metavar="SEQ", help="the request's event number")
    _common(p)
    p.set_defaults(handler=cmd_rules_withdraw)

    p = rules_sub.add_parser(
        "replay-case", help="judge a recorded case again by the kept pack that judged it"
    )
    p.add_argument("case", metavar="CASE_REF", help="the case reference (32 hex digits)")
    p.add_argument(
        "--reason", required=True, metavar="TEXT", help="why personal data is read (recorded)"
    )
    _common(p)
    p.set_defaults(handler=cmd_rules_replay_own)
