"""Server-rendered SVG charts (no JavaScript). Every label is escaped; sizes are in viewBox
units so a chart scales to a phone or a laptop."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from admin.display import LEVEL_COLORS, LEVEL_TEXT_COLORS

WIDTH = 640
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
    top, bottom, left = 30, 60, 40
    height = 300
    plot_h = height - top - bottom
    peak = max([*counts.values(), 1])
    slot = (WIDTH - left) / 5
    axis_y = height - bottom
    body = [f'<line x1="{left}" y1="{axis_y}" x2="{WIDTH}" y2="{axis_y}" stroke="{GRID}"/>']
    for index, level in enumerate(sorted(counts)):
        count = counts[level]
        bar_h = plot_h * count / peak
        x = left + index * slot + slot * 0.2
        y = height - bottom - bar_h
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.6:.1f}" height="{bar_h:.1f}" '
            f'fill="{LEVEL_COLORS[level]}" rx="3"><title>{escape(f"ระดับ {level}: {count} หน่วยงาน")}'
            "</title></rect>"
        )
        center = left + index * slot + slot / 2
        body.append(_text(center, y - 8, f"{count:,}", 16, text_anchor="middle", fill=INK))
        body.append(
            _text(center, height - bottom + 22, f"ระดับ {level}", 15, text_anchor="middle", fill=INK)
        )
        body.append(
            _text(
                center,
                height - bottom + 42,
                names.get(level, ""),
                13,
                text_anchor="middle",
                fill=MUTED,
            )
        )
    return _svg(height, title, body)


@dataclass(frozen=True)
class StackedRow:
    label: str
    counts: Mapping[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def stacked_shares(rows: Sequence[StackedRow], title: str) -> Markup:
    """One 100 % bar per row (label above it): the share of agencies at each level."""
    row_h, bar_h, legend_h = 64, 28, 40
    height = legend_h + row_h * len(rows) + 8
    body = []
    for index, level in enumerate(sorted(LEVEL_COLORS)):
        x = index * 110
        body.append(
            f'<rect x="{x}" y="8" width="16" height="16" fill="{LEVEL_COLORS[level]}" rx="2"/>'
        )
        body.append(_text(x + 22, 21, f"ระดับ {level}", 14, fill=INK))
    for index, row in enumerate(rows):
        y = legend_h + index * row_h
        body.append(_text(0, y + 18, _shorten(row.label, 58), 15, fill=INK))
        count = f"n = {row.total:,}"
        body.append(_text(WIDTH, y + 18, count, 14, text_anchor="end", fill=MUTED))
        bar_y = y + 26
        if not row.total:
            body.append(
                f'<rect x="0" y="{bar_y}" width="{WIDTH}" height="{bar_h}" fill="#f0f4f8"/>'
            )
            body.append(_text(8, bar_y + 19, "ยังไม่มีข้อมูล", 14, fill=MUTED))
            continue
        x = 0.0
        for level in sorted(row.counts):
            count = row.counts[level]
            if not count:
                continue
            share = count / row.total
            width = WIDTH * share
            tip = f"{row.label} ระดับ {level}: {count:,} หน่วยงาน ({share * 100:.1f}%)"
            body.append(
                f'<rect x="{x:.1f}" y="{bar_y}" width="{width:.1f}" height="{bar_h}" '
                f'fill="{LEVEL_COLORS[level]}"><title>{escape(tip)}</title></rect>'
            )
            if width >= 44:
                body.append(
                    _text(
                        x + width / 2,
                        bar_y + 19,
                        f"{share * 100:.0f}%",
                        14,
                        text_anchor="middle",
                        fill=LEVEL_TEXT_COLORS[level],
                    )
                )
            x += width
    return _svg(height, title, body)


def value_bars(items: Sequence[tuple[str, float, str]], title: str) -> Markup:
    """Horizontal bars on the 1–5 scale (label above each bar, value at its end)."""
    row_h, bar_h, top = 56, 20, 10
    height = top + row_h * max(len(items), 1) + 24
    scale_w = WIDTH - 60
    body = []
    for tick in range(1, 6):
        x = scale_w * (tick - 1) / 4
        body.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 24}" stroke="{GRID}"/>'
        )
        body.append(
            _text(
                x,
                height - 6,
                str(tick),
                13,
                text_anchor="middle" if tick > 1 else "start",
                fill=MUTED,
            )
        )
    for index, (label, value, tip) in enumerate(items):
        y = top + index * row_h
        body.append(_text(0, y + 18, _shorten(label, 72), 14, fill=INK))
        width = max(scale_w * (value - 1) / 4, 2)
        level = max(1, min(5, int(value)))
        body.append(
            f'<rect x="0" y="{y + 26}" width="{width:.1f}" height="{bar_h}" '
            f'fill="{LEVEL_COLORS[level]}" rx="2"><title>{escape(tip)}</title></rect>'
        )
        body.append(_text(width + 6, y + 41, f"{value:.2f}", 14, fill=INK))
    if not items:
        body.append(_text(0, top + 30, "ยังไม่มีข้อมูล", 14, fill=MUTED))
    return _svg(height, title, body)
