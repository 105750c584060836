"""The default pack's reasons: every rule has one, each reads as a sentence on every matching
example, and docs/REASONS.md shows the pack as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tellerguard.engine.pack import RulePack, load_pack
from tellerguard.engine.selftest import run_example
from tellerguard.resources import default_rules_dir
from tellerguard.services.rules import reasons_page

ROOT = Path(__file__).resolve().parents[2]
COMMAND = "tellerguard rules reasons rules/default --out docs/REASONS.md"


@pytest.fixture(scope="module")
def pack() -> RulePack:
    return load_pack(default_rules_dir())


def test_reasons_page_is_current(pack: RulePack) -> None:
    page = (ROOT / "docs" / "REASONS.md").read_text(encoding="utf-8")
    assert page == reasons_page(pack, COMMAND), f"docs/REASONS.md is out of date: run {COMMAND}"
    assert page.count("\n| `") == sum(1 for r in pack.rules if r.rule.status != "deprecated")


def _sentences(pack: RulePack) -> list[tuple[str, str, list[str]]]:
    out = []
    for compiled in pack.rules:
        for example in compiled.rule.examples:
            if example.expect != "match":
                continue
            result, problem = run_example(pack, example)
            assert problem is None and result is not None
            hit = next(h for h in result.hits if h.rule_id == compiled.rule.id)
            words = [  # choices and facts in words; a note's phrase may be named again
                v
                for k, v in hit.values.items()
                if re.search(r"[\u4e00-\u9fff]", v) and "phrases(" not in k
            ]
            out.append((f"{compiled.where} {example.name}", hit.explanation, words))
    return out


def test_every_matching_example_reads_aloud_without_field_dumps(pack: RulePack) -> None:
    assert all(c.rule.reason for c in pack.rules)
    sentences = _sentences(pack)
    assert len(sentences) > len(pack.rules)
    for where, sentence, words in sentences:
        # a dump names a field and its 是/否 ("首次向该收款人转账：是", "（已核实：否）")
        assert not re.search(r"[：:](是|否|未知)(?=[，。；）)]|$)", sentence), (where, sentence)
        assert "未知" not in sentence and "None" not in sentence, (where, sentence)
        unquoted = re.sub(r"“[^”]*”", "", sentence)  # a note's own words may be English
        assert not re.search(r"[A-Za-z_]{3,}", unquoted), (where, sentence)  # no raw values
        assert len(sentence) <= 140, (where, sentence)
        for word in words:  # no value said twice ("用途：借钱给熟人…用途：借钱给熟人")
            assert sentence.count(word) == 1, (where, word, sentence)
