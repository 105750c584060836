"""The rule-pack YAML loader refuses hostile and broken files with file:line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tellerguard.engine.safeyaml import MAX_FILE_BYTES, YamlError, load_yaml_file, load_yaml_text


def test_plain_yaml_keeps_lines() -> None:
    data = load_yaml_text("a: 1\nrules:\n  - id: X\n  - id: Y\n", "p.yaml")
    assert data == {"a": 1, "rules": [{"id": "X"}, {"id": "Y"}]}
    assert data.key_lines == {"a": 1, "rules": 2}
    assert data["rules"].item_lines == [3, 4]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: &x [1, 2]\nb: *x\n", 1, "anchors"),
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first on line 1)"),
        ("a: !!python/object/apply:os.system ['echo pwned']\n", 1, "not allowed"),
        ("a: !!binary aGVsbG8=\n", 1, "not allowed"),
        ("a: !custom x\n", 1, "not allowed"),
        ("<<: {a: 1}\n", 1, "plain text"),
        ("a: [1, 2\n", 2, "expected ',' or ']'"),
        ("a:\n  b: 1\n c: 2\n", 3, "did not find expected key"),  # libyaml's wording
        ("? [1, 2]\n: x\n", 1, "plain text"),
    ],
)
def test_hostile_or_broken_yaml_is_refused_with_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(YamlError) as info:
        load_yaml_text(text, "pack.yaml")
    assert info.value.problem.file == "pack.yaml"
    assert info.value.problem.line == line
    assert fragment and fragment in info.value.problem.message


def test_alias_bomb_is_refused_before_expansion() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    with pytest.raises(YamlError, match="not allowed"):
        load_yaml_text(bomb, "bomb.yaml")


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(YamlError, match="nesting"):
        load_yaml_text("[" * 200 + "]" * 200, "deep.yaml")


def test_oversized_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(YamlError, match="limit"):
        load_yaml_file(path, "big.yaml")


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("标题: 老人".encode("gbk"))
    with pytest.raises(YamlError, match="not UTF-8"):
        load_yaml_file(path, "gbk.yaml")


@pytest.mark.parametrize(
    ("text", "line", "code"), [("a: b\nc: d\x00e\n", 2, "0000"), ("\x07", 1, "0007")]
)
def test_a_control_character_is_named_with_its_line(text: str, line: int, code: str) -> None:
    # PyYAML's own message spanned two lines and named a position in "<unicode string>".
    with pytest.raises(YamlError) as info:
        load_yaml_text(text, "rules.yaml")
    problem = info.value.problem
    assert (problem.file, problem.line) == ("rules.yaml", line)
    assert f"U+{code}" in problem.message and "\n" not in problem.message


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!?<>,'\"\n #|%@`0-9安全")), max_size=80))
def test_any_text_either_loads_or_raises_yaml_error(text: str) -> None:
    try:
        load_yaml_text(text, "fuzz.yaml")
    except YamlError as exc:
        assert exc.problem.file == "fuzz.yaml"


def test_yaml11_surprises_are_text() -> None:
    data = load_yaml_text("on: 2026-11-25\nanswer: yes\narea: 0371\nflag: true\nn: 10\n", "b.yaml")
    assert data == {
        "on": __import__("datetime").date(2026, 11, 25),
        "answer": "yes",
        "area": "0371",
        "flag": True,
        "n": 10,
    }


def test_a_pipe_in_the_pack_folder_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "f.yaml"
    os.mkfifo(fifo)  # reading it waited for a writer forever: the check hung
    with pytest.raises(YamlError, match="not a regular file"):
        load_yaml_file(fifo, "f.yaml")
