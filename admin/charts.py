"""Charts as server-rendered HTML (no JavaScript): bars are links to the list they count,
labels are page text that wraps (never cut), and each chart fills its card's width.
Every label is escaped by Markup/escape."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from admin.display import LEVEL_COLORS, LEVEL_TEXT_COLORS

# A segment narrower than this share of the bar carries no text (its count is in the tip
# and in the table view).
LABEL_MIN_SHARE = 0.08


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str
    href: str
    tip: str
    level: int | None = None


@dataclass(frozen=True)
class Segment:
    level: int
    count: int
    href: str


@dataclass(frozen=True)
class StackedRow:
    label: str
    segments: Sequence[Segment]
    href: str = ""

    @property
    def total(self) -> int:
        return sum(s.count for s in self.segments)


def _colour(level: int | None) -> str:
    if level is None:
        return "background:#0b5cad;color:#fff"
    return f"background:{LEVEL_COLORS[level]};color:{LEVEL_TEXT_COLORS[level]}"


def _figure(kind: str, title: str, body: str) -> Markup:
    return Markup(
        f'<figure class="chart {kind}"><figcaption class="visually-hidden">{escape(title)}'
        f"</figcaption>{body}</figure>"
    )


def _link(href: str, attributes: str, tip: str, inner: str) -> str:
    """A link to the list it counts; text only for a reader who may not open the list."""
    if href:
        return f'<a {attributes} href="{escape(href)}" aria-label="{escape(tip)}">{inner}</a>'
    return f'<span {attributes} title="{escape(tip)}">{inner}</span>'


def _empty() -> str:
    return '<p class="muted">ยังไม่มีข้อมูลในช่วงนี้ ลองเลือกปีหรือช่วงวันที่อื่น</p>'


def columns(bars: Sequence[Bar], title: str) -> Markup:
    """Vertical columns (levels 1–5); each column links to its list."""
    peak = max([b.value for b in bars] + [1])
    parts = []
    for bar in bars:
        height = bar.value / peak * 100
        inner = (
            f'<span class="col-value">{escape(bar.text)}</span>'
            f'<span class="col-track"><span class="col-bar" style="height:{height:.1f}%;'
            f'{_colour(bar.level)}"></span></span>'
            f'<span class="col-label">{escape(bar.label)}</span>'
        )
        parts.append(_link(bar.href, 'class="col"', bar.tip, inner))
    return _figure("columns", title, f'<div class="cols">{"".join(parts)}</div>')


def stacked(rows: Sequence[StackedRow], title: str) -> Markup:
    """One 100 % bar per row (label above, count after): each level's share links to its list."""
    legend = "".join(
        f'<span><i style="{_colour(level)}"></i>ระดับ {level}</span>' for level in LEVEL_COLORS
    )
    parts = [f'<div class="legend" aria-hidden="true">{legend}</div>']
    for row in rows:
        parts.append(f'<div class="stack-row"><div class="stack-label">{escape(row.label)}</div>')
        parts.append('<div class="stack-line"><div class="stack">')
        if not row.total:
            parts.append('<span class="stack-empty">ยังไม่มีข้อมูล</span>')
        for segment in row.segments:
            if not segment.count:
                continue
            share = segment.count / row.total
            tip = f"{row.label} ระดับ {segment.level}: {segment.count:,} หน่วยงาน ({share:.0%})"
            text = f"{share:.0%}" if share >= LABEL_MIN_SHARE else ""
            style = f'style="width:{share * 100:.2f}%;{_colour(segment.level)}"'
            # The title shows the figures on hover where a thin segment has no room for text.
            titled = f'{style} title="{escape(tip)}"' if segment.href else style
            parts.append(_link(segment.href, titled, tip, text))
        parts.append(f'</div><span class="muted stack-n">n={row.total:,}</span></div></div>')
    return _figure("stacked", title, "".join(parts))


def hbars(bars: Sequence[Bar], title: str, low: float = 0.0, high: float | None = None) -> Markup:
    """Horizontal bars (label above, value after), from ``low`` to ``high``."""
    if not bars:
        return _figure("hbars", title, _empty())
    top = high if high is not None else max(b.value for b in bars) or 1
    parts = []
    for bar in bars:
        width = max((bar.value - low) / (top - low) * 100, 0.5) if top > low else 0.5
        inner = (
            f'<span class="hbar-label">{escape(bar.label)}</span><span class="hbar-line">'
            f'<span class="hbar-bar" style="width:{width:.1f}%;{_colour(bar.level)}"></span>'
            f'<span class="hbar-value">{escape(bar.text)}</span></span>'
        )
        parts.append(_link(bar.href, 'class="hbar"', bar.tip, inner))
    return _figure("hbars", title, "".join(parts))
