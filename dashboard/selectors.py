"""Reads of the steering committee dashboard. Every figure is aggregated by the database (GROUP BY,
conditional aggregates over the `timeliness` annotation of directives.selectors); Python only
receives the aggregated rows (a few per unit, quarter or pillar), never the tasks themselves.

The task figures go through the one TaskFilterSet of the task list page and the API, on the one
scoped queryset (directives.selectors.task_queryset), with the filters kept as TaskFilterSet parameters
(DashboardFilters.task_params): dashboard.presenters builds each figure's drill-down link from them,
and the task list it opens counts the same tasks.

A dashboard costs a fixed number of queries whatever the size of the data (see QUERY_PLAN)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractQuarter, ExtractYear
from django.utils import timezone

from directives import rollups
from directives import selectors as task_selectors
from directives.aging import aging_counts, rollup_aging_counts
from directives.choices import Timeliness
from directives.filters import TaskFilterSet
from directives.models import Task, TaskLeadPeriod, TaskRollup
from dtsystem import policy
from dtsystem.units.models import Unit

UPCOMING_DAYS = 14
TREND_QUARTERS = 8
LIST_LIMIT = 10
# Parameters of TaskFilterSet the dashboard passes on to the task list (never `timeliness`: each
# figure sets its own, never `page`).
TASK_FILTER_PARAMS = ("document", "unit_kind", "unit", "lead_unit", "due_after", "due_before")
LEAGUE_SORTS = {
    "unit": "unit",
    "assigned": "assigned",
    "done_on_time": "done_on_time",
    "done_late": "done_late",
    "overdue": "overdue",
    "on_track": "on_track",
    "pct_on_time": "pct_on_time",
}
DEFAULT_LEAGUE_SORT = "-overdue"
PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4]))?$")


def period_bounds(period: str) -> tuple[date, date] | None:
    """ "2024" → (01/01/2024, 31/12/2024); "2024-Q2" → (01/04/2024, 30/06/2024); else None."""
    match = PERIOD_RE.match(period or "")
    if not match:
        return None
    year = int(match["year"])
    if not match["quarter"]:
        return date(year, 1, 1), date(year, 12, 31)
    quarter = int(match["quarter"])
    return quarter_start(year, quarter), quarter_end(year, quarter)


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> date:
    if quarter == 4:
        return date(year, 12, 31)
    return date(year, 3 * quarter + 1, 1) - timedelta(days=1)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def last_quarters(as_of: date, n: int = TREND_QUARTERS) -> list[tuple[int, int]]:
    """The n quarters ending with the quarter of `as_of`, oldest first."""
    year, quarter = quarter_of(as_of)
    out = []
    for _ in range(n):
        out.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out[::-1]


@dataclass
class DashboardFilters:
    """What the dashboard is asked for: the as_of date and the task filters (as TaskFilterSet
    parameters, the period already turned into due_after/due_before)."""

    as_of: date
    period: str = ""
    task_params: dict[str, str] = field(default_factory=dict)
    plan_id: int | None = None

    @property
    def year(self) -> int | None:
        match = PERIOD_RE.match(self.period or "")
        return int(match["year"]) if match else None


def build_filters(
    *, as_of: date | None, period: str = "", document=None, unit_kind: str = "", extra: dict | None = None
) -> DashboardFilters:
    """Turn validated inputs into DashboardFilters; a period sets due_after/due_before."""
    params: dict[str, str] = {}
    for key, value in (extra or {}).items():
        if key in TASK_FILTER_PARAMS and value not in (None, ""):
            params[key] = str(getattr(value, "pk", value))
    if document is not None:
        params["document"] = str(document.pk)
    if unit_kind:
        params["unit_kind"] = unit_kind
    bounds = period_bounds(period)
    if bounds:
        params["due_after"], params["due_before"] = bounds[0].isoformat(), bounds[1].isoformat()
    plan_id = None
    if document is not None:
        try:
            plan_id = document.plan.pk  # a plan is a Document of kind KH with its own row
        except ObjectDoesNotExist:
            plan_id = None
    return DashboardFilters(
        as_of=as_of or timezone.localdate(), period=period or "", task_params=params, plan_id=plan_id
    )


# ---------------------------------------------------------------------------------------------- tasks


def filtered_tasks(*, user, filters: DashboardFilters) -> QuerySet[Task]:
    """The user's tasks (scoped by the selectors), annotated with timeliness at as_of and filtered by
    the same TaskFilterSet as the task list. Cancelled tasks and recurring templates are left out."""
    base = task_selectors.task_queryset(user=user, as_of=filters.as_of)
    filterset = TaskFilterSet(filters.task_params, queryset=base)
    return task_selectors.in_scope(filterset.qs).order_by()


def task_figures(
    qs: QuerySet[Task], *, as_of: date, sort: str = DEFAULT_LEAGUE_SORT, trend_end: date | None = None
) -> dict:
    """Totals, league table, quarter trend and the count of the next 14 days, from ONE scan of the tasks.

    The inner query is the ORM's own (scope, TaskFilterSet, in_scope, the `timeliness` annotation):
    it yields (lead unit, due date, timeliness) per task; the outer query groups it by lead unit with
    conditional sums, joins the unit's name and sorts. The timeliness CASE is evaluated once per task,
    and the whole dashboard reads the task table once (see docs/benchmarks.md). Totals and the trend
    are sums over the league rows (each task has one lead unit): aggregated numbers, not tasks."""
    quarters = last_quarters(trend_end or as_of)
    first, last = quarter_start(*quarters[0]), quarter_end(*quarters[-1])
    horizon = as_of + timedelta(days=UPCOMING_DAYS)
    # Level 1 (ORM): one row per (lead unit, timeliness, quarter of the trend or none, due in the next
    # 14 days or not) with its count. The timeliness CASE is evaluated once per task.
    grouped = (
        qs.annotate(
            tq=_trend_quarter("due_date", first, last),
            soon=_soon("due_date", as_of, horizon),
            org_unit_id=task_selectors.lead_unit_at(as_of),
        )
        .values("org_unit_id", "timeliness", "tq", "soon")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _pivot(grouped, as_of=as_of, quarters=quarters, sort=sort)


def _in_units_of(grouped, columns: tuple[str, ...], as_of: date) -> list[tuple]:
    """The rows of `grouped` (grouped by `org_unit_id`, the unit that led the tasks on as_of) with the
    unit they count for in the organisation of as_of: a unit that had already ended by then (its closed
    tasks stay with it) counts under its successor. Rows: (*columns, unit id, name, short name, kind)."""
    inner_sql, inner_params = grouped.query.sql_with_params()
    unit_table = connection.ops.quote_name(Unit._meta.db_table)
    sql = (
        "SELECT " + ", ".join(f"t.{c}" for c in columns) + ", u.id, u.name, u.short_name, u.kind"
        f" FROM ({inner_sql}) t INNER JOIN {unit_table} ou ON ou.id = t.org_unit_id"
        f" INNER JOIN {unit_table} u"
        " ON u.id = COALESCE(CASE WHEN ou.valid_until < %s THEN ou.successor_id END, ou.id)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*inner_params, as_of])
        return cursor.fetchall()


def _trend_quarter(column: str, first: date, last: date) -> Case:
    return Case(
        When(
            **{f"{column}__gte": first, f"{column}__lte": last},
            then=ExtractYear(column) * Value(4) + ExtractQuarter(column) - Value(1),
        ),
        default=Value(-1),
        output_field=IntegerField(),
    )


def _soon(column: str, as_of: date, horizon: date) -> Case:
    return Case(
        When(**{f"{column}__gte": as_of, f"{column}__lte": horizon}, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


# What the rollups can answer (directives.rollups): the whole province or a lead unit / a kind of unit,
# a period of whole quarters, at today or later, for users who see every task.
ROLLUP_PARAMS = {"lead_unit", "unit_kind", "due_after", "due_before"}


def rollup_answers(*, user, filters: DashboardFilters) -> bool:
    """May the figures come from the rollups? For users who see every task, with only the filters the
    rollups keep (lead unit, kind of unit, a period of whole quarters not older than the rollups keep),
    at an as-of date from today to the end of the rollups' window (directives.rollups)."""
    params = filters.task_params
    today = timezone.localdate()
    if filters.as_of < today or set(params) - ROLLUP_PARAMS:
        return False
    if not policy.actor_for(user).sees_everything:
        return False
    current, horizon = rollups.usable_horizon()
    if not current:
        return False  # filed by an older rule until the next recount
    if horizon is not None and filters.as_of > horizon + timedelta(days=rollups.WINDOW_DAYS):
        return False
    if TaskLeadPeriod.objects.filter(valid_until__gte=filters.as_of).exists():
        return False  # a task led by another unit on as_of (a reorganisation ahead): the scan knows
    try:
        due_after = date.fromisoformat(params["due_after"]) if params.get("due_after") else None
        due_before = date.fromisoformat(params["due_before"]) if params.get("due_before") else None
        int(params.get("lead_unit") or 0)
    except ValueError:
        return False
    if (due_after or due_before) and (due_after is None or due_before is None):
        return False
    if due_after and (
        due_after != quarter_start(*quarter_of(due_after))
        or due_before != quarter_end(*quarter_of(due_before))
    ):
        return False
    # Tasks due before the trend of the rollups' horizon are kept together: no period there.
    return not (due_after and horizon is not None and due_after < rollups.old_limit(horizon))


def rollup_rows(filters: DashboardFilters) -> QuerySet[TaskRollup]:
    """The rollup rows of the tasks `filters` keep (see rollup_answers for the filters they can)."""
    params = filters.task_params
    rows = TaskRollup.objects.exclude(n=0)
    if params.get("lead_unit"):
        rows = rows.filter(lead_unit_id=int(params["lead_unit"]))
    if params.get("unit_kind"):
        rows = rows.filter(lead_unit__kind=params["unit_kind"])
    if params.get("due_after"):
        rows = rows.filter(bucket__gte=date.fromisoformat(params["due_after"]))
    if params.get("due_before"):
        rows = rows.filter(bucket__lte=date.fromisoformat(params["due_before"]))
    return rows


def rollup_figures(*, filters: DashboardFilters, sort: str = DEFAULT_LEAGUE_SORT) -> dict:
    """The same figures as `task_figures`, from the per-unit rollups instead of the tasks (a few
    thousand narrow rows instead of every task): exact at as_of today or later (see rollup_answers)."""
    as_of = filters.as_of
    quarters = last_quarters(trend_end(filters))
    first, last = quarter_start(*quarters[0]), quarter_end(*quarters[-1])
    horizon = as_of + timedelta(days=UPCOMING_DAYS)
    rows = rollup_rows(filters)
    timeliness = Case(
        When(klass=rollups.OPEN, bucket__lt=as_of, then=Value(Timeliness.OVERDUE.value)),
        When(klass__in=[rollups.OPEN, rollups.REPORTED], then=Value(Timeliness.ON_TRACK.value)),
        default=F("klass"),
        output_field=CharField(),
    )
    rows = rows.annotate(timeliness=timeliness)
    # Two small GROUP BYs over the rollup rows: by unit (league, totals), by quarter and window (trend,
    # next 14 days) — a few thousand rows in all, instead of one group per (unit, quarter, window).
    league_rows = (
        rows.annotate(org_unit_id=F("lead_unit_id"))
        .values("org_unit_id", "timeliness")
        .annotate(n=Sum("n"))
        .order_by()
    )
    bucket_rows = (
        # Only rows of the trend's quarters or the 14-day window count here (the others give tq -1, soon 0).
        rows.filter(bucket__gte=min(first, as_of), bucket__lte=max(last, horizon))
        .annotate(tq=_trend_quarter("bucket", first, last), soon=_soon("bucket", as_of, horizon))
        .values("timeliness", "tq", "soon")
        .annotate(n=Sum("n"))
        .order_by()
    )
    return _figures_from(
        league_rows=_in_units_of(league_rows, ("timeliness", "n"), as_of),
        bucket_rows=bucket_rows.values_list("timeliness", "tq", "soon", "n"),
        quarters=quarters,
        sort=sort,
    )


def _pivot(grouped, *, as_of: date, quarters: list[tuple[int, int]], sort: str) -> dict:
    """Level 2 of the task figures from one level-1 query grouped by (unit, timeliness, trend quarter,
    soon): each group feeds the league (by unit) and the trend and the 14-day count (by quarter)."""
    rows = _in_units_of(grouped, ("timeliness", "tq", "soon", "n"), as_of)
    return _figures_from(
        league_rows=((t, n, *unit) for t, _tq, _soon, n, *unit in rows),
        bucket_rows=((t, tq, soon, n) for t, tq, soon, n, *_unit in rows),
        quarters=quarters,
        sort=sort,
    )


def _figures_from(*, league_rows, bucket_rows, quarters: list[tuple[int, int]], sort: str) -> dict:
    """The figures, in Python over grouped counts (the database did the counting): league rows are
    (timeliness, n, unit id, name, short name, kind); bucket rows (timeliness, trend quarter, soon, n)."""
    values = [t.value for t in Timeliness]
    quarter_index = {year * 4 + quarter - 1: i for i, (year, quarter) in enumerate(quarters)}
    counts = dict.fromkeys(values, 0)
    trend_counts = [dict.fromkeys(values, 0) for _ in quarters]
    upcoming = 0
    units: dict[int, dict] = {}
    for timeliness, n, unit_id, name, short_name, kind in league_rows:
        n = int(n or 0)  # SUM() is a numeric (Decimal) in PostgreSQL
        if timeliness not in counts or not n:
            continue
        row = units.get(unit_id)
        if row is None:
            row = units[unit_id] = {
                "unit_id": unit_id,
                "unit": name,
                "short_name": short_name or name,
                "kind": kind,
                "assigned": 0,
                **dict.fromkeys(values, 0),
            }
        row["assigned"] += n
        row[timeliness] += n
        counts[timeliness] += n
    for timeliness, tq, soon, n in bucket_rows:
        n = int(n or 0)
        if timeliness not in counts:
            continue
        if tq in quarter_index:
            trend_counts[quarter_index[tq]][timeliness] += n
        if soon == 1 and timeliness == Timeliness.ON_TRACK:
            upcoming += n
    for row in units.values():
        judged = row["done_on_time"] + row["done_late"] + row["overdue"]
        row["pct_on_time"] = round(100 * row["done_on_time"] / judged, 1) if judged else None
    league = sort_league(list(units.values()), sort)
    trend = []
    for (year, quarter), quarter_counts in zip(quarters, trend_counts, strict=True):
        trend.append(
            {
                "year": year,
                "quarter": quarter,
                "label": f"Q{quarter}/{year}",
                "period": f"{year}-Q{quarter}",
                "due_after": quarter_start(year, quarter),
                "due_before": quarter_end(year, quarter),
                "counts": quarter_counts,
                "total": sum(quarter_counts.values()),
            }
        )
    totals = {"counts": counts, "total": sum(counts.values()), "upcoming": upcoming}
    return {"totals": totals, "league": league, "trend": trend}


def sort_league(rows: list[dict], sort: str) -> list[dict]:
    """The league in the chosen column's order (units without a judged task last either way, for the
    share on time), then by the unit's name and id."""
    sort = normalize_sort(sort)
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    rows.sort(key=lambda r: (r["unit"], r["unit_id"]))
    if key == "unit":
        rows.sort(key=lambda r: r["unit"], reverse=descending)  # stable: the same names by id
        return rows

    def value(row):
        if key == "pct_on_time":
            judged = row["done_on_time"] + row["done_late"] + row["overdue"]
            return Fraction(row["done_on_time"], judged) if judged else None
        return row[key]

    with_value = [r for r in rows if value(r) is not None]
    without = [r for r in rows if value(r) is None]
    with_value.sort(key=value, reverse=descending)  # stable: ties keep the name order
    return with_value + without


def normalize_sort(sort: str | None) -> str:
    """A known league column, optionally with a leading "-"; anything else is the default."""
    key = (sort or "").removeprefix("-")
    return sort if key in LEAGUE_SORTS else DEFAULT_LEAGUE_SORT


def overdue_tasks(qs: QuerySet[Task], *, as_of: date, limit: int = LIST_LIMIT) -> list[Task]:
    """The longest overdue first (one query, document and lead unit joined), with `days_late`."""
    tasks = list(
        qs.filter(task_selectors.timeliness_q(Timeliness.OVERDUE, as_of))
        .select_related("document", "lead_unit")
        .order_by("due_date", "id")[:limit]
    )
    for task in tasks:
        task.days_late = (as_of - task.due_date).days
    return tasks


def upcoming_tasks(qs: QuerySet[Task], *, as_of: date, limit: int = LIST_LIMIT) -> list[Task]:
    """Open tasks due from as_of to as_of + 14 days, the nearest first (one query)."""
    horizon = as_of + timedelta(days=UPCOMING_DAYS)
    return list(
        qs.filter(
            task_selectors.timeliness_q(Timeliness.ON_TRACK, as_of),
            due_date__gte=as_of,
            due_date__lte=horizon,
        )
        .select_related("document", "lead_unit")
        .order_by("due_date", "id")[:limit]
    )


def trend_end(filters: DashboardFilters) -> date:
    """The trend's last quarter: as_of's, or the chosen period's when that ends earlier."""
    bounds = period_bounds(filters.period)
    return min(filters.as_of, bounds[1]) if bounds else filters.as_of


def upcoming_bounds(filters: DashboardFilters) -> tuple[date, date]:
    """The due-date window of "next 14 days", within the chosen period if any."""
    start, end = filters.as_of, filters.as_of + timedelta(days=UPCOMING_DAYS)
    if filters.task_params.get("due_after"):
        start = max(start, date.fromisoformat(filters.task_params["due_after"]))
    if filters.task_params.get("due_before"):
        end = min(end, date.fromisoformat(filters.task_params["due_before"]))
    return start, end


# ---------------------------------------------------------------------------------- KPIs and budget


def kpi_attainment_by_pillar(*, user, filters: DashboardFilters) -> dict | None:
    """KPI targets counted by pillar and attainment. None when the kpis app is missing.

    Committee and office: the top-level targets; a unit member: their units' targets. Filtered by the
    plan (when the chosen document is a plan) and the period's year.

    One query: the targets and, for per-unit targets, their units' targets, each with its own
    attainment from kpis.selectors.with_own_attainment (decided by the database). A per-unit target
    without a measurement of its own takes the rule of kpis.selectors.attainment_annotate over its
    units' attainments (applied by `kpis.selectors.per_unit_attainment`; tests/dashboard/test_kpi_rule.py checks it
    against attainment_annotate). attainment_annotate itself is not used here: it compiles to a 34 kB
    statement (~170 ms of Python per request) and costs ~30 ms per target in PostgreSQL (see
    docs/benchmarks.md). The rows are KPI targets (a few dozen per plan), never tasks."""
    try:
        from kpis.choices import Attainment, Scope
        from kpis.models import KpiTarget
        from kpis.selectors import per_unit_attainment, with_own_attainment
        from plans.choices import Pillar
    except ImportError:  # pragma: no cover - the app is optional for the dashboard
        return None
    actor = policy.actor_for(user)
    targets = KpiTarget.objects.all()
    if actor.sees_everything:
        targets = targets.filter(parent__isnull=True)
    else:
        targets = targets.filter(responsible_unit_id__in=actor.member_unit_ids or [0])
    if filters.plan_id:
        targets = targets.filter(plan_id=filters.plan_id)
    elif filters.task_params.get("document"):
        targets = targets.none()
    if filters.year:
        targets = targets.filter(period=filters.year)
    wanted = Q(pk__in=targets.values("pk"))
    per_unit = targets.filter(scope=Scope.PER_UNIT).values("pk")
    rows = list(
        with_own_attainment(KpiTarget.objects.filter(wanted | Q(parent__in=per_unit)).order_by())
        .annotate(wanted=Case(When(wanted, then=Value(True)), default=Value(False)))
        .values_list("pk", "parent_id", "scope", "pillar", "own_attainment", "wanted")
    )
    children: dict[int, list[str]] = {}
    for _pk, parent_id, _scope, _pillar, own, _wanted in rows:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(own)
    table: dict[str, dict[str, int]] = {}
    for pk, _parent_id, scope, pillar, own, is_wanted in rows:
        if not is_wanted:
            continue
        if scope == Scope.PROVINCE or own != Attainment.NO_DATA:
            attainment = own
        else:
            attainment = per_unit_attainment(children.get(pk, []))
        row = table.setdefault(pillar, {a.value: 0 for a in Attainment})
        row[attainment] = row.get(attainment, 0) + 1
    pillars = []
    for pillar in Pillar:
        if pillar.value not in table:
            continue
        counts = table[pillar.value]
        pillars.append(
            {
                "pillar": pillar.value,
                "label": str(pillar.label),
                "counts": counts,
                "cells": [counts[a.value] for a in Attainment],
                "total": sum(counts.values()),
            }
        )
    return {
        "attainments": [{"value": a.value, "label": str(a.label)} for a in Attainment],
        "pillars": pillars,
        "total": sum(p["total"] for p in pillars),
    }


def budget_summary(*, user, filters: DashboardFilters) -> dict | None:
    """Money of the year (investment allocation + recurring amount) against what has been disbursed,
    by pillar, in million VND (Decimal). Two aggregate queries. None when the plans app is missing."""
    try:
        from plans.choices import Pillar
        from plans.models import BudgetLine, Disbursement
    except ImportError:  # pragma: no cover
        return None
    from django.db.models import DecimalField, Sum

    money = DecimalField(max_digits=20, decimal_places=3)
    zero = Value(Decimal(0), output_field=money)
    actor = policy.actor_for(user)
    lines = BudgetLine.objects.all()
    if not actor.sees_everything:
        lines = lines.filter(unit_id__in=actor.member_unit_ids or [0])
    if filters.plan_id:
        lines = lines.filter(plan_id=filters.plan_id)
    elif filters.task_params.get("document"):
        lines = lines.none()
    if filters.year:
        lines = lines.filter(plan__year=filters.year)
    budget_rows = (
        lines.values("pillar")
        .annotate(
            allocated=Coalesce(Sum("allocated"), zero, output_field=money)
            + Coalesce(Sum("amount"), zero, output_field=money)
        )
        .order_by()
    )
    disbursed_rows = (
        Disbursement.objects.filter(budget_line__in=lines.values("pk"))
        .values("budget_line__pillar")
        .annotate(disbursed=Coalesce(Sum("amount"), zero, output_field=money))
        .order_by()
    )
    allocated = {r["pillar"]: r["allocated"] for r in budget_rows}
    disbursed = {r["budget_line__pillar"]: r["disbursed"] for r in disbursed_rows}
    labels = dict(Pillar.choices)
    rows = []
    for key in [p.value for p in Pillar] + [""]:
        if key not in allocated and key not in disbursed:
            continue
        a = _q(allocated.get(key))
        d = _q(disbursed.get(key))
        rows.append(
            {
                "pillar": key,
                "label": str(labels.get(key, "Chưa phân loại")),
                "allocated": a,
                "disbursed": d,
                "rate": (d * 100 / a).quantize(Decimal("0.1")) if a else None,
            }
        )
    total_a = sum((r["allocated"] for r in rows), Decimal("0.000"))
    total_d = sum((r["disbursed"] for r in rows), Decimal("0.000"))
    return {
        "rows": rows,
        "allocated": total_a,
        "disbursed": total_d,
        "rate": (total_d * 100 / total_a).quantize(Decimal("0.1")) if total_a else None,
    }


def _q(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.001"))


# ------------------------------------------------------------------------------------------ the whole


def dashboard_data(*, user, filters: DashboardFilters, sort: str = DEFAULT_LEAGUE_SORT) -> dict:
    """Every figure of the dashboard for `user` (scoped) and `filters`, in a fixed number of queries:
    totals, league, trend, overdue list, aging (1), upcoming list, KPI attainment (1), budget (2)."""
    qs = filtered_tasks(user=user, filters=filters)
    if rollup_answers(user=user, filters=filters):
        figures = rollup_figures(filters=filters, sort=sort)
        aging = rollup_aging_counts(rollup_rows(filters), qs, as_of=filters.as_of)
    else:
        figures = task_figures(qs, as_of=filters.as_of, sort=sort, trend_end=trend_end(filters))
        aging = aging_counts(qs, as_of=filters.as_of)
    start, end = upcoming_bounds(filters)
    return {
        "as_of": filters.as_of,
        "filters": filters,
        **figures,
        "sort": normalize_sort(sort),
        "overdue": overdue_tasks(qs, as_of=filters.as_of),
        "aging": aging,
        "upcoming": upcoming_tasks(qs, as_of=filters.as_of),
        "upcoming_window": (start, end),
        "kpis": kpi_attainment_by_pillar(user=user, filters=filters),
        "budget": budget_summary(user=user, filters=filters),
    }
