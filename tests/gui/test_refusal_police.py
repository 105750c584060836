"""A refusal the rule sends to the police starts with the police box ticked (a payee on the
police's list of fraud-receiving accounts); other refusals leave it to the teller."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from tellerguard.domain.assessment import Hit
from tellerguard.gui.views.refusal import RefusalDialog

pytestmark = pytest.mark.gui


def hit(rule_id: str, *, police: bool) -> Hit:
    return Hit(
        rule_id=rule_id,
        level="refuse",
        title="收款账户在公安机关推送的涉案账户名单中",
        explanation="收款账户在公安机关推送的涉案账户名单（名单版本 2026.11.20）中",
        tags=["risk_list"],
        police_referral=police,
    )


@pytest.mark.parametrize(("police", "ticked"), [(True, True), (False, False)])
def test_the_police_box_follows_the_rule(qtbot: QtBot, police: bool, ticked: bool) -> None:
    dialog = RefusalDialog([hit("XFER-LIST-POLICE-ACCOUNT", police=police)])
    qtbot.addWidget(dialog)
    assert dialog.ui.policeCheck.isChecked() is ticked
