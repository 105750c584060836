"""Translate a pack condition into rule-engine's language, for the benchmark's comparison.

Parameters become literals; comparisons are guarded against null (rule-engine raises on
``null >= 60``); ``any_phrase`` becomes a regular-expression search that skips an occurrence
directly preceded (after whitespace) by one of the negations, as the engine does. rule-engine
cannot normalise, so it searches ``notes_matching`` (:func:`matching_form`: the normalised
notes, a line break, and their sound-folded form), computed before it runs, for every
normalised, pinyin and sound-folded form of the phrases.
"""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from typing import Any

from tellerguard.engine.normalise import (
    SOUND_MIN_HAN,
    han_count,
    normalise,
    pinyin_forms,
    sound_fold,
)
from tellerguard.engine.phrases import expand


def matching_form(notes: str) -> str:
    normal = normalise(notes)
    return normal + "\n" + sound_fold(normal)


def _forms(phrases: tuple[str, ...]) -> tuple[str, ...]:
    forms: list[str] = []
    for written in phrases:
        for phrase in expand(written):
            form = normalise(phrase)
            forms.append(form)
            if han_count(form) >= SOUND_MIN_HAN:
                forms.append(sound_fold(form))
                forms.extend(pinyin_forms(form))
    return tuple(dict.fromkeys(f for f in forms if f))


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
            assert ast.unparse(node.args[0]) == "case.notes"
            subject = "notes_matching"
            lists: list[tuple[str, ...]] = []
            for arg in node.args[1:]:
                assert isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name)
                assert arg.value.id == "params"
                lists.append(tuple(params[arg.attr]))
            negations = lists[1] if len(lists) > 1 else ()
            pattern = _phrase_pattern(
                _forms(lists[0]),
                tuple(dict.fromkeys(f(normalise(n)) for n in negations for f in (str, sound_fold))),
            )
            return f'({subject} != null and {subject} =~~ r"{pattern}")'
        raise ValueError(f"cannot translate {ast.dump(node)}")

    return go(tree)
