"""Bar charts as PNG bytes for the annual report (no Qt: the command line builds it too).

Drawn with Pillow in DejaVu Sans (resources/fonts, shipped because a system font may lack
«ñ» or accents). Horizontal bars, a count at the end of each, colours from the colour-blind
safe Okabe–Ito palette (the same as the GUI's charts).
"""

import io
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from npmdesk.paths import resources_dir

PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#D55E00", "#CC79A7", "#0072B2", "#999999"]
SCALE = 2  # drawn at twice the printed size, so it stays sharp on paper
WIDTH, BAR, GAP, MARGIN, LABEL_MAX = 1200, 34, 14, 20, 520  # pixels


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(resources_dir() / "fonts" / "DejaVuSans.ttf"), size)


def _fit(draw, text: str, font, width: int) -> str:
    """`text`, cut with «…» so it fits in `width` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _legend_rows(draw, series: list[str], font) -> list[list[tuple[int, str]]]:
    rows, row, used = [], [], MARGIN
    for i, name in enumerate(series):
        width = 30 + draw.textlength(name, font=font) + 36
        if row and used + width > WIDTH - MARGIN:
            rows.append(row)
            row, used = [], MARGIN
        row.append((i, name))
        used += width
    return rows + ([row] if row else [])


def bars(groups: list[tuple[str, tuple[int, ...]]], series: list[str]) -> bytes:
    """A horizontal (stacked, when `series` has several entries) bar chart as PNG bytes.

    groups: [(label, one count per series)]; series: the series' labels (legend shown only
    when there are several).
    """
    font, small = _font(13 * SCALE), _font(11 * SCALE)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    label_width = min(LABEL_MAX, max((probe.textlength(g, font=font) for g, _c in groups), default=0) + 20)
    legend = _legend_rows(probe, series, small) if len(series) > 1 else []
    height = 2 * MARGIN + len(groups) * (BAR + GAP) + 40 * len(legend) + (16 if legend else 0)
    image = Image.new("RGB", (WIDTH, max(height, 120)), "white")
    draw = ImageDraw.Draw(image)
    biggest = max((sum(c) for _g, c in groups), default=0) or 1
    room = WIDTH - 2 * MARGIN - label_width - 90
    y = MARGIN
    for label, counts in groups:
        shown = _fit(draw, label, font, label_width - 20)
        draw.text((MARGIN + label_width - 20, y + BAR / 2), shown, font=font,
                  fill="black", anchor="rm")
        x = MARGIN + label_width
        for i, count in enumerate(counts):
            if not count:
                continue
            width = room * count / biggest
            draw.rectangle((x, y, x + width, y + BAR), fill=PALETTE[i % len(PALETTE)])
            if legend and width > draw.textlength(str(count), font=small) + 8:
                draw.text((x + width / 2, y + BAR / 2), str(count), font=small, fill="black", anchor="mm")
            x += width
        draw.text((x + 10, y + BAR / 2), str(sum(counts)), font=font, fill="black", anchor="lm")
        y += BAR + GAP
    y += 16
    for row in legend:
        x = MARGIN
        for i, name in row:
            draw.rectangle((x, y, x + 22, y + 22), fill=PALETTE[i % len(PALETTE)])
            draw.text((x + 30, y + 11), name, font=small, fill="black", anchor="lm")
            x += 30 + draw.textlength(name, font=small) + 36
        y += 40
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
