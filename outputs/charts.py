"""Server-side SVG for the scorecards (the page under a strict CSP without scripts of its own, and the PDF:
WeasyPrint runs no JavaScript): the on-time rate of each unit as horizontal bars, best first."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dtsystem.common.numbers import format_vn_number

FONT = "DT Serif, Liberation Serif, Times New Roman, serif"


def _bar_colour(rate) -> str:
    if rate is None:
        return "#9e9e9e"
    if rate >= 80:
        return "#2e7d32"
    if rate >= 50:
        return "#f9a825"
    return "#c62828"


def on_time_bars(rows, *, title: str, limit: int = 20, width: int = 640) -> SafeString:
    """One bar a unit (the first `limit` rows as ranked), 0-100 %, the value at the bar's end."""
    rows = [r for r in rows if r.on_time_rate is not None][:limit]
    label_w, bar_w, row_h, top = 230, width - 230 - 60, 18, 26
    height = top + row_h * max(len(rows), 1) + 22
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" class="scorecard-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_w + bar_w * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 18}" stroke="#ddd"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{height - 6}" font-family="{FONT}" font-size="10" text-anchor="middle">{tick}%</text>'
        )
    if not rows:
        parts.append(
            f'<text x="{width / 2:.1f}" y="{top + 12}" font-family="{FONT}" font-size="11" text-anchor="middle">'
            "Chưa có nhiệm vụ nào đến hạn trong kỳ.</text>"
        )
    for index, row in enumerate(rows):
        y = top + index * row_h
        name = row.unit.short_name or row.unit.name
        name = name if len(name) <= 34 else name[:33] + "…"
        rate = float(row.on_time_rate)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 12}" font-family="{FONT}" font-size="11" text-anchor="end">'
            f"{escape(name)}</text>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 2}" width="{bar_w * rate / 100:.1f}" height="{row_h - 5}" '
            f'fill="{_bar_colour(rate)}"/>'
        )
        parts.append(
            f'<text x="{label_w + bar_w * rate / 100 + 4:.1f}" y="{y + 12}" font-family="{FONT}" font-size="10">'
            f"{format_vn_number(row.on_time_rate)}%</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
