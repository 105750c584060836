"""The hit model passes pytest-qt's model tester, empty, filled and while being replaced."""

from __future__ import annotations

from typing import Any

import pytest

from tellerguard.domain.assessment import Hit
from tellerguard.gui.models import HitListModel

pytestmark = pytest.mark.gui


def _hit(rule_id: str, level: str = "second_reminder") -> Hit:
    return Hit(
        rule_id=rule_id,
        level=level,
        title=f"规则{rule_id}",  # type: ignore[arg-type]
        explanation="客户年龄 72 岁（≥ 60 岁）<b>",
        tags=["elderly"],
        script=["请核实"],
        questions=["对方是谁？"],
        references=["河南公安反诈提示"],
    )


def test_hit_model_passes_modeltester(qtmodeltester: Any) -> None:
    model = HitListModel()
    qtmodeltester.check(model)
    model.set_hits([_hit("XFER-ELDERLY", "manager_approval"), _hit("XFER-GROUP")])
    qtmodeltester.check(model)
    model.set_hits([])
    qtmodeltester.check(model)


def test_hit_model_roles(qtmodeltester: Any) -> None:
    model = HitListModel()
    model.set_hits([_hit("XFER-ELDERLY", "manager_approval")])
    qtmodeltester.check(model)
    index = model.index(0, 0)
    assert model.rowCount() == 1
    assert model.data(index, HitListModel.RuleIdRole) == "XFER-ELDERLY"
    assert model.data(index).startswith("【主管授权】规则XFER-ELDERLY")
    html = model.data(index, HitListModel.HtmlRole)
    assert "&lt;b&gt;" in html  # explanation text is escaped, never interpreted
    # The tooltip gives the rule's grounds in Chinese, not its id.
    assert model.data(index, 3) == "依据：河南公安反诈提示"


def test_unchanged_hits_do_not_reset_the_model(qtbot: Any) -> None:
    model = HitListModel()
    hits = [_hit("A")]
    model.set_hits(hits)
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_hits(list(hits))
