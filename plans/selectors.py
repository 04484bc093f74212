"""Reads for plans and budgets. Totals are computed by the database (aggregates), never by summing
floats in Python. Every signed-in user may read plans (like directive documents)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .choices import BudgetKind, FundingSource, Pillar
from .models import BudgetLine, Disbursement, Plan, PlanLegalBasis

MONEY = DecimalField(max_digits=20, decimal_places=3)
ZERO = Value(Decimal(0), output_field=MONEY)


def _sum(field: str, **filters) -> Coalesce:
    return Coalesce(Sum(field, filter=Q(**filters) if filters else None), ZERO, output_field=MONEY)


def _quantize(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.001"))


def plan_list(*, user=None) -> QuerySet[Plan]:
    """Plans with their document and counts (targets, tasks) and budget totals, in one query."""
    lines = BudgetLine.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
    return (
        Plan.objects.select_related("document", "document__issuing_unit")
        .annotate(
            target_count=Count("kpi_targets", filter=Q(kpi_targets__parent__isnull=True), distinct=True),
            task_count=Count("document__tasks", distinct=True),
            allocated_total=Coalesce(
                Subquery(lines.annotate(s=Sum("allocated")).values("s")[:1], output_field=MONEY), ZERO
            ),
            recurring_total=Coalesce(
                Subquery(lines.annotate(s=Sum("amount")).values("s")[:1], output_field=MONEY), ZERO
            ),
        )
        .order_by("-year", "-document__issue_date", "-id")
    )


def plan_detail(*, user=None, pk: int) -> Plan:
    return (
        Plan.objects.select_related("document", "document__issuing_unit")
        .prefetch_related(
            "sections",
            Prefetch(
                "legal_basis_links",
                queryset=PlanLegalBasis.objects.select_related("document", "document__issuing_unit").order_by(
                    "position", "id"
                ),
            ),
        )
        .get(pk=pk)
    )


def plan_budget_totals(plan: Plan) -> dict:
    """The plan's budget in million VND, as the API contract gives it (one aggregate query):
    {"investment": {"total_investment", "central", "local", "disbursed_prior", "allocated"},
     "recurring": {"total"}, "grand_total"}; grand_total = allocated this year + recurring."""
    inv = {"kind": BudgetKind.INVESTMENT}
    row = BudgetLine.objects.filter(plan=plan).aggregate(
        total_investment=_sum("total_investment", **inv),
        central=_sum("central", **inv),
        local=_sum("local", **inv),
        disbursed_prior=_sum("disbursed_prior", **inv),
        allocated=_sum("allocated", **inv),
        recurring=_sum("amount", kind=BudgetKind.RECURRING),
    )
    investment = {
        k: _quantize(row[k]) for k in ["total_investment", "central", "local", "disbursed_prior", "allocated"]
    }
    recurring = _quantize(row["recurring"])
    return {
        "investment": investment,
        "recurring": {"total": recurring},
        "grand_total": investment["allocated"] + recurring,
    }


def plan_disbursement_summary(plan: Plan) -> dict:
    """Money of the year (allocation + recurring), disbursed so far in the year, and the rate (%)."""
    totals = plan_budget_totals(plan)
    disbursed = _quantize(
        Disbursement.objects.filter(budget_line__plan=plan).aggregate(s=_sum("amount"))["s"]
    )
    budget = totals["grand_total"]
    return {"budget": budget, "disbursed": disbursed, "rate": rate(disbursed, budget)}


def rate(part, whole) -> Decimal | None:
    """part / whole in %, one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def plan_budget_breakdown(plan: Plan) -> dict:
    """Totals of the year's money (allocation + recurring) per pillar, per unit and per source."""
    year_money = Coalesce(Sum("allocated"), ZERO, output_field=MONEY) + Coalesce(
        Sum("amount"), ZERO, output_field=MONEY
    )
    lines = BudgetLine.objects.filter(plan=plan).order_by()
    labels = dict(Pillar.choices)
    per_pillar = [
        {"pillar": r["pillar"], "label": str(labels.get(r["pillar"], "—")), "total": _quantize(r["total"])}
        for r in lines.values("pillar").annotate(total=year_money).order_by("pillar")
    ]
    per_unit = [
        {
            "unit_id": r["unit_id"],
            "unit": r["unit__short_name"] or r["unit__name"] or "—",
            "investment": _quantize(r["investment"]),
            "recurring": _quantize(r["recurring"]),
            "total": _quantize(r["investment"]) + _quantize(r["recurring"]),
        }
        for r in lines.values("unit_id", "unit__name", "unit__short_name")
        .annotate(investment=_sum("allocated"), recurring=_sum("amount"))
        .order_by("unit__name")
    ]
    per_unit.sort(key=lambda r: -r["total"])
    totals = plan_budget_totals(plan)
    row = lines.aggregate(
        central=_sum("central", kind=BudgetKind.INVESTMENT), local=_sum("local", kind=BudgetKind.INVESTMENT)
    )
    per_source = [
        {
            "source": FundingSource.CENTRAL,
            "label": str(FundingSource.CENTRAL.label),
            "total": _quantize(row["central"]),
        },
        {
            "source": FundingSource.LOCAL,
            "label": str(FundingSource.LOCAL.label),
            "total": _quantize(row["local"]),
        },
        {
            "source": FundingSource.RECURRING,
            "label": str(FundingSource.RECURRING.label),
            "total": totals["recurring"]["total"],
        },
    ]
    return {"per_pillar": per_pillar, "per_unit": per_unit, "per_source": per_source}


def budget_line_list(*, user=None, plan: Plan | None = None) -> QuerySet[BudgetLine]:
    """Budget lines with `disbursed` (sum of disbursements) as an annotation, unit and plan joined."""
    disbursed = (
        Disbursement.objects.filter(budget_line=OuterRef("pk"))
        .order_by()
        .values("budget_line")
        .annotate(s=Sum("amount"))
        .values("s")[:1]
    )
    qs = BudgetLine.objects.select_related("unit", "plan__document").annotate(
        disbursed=Coalesce(Subquery(disbursed, output_field=MONEY), ZERO)
    )
    if plan is not None:
        qs = qs.filter(plan=plan)
    return qs.order_by("plan_id", "kind", "position", "id")


def budget_line_rate(line: BudgetLine) -> Decimal | None:
    """Disbursement rate of a line in % of the year's money (allocation or recurring amount)."""
    return rate(getattr(line, "disbursed", None), line.year_budget)
