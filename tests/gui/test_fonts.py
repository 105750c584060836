"""Chinese must render as glyphs, never as boxes: on screen and in the PDF."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QRawFont

from tellerguard.gui.fonts import SAMPLE_TEXT, choose_cjk_family, cjk_font, missing_glyphs

pytestmark = pytest.mark.gui


def test_a_cjk_family_is_chosen_and_draws_every_sample_character(qapp: Any) -> None:
    family = choose_cjk_family()
    assert family is not None, "no CJK font installed: install fonts-wqy-microhei"
    font = cjk_font()
    assert font.family() == family
    assert missing_glyphs(font) == []
    metrics = QFontMetrics(font)
    for char in SAMPLE_TEXT + "通过提示二次提醒主管授权拒绝办理":
        assert metrics.inFontUcs4(ord(char)), char


def _latin_only_family() -> str:
    """An installed family that draws Latin letters but declares no Chinese (DejaVu, Liberation
    or the like; fontconfig always brings one)."""
    chinese = {
        QFontDatabase.WritingSystem.SimplifiedChinese,
        QFontDatabase.WritingSystem.TraditionalChinese,
        QFontDatabase.WritingSystem.Japanese,
        QFontDatabase.WritingSystem.Korean,
    }
    for family in sorted(QFontDatabase.families()):
        systems = set(QFontDatabase.writingSystems(family))
        if QFontDatabase.WritingSystem.Latin in systems and not systems & chinese:
            raw = QRawFont.fromFont(QFont(family))
            if raw.isValid() and raw.supportsCharacter(ord("A")):
                return family
    raise AssertionError(f"no Latin-only font among {QFontDatabase.families()}")


def test_a_latin_only_font_is_detected_as_missing_glyphs(qapp: Any) -> None:
    # The check must be able to fail: a font without Chinese reports the characters it lacks.
    latin = QFont(_latin_only_family())
    assert missing_glyphs(latin, "柜员A") == ["员", "柜"]


def test_the_application_font_is_the_cjk_family_when_set(qapp: Any) -> None:
    qapp.setFont(cjk_font())
    assert missing_glyphs(qapp.font()) == []
