"""What the dashboard page and /api/v1/dashboard/ show, from the figures of dashboard.selectors: each
figure with its drill-down link to the task list (/tasks/, and /api/v1/tasks/ for the API) with the
same filters, the same as_of and one timeliness, so that the list counts the same tasks as the figure;
and the charts' data. The selectors only read; the links are built here."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from directives.aging import AGE_VALUES, aging_rows
from directives.choices import Timeliness
from directives.presenters import TIMELINESS_LABELS, TIMELINESS_ORDER
from dtsystem import policy

from .selectors import DashboardFilters

TIMELINESS_COLORS = {
    Timeliness.DONE_ON_TIME: "#198754",
    Timeliness.DONE_LATE: "#6f42c1",
    Timeliness.ON_TRACK: "#0d6efd",
    Timeliness.OVERDUE: "#dc3545",
    Timeliness.NO_DEADLINE: "#6c757d",
}
SCOPE_TIMELINESS = [t.value for t in TIMELINESS_ORDER]
LEAGUE_ROWS = 30


# ------------------------------------------------------------------------------------ drill-down links


def task_query(filters: DashboardFilters, **changes) -> str:
    """The query string of the task list for these filters (and `changes`: None removes a parameter)."""
    params: dict[str, str] = {"as_of": filters.as_of.isoformat(), **filters.task_params}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return urlencode(params, doseq=True)


def tasks_url(filters: DashboardFilters, **changes) -> str:
    """The task list page showing the tasks of a figure."""
    return f"{reverse('directives:task_list')}?{task_query(filters, **changes)}"


def _links(filters: DashboardFilters, **changes) -> tuple[str, str]:
    query = task_query(filters, **changes)
    return f"{reverse('directives:task_list')}?{query}", f"{reverse('api:task-list')}?{query}"


def _quarter_filters(filters: DashboardFilters, quarter: dict) -> DashboardFilters:
    """The filters of one quarter of the trend: the dashboard's, due dates within the quarter."""
    return DashboardFilters(
        as_of=filters.as_of,
        task_params={
            **filters.task_params,
            "due_after": max(quarter["due_after"].isoformat(), filters.task_params.get("due_after", "")),
            "due_before": min(
                quarter["due_before"].isoformat(), filters.task_params.get("due_before") or "9999-12-31"
            ),
        },
    )


# ------------------------------------------------------------------------------------------------ page


def _league_rows(filters: DashboardFilters, league: list[dict]) -> list[dict]:
    # The list URL is built once and each row only adds its unit (cheap for hundreds of units).
    unit_base = tasks_url(filters, lead_unit=None)
    rows = []
    for row in league:
        base = f"{unit_base}&lead_unit={row['unit_id']}"
        rows.append(
            {
                **row,
                "urls": {t.value: f"{base}&timeliness={t.value}" for t in TIMELINESS_ORDER},
                "assigned_url": base + "".join(f"&timeliness={v}" for v in SCOPE_TIMELINESS),
            }
        )
    return rows


def _charts(data: dict, cards: list[dict]) -> dict:
    charts = {
        "timeliness": {
            "labels": [c["label"] for c in cards],
            "values": [c["count"] for c in cards],
            "colors": [c["color"] for c in cards],
            "urls": [c["url"] for c in cards],
        },
        "trend": {
            "labels": [q["label"] for q in data["trend"]],
            "datasets": [
                {
                    "label": TIMELINESS_LABELS[t.value],
                    "data": [q["counts"][t.value] for q in data["trend"]],
                    "color": TIMELINESS_COLORS[t],
                }
                for t in TIMELINESS_ORDER
            ],
        },
    }
    budget = data["budget"]
    if budget and budget["rows"]:
        charts["budget"] = {
            "labels": [r["label"] for r in budget["rows"]],
            "allocated_label": _("Bố trí trong năm"),
            "disbursed_label": _("Đã giải ngân"),
            "allocated": [float(r["allocated"]) for r in budget["rows"]],
            "disbursed": [float(r["disbursed"]) for r in budget["rows"]],
        }
    return charts


def dashboard_page(user, data: dict, *, show_all_units: bool = True) -> dict:
    """What the dashboard template shows: the figures with their drill-down links and the charts' data;
    the league shows its first LEAGUE_ROWS rows unless `show_all_units`."""
    filters: DashboardFilters = data["filters"]
    totals = data["totals"]
    cards = [
        {
            "value": t.value,
            "label": TIMELINESS_LABELS[t.value],
            "count": totals["counts"][t.value],
            "url": tasks_url(filters, timeliness=t.value),
            "color": TIMELINESS_COLORS[t],
        }
        for t in TIMELINESS_ORDER
    ]
    league = _league_rows(filters, data["league"] if show_all_units else data["league"][:LEAGUE_ROWS])
    trend = []
    for quarter in data["trend"]:
        quarter_filters = _quarter_filters(filters, quarter)
        cells = [
            {
                "value": t.value,
                "count": quarter["counts"][t.value],
                "url": tasks_url(quarter_filters, timeliness=t.value),
            }
            for t in TIMELINESS_ORDER
        ]
        trend.append({**quarter, "cells": cells})
    start, end = data["upcoming_window"]
    return {
        **data,
        "cards": cards,
        "all_url": tasks_url(filters) + "".join(f"&timeliness={v}" for v in SCOPE_TIMELINESS),
        "league_rows": league,
        "league_hidden": len(data["league"]) - len(league),
        "trend_rows": trend,
        "upcoming_url": tasks_url(
            filters, timeliness=Timeliness.ON_TRACK, due_after=start.isoformat(), due_before=end.isoformat()
        ),
        "charts": _charts(data, cards),
        "timeliness_order": [
            {"value": t.value, "label": TIMELINESS_LABELS[t.value]} for t in TIMELINESS_ORDER
        ],
        "sees_all_units": policy.may(user, policy.VIEW_ALL),
        "aging_rows": aging_links(filters, data["aging"]),
    }


def aging_links(filters: DashboardFilters, counts: dict[str, int]) -> list[dict]:
    """The aging table: each figure with its drill-down to the task list (?age= or ?stale=true)."""
    top = max([counts.get(k, 0) for k in (*AGE_VALUES, "stale")] + [1])
    rows = []
    for row in aging_rows(counts):
        change = {"stale": "true"} if row["key"] == "stale" else {"age": row["key"]}
        rows.append({**row, "url": tasks_url(filters, **change), "width": round(100 * row["count"] / top)})
    return rows


# ------------------------------------------------------------------------------------------------- API


def dashboard_payload(data: dict) -> dict:
    """/api/v1/dashboard/: the figures, each count with its links (the page's and the API's list)."""
    filters: DashboardFilters = data["filters"]
    totals = data["totals"]
    links, api_links = {}, {}
    for t in Timeliness:
        links[t.value], api_links[t.value] = _links(filters, timeliness=t.value)
    start, end = data["upcoming_window"]
    upcoming_link, upcoming_api = _links(
        filters, timeliness=Timeliness.ON_TRACK, due_after=start.isoformat(), due_before=end.isoformat()
    )
    return {
        "as_of": data["as_of"],
        "filters": filters.task_params,
        "totals": {
            "total": totals["total"],
            "by_timeliness": totals["counts"],
            "upcoming": totals["upcoming"],
            "links": links,
            "api_links": api_links,
        },
        "league": data["league"],
        "trend": data["trend"],
        "overdue": {
            "count": totals["counts"][Timeliness.OVERDUE],
            "link": links[Timeliness.OVERDUE],
            "api_link": api_links[Timeliness.OVERDUE],
            "tasks": data["overdue"],
        },
        "upcoming": {
            "count": totals["upcoming"],
            "link": upcoming_link,
            "api_link": upcoming_api,
            "tasks": data["upcoming"],
        },
        "kpis": data["kpis"],
        "budget": data["budget"],
    }
