"""Translate a pack condition into rule-engine's language, for the benchmark's comparison.

Parameters become literals; comparisons are guarded against null (rule-engine raises on
``null >= 60``); ``any_phrase`` becomes a regular-expression search that skips an occurrence
directly preceded (after whitespace) by one of the negations, as the engine does.
"""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from typing import Any

_OPS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_literal(v) for v in value) + ",]"
    if isinstance(value, str):
        return '"' + value.replace('"', '\\"') + '"'
    return str(value)


def _phrase_pattern(phrases: tuple[str, ...], negations: tuple[str, ...]) -> str:
    """A regular expression with ``any_phrase``'s meaning, for rule-engine's ``=~~`` (search).

    An occurrence counts unless the text before it, trailing whitespace stripped, ends with a
    negation. The match starts where that whitespace run starts (the start of the text or just
    after a non-space), and one fixed-width negative look-behind per negation checks what
    precedes it; ``\\s`` is Python's Unicode whitespace, the same set ``str.rstrip`` strips.
    """
    for text in (*phrases, *negations):
        # Neither kind of text may begin or end with whitespace, or the look-arounds no longer
        # mean what rstrip() does; the '"' check keeps the raw string literal closed.
        if not text or text != text.strip() or '"' in text:
            raise ValueError(f"cannot translate phrase {text!r}")
    behind = "".join(f"(?<!{re.escape(n)})" for n in negations)
    alternatives = "|".join(re.escape(p) for p in phrases)
    return rf"(?:\A|(?<=\S)){behind}\s*(?:{alternatives})"


def translate(text: str, params: dict[str, Any]) -> str:
    tree = ast.parse(" ".join(text.split()), mode="eval").body

    def go(node: ast.expr) -> str:
        if isinstance(node, ast.BoolOp):
            op = " and " if isinstance(node.op, ast.And) else " or "
            return "(" + op.join(go(v) for v in node.values) + ")"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return f"(not {go(node.operand)})"
        if isinstance(node, ast.UnaryOp):
            return f"-{go(node.operand)}"
        if isinstance(node, ast.BinOp):
            symbol = "+" if isinstance(node.op, ast.Add) else "-"
            return f"({go(node.left)} {symbol} {go(node.right)})"
        if isinstance(node, ast.Compare):
            left, right = go(node.left), go(node.comparators[0])
            op = _OPS[type(node.ops[0])]
            guards = [
                s
                for s, n in ((left, node.left), (right, node.comparators[0]))
                if isinstance(n, ast.Attribute) and not s.startswith(("[", '"'))
            ]
            if "null" in (left, right):
                return f"({left} {op} {right})"
            guard = " and ".join(f"{g} != null" for g in guards)
            return f"({guard + ' and ' if guard else ''}{left} {op} {right})"
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "params":
                return _literal(params[node.attr])
            return f"{node.value.id}.{node.attr}"
        if isinstance(node, ast.Name):
            return {
                "true": "true",
                "false": "false",
                "null": "null",
                "True": "true",
                "False": "false",
                "None": "null",
            }[node.id]
        if isinstance(node, ast.Constant):
            if isinstance(node.value, float):
                return str(Decimal(ast.get_source_segment(text, node) or repr(node.value)))
            return _literal(node.value)
        if isinstance(node, ast.List | ast.Tuple):
            return "[" + ", ".join(go(e) for e in node.elts) + ",]"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id != "any_phrase":
                raise ValueError(f"cannot translate {node.func.id}() in a condition")
            subject = go(node.args[0])
            lists: list[tuple[str, ...]] = []
            for arg in node.args[1:]:
                assert isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name)
                assert arg.value.id == "params"
                lists.append(tuple(params[arg.attr]))
            pattern = _phrase_pattern(lists[0], lists[1] if len(lists) > 1 else ())
            return f'({subject} != null and {subject} =~~ r"{pattern}")'
        raise ValueError(f"cannot translate {ast.dump(node)}")

    return go(tree)
