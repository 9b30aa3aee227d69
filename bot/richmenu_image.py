"""Draw the rich-menu picture: a 2 × 3 grid of tiles, each an icon, a Thai label and a caption.

Drawn at twice the size and scaled down, so shapes and text are smooth. Thai needs libraqm
(shipped inside Pillow's wheels, loading the system's libfribidi) to put vowels and tone marks
on their consonants; without it nothing is drawn and the error says what to install.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

FONT_DIR = Path(__file__).parent / "fonts"
LABEL_FONT = FONT_DIR / "Sarabun-Bold.ttf"
CAPTION_FONT = FONT_DIR / "Sarabun-Medium.ttf"

SCALE = 2  # supersampling factor
NAVY = (8, 38, 77)
BLUE = (17, 72, 133)
TEAL = (0, 128, 128)
WHITE = (255, 255, 255)
CAPTION = (201, 222, 243)
CAPTION_ON_TEAL = (214, 243, 240)

Box = tuple[int, int, int, int]  # x, y, width, height
Draw = ImageDraw.ImageDraw
RGB = tuple[int, int, int]
IconPainter = Callable[[Draw, float, float, float, RGB, RGB], None]


@dataclass(frozen=True)
class Tile:
    label: str
    caption: str
    icon: IconPainter
    highlighted: bool = False


def grid_cells(width: int, height: int, rows: int, columns: int) -> list[Box]:
    """Cells that tile the whole picture (row by row), so every tap lands in one of them."""
    xs = [round(width * i / columns) for i in range(columns + 1)]
    ys = [round(height * j / rows) for j in range(rows + 1)]
    return [
        (xs[i], ys[j], xs[i + 1] - xs[i], ys[j + 1] - ys[j])
        for j in range(rows)
        for i in range(columns)
    ]


class ThaiShapingUnavailable(RuntimeError):
    """Pillow cannot shape Thai here; the picture would show misplaced vowels and tone marks."""


def thai_shaping_available() -> bool:
    return bool(features.check_feature("raqm"))


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def _fitting_size(draw: Draw, path: Path, texts: Sequence[str], width: int, largest: int) -> int:
    """The largest font size (one for all tiles, so they look alike) at which every text fits."""
    size = largest
    while size > 10:
        font = _font(path, size)
        if all(draw.textlength(text, font=font) <= width for text in texts):
            return size
        size -= 2
    return size


def render_tiles(
    tiles: Sequence[Tile], width: int, height: int, rows: int, columns: int, fmt: str = "PNG"
) -> bytes:
    if not thai_shaping_available():
        raise ThaiShapingUnavailable(
            "Pillow cannot shape Thai text on this machine: its libraqm support needs the "
            "system library FriBiDi (Debian/Ubuntu: apt-get install libfribidi0). Without it "
            "Thai vowels and tone marks would be drawn in the wrong places."
        )
    canvas = Image.new("RGB", (width * SCALE, height * SCALE), NAVY)
    draw = ImageDraw.Draw(canvas)
    cells = [tuple(v * SCALE for v in cell) for cell in grid_cells(width, height, rows, columns)]
    gap = 14 * SCALE
    card_w = cells[0][2] - 2 * gap
    card_h = cells[0][3] - 2 * gap
    text_width = card_w - 2 * 40 * SCALE
    label_size = _fitting_size(draw, LABEL_FONT, [t.label for t in tiles], text_width, 128 * SCALE)
    caption_size = _fitting_size(
        draw, CAPTION_FONT, [t.caption for t in tiles], text_width, 74 * SCALE
    )
    label_font = _font(LABEL_FONT, label_size)
    caption_font = _font(CAPTION_FONT, caption_size)

    for tile, (x, y, w, h) in zip(tiles, cells, strict=True):
        card = (x + gap, y + gap, x + w - gap, y + h - gap)
        fill = TEAL if tile.highlighted else BLUE
        draw.rounded_rectangle(card, radius=44 * SCALE, fill=fill)
        cx = x + w / 2
        top = card[1]
        badge_r = 0.2 * card_h
        badge_cy = top + 0.3 * card_h
        draw.ellipse(
            (cx - badge_r, badge_cy - badge_r, cx + badge_r, badge_cy + badge_r), fill=WHITE
        )
        tile.icon(draw, cx, badge_cy, badge_r * 0.62, fill, WHITE)
        draw.text((cx, top + 0.7 * card_h), tile.label, font=label_font, fill=WHITE, anchor="ms")
        draw.text(
            (cx, top + 0.86 * card_h),
            tile.caption,
            font=caption_font,
            fill=CAPTION_ON_TEAL if tile.highlighted else CAPTION,
            anchor="ms",
        )

    picture = canvas.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if fmt == "PNG":
        # A palette keeps the file small; the picture has few colours besides anti-aliasing.
        picture = picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        picture.save(out, format="PNG", optimize=True)
    else:
        picture.save(out, format="JPEG", quality=90, optimize=True)
    return out.getvalue()


# --- icons: (draw, centre x, centre y, radius, colour, background) ---------------------------


def icon_start(d: Draw, cx: float, cy: float, r: float, ink: RGB, bg: RGB) -> None:
    """A play triangle: start."""
    d.polygon(
        [(cx - 0.42 * r, cy - 0.72 * r), (cx - 0.42 * r, cy + 0.72 * r), (cx + 0.8 * r, cy)],
        fill=ink,
    )


def icon_resume(d: Draw, cx: float, cy: float, r: float, ink: RGB, bg: RGB) -> None:
    """A clockwise circular arrow around a small play triangle: carry on."""
    radius, stroke = 0.88 * r, round(0.2 * r)
    start, end = 345, 250  # degrees clockwise from 3 o'clock; the gap is at the top right
    d.arc((cx - radius, cy - radius, cx + radius, cy + radius), start, end, fill=ink, width=stroke)
    mid = radius - stroke / 2
    angle = math.radians(end)
    rx, ry = math.cos(angle), math.sin(angle)  # outwards from the centre
    px, py = cx + mid * rx, cy + mid * ry
    tx, ty = -ry, rx  # clockwise along the circle
    head = 0.34 * r
    d.polygon(
        [
            (px + tx * head * 1.1, py + ty * head * 1.1),
            (px + rx * head, py + ry * head),
            (px - rx * head, py - ry * head),
        ],
        fill=ink,
    )
    d.polygon(
        [(cx - 0.24 * r, cy - 0.38 * r), (cx - 0.24 * r, cy + 0.38 * r), (cx + 0.4 * r, cy)],
        fill=ink,
    )


def icon_result(d: Draw, cx: float, cy: float, r: float, ink: RGB, bg: RGB) -> None:
    """Three rising bars on a base line: the result."""
    base = cy + 0.75 * r
    bar = 0.36 * r
    for i, tall in enumerate((0.7, 1.1, 1.5)):
        left = cx - 0.9 * r + i * 0.64 * r
        d.rounded_rectangle((left, base - tall * r, left + bar, base), radius=0.06 * r, fill=ink)
    d.rounded_rectangle((cx - 1.05 * r, base, cx + 1.05 * r, base + 0.14 * r), 0.05 * r, fill=ink)


def icon_glossary(d: Draw, cx: float, cy: float, r: float, ink: RGB, bg: RGB) -> None:
    """A book with the letter ก: what does this term mean?"""
    left, right, top, bottom = cx - 0.78 * r, cx + 0.78 * r, cy - r, cy + r
    d.rounded_rectangle((left, top, right, bottom), radius=0.16 * r, fill=ink)
    d.rectangle((left + 0.2 * r, bottom - 0.36 * r, right, bottom - 0.2 * r), fill=bg)
    d.rectangle((left + 0.2 * r, top, left + 0.3 * r, bottom - 0.36 * r), fill=bg)
    font = _font(LABEL_FONT, round(1.25 * r))
    d.text((cx + 0.14 * r, cy - 0.12 * r), "ก", font=font, fill=bg, anchor="mm")


def icon_help(d: Draw, cx: float, cy: float, r: float, ink: RGB, bg: RGB) -> None:
    """A question mark: help."""
    font = _font(LABEL_FONT, round(2.3 * r))
    d.text((cx, cy), "?", font=font, fill=ink, anchor="mm")


def icon_about(d: Draw, cx: float, cy: float, r: float, ink: RGB, bg: RGB) -> None:
    """A letter i: about the assessment."""
    dot = 0.2 * r
    d.ellipse((cx - dot, cy - 0.85 * r - dot, cx + dot, cy - 0.85 * r + dot), fill=ink)
    d.rounded_rectangle(
        (cx - 0.17 * r, cy - 0.45 * r, cx + 0.17 * r, cy + 0.9 * r), 0.06 * r, fill=ink
    )
