"""Choose a font that has Chinese glyphs, explicitly, so nothing renders as empty boxes.

Qt's own fallback is not trusted: offscreen rendering, PDF export and some Linux desktops pick a
Latin font and draw tofu. The app names a CJK family per platform and checks the glyphs.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

log = logging.getLogger("tellerguard.gui.fonts")

SAMPLE_TEXT = "柜员反诈二次提醒主管授权拒绝办理风险提示确认书劝阻成功移交公安¥，。：（）“”"
"""Characters every screen and the printed confirmation use."""

WINDOWS_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "SimHei")
MAC_FAMILIES = ("PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti")
LINUX_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans SC",
    "AR PL UMing CN",
    "Droid Sans Fallback",
)

UI_POINT_SIZE = 10


def preferred_families(platform: str = sys.platform) -> tuple[str, ...]:
    """Candidate families for a platform, best first."""
    if platform.startswith("win"):
        return WINDOWS_FAMILIES
    if platform == "darwin":
        return MAC_FAMILIES
    return LINUX_FAMILIES


def missing_glyphs(font: QFont, text: str = SAMPLE_TEXT) -> list[str]:
    """Characters of ``text`` the font itself (not a fallback) cannot draw."""
    raw = QRawFont.fromFont(font)  # the family itself: no writing-system fallback
    if not raw.isValid():
        return sorted(set(text))
    # Pass code points: PySide's str overload of supportsCharacter misreads many characters.
    return sorted({ch for ch in text if not ch.isspace() and not raw.supportsCharacter(ord(ch))})


def choose_cjk_family() -> str | None:
    """The first installed candidate family that draws every sample character, else any
    installed family declaring Simplified Chinese that does; ``None`` when there is none."""
    installed = set(QFontDatabase.families())
    candidates = [f for f in preferred_families() if f in installed]
    candidates += [
        f
        for f in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
        if f not in candidates
    ]
    for family in candidates:
        if not missing_glyphs(QFont(family)):
            return family
    return None


def cjk_font(point_size: int = UI_POINT_SIZE) -> QFont:
    """The app's font: a CJK family when one is installed (logged when not)."""
    family = choose_cjk_family()
    if family is None:
        log.warning(
            "no installed font draws Chinese; screens will show boxes "
            "(install fonts-wqy-microhei or fonts-noto-cjk)"
        )
        return QFont()
    font = QFont(family, point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font
