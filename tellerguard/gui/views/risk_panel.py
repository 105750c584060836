"""The live risk panel: the level as a coloured badge with its Chinese name, what the teller
must do at that level, and each hit's title and explanation (or what is still missing)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QListView, QWidget

from tellerguard.domain.assessment import Assessment
from tellerguard.gui.forms.ui_risk_panel import Ui_RiskPanel
from tellerguard.gui.models import HitDelegate, HitListModel
from tellerguard.gui.style import (
    ERROR_COLOUR,
    INCOMPLETE_COLOUR,
    LEVEL_COLOURS,
    MUTED_COLOUR,
    badge_style,
    level_action,
    level_label,
)


class RiskPanel(QWidget):
    """Shows one assessment, or the gaps that stop one; never an error dialog while typing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RiskPanel()
        self.ui.setupUi(self)
        self.model = HitListModel(self)
        view = self.ui.hitsView
        view.setModel(self.model)
        view.setItemDelegate(HitDelegate(view))
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setUniformItemSizes(False)
        view.setSpacing(2)
        self.ui.panelTitle.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.ui.packLabel.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.ui.actionLabel.setStyleSheet("font-size: 11pt;")
        self.level: str | None = None
        self.show_incomplete([], [])

    # -- states -----------------------------------------------------------------------------
    def _badge(self, text: str, colour: str) -> None:
        self.ui.levelBadge.setText(text)
        self.ui.levelBadge.setStyleSheet(badge_style(colour))

    def show_incomplete(
        self,
        missing: list[str],
        problems: list[tuple[str, str]],
        incomplete: list[str] | None = None,
    ) -> None:
        """The form is not a case yet: list what is wrong, what is typed only in part
        (``incomplete``: texts such as 手机号码不完整) and what is missing, in Chinese."""
        self.level = None
        if problems:
            self._badge(self.tr("信息有误"), ERROR_COLOUR)
            self.ui.actionLabel.setText(self.tr("请更正标红的内容，更正后自动评估。"))
        else:
            self._badge(self.tr("待填写"), INCOMPLETE_COLOUR)
            self.ui.actionLabel.setText(self.tr("填写完整后自动评估风险。"))
        parts = []
        if problems:
            problem = self.tr("✗ {label}：{message}")
            parts.append(
                "".join(
                    f'<div style="color:{ERROR_COLOUR};">'
                    + problem.format(label=escape(label), message=escape(message))
                    + "</div>"
                    for label, message in problems
                )
            )
        if incomplete:
            parts.append(f"<div><b>{escape(self.tr('；').join(incomplete))}</b></div>")
        if missing:
            parts.append(
                self.tr("<div><b>尚未填写（{count}项）：</b>{fields}</div>").format(
                    count=len(missing), fields=escape(self.tr("、").join(missing))
                )
            )
        self.ui.missingLabel.setText("".join(parts))
        self.ui.missingLabel.setVisible(bool(parts))
        self.model.set_hits([])
        self.ui.hitsTitle.setText(self.tr("命中规则"))

    def show_assessment(self, assessment: Assessment) -> None:
        self.level = assessment.level
        colour = LEVEL_COLOURS[assessment.level]
        self._badge(level_label(assessment.level), colour)
        self.ui.actionLabel.setText(escape(level_action(assessment.level)))
        self.ui.missingLabel.clear()
        self.ui.missingLabel.setVisible(False)
        self.model.set_hits(assessment.hits)
        count = len(assessment.hits)
        self.ui.hitsTitle.setText(
            self.tr("命中规则（{count}条）").format(count=count)
            if count
            else self.tr("未命中任何规则")
        )
        pack = assessment.rule_pack
        self.ui.packLabel.setText(
            self.tr("规则包 {pack} 版本 {version}").format(
                pack=escape(pack.id), version=escape(pack.version)
            )
        )

    def badge_text(self) -> str:
        return self.ui.levelBadge.text()
