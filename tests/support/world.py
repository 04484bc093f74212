"""Builders of the world the tests act on (documents, tasks, plans, KPI targets and measurements,
budget lines and disbursements), and one builder, `build_world`, for the hand-built data sets whose every
figure is known (tests/support/worlds.py declares them; the dashboard and reports conftests build them).

Rows are made through the ORM (fast, any state); units are the caller's (persona units, factories)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from directives import rollups
from directives.choices import DeadlineKind, DocumentKind, TaskStatus
from directives.models import Document, Task
from kpis.models import KpiMeasurement, KpiTarget, period_end
from plans.models import BudgetLine, Disbursement, Plan
from tests.directives.factories import DocumentFactory, TaskFactory


@pytest.fixture
def units_loaded(office_unit, own_unit, other_unit, committee_unit):
    """The province's units (fixtures/units.json) next to the persona units (same codes are updated)."""
    from dtsystem.units.demo import load_units

    load_units()


@pytest.fixture
def plan_145(units_loaded, office):
    """Plan 145/KH-UBND of seed 002, loaded from fixtures/plans/ as the demo loads it."""
    from plans.demo import plan_fixture
    from plans.services import plan_create_from_fixture

    raw, body = plan_fixture("kh-145-2022")
    return plan_create_from_fixture(user=office, raw=raw, body=body, source_key="kh-145-2022")


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def issued(year: int, month: int, day: int, **fields) -> dict:
    """Document fields for a document issued on that day (issue_date set, as the services set it)."""
    return {
        "issue_year": year,
        "issue_month": month,
        "issue_day": day,
        "issue_date": date(year, month, day),
        **fields,
    }


def make_document(**fields) -> Document:
    return DocumentFactory(**fields)


def dated_document(
    *, issue_year: int = 2022, issue_month: int = 1, issue_day: int = 10, **fields
) -> Document:
    """A document with its issue date set (the factory leaves it empty)."""
    return make_document(**issued(issue_year, issue_month, issue_day, **fields))


def make_plan(*, number: str = "1", year: int = 2022, document: Document | None = None) -> Plan:
    """A plan (Kế hoạch {number}/KH-UBND of `year`), on its own document unless one is given."""
    if document is None:
        document = Document.objects.create(
            kind=DocumentKind.KH,
            number=number,
            symbol="KH-UBND",
            issue_year=year,
            title=f"Kế hoạch thử {number}",
        )
    return Plan.objects.create(document=document, year=year)


def make_measurement(
    target: KpiTarget, period: str, value=None, achieved: bool | None = None
) -> KpiMeasurement:
    return KpiMeasurement.objects.create(
        target=target, period=period, period_end=period_end(period), value=_decimal(value), achieved=achieved
    )


def make_target(
    plan: Plan,
    *,
    comparison: str = "at_least",
    target_value=None,
    target_max=None,
    baseline=None,
    code: str | None = None,
    text: str = "Chỉ tiêu thử",
    pillar: str = "digital_government",
    period: int | None = None,
    measurements=(),
    **fields,
) -> KpiTarget:
    """A KPI target of the plan (a count, or a milestone), with its measurements [(period, value)]."""
    fields.setdefault("unit_of_measure", "milestone" if comparison == "milestone" else "count")
    target = KpiTarget.objects.create(
        plan=plan,
        pillar=pillar,
        code=code or f"T.{KpiTarget.objects.count() + 1}",
        text=text,
        comparison=comparison,
        target_value=_decimal(target_value),
        target_max=_decimal(target_max),
        baseline=_decimal(baseline),
        period=plan.year if period is None else period,
        **fields,
    )
    for measured_period, value in measurements:
        make_measurement(target, measured_period, value)
    return target


def make_line(
    plan: Plan,
    *,
    kind: str = "investment",
    item: str = "1",
    unit=None,
    name: str | None = None,
    disbursements=(),
    **amounts,
) -> BudgetLine:
    """A budget line (100 million VND allocated, or a recurring 100, unless told), with its
    disbursements [(date, amount)]."""
    amounts.setdefault("allocated" if kind == "investment" else "amount", Decimal("100"))
    line = BudgetLine.objects.create(
        plan=plan, kind=kind, item=item, name=name or f"Dòng {item}", unit=unit, **amounts
    )
    for day, amount in disbursements:
        Disbursement.objects.create(budget_line=line, date=day, amount=_decimal(amount))
    return line


@dataclass(frozen=True)
class WorldSpec:
    """A data set, declared: units are named by keys the caller maps to Unit rows.

    - documents: key → DocumentFactory fields;
    - plan: (document key, year): that document is a Plan;
    - tasks: TaskFactory fields, with `document`, `lead_unit` and `coordinating_units` given by key, and an
      optional `key` (else the row's position) under which the task is found in the world;
    - targets: make_target fields, `responsible_unit` by key; lines: make_line fields, `unit` by key."""

    documents: dict
    plan: tuple[str, int] | None = None
    tasks: tuple = ()
    targets: tuple = ()
    lines: tuple = ()


def build_world(spec: WorldSpec, *, units: dict) -> dict:
    """The rows of `spec`: {"units", "docs", "plan", "tasks" (by key), "targets", "lines"}."""
    docs = {key: make_document(**fields) for key, fields in spec.documents.items()}
    plan = None
    if spec.plan is not None:
        doc_key, year = spec.plan
        plan = make_plan(document=docs[doc_key], year=year)
    tasks = {}
    for position, row in enumerate(spec.tasks):
        fields = dict(row)
        key = fields.pop("key", position)
        fields["document"] = docs[fields["document"]]
        fields["lead_unit"] = units[fields["lead_unit"]]
        fields["coordinating_units"] = [units[k] for k in fields.get("coordinating_units", ())]
        tasks[key] = TaskFactory(**fields)
    targets = [
        make_target(plan, **{**row, "responsible_unit": units.get(row.get("responsible_unit"))})
        for row in spec.targets
    ]
    lines = [make_line(plan, **{**row, "unit": units.get(row.get("unit"))}) for row in spec.lines]
    return {"units": units, "docs": docs, "plan": plan, "tasks": tasks, "targets": targets, "lines": lines}


def bulk_tasks(n: int, units, document: Document | None = None, start: date = date(2022, 1, 1)) -> None:
    """n tasks spread over units and states, created in one INSERT."""
    document = document or dated_document(number="300", issue_year=2021, issue_month=12, issue_day=1)
    rows = []
    for i in range(n):
        due = start + timedelta(days=i % 180)
        status = [TaskStatus.NEW, TaskStatus.IN_PROGRESS, TaskStatus.DONE][i % 3]
        rows.append(
            Task(
                document=document,
                item=str(i + 1),
                position=i + 1,
                content=f"Nhiệm vụ tổng hợp số {i + 1}: triển khai nền tảng số dùng chung của Tỉnh",
                lead_unit=units[i % len(units)],
                deadline_kind=DeadlineKind.DAY,
                due_date=due,
                original_due_date=due,
                status=status,
                completed_on=due if status == TaskStatus.DONE else None,
            )
        )
    rollups.add_tasks(Task.objects.bulk_create(rows, batch_size=500))  # counted as the services count


def standard_unit_groups():
    """The unit groups the migration seeds ("Các sở, ban, ngành tỉnh"...): a test with transaction=True (a
    browser test) starts from a flushed database, where the migration's rows are gone."""
    import importlib

    from dtsystem.units.models import UnitGroup

    seeded = importlib.import_module("dtsystem.units.migrations.0004_seed_unit_groups")
    for row in seeded.GROUPS:
        UnitGroup.objects.get_or_create(key=row["key"], defaults=row)
