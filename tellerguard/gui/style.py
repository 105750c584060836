"""Colours and small style sheets shared by the screens (one place to change the look)."""

from __future__ import annotations

from tellerguard.domain.levels import LEVEL_LABELS
from tellerguard.gui.i18n import QT_TRANSLATE_NOOP, translate

LEVEL_COLOURS: dict[str, str] = {
    "pass": "#2E7D32",
    "notice": "#1565C0",
    "second_reminder": "#E65100",
    "manager_approval": "#C62828",
    "refuse": "#6D0000",
}
INCOMPLETE_COLOUR = "#757575"
ERROR_COLOUR = "#C62828"
OK_COLOUR = "#2E7D32"
MUTED_COLOUR = "#555555"

LEVEL_ACTIONS: dict[str, str] = {
    "pass": QT_TRANSLATE_NOOP("style", "未发现风险，可正常办理。"),
    "notice": QT_TRANSLATE_NOOP("style", "请留意下列提示，无需客户确认。"),
    "second_reminder": QT_TRANSLATE_NOOP(
        "style", "须向客户宣读二次提醒，记录客户回答和决定后方可办理。"
    ),
    "manager_approval": QT_TRANSLATE_NOOP(
        "style", "业务暂停：宣读提醒后须主管本人授权；建议联系家属。客户签字不能代替授权。"
    ),
    "refuse": QT_TRANSLATE_NOOP(
        "style", "停止办理：向客户说明诈骗手法，必要时报警（110）或移交公安；告知申诉途径。"
    ),
}


def level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def level_action(level: str) -> str:
    """What the teller must do at a level, translated (see :data:`LEVEL_ACTIONS`)."""
    return translate("style", LEVEL_ACTIONS[level])


def badge_style(colour: str) -> str:
    return (
        f"QLabel {{ background: {colour}; color: white; border-radius: 6px; "
        f"font-size: 22pt; font-weight: bold; padding: 6px; }}"
    )


def tag_style(colour: str) -> str:
    """Inline HTML span for a small coloured level tag."""
    return f"color: white; background-color: {colour}; font-weight: bold;"
