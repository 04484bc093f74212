"""The steering committee dashboard page. Thin: parse the filters, read through selectors, render.

Each figure links to the task list (/tasks/) with the same filters, the same as_of and one
timeliness: the list counts the same tasks as the figure."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directives.choices import Timeliness
from dtsystem import policy
from dtsystem.units.choices import UnitKind

from . import selectors
from .forms import DashboardFilterForm, document_choices, period_choices

TIMELINESS_LABELS = dict(Timeliness.choices)
SCOPE_TIMELINESS = [t.value for t in selectors.TIMELINESS_ORDER]
LEAGUE_ROWS = 30


def dashboard_context(user, data: dict, *, show_all_units: bool = True) -> dict:
    """What the template shows: the figures with their drill-down links and the charts' data."""
    filters: selectors.DashboardFilters = data["filters"]
    totals = data["totals"]
    cards = [
        {
            "value": t.value,
            "label": TIMELINESS_LABELS[t.value],
            "count": totals["counts"][t.value],
            "url": filters.tasks_url(timeliness=t.value),
            "color": selectors.TIMELINESS_COLORS[t],
        }
        for t in selectors.TIMELINESS_ORDER
    ]
    all_url = filters.tasks_url() + "".join(f"&timeliness={v}" for v in SCOPE_TIMELINESS)
    # One row per unit: the list URL is built once and each row only adds its unit (cheap for
    # hundreds of units); the page shows the first LEAGUE_ROWS rows unless ?league=all.
    unit_base = filters.tasks_url(lead_unit=None)
    league = []
    rows = data["league"] if show_all_units else data["league"][:LEAGUE_ROWS]
    for row in rows:
        base = f"{unit_base}&lead_unit={row['unit_id']}"
        league.append(
            {
                **row,
                "urls": {t.value: f"{base}&timeliness={t.value}" for t in selectors.TIMELINESS_ORDER},
                "assigned_url": base + "".join(f"&timeliness={v}" for v in SCOPE_TIMELINESS),
            }
        )
    trend = []
    for quarter in data["trend"]:
        quarter_filters = selectors.DashboardFilters(
            as_of=filters.as_of,
            task_params={
                **filters.task_params,
                "due_after": max(quarter["due_after"].isoformat(), filters.task_params.get("due_after", "")),
                "due_before": min(
                    quarter["due_before"].isoformat(), filters.task_params.get("due_before") or "9999-12-31"
                ),
            },
        )
        trend.append(
            {
                **quarter,
                "cells": [
                    {
                        "value": t.value,
                        "count": quarter["counts"][t.value],
                        "url": quarter_filters.tasks_url(timeliness=t.value),
                    }
                    for t in selectors.TIMELINESS_ORDER
                ],
            }
        )
    start, end = data["upcoming_window"]
    upcoming_url = filters.tasks_url(
        timeliness=Timeliness.ON_TRACK, due_after=start.isoformat(), due_before=end.isoformat()
    )
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
                    "color": selectors.TIMELINESS_COLORS[t],
                }
                for t in selectors.TIMELINESS_ORDER
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
    return {
        **data,
        "cards": cards,
        "all_url": all_url,
        "league_rows": league,
        "league_hidden": len(data["league"]) - len(league),
        "trend_rows": trend,
        "upcoming_url": upcoming_url,
        "charts": charts,
        "timeliness_order": [
            {"value": t.value, "label": TIMELINESS_LABELS[t.value]} for t in selectors.TIMELINESS_ORDER
        ],
        "actor": policy.actor_for(user),
    }


@login_required
@require_GET
def index(request):
    policy.require(request.user, policy.VIEW_DASHBOARD)
    form = DashboardFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    else:
        form.cleaned_data = {}
    filters = form.to_filters()
    sort = selectors.normalize_sort(request.GET.get("sort"))
    data = selectors.dashboard_data(user=request.user, filters=filters, sort=sort)
    show_all = request.GET.get("league") == "all"
    context = dashboard_context(request.user, data, show_all_units=show_all)
    selected_document = form.cleaned_data.get("document")
    sort_query = request.GET.copy()
    sort_query.pop("sort", None)
    all_units_query = request.GET.copy()
    all_units_query["league"] = "all"
    context.update(
        {
            "form": form,
            "document_options": document_choices(selected_document),
            "selected_document_id": selected_document.pk if selected_document else None,
            "period_options": period_choices(filters.as_of),
            "unit_kind_options": UnitKind.choices,
            "sort_base": sort_query.urlencode(),
            "all_units_query": all_units_query.urlencode(),
            "league_columns": [
                ("unit", _("Đơn vị chủ trì")),
                ("assigned", _("Được giao")),
                ("done_on_time", _("Hoàn thành đúng hạn")),
                ("done_late", _("Hoàn thành quá hạn")),
                ("overdue", _("Quá hạn")),
                ("pct_on_time", _("% đúng hạn")),
            ],
        }
    )
    return render(request, "dashboard/index.html", context)
