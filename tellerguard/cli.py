"""The ``tellerguard`` command: the desktop app by default, and headless subcommands.

Expected problems (bad input, a broken pack, a failed check) print precise English lines
naming the field or ``file:line`` and exit 2 (unusable input) or 1 (a check found a problem),
without a traceback. Anything else is a bug: it is logged with its traceback (exit 70).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from tellerguard import __version__
from tellerguard.cli_common import (
    UsageError,
    find_settings,
    parse_date,
    read_limited,
    read_stdin_limited,
    region_code,
)
from tellerguard.domain.case import CaseError, parse_case_json
from tellerguard.domain.clock import program_clock
from tellerguard.domain.format import count_of
from tellerguard.domain.labels import choice_label
from tellerguard.domain.levels import LEVEL_LABELS
from tellerguard.errors import TellerGuardError
from tellerguard.private_files import restrict_umask
from tellerguard.services.risklists import lists_for_settings
from tellerguard.services.rules import (
    Assessor,
    RulePack,
    check_pack,
    load_rules,
    reasons_page,
    selftest_pack,
)

log = logging.getLogger("tellerguard.cli")

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT, EXIT_BUG = 0, 1, 2, 70


# -- shared helpers ------------------------------------------------------------------------
# -- assess --------------------------------------------------------------------------------
CASE_INPUT_LIMIT = 64 * 1024 * 1024
"""The most a case file (or standard input) may hold: a day's cases of a whole branch as JSON
lines are a few MiB."""


def _utf8(source: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{source}: not UTF-8 text (byte {exc.start})") from None


def _case_sources(target: str, jsonl: bool) -> Iterator[tuple[str, int | None, str]]:
    """(source name, line number or None, text) for every case to assess."""
    if target == "-":
        text = _utf8("<stdin>", read_stdin_limited(CASE_INPUT_LIMIT, "input"))
        if jsonl:
            for number, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    yield "<stdin>", number, line
        else:
            yield "<stdin>", None, text
        return
    path = Path(target)
    if path.is_dir():
        files = [c for c in sorted(path.iterdir()) if c.suffix in (".json", ".jsonl")]
        if not files:
            raise UsageError(f"{target}: a folder with no .json or .jsonl case file")
        for child in files:
            yield from _case_sources(str(child), child.suffix == ".jsonl")
        return
    text = _utf8(target, read_limited(path, CASE_INPUT_LIMIT, "case file"))
    if jsonl or path.suffix == ".jsonl":
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                yield target, number, line
    else:
        yield target, None, text


def _pretty(source: str, result: dict[str, Any], out: TextIO) -> None:
    facts = result["facts"]
    out.write(f"== {source} ==\n")
    out.write(f"结论：{LEVEL_LABELS[result['level']]}（{result['level']}）\n")
    who = [
        f"{facts['age']} 岁" if facts.get("age") is not None else "年龄需人工核实",
        {"male": "男", "female": "女"}.get(facts.get("gender") or "", ""),
        facts.get("home_place") or "",
        choice_label("out_of_area", facts.get("out_of_area") or "not_applicable"),
    ]
    out.write("客户：" + "，".join(w for w in who if w) + "\n")
    if not result["hits"]:
        out.write("  未命中任何规则\n")
    for hit in result["hits"]:
        out.write(f"  [{LEVEL_LABELS[hit['level']]}] {hit['rule_id']} {hit['title']}\n")
        out.write(f"      {hit['explanation']}\n")
    out.write("\n")


def cmd_assess(args: argparse.Namespace) -> int:
    settings = find_settings(args.config)
    region = args.branch_region or (settings.region if settings else None)
    if region is None:
        raise UsageError("no branch region: pass --branch-region CODE or --config PATH")
    on = args.on or program_clock().today()
    pack = load_rules(settings, args.rules)
    assessor = Assessor(pack, region, lists_for_settings(settings, pack, on))
    jsonl = args.jsonl or (args.file != "-" and args.file.endswith(".jsonl"))
    folder = args.file != "-" and Path(args.file).is_dir()
    multi = jsonl or folder
    bad = 0
    results: list[str] = []
    for source, line, text in _case_sources(args.file, jsonl):
        try:
            case = parse_case_json(text, on=on)
        except CaseError as exc:
            bad += 1
            where = f"{source}:{line}" if line else source
            for problem in exc.lines():
                print(f"error: {where}: {problem}", file=sys.stderr)
            if not multi:
                return EXIT_BAD_INPUT
            if not args.pretty:
                results.append(
                    json.dumps(
                        {"error": str(exc), "line": line, "source": source}, ensure_ascii=False
                    )
                )
            continue
        result = assessor.assess(case, on=on).model_dump(mode="json")
        name = f"{source}:{line}" if line else source
        if args.pretty:
            _pretty(name, result, sys.stdout)
        elif multi:
            if folder:  # which file each line answers (CASE_SCHEMA allows added fields)
                result["source"] = name
            results.append(json.dumps(result, ensure_ascii=False, separators=(",", ":")))
        else:
            results.append(json.dumps(result, ensure_ascii=False, indent=2))
    if results:
        sys.stdout.write("\n".join(results) + "\n")
    return EXIT_BAD_INPUT if bad else EXIT_OK


# -- rules ---------------------------------------------------------------------------------
def _pack_folder(folder: Path) -> Path:
    """A rule pack folder given on the command line: a path that is no folder at all is
    unusable input (exit 2), not a pack that fails its check (exit 1)."""
    if not folder.is_dir():
        what = "no such folder" if not folder.exists() else "a file, not a rule pack folder"
        raise UsageError(f"{folder}: {what}")
    return folder


def cmd_rules_check(args: argparse.Namespace) -> int:
    check = check_pack(_pack_folder(args.dir))
    for line in check.lines():
        print(line, file=sys.stdout if check.ok else sys.stderr)
    return EXIT_OK if check.ok else EXIT_CHECK_FAILED


def _loaded_pack(folder: Path) -> RulePack | None:
    """The pack in ``folder``, or None after printing every problem in it."""
    check = check_pack(_pack_folder(folder))
    if check.pack is None:
        for line in check.lines():
            print(line, file=sys.stderr)
    return check.pack


def cmd_rules_test(args: argparse.Namespace) -> int:
    pack = _loaded_pack(args.dir)
    if pack is None:
        return EXIT_CHECK_FAILED
    report = selftest_pack(pack)
    for failure in report.failures:
        print(f"FAIL {failure}", file=sys.stderr)
    status = "ok" if report.ok else count_of(len(report.failures), "failure")
    examples = count_of(report.examples_run, "example")
    print(f"{args.dir}: {examples}, {count_of(report.checks_run, 'pack check')}: {status}")
    return EXIT_OK if report.ok else EXIT_CHECK_FAILED


def cmd_rules_reasons(args: argparse.Namespace) -> int:
    pack = _loaded_pack(args.dir)
    if pack is None:
        return EXIT_CHECK_FAILED
    command = f"tellerguard rules reasons {args.dir.as_posix()}" + (
        f" --out {args.out.as_posix()}" if args.out else ""
    )
    page = reasons_page(pack, command)
    if args.out is None:
        sys.stdout.write(page)
        return EXIT_OK
    try:
        args.out.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{args.out}: cannot write: {exc.strerror}") from None
    print(f"{args.out}: {count_of(page.count(chr(10)) - 6, 'rule')}")
    return EXIT_OK


# -- parser --------------------------------------------------------------------------------
class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # exit 2 with one line, as argparse does, but ours
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="tellerguard", description="Counter-side anti-fraud checks.")
    parser.add_argument("--version", action="version", version=f"tellerguard {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)

    p = sub.add_parser("assess", help="assess case(s) and print the assessment (writes nothing)")
    p.add_argument("file", metavar="FILE", help="case JSON, .jsonl, a folder of cases, or - ")
    p.add_argument(
        "--rules", type=Path, metavar="DIR", help="rule pack folder (default: the configured one)"
    )
    p.add_argument(
        "--branch-region",
        type=region_code,
        metavar="CODE",
        help="the branch's 6-digit region code, e.g. 410102 (default: the configured one)",
    )
    p.add_argument(
        "--on",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="the business date ages and history count from (default: today in Shanghai)",
    )
    p.add_argument("--jsonl", action="store_true", help="one case per line in and out")
    p.add_argument(
        "--config", type=Path, metavar="PATH", help="the workstation's settings file (TOML)"
    )
    p.add_argument("--pretty", action="store_true", help="readable Chinese summary")
    p.set_defaults(handler=cmd_assess)

    rules = sub.add_parser("rules", help="check and test a rule pack")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True, parser_class=Parser)
    p = rules_sub.add_parser("check", help="load a pack and report every problem")
    p.add_argument("dir", type=Path, metavar="DIR", help="rule pack folder")
    p.set_defaults(handler=cmd_rules_check)
    p = rules_sub.add_parser("test", help="run every rule's examples")
    p.add_argument("dir", type=Path, metavar="DIR", help="rule pack folder")
    p.set_defaults(handler=cmd_rules_test)
    p = rules_sub.add_parser(
        "reasons", help="every rule's title, level and example sentence as one Markdown page"
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="rule pack folder")
    p.add_argument("--out", type=Path, metavar="FILE", help="write the page here (default: print)")
    p.set_defaults(handler=cmd_rules_reasons)

    from tellerguard import cli_admin, cli_central, cli_rules
    from tellerguard.gui import cli as gui_cli  # registers only; Qt loads when the GUI runs

    cli_admin.register_rules(rules_sub)
    cli_rules.register_pack_changes(rules_sub)
    cli_admin.register(sub)
    cli_central.register(sub)
    gui_cli.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    restrict_umask()  # before anything is created: stores, keys, configuration, exports
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.verbose:
            logging.getLogger().setLevel(logging.DEBUG)
        handler = getattr(args, "handler", None)
        if handler is None:  # plain `tellerguard` opens the desktop app, as at the counter
            from tellerguard.gui.cli import cmd_gui

            return cmd_gui(argparse.Namespace(config=None, demo=False))
        code: int = handler(args)
        return code
    except TellerGuardError as exc:  # bad input, a broken pack, a refused operator...
        for line in exc.lines():
            print(f"error: {line}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a file, folder or device the command was pointed at
        log.debug("operating system error", exc_info=True)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception:
        log.exception("internal error (a bug): please report it with this traceback")
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
