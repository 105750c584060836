"""A safe, typed compiler for rule conditions and explanation placeholders.

Expressions are parsed with Python's own parser (``ast``), every node is checked against a
whitelist, every name is resolved against the case/facts/history/params schema and every
comparison is type-checked *when the pack loads*. The result is Python source for the engine's
generated evaluator — never the user's text — compiled later with empty builtins.

Why not ``eval`` or a third-party engine: eval runs arbitrary code; the measured alternatives
(shared/DESIGN.md) are 5–60x slower and report errors without a typed position.
"""

from __future__ import annotations

import ast
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from tellerguard.domain.labels import NOUN_FIELDS
from tellerguard.engine.phrases import pack_phrases
from tellerguard.errors import TellerGuardError

MAX_EXPRESSION_CHARS = 2000
MAX_NODES = 400
MAX_STRING_CHARS = 200
MAX_INT = 10**15

TypeKind = Literal["bool", "int", "money", "str", "date", "enum", "phrases", "list"]
NUMERIC: frozenset[str] = frozenset({"int", "money"})


@dataclass(frozen=True)
class Type:
    """The static type of an expression."""

    kind: TypeKind
    nullable: bool = False
    choices: frozenset[str] | None = None
    label: str | None = None
    """For choice fields: the key of their Chinese labels (``namespace.field``)."""

    def describe(self) -> str:
        text = self.kind if self.kind != "enum" else "choice"
        return f"{text} (may be null)" if self.nullable else text


BOOL = Type("bool")
INT = Type("int")
MONEY = Type("money")
STR = Type("str")
PHRASES = Type("phrases")


class ExprError(TellerGuardError, ValueError):
    """A problem in an expression at character ``col`` (0-based) of its text."""

    def __init__(self, message: str, col: int = 0) -> None:
        self.col = col
        super().__init__(message)


def type_of_annotation(annotation: Any, label: str | None = None) -> Type:
    """The rule-language type of a pydantic or dataclass field annotation."""
    nullable = False
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return type_of_annotation(typing.get_args(annotation)[0], label)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) != len(typing.get_args(annotation))
        if len(args) != 1:
            raise TypeError(f"unsupported union {annotation!r}")
        inner = type_of_annotation(args[0], label)
        return Type(inner.kind, nullable, inner.choices, inner.label)
    if origin is Literal:
        return Type("enum", False, frozenset(str(a) for a in typing.get_args(annotation)), label)
    simple: dict[Any, TypeKind] = {
        bool: "bool",
        int: "int",
        Decimal: "money",
        str: "str",
        date: "date",
    }
    if annotation in simple:
        return Type(simple[annotation])
    raise TypeError(f"unsupported annotation {annotation!r}")


@dataclass
class Namespace:
    """One root name of the language (``facts``), the variable it compiles to, and its fields."""

    name: str
    variable: str
    fields: dict[str, Type]


@dataclass
class Scope:
    """What an expression may refer to: namespaces and the pack's parameters."""

    namespaces: dict[str, Namespace]
    params: dict[str, Type]
    param_values: dict[str, Any]
    allow_lists: bool = False
    """Explanations may use ``phrases(...)``, which yields a list; conditions may not."""
    risk_lists: dict[str, str] = field(default_factory=dict)
    """The risk lists the pack declares: list id → key kind (``account``, ``id_number`` …)."""


@dataclass
class PhraseUse:
    """One text matched once per evaluation against every phrase list its rules name."""

    text: str
    """The generated local holding the text (``c__notes``)."""
    negations: str
    """The constant holding the negations, or ``()``."""
    lists: list[str] = field(default_factory=list)
    """The constants holding the phrase lists asked about, in the order first asked."""


@dataclass
class Emitter:
    """Collects the constants an expression needs as globals of the generated module."""

    constants: dict[str, Any] = field(default_factory=dict)
    used: set[tuple[str, str]] = field(default_factory=set)
    """Fields the last expressions read, as (variable, field): the generated function loads
    each once into a local (``f__age``) instead of repeating attribute look-ups per rule."""
    list_keys: dict[str, str] = field(default_factory=dict)
    """Keyed-hash locals the last expressions need: local name → the expression computing it
    once per evaluation (``Lk__tr__payee_account`` → ``L.key('account', tr__payee_account)``)."""
    lists_used: set[str] = field(default_factory=set)
    """Risk lists the last expressions consult (each loaded once into ``L__<id>``)."""
    phrase_sets: dict[str, PhraseUse] | None = None
    """Where the generated function matches a text once for every rule (conditions): local
    name → what it matches. ``None`` (explanations, which have no shared prelude): each
    ``any_phrase`` is called on its own."""
    _by_key: dict[tuple[str, Any], str] = field(default_factory=dict)

    def constant(self, value: Any) -> str:
        key = (type(value).__name__, value)
        name = self._by_key.get(key)
        if name is None:
            name = f"K{len(self.constants)}"
            self.constants[name] = value
            self._by_key[key] = name
        return name


_COMPARE_SYMBOLS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
_LITERAL_NAMES = {
    "true": True,
    "false": False,
    "null": None,
    "True": True,
    "False": False,
    "None": None,
}
FUNCTIONS = ("any_phrase", "phrases", "noun")
LIST_ROOT = "lists"
LIST_FIELDS: dict[tuple[str, str], str] = {
    ("transfer", "payee_account"): "account",
    ("customer", "id_number"): "id_number",
    ("customer", "phone"): "phone",
}
"""Which case field can be looked up in a list of which key kind; ``(customer.name,
customer.id_number)`` is the ``name_and_id`` key."""
KEY_KIND_NAMES = {
    "account": "an account",
    "id_number": "an ID number",
    "phone": "a phone number",
    "name_and_id": "a (name, ID number) pair",
}


def list_local(list_id: str) -> str:
    """The generated local that holds a risk list's member set."""
    return f"L__{list_id}"


def local_name(variable: str, name: str) -> str:
    """The generated local that holds ``variable.name``."""
    return f"{variable}__{name}"


@dataclass
class Compiled:
    source: str
    type: Type


class _Compiler:
    def __init__(self, text: str, scope: Scope, emitter: Emitter) -> None:
        self.text = text
        self.scope = scope
        self.emitter = emitter
        self._line_bytes = text.encode("utf-8")

    # -- positions -------------------------------------------------------------------------
    def col(self, node: ast.AST) -> int:
        """Character column of a node (ast gives UTF-8 byte offsets, wrong for Chinese)."""
        offset = getattr(node, "col_offset", 0)
        return len(self._line_bytes[:offset].decode("utf-8", errors="ignore"))

    def fail(self, node: ast.AST, message: str) -> typing.NoReturn:
        raise ExprError(message, self.col(node))

    def segment(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or "?"

    # -- entry -----------------------------------------------------------------------------
    def compile(self, node: ast.expr) -> Compiled:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            self.fail(node, f"{_describe_node(node)} is not allowed in rule expressions")
        result: Compiled = method(node)
        return result

    # -- leaves ----------------------------------------------------------------------------
    def _Constant(self, node: ast.Constant) -> Compiled:
        value = node.value
        if isinstance(value, bool) or value is None:
            return Compiled(repr(value), BOOL if value is not None else Type("enum", True))
        if isinstance(value, int):
            if abs(value) > MAX_INT:
                self.fail(node, f"number {value} is too large")
            return Compiled(repr(value), INT)
        if isinstance(value, float):
            text = self.segment(node).replace("_", "")
            if "e" in text.lower():
                self.fail(node, "write numbers without an exponent")
            try:
                amount = Decimal(text)
            except InvalidOperation:  # pragma: no cover - the parser accepted it
                self.fail(node, f"bad number {text}")
            if abs(amount) > MAX_INT:
                self.fail(node, f"number {text} is too large")
            return Compiled(self.emitter.constant(amount), MONEY)
        if isinstance(value, str):
            if len(value) > MAX_STRING_CHARS:
                self.fail(node, f"text longer than {MAX_STRING_CHARS} characters")
            return Compiled(repr(value), STR)
        self.fail(node, f"{type(value).__name__} literals are not allowed")

    def _Name(self, node: ast.Name) -> Compiled:
        if node.id in _LITERAL_NAMES:
            value = _LITERAL_NAMES[node.id]
            return Compiled(repr(value), BOOL if value is not None else Type("enum", True))
        if node.id in self.scope.namespaces or node.id == "params":
            self.fail(node, f"'{node.id}' needs a field, e.g. {node.id}.{self._example(node.id)}")
        if node.id == LIST_ROOT:
            self.fail(node, "'lists' needs a list id, e.g. transfer.payee_account in lists.NAME")
        roots = ", ".join(sorted([*self.scope.namespaces, "params"]))
        self.fail(node, f"unknown name '{node.id}' (names start with one of: {roots})")

    def _example(self, root: str) -> str:
        if root == "params":
            return next(iter(self.scope.params), "name")
        return next(iter(self.scope.namespaces[root].fields), "name")

    def _Attribute(self, node: ast.Attribute) -> Compiled:
        if not isinstance(node.value, ast.Name):
            self.fail(node, f"'{self.segment(node)}' is not a field (use root.field)")
        root, name = node.value.id, node.attr
        if root == LIST_ROOT:
            list_id = self._list_id(node)
            if not self.scope.allow_lists:
                self.fail(
                    node,
                    f"'lists.{list_id}' is a risk list: ask membership with "
                    f"'FIELD in lists.{list_id}'",
                )
            self.emitter.lists_used.add(list_id)
            return Compiled(f"L.describe({list_id!r})", STR)
        if root == "params":
            if name not in self.scope.params:
                hint = _suggest(name, self.scope.params)
                self.fail(node, f"unknown parameter 'params.{name}'{hint}")
            ptype = self.scope.params[name]
            value = self.scope.param_values[name]
            if ptype.kind == "phrases":
                value = tuple(value)
            return Compiled(self.emitter.constant(value), ptype)
        namespace = self.scope.namespaces.get(root)
        if namespace is None:
            if root in ("opening", "transfer"):
                self.fail(
                    node, f"'{root}.{name}' is only available in rules whose kinds are [{root}]"
                )
            self.fail(node, f"unknown name '{root}'")
        ftype = namespace.fields.get(name)
        if ftype is None:
            self.fail(node, f"unknown field '{root}.{name}'{_suggest(name, namespace.fields)}")
        self.emitter.used.add((namespace.variable, name))
        return Compiled(local_name(namespace.variable, name), ftype)

    def _List(self, node: ast.List) -> Compiled:
        values: list[Any] = []
        for element in node.elts:
            if (
                not isinstance(element, ast.Constant)
                or isinstance(element.value, bool)
                or not isinstance(element.value, str | int)
            ):
                self.fail(element, "list items must be text or whole numbers")
            values.append(element.value)
        kinds = {type(v) for v in values}
        if len(kinds) > 1:
            self.fail(node, "a list must hold only text or only numbers")
        if not values:
            self.fail(node, "empty list")
        kind: TypeKind = "phrases" if str in kinds else "list"
        return Compiled(
            self.emitter.constant(tuple(values)),
            Type(kind, False, frozenset(str(v) for v in values)),
        )

    _Tuple = _List

    # -- operators -------------------------------------------------------------------------
    def _IfExp(self, node: ast.IfExp) -> Compiled:
        """``'首次' if transfer.first_time_payee else ''``: a reason's wording follows the case.

        Each branch is formatted where it is chosen, so the two may differ in type."""
        if not self.scope.allow_lists:
            self.fail(node, "if-else belongs in reasons and explanations, not in conditions")
        test = self._boolean(node.test, "'if'")
        body, orelse = self._shown(node.body), self._shown(node.orelse)
        return Compiled(f"({body} if {test} else {orelse})", STR)

    def _shown(self, node: ast.expr) -> str:
        compiled = self.compile(node)
        if (
            compiled.type.kind == "str"
            and compiled.type.label is None
            and not compiled.type.nullable
        ):
            return compiled.source
        return f"_format({compiled.source}, {compiled.type.label!r})"

    def _BoolOp(self, node: ast.BoolOp) -> Compiled:
        op = "and" if isinstance(node.op, ast.And) else "or"
        parts = [self._boolean(value, f"'{op}'") for value in node.values]
        return Compiled("(" + f" {op} ".join(parts) + ")", BOOL)

    def _boolean(self, node: ast.expr, where: str) -> str:
        compiled = self.compile(node)
        if compiled.type.kind != "bool":
            self.fail(
                node,
                f"{where} needs true/false, but '{self.segment(node)}' is "
                f"{compiled.type.describe()}",
            )
        if compiled.type.nullable:
            self.fail(
                node,
                f"'{self.segment(node)}' may be null (not asked); compare it "
                f"explicitly: {self.segment(node)} == true",
            )
        return compiled.source

    def _UnaryOp(self, node: ast.UnaryOp) -> Compiled:
        if isinstance(node.op, ast.Not):
            operand = self._boolean(node.operand, "'not'")
            return Compiled(f"(not {operand})", BOOL)
        if isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            inner = self.compile(node.operand)
            if inner.type.kind in NUMERIC:
                return Compiled(f"(-{inner.source})", inner.type)
        self.fail(node, f"operator in '{self.segment(node)}' is not allowed")

    def _BinOp(self, node: ast.BinOp) -> Compiled:
        if not isinstance(node.op, ast.Add | ast.Sub):
            self.fail(node, f"only + and - are allowed, not '{self.segment(node)}'")
        left, right = self.compile(node.left), self.compile(node.right)
        for side, compiled in ((node.left, left), (node.right, right)):
            if compiled.type.kind not in NUMERIC:
                self.fail(
                    side, f"'{self.segment(side)}' is {compiled.type.describe()}, not a number"
                )
            if compiled.type.nullable:
                self.fail(side, f"'{self.segment(side)}' may be null; arithmetic needs a value")
        kind = _numeric_result(left.type, right.type)
        if kind is None:
            self.fail(node, "cannot mix money and whole numbers in arithmetic")
        symbol = "+" if isinstance(node.op, ast.Add) else "-"
        return Compiled(f"({left.source} {symbol} {right.source})", Type(kind))

    def _Compare(self, node: ast.Compare) -> Compiled:
        if len(node.ops) != 1:
            self.fail(node, "chained comparisons are not allowed; join them with 'and'")
        op = _COMPARE_SYMBOLS.get(type(node.ops[0]))
        if op is None:
            self.fail(node, "'is' comparisons are not allowed; use == and !=")
        left_node, right_node = node.left, node.comparators[0]
        if (
            op in ("in", "not in")
            and isinstance(right_node, ast.Attribute)
            and isinstance(right_node.value, ast.Name)
            and right_node.value.id == LIST_ROOT
        ):
            return self._list_membership(op, left_node, right_node)
        left, right = self.compile(left_node), self.compile(right_node)
        if op in ("in", "not in"):
            return self._membership(node, op, left_node, left, right_node, right)
        is_null = _is_null(right_node)
        if is_null or _is_null(left_node):
            value_node, value = (left_node, left) if is_null else (right_node, right)
            if op not in ("==", "!="):
                self.fail(node, "null can only be compared with == or !=")
            if not value.type.nullable:
                self.fail(node, f"'{self.segment(value_node)}' is never null")
            test = "is" if op == "==" else "is not"
            return Compiled(f"({value.source} {test} None)", BOOL)
        self._check_comparable(node, op, left_node, left, right_node, right)
        left_src, right_src = left.source, right.source
        guards = [c.source for c in (left, right) if c.type.nullable]
        if left.type.kind == "bool" and op in ("==", "!="):
            # True == 1 in Python; 'is' keeps booleans apart from numbers.
            expr = f"({left_src} {'is' if op == '==' else 'is not'} {right_src})"
        else:
            expr = f"({left_src} {op} {right_src})"
        if guards:
            guard = " and ".join(f"{g} is not None" for g in guards)
            expr = f"({guard} and {expr})"
        return Compiled(expr, BOOL)

    def _check_comparable(
        self,
        node: ast.Compare,
        op: str,
        left_node: ast.expr,
        left: Compiled,
        right_node: ast.expr,
        right: Compiled,
    ) -> None:
        lt, rt = left.type, right.type
        if lt.kind in NUMERIC and rt.kind in NUMERIC:
            if lt.kind != rt.kind and not (_is_literal(left_node) or _is_literal(right_node)):
                self.fail(node, f"cannot compare {lt.kind} with {rt.kind}")
            return
        if op not in ("==", "!="):
            if lt.kind == rt.kind == "date":
                return
            self.fail(
                node, f"'{op}' needs numbers or dates, got {lt.describe()} and {rt.describe()}"
            )
        if lt.kind == "enum" or rt.kind == "enum":
            field_type, other_node, other = (
                (lt, right_node, right) if lt.kind == "enum" else (rt, left_node, left)
            )
            self._check_choice(field_type, other_node, other)
            return
        if lt.kind != rt.kind:
            self.fail(node, f"cannot compare {lt.describe()} with {rt.describe()}")

    def _check_choice(self, field_type: Type, other_node: ast.expr, other: Compiled) -> None:
        if other.type.kind == "enum":
            return
        if not (isinstance(other_node, ast.Constant) and isinstance(other_node.value, str)):
            self.fail(other_node, "compare a choice field with a quoted value")
        assert field_type.choices is not None
        if other_node.value not in field_type.choices:
            allowed = ", ".join(sorted(field_type.choices))
            self.fail(other_node, f"'{other_node.value}' is not one of the choices: {allowed}")

    def _membership(
        self,
        node: ast.Compare,
        op: str,
        left_node: ast.expr,
        left: Compiled,
        right_node: ast.expr,
        right: Compiled,
    ) -> Compiled:
        if right.type.kind not in ("phrases", "list"):
            self.fail(right_node, f"'{op}' needs a list like ['a', 'b'] or a phrases parameter")
        if left.type.kind == "enum":
            assert left.type.choices is not None and right.type.choices is not None
            unknown = sorted(right.type.choices - left.type.choices)
            if unknown:
                allowed = ", ".join(sorted(left.type.choices))
                self.fail(right_node, f"'{unknown[0]}' is not one of the choices: {allowed}")
        elif left.type.kind == "str":
            if right.type.kind != "phrases":
                self.fail(right_node, "text can only be looked up in a list of text")
        elif left.type.kind == "int":
            if right.type.kind != "list":
                self.fail(right_node, "a number can only be looked up in a list of numbers")
        else:
            self.fail(left_node, f"'{op}' does not apply to {left.type.describe()}")
        members = self.emitter.constant(frozenset(self.emitter.constants[right.source]))
        expr = f"({left.source} {op} {members})"
        if left.type.nullable:
            expr = f"({left.source} is not None and {expr})"
        return Compiled(expr, BOOL)

    def _list_id(self, node: ast.Attribute) -> str:
        list_id = node.attr
        if list_id not in self.scope.risk_lists:
            declared = ", ".join(sorted(self.scope.risk_lists)) or "none"
            hint = _suggest(list_id, self.scope.risk_lists)
            self.fail(
                node,
                f"unknown list 'lists.{list_id}'{hint} (pack.yaml declares under 'lists:': "
                f"{declared})",
            )
        return list_id

    def _list_key(self, node: ast.expr) -> tuple[str, list[str]]:
        """(key kind, the field locals it is made of) for the left side of ``in lists.X``."""
        if isinstance(node, ast.Tuple):
            parts = [self.segment(e) for e in node.elts]
            if parts != ["customer.name", "customer.id_number"]:
                self.fail(
                    node, "the only pair a list can hold is (customer.name, customer.id_number)"
                )
            name, number = (self.compile(e).source for e in node.elts)
            return "name_and_id", [number, name]
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            kind = LIST_FIELDS.get((node.value.id, node.attr))
            if kind is not None:
                return kind, [self.compile(node).source]
        known = ", ".join(f"{a}.{b}" for a, b in LIST_FIELDS)
        self.fail(
            node,
            f"'{self.segment(node)}' cannot be looked up in a risk list (these can: {known}, "
            "and (customer.name, customer.id_number))",
        )

    def _list_membership(self, op: str, left_node: ast.expr, right_node: ast.Attribute) -> Compiled:
        list_id = self._list_id(right_node)
        kind, sources = self._list_key(left_node)
        wanted = self.scope.risk_lists[list_id]
        if kind != wanted:
            self.fail(
                left_node,
                f"lists.{list_id} holds {KEY_KIND_NAMES[wanted]} keys, but "
                f"'{self.segment(left_node)}' is {KEY_KIND_NAMES[kind]}",
            )
        # The keyed hash is computed once per evaluation, however many rules ask for it.
        local = "__".join(["Lk", kind, *sources])
        self.emitter.list_keys[local] = f"L.key({kind!r}, {', '.join(sources)})"
        self.emitter.lists_used.add(list_id)
        return Compiled(f"({local} {op} {list_local(list_id)})", BOOL)

    def _Call(self, node: ast.Call) -> Compiled:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            self.fail(
                node,
                f"unknown function in '{self.segment(node)}' (allowed: {', '.join(FUNCTIONS)})",
            )
        name = node.func.id
        if name == "noun":
            return self._noun(node)
        if node.keywords or not 2 <= len(node.args) <= 3:
            self.fail(node, f"{name}(text, phrases[, negations]) takes 2 or 3 arguments")
        text = self.compile(node.args[0])
        if text.type.kind != "str":
            self.fail(node.args[0], f"{name}() needs text first, got {text.type.describe()}")
        lists = []
        for arg in node.args[1:]:
            compiled = self.compile(arg)
            if compiled.type.kind != "phrases":
                self.fail(arg, f"{name}() needs a list of phrases, got {compiled.type.describe()}")
            lists.append(compiled.source)
        negations = lists[1] if len(lists) > 1 else "()"
        if name == "phrases":
            if not self.scope.allow_lists:
                self.fail(
                    node,
                    "phrases() gives a list and belongs in explanations; use "
                    "any_phrase() in conditions",
                )
            return Compiled(f"_phrases({text.source}, {lists[0]}, {negations})", Type("phrases"))
        phrases = self.emitter.constants.get(lists[0])
        if self.emitter.phrase_sets is None or phrases is None or not text.source.isidentifier():
            return Compiled(f"_any_phrase({text.source}, {lists[0]}, {negations})", BOOL)
        # A note is matched once against every list the rules ask about (one local per text
        # and negations), and each rule asks whether its own phrases are among those found:
        # the same answer as any_phrase(text, its list, negations), since whether a phrase
        # counts depends on the phrase, the text and the negations only (tests compare).
        local = f"Ph__{text.source}__{negations if negations != '()' else 'none'}"
        use = self.emitter.phrase_sets.setdefault(local, PhraseUse(text.source, negations))
        if lists[0] not in use.lists:
            use.lists.append(lists[0])
        wanted = self.emitter.constant(pack_phrases(phrases))
        return Compiled(f"(not {local}.isdisjoint({wanted}))", BOOL)

    def _noun(self, node: ast.Call) -> Compiled:
        """``noun(transfer.payee_relationship)``: a choice as a noun in a sentence (网友, not
        仅在网上认识), for the choice fields that have one (``domain/labels.NOUN_LABELS``)."""
        if not self.scope.allow_lists:
            self.fail(node, "noun() belongs in reasons and explanations, not in conditions")
        if node.keywords or len(node.args) != 1:
            self.fail(node, "noun(field) takes one choice field")
        value = self.compile(node.args[0])
        if value.type.label not in NOUN_FIELDS:
            fields = ", ".join(sorted(NOUN_FIELDS))
            self.fail(node.args[0], f"noun() applies to these choice fields only: {fields}")
        return Compiled(f"_noun({value.source}, {value.type.label!r})", STR)


def _numeric_result(left: Type, right: Type) -> TypeKind | None:
    if left.kind == right.kind:
        return left.kind
    return None


def _is_null(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id in ("null", "None")) or (
        isinstance(node, ast.Constant) and node.value is None
    )


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant)
    )


def _describe_node(node: ast.AST) -> str:
    names = {
        "Subscript": "indexing ([...])",
        "Lambda": "lambda",
        "Dict": "a dictionary",
        "Set": "a set",
        "ListComp": "a comprehension",
        "GeneratorExp": "a generator",
        "Starred": "*",
        "JoinedStr": "an f-string",
        "NamedExpr": "':='",
        "Await": "await",
        "Yield": "yield",
    }
    return names.get(type(node).__name__, type(node).__name__)


def _suggest(name: str, known: typing.Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _parse(text: str) -> ast.expr:
    if len(text) > MAX_EXPRESSION_CHARS:
        raise ExprError(f"expression longer than {MAX_EXPRESSION_CHARS} characters")
    if not text.strip():
        raise ExprError("empty expression")
    # Newlines inside a YAML block are just spaces to us; keep one line so columns are simple.
    flat = " ".join(text.split("\n"))
    try:
        tree = ast.parse(flat.strip(), mode="eval")
    except SyntaxError as exc:
        col = (exc.offset or 1) - 1
        raise ExprError(f"syntax error: {exc.msg}", col) from None
    except (ValueError, MemoryError, RecursionError) as exc:
        raise ExprError(f"cannot parse: {exc}") from None
    count = sum(1 for _ in ast.walk(tree))
    if count > MAX_NODES:
        raise ExprError(f"expression too complex ({count} parts; the limit is {MAX_NODES})")
    return tree.body


def compile_condition(text: str, scope: Scope, emitter: Emitter) -> str:
    """Python source of a condition (a non-null boolean); :class:`ExprError` if unusable."""
    node = _parse(text)
    compiler = _Compiler(" ".join(text.split("\n")).strip(), scope, emitter)
    compiled = compiler.compile(node)
    if compiled.type.kind == "bool" and compiled.type.nullable:
        raise ExprError(
            f"'{text.strip()}' may be null (not asked); compare it explicitly: "
            f"{text.strip()} == true"
        )
    if compiled.type.kind != "bool":
        raise ExprError(
            f"a condition must be true or false, but this is {compiled.type.describe()}"
        )
    return compiled.source


def compile_value(text: str, scope: Scope, emitter: Emitter) -> Compiled:
    """Python source and type of a value shown in an explanation."""
    node = _parse(text)
    compiler = _Compiler(" ".join(text.split("\n")).strip(), scope, emitter)
    return compiler.compile(node)
