"""A YAML loader for rule packs that a hostile file cannot abuse.

Only plain YAML is accepted: no tags beyond the core schema, no anchors or aliases (so no alias
bombs), no duplicate keys, bounded size and nesting. Every mapping and sequence comes back with
the line numbers of its entries so that later checks can report ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tellerguard.errors import TellerGuardError
from tellerguard.private_files import FileTooLarge, NotARegularFile, read_regular_file

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 50
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


@dataclass(frozen=True)
class YamlProblem:
    """One problem in a file, located by 1-based line (0 when the whole file is at fault)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class YamlError(TellerGuardError, ValueError):
    """A YAML file that cannot be read, located by ``file:line``."""

    def __init__(self, problem: YamlProblem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class LineMap(dict[str, Any]):
    """A mapping that remembers its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]


class LineList(list[Any]):
    """A sequence that remembers its own line and the line of each item."""

    line: int
    item_lines: list[int]


# libyaml's C scanner and parser where PyYAML has it: the pure-Python ones cost ~0.3 s of each
# cold start for the default pack. The composer below stays in Python either way, so every
# event is still checked before a node exists (libyaml's own composer would expand nothing but
# would also recurse in C without a depth limit).
_PARSING_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _NoAliasLoader(Composer, _PARSING_LOADER):  # type: ignore[misc,valid-type]
    """Safe loading that refuses anchors and aliases and limits nesting while composing."""

    def __init__(self, stream: str) -> None:
        _PARSING_LOADER.__init__(self, stream)
        Composer.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                None, None, "aliases (*name) are not allowed in rule packs", event.start_mark
            )
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            raise yaml.MarkedYAMLError(
                None, None, "anchors (&name) are not allowed in rule packs", event.start_mark
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                None, None, f"nesting deeper than {MAX_DEPTH} levels", event.start_mark
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _build(node: Node, loader: _NoAliasLoader, file: str) -> Any:
    line = node.start_mark.line + 1
    if node.tag not in _ALLOWED_TAGS:
        raise YamlError(YamlProblem(file, line, f"tag {node.tag!r} is not allowed"))
    if isinstance(node, ScalarNode):
        # YAML 1.1 reads on/off/yes/no as booleans and 0371 as octal: surprising in a rule
        # pack (a key named "on", a phone area code), so only true/false are booleans and
        # numbers with a leading zero stay text.
        if node.tag == _BOOL and node.value.lower() not in ("true", "false"):
            return node.value
        if (
            node.tag == _INT
            and node.value.lstrip("+-").startswith("0")
            and node.value.lstrip("+-") != "0"
        ):
            return node.value
        try:
            return loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise YamlError(YamlProblem(file, line, f"bad value: {exc}")) from None
    if isinstance(node, SequenceNode):
        items = LineList(_build(child, loader, file) for child in node.value)
        items.line = line
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items
    if isinstance(node, MappingNode):
        mapping = LineMap()
        mapping.line = line
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(YamlProblem(file, key_line, "keys must be plain text"))
            key = str(key_node.value)  # keys are always text: "on" is not a boolean here
            if key == "<<":
                raise YamlError(YamlProblem(file, key_line, "merge keys (<<) are not allowed"))
            if key in mapping:
                raise YamlError(
                    YamlProblem(
                        file,
                        key_line,
                        f"duplicate key {key!r} (first on line {mapping.key_lines[key]})",
                    )
                )
            mapping.key_lines[key] = key_line
            mapping[key] = _build(value_node, loader, file)
        return mapping
    raise YamlError(YamlProblem(file, line, "unsupported YAML node"))  # pragma: no cover


def load_yaml_text(text: str, file: str) -> Any:
    """Parse one YAML document; raise :class:`YamlError` with ``file:line`` on any problem."""
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _build(node, loader, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        message = exc.problem or exc.context or "invalid YAML"
        raise YamlError(YamlProblem(file, line, message)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, at a text position
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        message = f"the character U+{code:04X} is not allowed in YAML (a control character)"
        raise YamlError(YamlProblem(file, line, message)) from None
    except yaml.YAMLError as exc:
        raise YamlError(YamlProblem(file, 0, f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise YamlError(YamlProblem(file, 0, "nesting too deep")) from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path, display: str) -> Any:
    """Read and parse a YAML file, refusing files over :data:`MAX_FILE_BYTES`."""
    try:
        text = read_regular_file(path, MAX_FILE_BYTES).decode("utf-8")
    except FileTooLarge:
        raise YamlError(
            YamlProblem(display, 0, f"the file is over the limit of {MAX_FILE_BYTES} bytes")
        ) from None
    except NotARegularFile:  # a FIFO in the pack folder hung the check
        raise YamlError(YamlProblem(display, 0, "not a regular file")) from None
    except UnicodeDecodeError as exc:
        raise YamlError(YamlProblem(display, 0, f"not UTF-8 text (byte {exc.start})")) from None
    except OSError as exc:
        raise YamlError(YamlProblem(display, 0, f"cannot read: {exc.strerror}")) from None
    return load_yaml_text(text, display)
