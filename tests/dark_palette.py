"""A dark palette as a desktop in dark mode gives Qt (GNOME's, KDE Breeze Dark's and Windows'
dark colours are alike): light text on near-black windows and fields."""

from PySide6.QtGui import QColor, QPalette


def dark_palette() -> QPalette:
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {role.Window: "#2b2b2b", role.WindowText: "#e6e6e6", role.Base: "#1e1e1e",
               role.AlternateBase: "#262626", role.Text: "#e6e6e6", role.Button: "#353535",
               role.ButtonText: "#e6e6e6", role.Highlight: "#3d6fb4", role.HighlightedText: "#ffffff",
               role.ToolTipBase: "#3a3a3a", role.ToolTipText: "#f0f0f0", role.PlaceholderText: "#9a9a9a",
               role.Link: "#8ab4f8", role.BrightText: "#ffffff", role.Light: "#505050",
               role.Midlight: "#404040", role.Mid: "#2f2f2f", role.Dark: "#1a1a1a", role.Shadow: "#000000"}
    for which, colour in colours.items():
        palette.setColor(which, QColor(colour))
    for which in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, which, QColor("#7a7a7a"))
    return palette
