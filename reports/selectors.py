"""Reads for reports: the list of reports a user may see, and every figure a progress report shows.

Counting is done by the database (annotations and aggregates over `directives.selectors`'
timeliness annotation); Python only formats the rows it is given."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from directives.choices import Recurrence, Timeliness
from directives.models import Task
from directives.selectors import in_scope, timeliness_counts, timeliness_expression, with_unit_of_period
from dtsystem import policy
from dtsystem.units.selectors import unit_names_at

from .models import Report

MONEY = DecimalField(max_digits=20, decimal_places=3)
ZERO = Value(Decimal(0), output_field=MONEY)
TIMELINESS_ORDER = [
    Timeliness.DONE_ON_TIME,
    Timeliness.DONE_LATE,
    Timeliness.ON_TRACK,
    Timeliness.OVERDUE,
    Timeliness.NO_DEADLINE,
]


def report_list(*, user) -> QuerySet[Report]:
    """Reports, newest first; only for users who may read reports (office, committee, admin)."""
    if not policy.may(user, policy.VIEW_REPORTS):
        return Report.objects.none()
    return Report.objects.select_related("plan__document", "created_by").order_by("-created_at", "-id")


def percent(part: int | Decimal | None, whole: int | Decimal | None) -> Decimal | None:
    """part / whole in %, one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def report_tasks(*, as_of: date, plan=None) -> QuerySet[Task]:
    """The tasks a report covers, annotated with `timeliness` at `as_of`.

    A report is read by the committee, who sees every task, so no user scope applies; tasks of documents
    issued after `as_of` did not exist yet and are left out (an unknown issue date falls back to the
    meeting date, and a document with neither counts), as are instances of recurring obligations for a
    period that starts after `as_of`."""
    issued_by = (
        Q(document__issue_date__lte=as_of)
        | Q(document__issue_date__isnull=True, document__meeting_date__lte=as_of)
        | Q(document__issue_date__isnull=True, document__meeting_date__isnull=True)
    )
    # Instances of recurring obligations for a period that starts after `as_of` did not exist yet either
    # (period labels of one kind sort in time order: "2022" < "2023", "2022-Q1" < "2022-Q2", "2022-03" < "2022-04").
    future_instance = (
        Q(recurrence_parent__recurrence=Recurrence.YEARLY, period_label__gt=f"{as_of.year}")
        | Q(
            recurrence_parent__recurrence=Recurrence.QUARTERLY,
            period_label__gt=f"{as_of.year}-Q{(as_of.month - 1) // 3 + 1}",
        )
        | Q(
            recurrence_parent__recurrence=Recurrence.MONTHLY,
            period_label__gt=f"{as_of.year}-{as_of.month:02d}",
        )
    )
    qs = Task.objects.filter(issued_by).exclude(Q(recurrence_parent__isnull=False) & future_instance)
    if plan is not None:
        qs = qs.filter(document_id=plan.document_id)
    return in_scope(qs).annotate(timeliness=timeliness_expression(as_of))


def _count(t: str) -> Count:
    return Count("pk", filter=Q(timeliness=t))


def unit_rows(tasks: QuerySet[Task], *, as_of: date | None = None) -> list[dict]:
    """One row per unit: assigned and the count of each timeliness (one GROUP BY query, and one for the
    names the units had on `as_of`).

    With `as_of`, the organisation of that day: each task counts for the unit that led it then (a task a
    reorganisation moved later counts for its old unit; a closed task of a unit that had ended by then,
    for its successor), under the name the unit had then.

    % on time = done on time / (done on time + done late + overdue): the share of the tasks that have
    reached their deadline (or were finished) that were done in time."""
    if as_of is None:
        tasks = tasks.annotate(period_unit_id=F("lead_unit_id"))
    else:
        tasks = with_unit_of_period(tasks, as_of)
    grouped = list(
        tasks.order_by()
        .values("period_unit_id")
        .annotate(total=Count("pk"), **{t.value: _count(t.value) for t in Timeliness})
    )
    names = unit_names_at([row["period_unit_id"] for row in grouped], as_of or timezone.localdate())
    for row in grouped:
        row["name"], row["short_name"] = names.get(row["period_unit_id"], ("", ""))
    rows = sorted(grouped, key=lambda r: (-r["overdue"], -r["total"], r["name"]))
    out = []
    for row in rows:
        due = row[Timeliness.DONE_ON_TIME] + row[Timeliness.DONE_LATE] + row[Timeliness.OVERDUE]
        out.append(
            {
                "unit": row["name"],
                "short": row["short_name"] or row["name"],
                "total": row["total"],
                **{t.value: row[t.value] for t in Timeliness},
                "on_time_pct": percent(row[Timeliness.DONE_ON_TIME], due),
            }
        )
    return out


# Rows of the report's long lists are read a chunk at a time, each chunk one complete query (keyset
# pagination on the list's own order), never through one cursor held open while the PDF is laid out: on
# SQLite an open read keeps every other writer out for the whole build, and behind PgBouncer (no
# server-side cursors) `.iterator()` would fetch the whole result into the client's memory at once.
ROW_CHUNK = 500
_OVERDUE_ORDER = [("due_date", False), ("document_id", False), ("position", False), ("id", False)]
_APPENDIX_ORDER = [
    ("document__issue_date", True),  # nullable: tasks of documents without a known issue date come last
    ("document_id", False),
    ("position", False),
    ("id", False),
]


def _after(keys: list[tuple[str, str, bool]], values: tuple) -> Q:
    """Rows after `values` in the order of `keys` ((annotation, field, nullable)), NULLs last."""
    after = Q(pk__in=[])
    equal = Q()
    for (name, _field, nullable), value in zip(keys, values, strict=True):
        if value is None:
            greater = Q(pk__in=[])  # nothing sorts after NULL
            same = Q(**{f"{name}__isnull": True})
        else:
            greater = Q(**{f"{name}__gt": value})
            if nullable:
                greater |= Q(**{f"{name}__isnull": True})
            same = Q(**{name: value})
        after |= equal & greater
        equal &= same
    return after


def keyset_chunks(qs: QuerySet, order: list[tuple[str, bool]], *, size: int = ROW_CHUNK) -> Iterator[list]:
    """`qs` in the order `order` ([(field, nullable)], unique as a whole), as lists of at most `size`
    objects: one complete query a chunk, each starting after the last row of the previous one."""
    keys = [(f"_k{i}", field, nullable) for i, (field, nullable) in enumerate(order)]
    ordered = qs.annotate(**{name: F(field) for name, field, _ in keys}).order_by(
        *[F(name).asc(nulls_last=True) if nullable else F(name).asc() for name, _, nullable in keys]
    )
    last = None
    while True:
        page = ordered if last is None else ordered.filter(_after(keys, last))
        chunk = list(page[:size])
        if not chunk:
            return
        yield chunk
        if len(chunk) < size:
            return
        last = tuple(getattr(chunk[-1], name) for name, _, _ in keys)


def overdue_tasks(tasks: QuerySet[Task], as_of: date, *, chunk: int = ROW_CHUNK) -> Iterator[Task]:
    """Overdue tasks, most late first, each with `days_late` at `as_of` (read a chunk at a time)."""
    overdue = tasks.filter(timeliness=Timeliness.OVERDUE).select_related("document", "lead_unit")
    for rows in keyset_chunks(overdue, _OVERDUE_ORDER, size=chunk):
        for task in rows:
            task.days_late = (as_of - task.due_date).days
            yield task


def overdue_figures(tasks: QuerySet[Task]) -> dict:
    """How many tasks are overdue, and of how many lead units (one query)."""
    return (
        tasks.filter(timeliness=Timeliness.OVERDUE)
        .order_by()
        .aggregate(count=Count("pk"), units=Count("lead_unit_id", distinct=True))
    )


def appendix_tasks(tasks: QuerySet[Task], *, chunk: int = ROW_CHUNK) -> Iterator[Task]:
    """Every task in scope, by document and position, with its document and lead unit (read a chunk at
    a time)."""
    rows = tasks.select_related("document", "lead_unit")
    for page in keyset_chunks(rows, _APPENDIX_ORDER, size=chunk):
        yield from page


@dataclass
class PlanFigures:
    plan: object
    kpi_by_pillar: list[dict]
    kpi_totals: dict
    budget: dict | None


def _plans_in_scope(*, as_of: date, plan=None) -> list:
    from plans.models import Plan

    if plan is not None:
        return [Plan.objects.select_related("document").get(pk=plan.pk)]
    return list(
        Plan.objects.select_related("document")
        .filter(year=as_of.year)
        .filter(Q(document__issue_date__isnull=True) | Q(document__issue_date__lte=as_of))
        .order_by("document__issue_date", "id")
    )


def kpi_figures(plan) -> tuple[list[dict], dict]:
    """Attainment of the plan's top-level KPI targets, counted per (pillar, attainment) by the database
    in one GROUP BY (the attainment expression is compiled once, not once per attainment)."""
    from kpis.choices import Attainment
    from kpis.models import KpiTarget
    from kpis.selectors import attainment_annotate
    from plans.choices import Pillar

    targets = attainment_annotate(KpiTarget.objects.filter(plan=plan, parent__isnull=True))
    grouped = targets.order_by().values("pillar", "attainment").annotate(n=Count("pk")).order_by()
    empty = {"total": 0, **{a.value: 0 for a in Attainment}}
    by_pillar: dict[str, dict] = {}
    for row in grouped:
        counts = by_pillar.setdefault(row["pillar"], dict(empty))
        counts[row["attainment"]] = counts.get(row["attainment"], 0) + row["n"]
        counts["total"] += row["n"]
    labels = dict(Pillar.choices)
    out = []
    totals = dict(empty)
    for pillar in Pillar.values:  # the plan's own order of pillars
        counts = by_pillar.get(pillar)
        if not counts:
            continue
        out.append(
            {
                "pillar": str(labels[pillar]),
                **counts,
                "achieved_pct": percent(counts[Attainment.ACHIEVED], counts["total"]),
            }
        )
        for key in totals:
            totals[key] += counts[key]
    totals["achieved_pct"] = percent(totals[Attainment.ACHIEVED], totals["total"])
    return out, totals


def budget_figures(plan, as_of: date) -> dict:
    """The year's money (allocation of investment projects + recurring lines) against what has been
    disbursed by `as_of`, per pillar and in total, in million VND (Decimal, summed by the database)."""
    from plans.choices import BudgetKind, Pillar
    from plans.models import BudgetLine, Disbursement
    from plans.selectors import plan_budget_totals

    totals = plan_budget_totals(plan)
    labels = dict(Pillar.choices)
    money = (
        BudgetLine.objects.filter(plan=plan)
        .order_by()
        .values("pillar", "kind")
        .annotate(
            budget=Coalesce(Sum("allocated"), ZERO, output_field=MONEY)
            + Coalesce(Sum("amount"), ZERO, output_field=MONEY),
            lines=Count("pk"),
        )
    )
    paid = (
        Disbursement.objects.filter(budget_line__plan=plan, date__lte=as_of)
        .order_by()
        .values("budget_line__pillar", "budget_line__kind")
        .annotate(total=Coalesce(Sum("amount"), ZERO, output_field=MONEY))
    )
    paid_map = {(r["budget_line__pillar"], r["budget_line__kind"]): r["total"] for r in paid}
    kind_labels = dict(BudgetKind.choices)
    rows = []
    for r in sorted(
        money, key=lambda r: (r["kind"], list(labels).index(r["pillar"]) if r["pillar"] in labels else 99)
    ):
        disbursed = paid_map.get((r["pillar"], r["kind"]), Decimal(0))
        rows.append(
            {
                "kind": str(kind_labels.get(r["kind"], "")),
                "pillar": str(labels.get(r["pillar"], "—")),
                "lines": r["lines"],
                "budget": r["budget"],
                "disbursed": disbursed,
                "rate": percent(disbursed, r["budget"]),
            }
        )
    disbursed_total = Disbursement.objects.filter(budget_line__plan=plan, date__lte=as_of).aggregate(
        s=Coalesce(Sum("amount"), ZERO, output_field=MONEY)
    )["s"]
    budget_total = totals["grand_total"]
    return {
        "totals": totals,
        "rows": rows,
        "budget": budget_total,
        "disbursed": disbursed_total,
        "rate": percent(disbursed_total, budget_total),
    }


def plan_figures(*, as_of: date, plan=None) -> list[PlanFigures]:
    out = []
    for p in _plans_in_scope(as_of=as_of, plan=plan):
        by_pillar, totals = kpi_figures(p)
        out.append(
            PlanFigures(
                plan=p,
                kpi_by_pillar=by_pillar,
                kpi_totals=totals,
                budget=budget_figures(p, as_of),
            )
        )
    return out


def summary(tasks: QuerySet[Task]) -> dict:
    counts = timeliness_counts(tasks)
    total = sum(counts.values())
    return {"counts": counts, "total": total, "pct": {k: percent(v, total) for k, v in counts.items()}}


def period_figures(tasks: QuerySet[Task], start: date, end: date) -> dict:
    """Tasks whose deadline falls in the period, and how many of them were done / done on time."""
    row = (
        tasks.filter(due_date__gte=start, due_date__lte=end)
        .order_by()
        .aggregate(
            due=Count("pk"),
            done_on_time=_count(Timeliness.DONE_ON_TIME),
            done_late=_count(Timeliness.DONE_LATE),
            overdue=_count(Timeliness.OVERDUE),
        )
    )
    row["done"] = row["done_on_time"] + row["done_late"]
    row["done_pct"] = percent(row["done"], row["due"])
    return row
