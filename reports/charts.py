"""Server-side SVG charts for the PDF report (WeasyPrint runs no JavaScript).

Each function returns a complete <svg> element as safe markup, to be placed inline in the HTML. The
text uses the report's embedded font; colours stay apart when printed in grey."""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dtsystem.common.numbers import format_vn_number

FONT = "DT Serif, Liberation Serif, serif"
COLOURS = {
    "done_on_time": "#2e7d32",
    "done_late": "#a5d6a7",
    "on_track": "#1565c0",
    "overdue": "#c62828",
    "no_deadline": "#9e9e9e",
}


def _text(x, y, text, size=9, anchor="start", weight="normal", fill="#000") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'font-weight="{weight}" text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>'
    )


def donut(
    segments: list[tuple[str, str, int]],
    *,
    title: str = "",
    width: int = 430,
    height: int = 170,
    scale: float = 1.3,
) -> SafeString:
    """A donut of (key, label, value) segments, total in the middle, legend on the right."""
    total = sum(v for _, _, v in segments)
    cx, cy, r, inner = 85, height / 2, 72, 44
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * scale:.0f}" height="{height * scale:.0f}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
    ]
    if total == 0:
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="#eeeeee"/>')
    else:
        angle = -math.pi / 2
        for key, _, value in segments:
            if not value:
                continue
            sweep = 2 * math.pi * value / total
            if value == total:
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{COLOURS.get(key, "#777")}"/>')
                break
            end = angle + sweep
            large = 1 if sweep > math.pi else 0
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x2, y2 = cx + r * math.cos(end), cy + r * math.sin(end)
            parts.append(
                f'<path d="M {cx} {cy:.2f} L {x1:.2f} {y1:.2f} A {r} {r} 0 {large} 1 {x2:.2f} {y2:.2f} Z" '
                f'fill="{COLOURS.get(key, "#777")}" stroke="#fff" stroke-width="1"/>'
            )
            angle = end
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="{inner}" fill="#fff"/>')
    parts.append(_text(cx, cy + 2, format_vn_number(total), size=18, anchor="middle", weight="bold"))
    parts.append(_text(cx, cy + 16, "nhiệm vụ", size=9, anchor="middle"))
    y = cy - (len(segments) * 22) / 2 + 12
    for key, label, value in segments:
        share = f"{format_vn_number(round(100 * value / total, 1))}%" if total else "—"
        parts.append(
            f'<rect x="180" y="{y - 9:.1f}" width="11" height="11" fill="{COLOURS.get(key, "#777")}"/>'
        )
        parts.append(_text(197, y, f"{label}: {format_vn_number(value)} ({share})", size=10))
        y += 22
    parts.append("</svg>")
    return mark_safe("".join(parts))


def stacked_bars(
    rows: list[dict],
    keys: list[tuple[str, str]],
    *,
    label_key: str = "short",
    width: int = 460,
    bar: int = 13,
    scale: float = 1.3,
) -> SafeString:
    """Horizontal stacked bars, one per row (a unit), one segment per key; legend underneath."""
    gap, left, right, top = 6, 120, 34, 4
    plot = width - left - right
    biggest = max([sum(row[k] for k, _ in keys) for row in rows] or [0]) or 1
    legend_rows = math.ceil(len(keys) / 3)
    height = top + len(rows) * (bar + gap) + 10 + legend_rows * 16
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * scale:.0f}" height="{height * scale:.0f}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    y = top
    for row in rows:
        name = str(row[label_key])
        if len(name) > 24:
            name = name[:23] + "…"
        parts.append(_text(left - 5, y + bar - 3, name, size=8.5, anchor="end"))
        x = left
        total = 0
        for key, _ in keys:
            value = row[key]
            total += value
            if not value:
                continue
            w = plot * value / biggest
            parts.append(
                f'<rect x="{x:.2f}" y="{y}" width="{w:.2f}" height="{bar}" fill="{COLOURS.get(key, "#777")}"/>'
            )
            x += w
        parts.append(_text(x + 3, y + bar - 3, format_vn_number(total), size=8.5))
        y += bar + gap
    parts.append(
        f'<line x1="{left}" y1="{top - 2}" x2="{left}" y2="{y - gap + 2}" stroke="#444" stroke-width="0.6"/>'
    )
    y += 10
    for i, (key, label) in enumerate(keys):
        lx = 10 + (i % 3) * (width - 10) / 3
        ly = y + (i // 3) * 16
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly - 8}" width="10" height="10" fill="{COLOURS.get(key, "#777")}"/>'
        )
        parts.append(_text(lx + 14, ly + 1, str(label), size=8.5))
    parts.append("</svg>")
    return mark_safe("".join(parts))
