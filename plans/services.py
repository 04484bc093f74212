"""Writes for plans and their budgets. Every write asks dtsystem.policy, validates (full_clean) and
runs in one transaction. Amounts are million VND as Decimal, never float."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from directives import services as directive_services
from directives.choices import DeadlineKind
from directives.models import Document
from dtsystem import policy
from dtsystem.common.imports import ImportReport, rows_import
from dtsystem.common.numbers import to_decimal
from dtsystem.units.models import Unit

from .choices import BudgetKind
from .models import INVESTMENT_FIELDS, BudgetLine, Disbursement, Plan, PlanLegalBasis, PlanSection

MONEY_FIELDS = [*INVESTMENT_FIELDS, "amount"]


def to_money(value, *, field: str = "amount") -> Decimal | None:
    """A money value from a fixture, a form or JSON ("5.618" strings are NOT thousands: pass 5618)."""
    return to_decimal(value, field=field, message=_("“%(value)s” không phải là số tiền hợp lệ."))


@transaction.atomic
def budget_line_create(
    *,
    user,
    plan: Plan,
    kind: str,
    name: str,
    item: str = "",
    position: int | None = None,
    pillar: str = "",
    unit: Unit | None = None,
    unit_text: str = "",
    years: str = "",
    note: str = "",
    **amounts,
) -> BudgetLine:
    """Add a budget line to a plan (office staff). `amounts`: total_investment, central, local,
    disbursed_prior, allocated (investment) or amount (recurring), in million VND."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    unknown = set(amounts) - set(MONEY_FIELDS)
    if unknown:
        raise ValueError(f"unknown budget line fields: {sorted(unknown)}")
    if position is None:
        position = (
            plan.budget_lines.filter(kind=kind)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
            or 0
        ) + 1
    line = BudgetLine(
        plan=plan,
        kind=kind,
        name=(name or "").strip(),
        item=item,
        position=position,
        pillar=pillar or "",
        unit=unit,
        unit_text=unit_text or (unit.short_name or unit.name if unit else ""),
        years=years or "",
        note=note or "",
        **{f: to_money(amounts.get(f), field=f) for f in MONEY_FIELDS},
    )
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def budget_line_update(*, user, line: BudgetLine, **values) -> BudgetLine:
    """Change a budget line's fields (office staff). Money fields are million VND (Decimal/str)."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    editable = {"kind", "name", "item", "pillar", "unit", "unit_text", "years", "note", *MONEY_FIELDS}
    unknown = set(values) - editable
    if unknown:
        raise ValueError(f"unknown budget line fields: {sorted(unknown)}")
    for key, value in values.items():
        setattr(line, key, to_money(value, field=key) if key in MONEY_FIELDS else value)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def disbursement_record(*, user, budget_line: BudgetLine, date: date, amount, note: str = "") -> Disbursement:
    """Record money paid out on a budget line (office staff only). The amount must be positive and the
    line's disbursements may not exceed the money allocated to it for the year."""
    policy.require(user, policy.RECORD_DISBURSEMENT)
    amount = to_money(amount)
    if amount is None:
        raise ValidationError({"amount": _("Cần nhập số tiền giải ngân.")})
    if amount <= 0:
        raise ValidationError({"amount": _("Số tiền giải ngân phải lớn hơn 0.")})
    if date is None:
        raise ValidationError({"date": _("Cần nhập ngày giải ngân.")})
    line = BudgetLine.objects.select_for_update().get(pk=budget_line.pk)
    budget = line.year_budget
    already = line.disbursements.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if budget is not None and already + amount > budget:
        from dtsystem.common.numbers import format_vn_number

        raise ValidationError(
            {
                "amount": _(
                    "Tổng giải ngân (%(total)s triệu đồng) vượt số vốn bố trí trong năm (%(budget)s triệu đồng)."
                )
                % {"total": format_vn_number(already + amount), "budget": format_vn_number(budget)}
            }
        )
    disbursement = Disbursement(
        budget_line=line,
        date=date,
        amount=amount,
        note=(note or "").strip(),
        entered_by=user if getattr(user, "pk", None) else None,
    )
    disbursement.full_clean()
    disbursement.save()
    return disbursement


# ---------------------------------------------------------------------------------------- fixtures


def _legal_basis_document(*, user, row: dict, units: dict[str, Unit]) -> Document:
    """The Document of a legal basis, shared by every plan that cites it (matched by its code)."""
    code = f"{row['number']}/{row['symbol']}"
    key = f"legal:{code}"
    existing = Document.objects.filter(source_key=key).first()
    if existing:
        return existing
    issued = date.fromisoformat(row["issue_date"]) if row.get("issue_date") else None
    issuer = units.get(row.get("issuing_unit") or "")
    return directive_services.document_create(
        user=user,
        data={
            "kind": row["kind"],
            "number": row["number"],
            "symbol": row["symbol"],
            "issuing_unit": issuer,
            "issuing_body_text": issuer.name if issuer else "",
            "issue_year": issued.year if issued else None,
            "issue_month": issued.month if issued else None,
            "issue_day": issued.day if issued else None,
            "title": row["title"],
        },
        source_key=key,
    )


def plan_default_deadline(row: dict, year: int | None) -> dict:
    """A plan task that says nothing of its deadline takes the plan's: the last day of the plan's year
    ("Kế hoạch ... năm 2022" → 31/12/2022), marked as a default (Task.due_date_is_default). A task with
    its own deadline phrase keeps it."""
    if (row.get("deadline_text") or "").strip() or not year:
        return row
    return {
        **row,
        "deadline_kind": DeadlineKind.YEAR,
        "due_date": date(int(year), 12, 31),
        "due_date_is_default": True,
    }


def _plan_tasks(raw: dict, units: dict[str, Unit]) -> list[dict]:
    rows = []
    for row in raw.get("tasks", []):
        rows.append(
            {
                "item": row.get("item", ""),
                "content": row["content"],
                "lead_unit": units[row["lead_unit"]],
                "coordinating_units": [units[c] for c in row.get("coordinating_units", [])],
                "deadline_text": row.get("deadline_text", ""),
            }
        )
    for row in raw.get("per_unit_tasks", []):
        kinds = row["lead_unit_kinds"]
        for unit in sorted(
            (u for u in units.values() if u.kind in kinds and u.is_active),
            key=lambda u: (kinds.index(u.kind), u.name),
        ):
            rows.append(
                {
                    "item": row.get("item", ""),
                    "content": row["content"],
                    "lead_unit": unit,
                    "deadline_text": row.get("deadline_text", ""),
                }
            )
    return [plan_default_deadline(row, raw.get("year")) for row in rows]


@transaction.atomic
def plan_create_from_fixture(*, user, raw: dict, body: str = "", source_key: str | None = None) -> Plan:
    """Create a plan from its structured fixture (fixtures/plans/*.json): the KH document and its
    section IV tasks (directives.services.document_create), the legal bases as documents, the
    sections, the budget lines and the KPI targets (per-unit targets expanded to one row per unit)."""
    from kpis import services as kpi_services

    policy.require(user, policy.MANAGE_DOCUMENTS)
    units = {u.code: u for u in Unit.objects.all()}
    head = raw["document"]
    issue = head.get("issue_date") or {}
    document = directive_services.document_create(
        user=user,
        data={
            "kind": head.get("kind", "KH"),
            "number": head.get("number") or "",
            "symbol": head.get("symbol", ""),
            "issuing_unit": units.get(head.get("issuing_unit") or ""),
            "issuing_body_text": head.get("issuing_body_text", ""),
            "superior_body_text": head.get("superior_body_text", ""),
            "place": head.get("place", ""),
            "issue_year": issue.get("year"),
            "issue_month": issue.get("month"),
            "issue_day": issue.get("day"),
            "title": head["title"],
            "signer": head.get("signer", ""),
            "signer_title": head.get("signer_title", ""),
            "recipients": head.get("recipients", []),
            "body": body,
        },
        tasks=_plan_tasks(raw, units),
        source_key=source_key or raw.get("key"),
    )
    plan = Plan(
        document=document,
        year=raw["year"],
        reporting_deadline=date.fromisoformat(raw["reporting_deadline"])
        if raw.get("reporting_deadline")
        else None,
        reporting_deadline_text=raw.get("reporting_deadline_text", ""),
        objectives=raw.get("objectives", {}),
        funding_text=raw.get("funding_text", ""),
    )
    plan.full_clean()
    plan.save()
    sections: Sequence[dict] = raw.get("sections", [])
    for position, row in enumerate(sections, start=1):
        section = PlanSection(
            plan=plan, position=position, **{k: row[k] for k in ("number", "title", "pillar", "items")}
        )
        section.full_clean()
        section.save()
    for position, row in enumerate(raw.get("legal_bases", []), start=1):
        basis = _legal_basis_document(user=user, row=row, units=units)
        PlanLegalBasis.objects.create(
            plan=plan, document=basis, group=row.get("group", ""), position=position
        )
    positions = {BudgetKind.INVESTMENT: 0, BudgetKind.RECURRING: 0}
    for row in raw.get("budget_lines", []):
        positions[row["kind"]] += 1
        budget_line_create(
            user=user,
            plan=plan,
            kind=row["kind"],
            name=row["name"],
            item=row.get("item", ""),
            position=positions[row["kind"]],
            pillar=row.get("pillar", ""),
            unit=units.get(row.get("unit") or ""),
            unit_text=row.get("unit_text", ""),
            years=row.get("years", ""),
            note=row.get("note", ""),
            **{f: row.get(f) for f in MONEY_FIELDS if f in row},
        )
    for position, row in enumerate(raw.get("targets", []), start=1):
        target = kpi_services.kpi_target_create(
            user=user,
            plan=plan,
            position=position,
            code=row["code"],
            pillar=row["pillar"],
            text=row["text"],
            unit_of_measure=row["unit_of_measure"],
            comparison=row["comparison"],
            target_value=row.get("target_value"),
            target_max=row.get("target_max"),
            baseline=row.get("baseline"),
            period=row.get("period") or plan.year,
            responsible_unit=units.get(row.get("responsible_unit") or ""),
            scope=row.get("scope", "province"),
            note=row.get("note", ""),
        )
        if row.get("per_unit"):
            kpi_services.kpi_target_expand_per_unit(
                user=user,
                target=target,
                rules=[(r["unit_kind"], r["target_value"]) for r in row["per_unit"]],
            )
    return plan


# --------------------------------------------------------------------------------------------- import


def budget_lines_import(*, user, rows: list[dict], commit: bool) -> ImportReport:
    """Import budget lines (plans.resources.BudgetLineImport): all or nothing, office staff only."""
    from .resources import BudgetLineImport

    return rows_import(spec=BudgetLineImport(), user=user, rows=rows, commit=commit)
