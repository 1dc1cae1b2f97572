"""Small fixes of issue 17, driven as a person would: the strength meter's word readable on its
colours, the last case file remembered as an absolute path."""

import os

from PySide6.QtGui import QColor

from npmdesk.services.safekeeping import passphrase as rules
from npmdesk.ui.safekeeping.passphrase import (METER_GROOVE, METER_TEXT, STRENGTH_COLOURS,
                                               STRENGTH_TINTS)
from npmdesk.ui.shell.new_case import NewCaseDialog


def _luminance(colour: str) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    c = QColor(colour)
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def _contrast(one: str, other: str) -> float:
    a, b = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_the_strength_word_reads_on_every_level(qtbot, tmp_path):
    view, _controller = NewCaseDialog.build(None, tmp_path)
    qtbot.addWidget(view)
    view.show()
    for typed, level in (("abc", rules.WEAK), ("Rio Chagres crece en octubre 2026!", None)):
        view.passphrase.clear()
        qtbot.keyClicks(view.passphrase, typed)
        style = view.meter.styleSheet()
        shown = level if level is not None else rules.assess(typed).level
        assert f"color: {METER_TEXT}" in style and f"background: {METER_GROOVE}" in style
        assert f"background: {STRENGTH_TINTS[shown]}" in style
        assert STRENGTH_COLOURS[shown] in style
    # WCAG AA for normal text (4.5:1) on both parts the word crosses, at every level.
    for level in STRENGTH_TINTS:
        assert _contrast(METER_TEXT, STRENGTH_TINTS[level]) >= 4.5
    assert _contrast(METER_TEXT, METER_GROOVE) >= 4.5


def test_the_last_case_file_is_remembered_absolute(tmp_path, monkeypatch):
    from npmdesk.ui.shell.settings import AppSettings
    monkeypatch.chdir(tmp_path)
    settings = AppSettings()
    settings.last_case = type(tmp_path)("demo.npmcase")
    assert settings.last_case == tmp_path / "demo.npmcase"
    assert settings.last_case.is_absolute()
    monkeypatch.chdir(os.sep)
    assert AppSettings().last_case == tmp_path / "demo.npmcase"
