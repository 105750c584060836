"""A case field has one name: the label by which the "尚未填写" list, the detail pane and the
dossier name it is the form's own wording for it (a helper's review found 联系电话 for the
form's 手机号码 and 受他人指使 for 按他人（聊天消息）指示操作)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from tellerguard.domain.labels import field_label
from tellerguard.gui.forms.ui_opening_form import Ui_OpeningForm
from tellerguard.gui.forms.ui_transfer_form import Ui_TransferForm
from tellerguard.gui.views.case_form import (
    CUSTOMER_FIELDS,
    OPENING_FIELDS,
    SIGNAL_FIELDS,
    TRANSFER_FIELDS,
)

pytestmark = pytest.mark.gui

FORMS = {
    "opening": (Ui_OpeningForm, CUSTOMER_FIELDS + OPENING_FIELDS + SIGNAL_FIELDS),
    "transfer": (Ui_TransferForm, CUSTOMER_FIELDS + TRANSFER_FIELDS + SIGNAL_FIELDS),
}


def wording(text: str) -> str:
    """A form label without its mnemonic, parenthesised examples and "：未询问"."""
    text = re.sub(r"\(&.\)", "", text)
    text = re.sub(r"（[^）]*）", "", text)
    return text.removesuffix("：未询问").strip()


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_every_field_is_named_as_the_form_names_it(qtbot: Any, kind: str) -> None:
    ui_class, fields = FORMS[kind]
    widget = QWidget()
    qtbot.addWidget(widget)
    ui = ui_class()
    ui.setupUi(widget)
    buddies = {
        label.buddy(): label.text() for label in widget.findChildren(QLabel) if label.buddy()
    }
    named = {}
    for path, name in fields:
        field = getattr(ui, name)
        text = field.text() if isinstance(field, QCheckBox) else buddies.get(field)
        if text is not None:  # the notes box is named by its group's title
            named[path] = (wording(text), field_label(path))
    assert len(named) >= len(fields) - 1
    assert {path: pair for path, pair in named.items() if pair[0] != pair[1]} == {}


def test_the_wording_drops_only_the_examples_and_the_mnemonic() -> None:
    assert wording("手机号码(&P)") == "手机号码"
    assert wording("按他人（聊天消息）指示操作") == "按他人指示操作"
    assert wording("收款账户为个人账户：未询问") == "收款账户为个人账户"
