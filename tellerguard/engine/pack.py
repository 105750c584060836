"""Load a rule pack folder into a compiled, ready-to-evaluate :class:`RulePack`.

Every problem in the pack is collected and reported at once as ``file:line: message`` — a rule
administrator fixes a pack in one pass, not one error per run. The whole pack compiles into one
generated Python module (one function per case kind), which is as fast as hand-written ``if``s.
"""

from __future__ import annotations

import hashlib
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from tellerguard.domain.assessment import Hit, RulePackRef, engine_made
from tellerguard.domain.case import CASE_KINDS, Customer, Opening, Transfer, _CaseBase
from tellerguard.domain.facts import Facts, History
from tellerguard.domain.format import format_value
from tellerguard.domain.labels import noun
from tellerguard.domain.levels import LEVEL_RANK
from tellerguard.engine import expr
from tellerguard.engine.lists import NO_LISTS, BoundLists
from tellerguard.engine.phrases import PhraseMatcher, any_phrase, find_phrases
from tellerguard.engine.safeyaml import LineList, LineMap, YamlError, YamlProblem, load_yaml_file
from tellerguard.engine.schema import (
    EVALUATED_STATUSES,
    AddressForm,
    BasesFile,
    ListSpec,
    PackFile,
    ParamSpec,
    Rule,
    coerce_param,
)
from tellerguard.errors import TellerGuardError

PACK_FILE = "pack.yaml"
ADDRESS_TOKEN = "{称呼}"
"""In a script line: the customer's form of address (pack.yaml ``address``)."""
DEFAULT_ADDRESS = "您好"
_SCRIPT_BRACES = re.compile(r"\{[^{}]*\}|[{}]")
BASES_FILE = "bases.yaml"
MAX_FILES = 200
MAX_RULES = 2000


class PackError(TellerGuardError, ValueError):
    """A pack that cannot be used; ``problems`` lists every problem found, each with file:line."""

    default_zh = "规则包无法加载，请联系规则管理员"

    def __init__(self, problems: list[YamlProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


# -- the language's namespaces -------------------------------------------------------------
def _model_fields(
    model: type[BaseModel], root: str, skip: Iterable[str] = ()
) -> dict[str, expr.Type]:
    return {
        name: expr.type_of_annotation(info.annotation, f"{root}.{name}")
        for name, info in model.model_fields.items()
        if name not in skip
    }


def _record_fields(cls: type[Any], root: str) -> dict[str, expr.Type]:
    """The fields of a dataclass or a named tuple, typed for the rule language."""
    hints = typing.get_type_hints(cls)
    names = getattr(cls, "_fields", None) or [f.name for f in fields(cls)]
    return {name: expr.type_of_annotation(hints[name], f"{root}.{name}") for name in names}


def _namespaces(kinds: frozenset[str]) -> dict[str, expr.Namespace]:
    case_fields = _model_fields(_CaseBase, "case", skip=("customer",))
    case_fields["kind"] = expr.Type("enum", False, frozenset(CASE_KINDS), "case.kind")
    spaces = {
        "case": expr.Namespace("case", "c", case_fields),
        "customer": expr.Namespace("customer", "cu", _model_fields(Customer, "customer")),
        "facts": expr.Namespace("facts", "f", _record_fields(Facts, "facts")),
        "history": expr.Namespace("history", "h", _record_fields(History, "history")),
    }
    if kinds == {"opening"}:
        spaces["opening"] = expr.Namespace("opening", "op", _model_fields(Opening, "opening"))
    if kinds == {"transfer"}:
        spaces["transfer"] = expr.Namespace("transfer", "tr", _model_fields(Transfer, "transfer"))
    return spaces


_NAMESPACES: dict[frozenset[str], dict[str, expr.Namespace]] = {}


def namespaces_for(kinds: frozenset[str]) -> dict[str, expr.Namespace]:
    if kinds not in _NAMESPACES:
        _NAMESPACES[kinds] = _namespaces(kinds)
    return _NAMESPACES[kinds]


def _param_type(spec: ParamSpec) -> expr.Type:
    kind: expr.TypeKind = {"int": "int", "money": "money", "bool": "bool", "phrases": "phrases"}[
        spec.type
    ]  # type: ignore[assignment]
    return expr.Type(kind)


# -- the compiled pack ---------------------------------------------------------------------
@dataclass(frozen=True)
class Placeholder:
    text: str
    label: str | None


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    file: str
    line: int
    template: tuple[str | Placeholder, ...]
    values: Callable[..., tuple[Any, ...]]
    example_lines: tuple[int, ...] = ()

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class RulePack:
    """A loaded pack: identity, effective parameters, compiled rules and the evaluators."""

    path: Path
    id: str
    version: str
    sha256: str
    description: str
    params: Mapping[str, Any]
    param_specs: Mapping[str, ParamSpec]
    rules: tuple[CompiledRule, ...]
    bases: BasesFile | None
    address: tuple[AddressForm, ...]
    _evaluators: Mapping[str, Callable[..., list[int]]]
    source: str
    lists: Mapping[str, ListSpec] = field(default_factory=dict)
    """The risk lists the pack declares (pack.yaml ``lists:``), in declaration order."""

    @cached_property
    def ref(self) -> RulePackRef:
        """The pack's identity as an assessment records it (made once: it is frozen)."""
        return RulePackRef(id=self.id, version=self.version, sha256=self.sha256)

    def address_for(self, facts: Facts) -> str:
        """The customer's form of address for the script (``{称呼}``), from the ID's gender and
        age as the pack's ``address`` list chooses; 您好 when none fits (e.g. a passport)."""
        key = (facts.gender, facts.age)
        word = self._addresses.get(key)
        if word is None:
            # Kept per (gender, age): a few hundred at most, and asked on every hit.
            word = self._addresses[key] = self._choose_address(*key)
        return word

    @cached_property
    def _addresses(self) -> dict[tuple[str | None, int | None], str]:
        return {}

    def _choose_address(self, gender: str | None, age: int | None) -> str:
        for form in self.address:
            if form.gender is not None and form.gender != gender:
                continue
            if form.min_age is not None and (age is None or age < form.min_age):
                continue
            return form.word
        return DEFAULT_ADDRESS

    @cached_property
    def list_titles(self) -> Mapping[str, str]:
        return MappingProxyType({list_id: spec.title for list_id, spec in self.lists.items()})

    def matching(
        self, case: Any, facts: Facts, history: History, lists: BoundLists = NO_LISTS
    ) -> list[int]:
        """Indexes of the rules whose condition holds (rule evaluation alone)."""
        return self._evaluators[case.kind](case, facts, history, lists)

    def evaluate(
        self, case: Any, facts: Facts, history: History, lists: BoundLists = NO_LISTS
    ) -> list[Hit]:
        """The hits for a case, strictest first, then by rule id, with explanations."""
        bound = lists.for_pack(self.list_titles)
        matched = self.matching(case, facts, history, bound)
        if not matched:
            return []
        address = self.address_for(facts)
        # The names a reason reads, once per case. By kind, not getattr(case, "opening",
        # None): a missing attribute goes through pydantic's slow __getattr__ (issue 13).
        kind = case.kind
        names = (
            case,
            case.customer,
            case.opening if kind == "opening" else None,
            case.transfer if kind == "transfer" else None,
            facts,
            history,
            bound,
        )
        hits = [self._hit(self.rules[i], names, address) for i in matched]
        hits.sort(key=lambda h: (-LEVEL_RANK[h.level], h.rule_id))
        return hits

    def _hit(self, compiled: CompiledRule, names: tuple[Any, ...], address: str) -> Hit:
        raw = compiled.values(*names)
        values: dict[str, str] = {}
        parts: list[str] = []
        index = 0
        for piece in compiled.template:
            if isinstance(piece, str):
                parts.append(piece)
                continue
            shown = format_value(raw[index], piece.label)
            index += 1
            values[piece.text] = shown
            parts.append(shown)
        rule = compiled.rule
        # Not validated again: every part is the checked rule's or made just above. The hit
        # gets lists of its own, as validation would give it.
        return engine_made(
            Hit,
            {
                "rule_id": rule.id,
                "level": rule.level,
                "title": rule.title,
                "explanation": "".join(parts),
                "tags": list(rule.tags),
                "values": values,
                "script": [line.replace(ADDRESS_TOKEN, address) for line in rule.script],
                "questions": list(rule.questions),
                "references": list(rule.references),
                "police_referral": rule.police_referral,
            },
        )


# -- loading -------------------------------------------------------------------------------
def pack_sha256(folder: Path) -> str:
    """Content hash of a pack per shared/CASE_SCHEMA.md (paths, lengths, LF-normalised bytes)."""
    entries: list[tuple[bytes, Path]] = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        entries.append((relative.as_posix().encode("utf-8"), path))
    digest = hashlib.sha256()
    for name, path in sorted(entries):
        content = path.read_bytes().replace(b"\r\n", b"\n")
        digest.update(name + b"\0" + str(len(content)).encode() + b"\0" + content)
    return digest.hexdigest()


def _line_of(data: Any, loc: tuple[int | str, ...]) -> int:
    """The line of the deepest YAML node a pydantic error location reaches."""
    line = getattr(data, "line", 0)
    node = data
    for key in loc:
        if isinstance(node, LineMap) and isinstance(key, str) and key in node:
            line = node.key_lines[key]
            node = node[key]
        elif isinstance(node, LineList) and isinstance(key, int) and key < len(node):
            line = node.item_lines[key]
            node = node[key]
        else:
            break
    return int(line)


def _validation_problems(
    exc: ValidationError, data: Any, file: str, prefix: tuple[int | str, ...] = ()
) -> list[YamlProblem]:
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        path = ".".join(str(p) for p in loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            message = f"unknown key '{loc[-1]}'"
        elif kind == "missing":
            message = f"missing key '{loc[-1]}'"
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            message = f"{path}: {err['input']!r} is not one of {expected}"
        else:
            message = f"{path}: {err['msg'].removeprefix('Value error, ')}"
        problems.append(YamlProblem(file, _line_of(data, prefix + loc), message))
    return problems


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def _split_template(text: str) -> list[str]:
    """Literal text and placeholder expressions (the latter prefixed with NUL).

    Raises ValueError on a stray brace.
    """
    pieces: list[str] = []
    position = 0
    kinds: list[bool] = []
    for match in _PLACEHOLDER.finditer(text):
        pieces.append(text[position : match.start()])
        kinds.append(False)
        token = match.group(0)
        if token == "{{":
            pieces.append("{")
            kinds.append(False)
        elif token == "}}":
            pieces.append("}")
            kinds.append(False)
        elif match.group(1) is not None:
            if not match.group(1).strip():
                raise ValueError("empty {}")
            pieces.append(match.group(1).strip())
            kinds.append(True)
        else:
            raise ValueError(f"unmatched '{token}' (write {token * 2} for a literal brace)")
        position = match.end()
    pieces.append(text[position:])
    kinds.append(False)
    return [("\0" + p) if is_expr else p for p, is_expr in zip(pieces, kinds, strict=True)]


def _expression_line(data: LineMap, key: str) -> int:
    return data.key_lines.get(key, data.line)


@dataclass
class _Draft:
    """A rule that passed its checks, with the Python source the evaluator is built from."""

    rule: Rule
    file: str
    line: int
    example_lines: tuple[int, ...]
    condition: str = ""
    condition_fields: set[tuple[str, str]] = field(default_factory=set)
    template: list[str | Placeholder] = field(default_factory=list)
    value_sources: list[str] = field(default_factory=list)
    value_fields: set[tuple[str, str]] = field(default_factory=set)
    list_keys: dict[str, str] = field(default_factory=dict)
    lists_used: set[str] = field(default_factory=set)
    phrase_sets: dict[str, expr.PhraseUse] = field(default_factory=dict)


class _Builder:
    def __init__(self, folder: Path, overrides: Mapping[str, Any] | None) -> None:
        self.folder = folder
        self.overrides = dict(overrides or {})
        self.problems: list[YamlProblem] = []
        self.emitter = expr.Emitter()
        self.lists: dict[str, ListSpec] = {}

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path.as_posix()

    def read(self, path: Path) -> Any:
        try:
            return load_yaml_file(path, self.display(path))
        except YamlError as exc:
            self.problems.append(exc.problem)
            return None

    def build(self) -> RulePack:
        folder = self.folder
        if not folder.is_dir():
            raise PackError([YamlProblem(self.display(folder), 0, "not a rule pack folder")])
        pack_path = folder / PACK_FILE
        if not pack_path.is_file():
            raise PackError(
                [
                    YamlProblem(
                        self.display(pack_path),
                        0,
                        "missing pack.yaml (id, version, description, params)",
                    )
                ]
            )
        files = sorted(
            p
            for p in folder.rglob("*.yaml")
            if not any(part.startswith(".") for part in p.relative_to(folder).parts)
        )
        if len(files) > MAX_FILES:
            raise PackError(
                [
                    YamlProblem(
                        self.display(folder),
                        0,
                        f"{len(files)} YAML files; the limit is {MAX_FILES}",
                    )
                ]
            )
        pack = self._pack_file(pack_path)
        self.lists = dict(pack.lists) if pack else {}
        params, specs = self._params(pack, pack_path)
        bases = self._bases(folder / BASES_FILE)
        rules = self._rules(
            [p for p in files if p.name not in (PACK_FILE, BASES_FILE)], params, specs
        )
        if pack is not None and pack.require_reason:
            self._require_reasons(rules)
        if pack is None or self.problems:
            raise PackError(self.problems)
        source, evaluators, compiled = self._generate(rules)
        return RulePack(
            path=folder,
            id=pack.id,
            version=pack.version,
            sha256=pack_sha256(folder),
            description=pack.description,
            params=params,
            param_specs=specs,
            rules=compiled,
            bases=bases,
            address=tuple(pack.address),
            _evaluators=evaluators,
            source=source,
            lists=self.lists,
        )

    def _pack_file(self, path: Path) -> PackFile | None:
        data = self.read(path)
        if data is None:
            return None
        try:
            return PackFile.model_validate(data)
        except ValidationError as exc:
            self.problems.extend(_validation_problems(exc, data, self.display(path)))
            return None

    def _params(
        self, pack: PackFile | None, path: Path
    ) -> tuple[dict[str, Any], dict[str, ParamSpec]]:
        specs = dict(pack.params) if pack else {}
        values = {name: spec.value for name, spec in specs.items()}
        for name, value in self.overrides.items():
            where = "branch configuration"
            spec = specs.get(name)
            if spec is None:
                if pack is not None:
                    self.problems.append(
                        YamlProblem(
                            where, 0, f"params.{name}: the pack '{pack.id}' has no such parameter"
                        )
                    )
                continue
            try:
                values[name] = coerce_param(
                    spec, list(value) if isinstance(value, tuple) else value
                )
            except ValueError as exc:
                self.problems.append(YamlProblem(where, 0, f"params.{name}: {exc}"))
        return values, specs

    def _bases(self, path: Path) -> BasesFile | None:
        if not path.is_file():
            return None
        data = self.read(path)
        if data is None:
            return None
        try:
            return BasesFile.model_validate(data)
        except ValidationError as exc:
            self.problems.extend(_validation_problems(exc, data, self.display(path)))
            return None

    def _rules(
        self, paths: list[Path], params: dict[str, Any], specs: dict[str, ParamSpec]
    ) -> list[_Draft]:
        seen: dict[str, str] = {}
        out: list[_Draft] = []
        param_types = {name: _param_type(spec) for name, spec in specs.items()}
        for path in paths:
            file = self.display(path)
            known = len(self.problems)
            data = self.read(path)
            if data is None:
                if len(self.problems) == known:  # empty, not unreadable: its rules are gone
                    self.problems.append(
                        YamlProblem(file, 1, "the rule file is empty (a list under 'rules:')")
                    )
                continue
            if not isinstance(data, LineMap) or "rules" not in data:
                self.problems.append(
                    YamlProblem(
                        file, getattr(data, "line", 1), "a rule file holds a list under 'rules:'"
                    )
                )
                continue
            raw_rules = data["rules"]
            if not isinstance(raw_rules, LineList):
                self.problems.append(
                    YamlProblem(file, data.key_lines["rules"], "'rules' must be a list")
                )
                continue
            for key in data:
                if key != "rules":
                    self.problems.append(
                        YamlProblem(file, data.key_lines[key], f"unknown key '{key}'")
                    )
            for index, raw in enumerate(raw_rules):
                line = raw_rules.item_lines[index]
                try:
                    rule = Rule.model_validate(raw)
                except ValidationError as exc:
                    self.problems.extend(_validation_problems(exc, raw, file))
                    continue
                if rule.id in seen:
                    self.problems.append(
                        YamlProblem(
                            file, line, f"duplicate rule id {rule.id} (first in {seen[rule.id]})"
                        )
                    )
                    continue
                seen[rule.id] = f"{file}:{line}"
                examples = raw.get("examples")
                draft = _Draft(
                    rule,
                    file,
                    line,
                    tuple(examples.item_lines if isinstance(examples, LineList) else ()),
                )
                if self._compile_rule(draft, raw, param_types, params):
                    out.append(draft)
        if len(out) > MAX_RULES:
            self.problems.append(
                YamlProblem(
                    self.display(self.folder), 0, f"{len(out)} rules; the limit is {MAX_RULES}"
                )
            )
        return out

    def _require_reasons(self, drafts: list[_Draft]) -> None:
        """A pack that requires reasons names every rule still without one, and what to add."""
        for draft in drafts:
            if draft.rule.reason is None:
                self.problems.append(
                    YamlProblem(
                        draft.file,
                        draft.line,
                        f"rule {draft.rule.id} has no 'reason' (pack.yaml: require_reason): "
                        "add one sentence the teller reads aloud, with the values that "
                        "triggered the rule in braces, e.g. "
                        "reason: 客户 {facts.age} 岁，向首次转账的{transfer.payee_relationship}"
                        "转账 {transfer.amount} 元 (docs/RULES.md, Reasons); then run "
                        "tellerguard rules reasons rules/default --out docs/REASONS.md",
                    )
                )

    def _compile_rule(
        self, draft: _Draft, raw: LineMap, param_types: dict[str, expr.Type], params: dict[str, Any]
    ) -> bool:
        """Compile the condition and explanation into ``draft``; False if either is wrong."""
        rule, file = draft.rule, draft.file
        risk_lists: dict[str, str] = {i: spec.key for i, spec in self.lists.items()}
        scope = expr.Scope(
            namespaces_for(frozenset(rule.kinds)), param_types, params, risk_lists=risk_lists
        )
        ok = True
        self.emitter.used = draft.condition_fields
        self.emitter.list_keys = draft.list_keys
        self.emitter.lists_used = draft.lists_used
        self.emitter.phrase_sets = draft.phrase_sets
        try:
            draft.condition = expr.compile_condition(rule.condition, scope, self.emitter)
        except expr.ExprError as exc:
            ok = False
            self.problems.append(
                YamlProblem(
                    file,
                    _expression_line(raw, "condition"),
                    f"rule {rule.id}: condition: {exc} (column {exc.col + 1})",
                )
            )
        value_scope = expr.Scope(
            scope.namespaces, param_types, params, allow_lists=True, risk_lists=risk_lists
        )
        self.emitter.lists_used = set()  # reasons name lists; they load no member set
        self.emitter.phrase_sets = None  # a reason's function has no shared prelude
        key = rule.text_key
        where = _expression_line(raw, key)
        try:
            pieces = _split_template(rule.text)
        except ValueError as exc:
            pieces = []
            ok = False
            self.problems.append(YamlProblem(file, where, f"rule {rule.id}: {key}: {exc}"))
        self.emitter.used = draft.value_fields
        for piece in pieces:
            if not piece.startswith("\0"):
                if piece:
                    draft.template.append(piece)
                continue
            text = piece[1:]
            try:
                value = expr.compile_value(text, value_scope, self.emitter)
            except expr.ExprError as exc:
                ok = False
                self.problems.append(
                    YamlProblem(file, where, f"rule {rule.id}: {key} {{{text}}}: {exc}")
                )
                continue
            draft.template.append(Placeholder(text, value.type.label))
            draft.value_sources.append(value.source)
        for text in rule.script:
            stray = [t for t in _SCRIPT_BRACES.findall(text) if t != ADDRESS_TOKEN]
            if stray:
                ok = False
                self.problems.append(
                    YamlProblem(
                        file,
                        _expression_line(raw, "script"),
                        f"rule {rule.id}: script: '{stray[0]}' is not known; a script line "
                        f"may hold only {ADDRESS_TOKEN} (the customer's form of address, "
                        "pack.yaml address)",
                    )
                )
        return ok

    def _phrase_prelude(self, drafts: Iterable[_Draft]) -> list[str]:
        """Each text matched once against the union of the phrase lists its rules ask about
        (``Ph__c__notes__K4 = K50.found(c__notes)``), for ``not Ph__….isdisjoint(K…)``."""
        uses: dict[str, expr.PhraseUse] = {}
        for draft in drafts:
            for local, use in draft.phrase_sets.items():
                merged = uses.setdefault(local, expr.PhraseUse(use.text, use.negations))
                merged.lists.extend(n for n in use.lists if n not in merged.lists)
        lines = []
        for local, use in sorted(uses.items()):
            constants = self.emitter.constants
            phrases = [p for name in use.lists for p in constants[name]]
            negations = constants[use.negations] if use.negations != "()" else ()
            matcher = self.emitter.constant(PhraseMatcher(phrases, negations))
            lines.append(f"    {local} = {matcher}.found({use.text})")
        return lines

    def _generate(
        self, drafts: list[_Draft]
    ) -> tuple[str, dict[str, Callable[..., list[int]]], tuple[CompiledRule, ...]]:
        signature = "(c, cu, op, tr, f, h, L)"
        lines: list[str] = []
        active = [(i, d) for i, d in enumerate(drafts) if d.rule.status in EVALUATED_STATUSES]

        def prelude(used: set[tuple[str, str]]) -> list[str]:
            return [f"    {expr.local_name(v, n)} = {v}.{n}" for v, n in sorted(used)]

        for kind in CASE_KINDS:
            mine = [(i, d) for i, d in active if kind in d.rule.kinds]
            used: set[tuple[str, str]] = set().union(*(d.condition_fields for _, d in mine))
            lists_used: set[str] = set().union(*(d.lists_used for _, d in mine))
            keys = {k: v for _, d in mine for k, v in d.list_keys.items()}
            lines.append(f"def evaluate_{kind}(c, f, h, L):")
            lines.append(f"    cu = c.customer; {'op' if kind == 'opening' else 'tr'} = c.{kind}")
            lines.extend(prelude(used))
            # Each list's set and each keyed hash once per evaluation, not once per rule.
            lines.extend(
                f"    {expr.list_local(i)} = L.members.get({i!r}, _EMPTY)"
                for i in sorted(lists_used)
            )
            lines.extend(f"    {local} = {source}" for local, source in sorted(keys.items()))
            lines.extend(self._phrase_prelude(d for _, d in mine))
            lines.append("    r = []")
            for index, draft in mine:
                lines.append(f"    if {draft.condition}: r.append({index})  # {draft.rule.id}")
            lines.append("    return r")
        for index, draft in enumerate(drafts):
            sources = draft.value_sources
            lines.append(f"def values_{index}{signature}:  # {draft.rule.id}")
            lines.extend(prelude(draft.value_fields))
            lines.append(f"    return ({', '.join(sources)}{',' if len(sources) == 1 else ''})")
        source = "\n".join(lines) + "\n"
        namespace: dict[str, Any] = {
            "__builtins__": {},
            "_any_phrase": any_phrase,
            "_phrases": find_phrases,
            "_format": format_value,
            "_noun": noun,
            "_EMPTY": frozenset(),
            "None": None,
        }
        namespace.update(self.emitter.constants)
        code = compile(source, f"<rule pack {self.folder.name}>", "exec")
        exec(code, namespace)
        evaluators: dict[str, Callable[..., list[int]]] = {
            kind: namespace[f"evaluate_{kind}"] for kind in CASE_KINDS
        }
        compiled = tuple(
            CompiledRule(
                rule=d.rule,
                file=d.file,
                line=d.line,
                template=tuple(d.template),
                values=namespace[f"values_{index}"],
                example_lines=d.example_lines,
            )
            for index, d in enumerate(drafts)
        )
        return source, evaluators, compiled


def load_pack(folder: Path, overrides: Mapping[str, Any] | None = None) -> RulePack:
    """Load, check and compile a pack; :class:`PackError` lists every problem with file:line."""
    return _Builder(folder, overrides).build()
