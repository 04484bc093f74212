"""Shapes of the outputs for the API and the pages (plain functions over selected objects)."""

from __future__ import annotations

from .selectors import Scorecard, ScorecardRow


def _unit(row: ScorecardRow) -> dict:
    u = row.unit
    return {"id": u.pk, "name": u.name, "short_name": u.short_name or u.name}


def scorecard_row(row: ScorecardRow) -> dict:
    return {
        "unit": _unit(row),
        "rank": row.rank,
        "due": row.due,
        "done_on_time": row.done_on_time,
        "done_late": row.done_late,
        "overdue": row.overdue,
        "on_track": row.on_track,
        "on_time_rate": row.on_time_rate,
        "avg_days_late": row.avg_days_late,
        "extensions_asked": row.extensions_asked,
        "extensions_granted": row.extensions_granted,
        "returned": row.returned,
        "trend": row.trend,
        "trend_change": row.trend_change,
    }


def scorecard_payload(card: Scorecard) -> dict:
    return {
        "period": card.period.code,
        "label": card.period.label,
        "kind": card.period.kind,
        "start": card.period.start,
        "end": card.period.end,
        "as_of": card.as_of,
        "previous_periods": [p.code for p in card.previous],
        "count": len(card.rows),
        "results": [scorecard_row(r) for r in card.rows],
    }
