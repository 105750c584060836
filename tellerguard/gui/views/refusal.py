"""拒绝办理: explain the scam pattern to the customer, record the reason, show how to appeal.

Every refusal tells the customer how to object (反电信网络诈骗法 第三十二条) and where to turn
(110 for fraud in progress, 96110 the police anti-fraud line).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from tellerguard.domain.assessment import Hit
from tellerguard.gui.forms.ui_refusal_dialog import Ui_RefusalDialog
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate
from tellerguard.gui.style import ERROR_COLOUR, LEVEL_COLOURS, badge_style, level_label
from tellerguard.gui.views.reminder import script_html

APPEAL_TEXT = QT_TRANSLATE_NOOP(
    "refusal",
    "<p>依据《中华人民共和国反电信网络诈骗法》第三十二条，客户对本行采取的拒绝办理等措施有异议的，"
    "可以向本网点负责人或本行客服热线提出申诉；本行将及时核查，核查通过的即时恢复办理。</p>"
    "<p><b>如果您正在被人以转账、汇款等方式要求付款，请立即拨打 110 报警；"
    "对可疑来电、短信可拨打 96110 反诈预警专线咨询。</b></p>",
)
"""Shown as ``translate("refusal", APPEAL_TEXT)``."""
MIN_REASON = 4


def default_reason(hits: list[Hit]) -> str:
    strict = [h for h in hits if h.level == "refuse"] or hits
    item = translate("refusal", "{title}（{explanation}）")
    return translate("refusal", "；").join(
        item.format(title=h.title, explanation=h.explanation) for h in strict
    )


class RefusalDialog(QDialog):
    """Records a refusal; ``reason`` and ``police`` after accept."""

    def __init__(self, hits: list[Hit], *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_RefusalDialog()
        self.ui.setupUi(self)
        self.reason = ""
        self.police = False
        colour = LEVEL_COLOURS["refuse"]
        self.ui.headerLabel.setText(
            f'<span style="font-size:15pt; font-weight:bold;">{level_label("refuse")}</span>'
            + self.tr("　向客户说明诈骗手法，劝阻客户，不予办理。")
        )
        self.ui.headerLabel.setStyleSheet(badge_style(colour).replace("22pt", "13pt"))
        self.ui.refusalLayout.setStretchFactor(self.ui.explainGroup, 1)
        self.ui.explainBrowser.setHtml(script_html(hits))
        self.ui.reasonEdit.setPlainText(default_reason(hits))
        # A payee on the police's list: the rule itself says the case goes to 110.
        self.ui.policeCheck.setChecked(any(hit.police_referral for hit in hits))
        self.ui.appealLabel.setText(translate("refusal", APPEAL_TEXT))
        self.ui.messageLabel.setStyleSheet(f"color: {ERROR_COLOUR};")
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("确认拒绝办理并记录"))
        ok.setDefault(True)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("返回"))
        self.ui.buttonBox.accepted.connect(self._try_accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.reasonEdit.setFocus()

    def _try_accept(self) -> None:
        reason = self.ui.reasonEdit.toPlainText().strip()
        if len(reason) < MIN_REASON:
            self.ui.messageLabel.setText(
                self.tr("请填写拒绝理由（至少{count}个字）").format(count=MIN_REASON)
            )
            return
        self.reason = reason
        self.police = self.ui.policeCheck.isChecked()
        self.accept()
