"""Server-rendered SVG bar charts for the report (no JavaScript, print as vectors).

Values are on the framework's 1–5 scale; each bar's label sits on its own line above the
bar so long Thai names keep their full width on a phone. Every text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from bot.messages import fit

# Narrow enough that the text stays readable when a phone scales the chart down.
WIDTH = 460
LABEL_SIZE = 16
ROW = 50  # label line + bar + gap
BAR = 14
FONT = "font-family=\"Sarabun, 'Noto Sans Thai', Loma, Garuda, Tahoma, sans-serif\""
INK, MUTED, GRID, TRACK = "#1f2933", "#52606d", "#cbd2d9", "#e4e7ec"
LEVEL_COLOURS = {1: "#B42318", 2: "#E04F16", 3: "#B54708", 4: "#8A6A00", 5: "#067647"}
LABEL_CHARS = 52


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # 1–5; None: no level yet
    level: int | None
    caption: str  # shown after the bar: "ระดับ 3 (3.5)"


def _shorten(text: str) -> str:
    return fit(text, LABEL_CHARS)  # cut between words, as the chat's labels are


def _text(x: float, y: float, text: str, size: int, **attrs: str) -> str:
    extra = " ".join(f'{k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" {extra}>{escape(text)}</text>'


def _scale(top: float, bottom: float, left: float, span: float) -> list[str]:
    """Grid lines at levels 1–5 with their numbers under the chart."""
    parts = []
    for level in range(1, 6):
        x = left + span * (level - 1) / 4
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID}" '
            'stroke-dasharray="3 3"/>'
        )
        parts.append(_text(x, bottom + 18, str(level), 13, text_anchor="middle", fill=MUTED))
    return parts


def bar_chart(bars: Sequence[Bar], title: str) -> Markup:
    """One horizontal bar per entry on the 1–5 scale."""
    left, caption_width = 4.0, 112.0
    span = WIDTH - left - caption_width - 8
    height = len(bars) * ROW + 34
    body = _scale(6, len(bars) * ROW + 4, left, span)
    for index, bar in enumerate(bars):
        y = index * ROW + 20
        body.append(_text(left, y, _shorten(bar.label), LABEL_SIZE, fill=INK))
        bar_y = y + 8
        track = f'x="{left}" y="{bar_y}" height="{BAR}" rx="4"'
        body.append(f'<rect {track} width="{span:.1f}" fill="{TRACK}"/>')
        if bar.value is not None:
            share = max(0.02, (bar.value - 1) / 4)
            colour = LEVEL_COLOURS.get(bar.level or 1, MUTED)
            body.append(
                f'<rect {track} width="{span * share:.1f}" fill="{colour}">'
                f"<title>{escape(bar.label)}: {escape(bar.caption)}</title></rect>"
            )
        caption_x = left + span + 8
        body.append(_text(caption_x, bar_y + 12, bar.caption, 14, fill=INK))
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )
