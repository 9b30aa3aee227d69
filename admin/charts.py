"""Server-rendered SVG charts (no JavaScript). Every label is escaped; sizes are in viewBox
units so a chart scales to a phone or a laptop."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from admin.display import LEVEL_COLORS, LEVEL_TEXT_COLORS

# Narrow enough that 13–14 unit text stays readable when a phone scales the chart down.
WIDTH = 440
FONT = "font-family=\"Sarabun, 'Noto Sans Thai', Loma, Garuda, Tahoma, sans-serif\""
INK, MUTED, GRID = "#1f2933", "#52606d", "#d9e2ec"


def _svg(height: float, title: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, size: int = 15, **attrs: str) -> str:
    extra = " ".join(f'{k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" {extra}>{escape(text)}</text>'


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def level_columns(counts: Mapping[int, int], names: Mapping[int, str], title: str) -> Markup:
    """Vertical bars: how many agencies are at each level 1–5."""
    top, bottom, height = 26, 50, 240
    axis_y = height - bottom
    peak = max([*counts.values(), 1])
    slot = WIDTH / 5
    body = [f'<line x1="0" y1="{axis_y}" x2="{WIDTH}" y2="{axis_y}" stroke="{GRID}"/>']
    for index, level in enumerate(sorted(counts)):
        count = counts[level]
        bar_h = (axis_y - top) * count / peak
        y = axis_y - bar_h
        tip = escape(f"ระดับ {level}: {count:,} หน่วยงาน")
        body.append(
            f'<rect x="{index * slot + slot * 0.2:.1f}" y="{y:.1f}" width="{slot * 0.6:.1f}" '
            f'height="{bar_h:.1f}" fill="{LEVEL_COLORS[level]}" rx="3"><title>{tip}</title></rect>'
        )
        center = index * slot + slot / 2
        body.append(_text(center, y - 6, f"{count:,}", 14, text_anchor="middle", fill=INK))
        body.append(_text(center, axis_y + 20, f"ระดับ {level}", 14, text_anchor="middle", fill=INK))
        name = names.get(level, "")
        body.append(_text(center, axis_y + 38, name, 12, text_anchor="middle", fill=MUTED))
    return _svg(height, title, body)


@dataclass(frozen=True)
class StackedRow:
    label: str
    counts: Mapping[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _legend() -> list[str]:
    parts = []
    for index, level in enumerate(sorted(LEVEL_COLORS)):
        x = index * 86
        parts.append(f'<rect x="{x}" y="6" width="14" height="14" fill="{LEVEL_COLORS[level]}"/>')
        parts.append(_text(x + 19, 18, f"ระดับ {level}", 13, fill=INK))
    return parts


def stacked_shares(rows: Sequence[StackedRow], title: str) -> Markup:
    """One 100 % bar per row (label above, agencies counted after it): level shares."""
    row_h, bar_h, legend_h, count_w = 52, 22, 32, 44
    bar_w = WIDTH - count_w
    height = legend_h + row_h * len(rows) + 4
    body = _legend()
    for index, row in enumerate(rows):
        y = legend_h + index * row_h
        body.append(_text(0, y + 14, _shorten(row.label, 50), 13, fill=INK))
        bar_y = y + 21
        total = f"n={row.total:,}"
        body.append(_text(WIDTH, bar_y + 16, total, 12, text_anchor="end", fill=MUTED))
        if not row.total:
            body.append(
                f'<rect x="0" y="{bar_y}" width="{bar_w}" height="{bar_h}" fill="#f0f4f8"/>'
            )
            body.append(_text(6, bar_y + 16, "ยังไม่มีข้อมูล", 13, fill=MUTED))
            continue
        x = 0.0
        for level in sorted(row.counts):
            count = row.counts[level]
            if not count:
                continue
            share = count / row.total
            width = bar_w * share
            tip = escape(f"{row.label} ระดับ {level}: {count:,} หน่วยงาน ({share * 100:.1f}%)")
            body.append(
                f'<rect x="{x:.1f}" y="{bar_y}" width="{width:.1f}" height="{bar_h}" '
                f'fill="{LEVEL_COLORS[level]}"><title>{tip}</title></rect>'
            )
            if width >= 34:
                label = f"{share * 100:.0f}%"
                colour = LEVEL_TEXT_COLORS[level]
                body.append(
                    _text(x + width / 2, bar_y + 16, label, 13, text_anchor="middle", fill=colour)
                )
            x += width
    return _svg(height, title, body)


def value_bars(items: Sequence[tuple[str, float, str]], title: str) -> Markup:
    """Horizontal bars on the 1–5 scale (label above each bar, value at its end)."""
    row_h, bar_h, top = 46, 16, 6
    height = top + row_h * max(len(items), 1) + 20
    scale_w = WIDTH - 40
    body = []
    for tick in range(1, 6):
        x = scale_w * (tick - 1) / 4
        body.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 18}" stroke="{GRID}"/>'
        )
        anchor = "middle" if tick > 1 else "start"
        body.append(_text(x, height - 4, str(tick), 12, text_anchor=anchor, fill=MUTED))
    for index, (label, value, tip) in enumerate(items):
        y = top + index * row_h
        body.append(_text(0, y + 14, _shorten(label, 56), 13, fill=INK))
        width = max(scale_w * (value - 1) / 4, 2)
        level = max(1, min(5, int(value)))
        body.append(
            f'<rect x="0" y="{y + 21}" width="{width:.1f}" height="{bar_h}" '
            f'fill="{LEVEL_COLORS[level]}" rx="2"><title>{escape(tip)}</title></rect>'
        )
        body.append(_text(width + 5, y + 34, f"{value:.2f}", 13, fill=INK))
    if not items:
        body.append(_text(0, top + 26, "ยังไม่มีข้อมูล", 13, fill=MUTED))
    return _svg(height, title, body)
