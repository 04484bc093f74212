"""Shaping the assistant's quality page: acceptance rates per field and month (table and chart data),
per document shape, and the latest corrections."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from extraction.model import SHAPES

from .choices import ReviewedField

FIELDS = [
    ReviewedField.LEAD,
    ReviewedField.COORDINATING,
    ReviewedField.DEADLINE,
    ReviewedField.CONTENT,
    ReviewedField.ROW,
]
COLORS = {
    ReviewedField.LEAD: "#0b4f8a",
    ReviewedField.COORDINATING: "#6f42c1",
    ReviewedField.DEADLINE: "#fd7e14",
    ReviewedField.CONTENT: "#20c997",
    ReviewedField.ROW: "#6c757d",
}


def _cell(kept: int, total: int) -> dict:
    return {"kept": kept, "total": total, "rate": round(100 * kept / total) if total else None}


def quality_page(monthly: list[dict], recent: list, by_shape: list[dict]) -> dict:
    months: list = []
    cells: dict = {}
    totals: dict = {f: [0, 0] for f in FIELDS}
    for entry in monthly:
        if entry["month"] not in months:
            months.append(entry["month"])
        cells[(entry["month"], entry["field"])] = _cell(entry["kept"], entry["total"])
        if entry["field"] in totals:
            totals[entry["field"]][0] += entry["kept"]
            totals[entry["field"]][1] += entry["total"]
    labels = [date_format(month, "m/Y") for month in months]
    rows = [
        {"month": label, "cells": [cells.get((month, f), _cell(0, 0)) for f in FIELDS]}
        for month, label in zip(months, labels, strict=True)
    ]
    chart = {
        "labels": labels,
        "datasets": [
            {
                "label": str(ReviewedField(f).label),
                "data": [cells.get((month, f), _cell(0, 0))["rate"] for month in months],
                "color": COLORS[f],
            }
            for f in FIELDS
        ],
        "axis": _("Tỷ lệ giữ nguyên đề xuất (%)"),
    }
    shapes: dict = {}
    for entry in by_shape:
        shapes.setdefault(entry["shape"], {})[entry["field"]] = _cell(entry["kept"], entry["total"])
    return {
        "fields": [ReviewedField(f).label for f in FIELDS],
        "rows": rows,
        "overall": [{"label": ReviewedField(f).label, "cell": _cell(*totals[f])} for f in FIELDS],
        "chart": chart,
        "empty": not months,
        "shapes": [
            {"shape": SHAPES.get(shape, _("không rõ")), "cells": [fields.get(f, _cell(0, 0)) for f in FIELDS]}
            for shape, fields in shapes.items()
        ],
        "recent": recent,
    }
