"""The colours that carry a meaning (an error, a notice, a warning, success, a secondary line),
chosen for the palette the person's desktop gives: a dark or high-contrast scheme has light text
on dark windows, where the dark red of an error on a light window could not be read.

Each tone has a shade for light windows and one for dark ones, each at least 4.5:1 (WCAG AA)
against the window and field colours of its kind (tests/test_dark_scheme.py measures them).
Text over a light tint (a highlighted passage, a warning box) is drawn in `INK_ON_TINT` whatever
the scheme, since the tint stays light.
"""

from PySide6.QtGui import QColor, QGuiApplication, QPalette

TONES = {  # name: (on a light window, on a dark window)
    "error": ("#9b1c1c", "#ff9b91"),
    "notice": ("#1d4f91", "#9cc3ff"),
    "warning": ("#8a4b00", "#ffb870"),
    "success": ("#1d6b2f", "#8fd19e"),
    "caution": ("#6b5000", "#f0cf66"),  # a remark that matters less than a warning
    "muted": ("#555555", "#b8b8b8"),
    "note": ("#1f3a5f", "#a9c7ef"),  # a footnote's number in the editor's text
}
INK_ON_TINT = "#1a1a1a"


def luminance(colour: QColor) -> float:
    """WCAG 2's relative luminance."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(first: QColor, second: QColor) -> float:
    """WCAG 2's contrast ratio, from 1 (none) to 21 (black on white); text needs 4.5."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on `background` (a chart's bar)."""
    black, white = QColor("#000000"), QColor("#ffffff")
    return black if contrast(black, background) >= contrast(white, background) else white


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette's windows are dark (a dark or high-contrast desktop scheme)."""
    palette = palette if palette is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone(name: str) -> QColor:
    """The colour for text of this meaning in the application's current palette."""
    light, dark = TONES[name]
    return QColor(dark if is_dark() else light)


def tone_style(name: str, bold: bool = False) -> str:
    """A style sheet giving a label text of this meaning."""
    return f"color: {tone(name).name()};" + (" font-weight: bold;" if bold else "")


def tint_style(background: str, border: str, padding: int = 8) -> str:
    """A style sheet for a box on a light tint: dark text on it in either scheme."""
    return (f"background: {background}; color: {INK_ON_TINT}; border: 1px solid {border};"
            f" padding: {padding}px;")


WARNING_BOX = tint_style("#fff4e5", "#f0b76b")  # a warning to read before going on
