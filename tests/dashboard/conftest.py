"""A small hand-built world where every dashboard number is known (see WORLD below), for two as_of dates.

Units: A = own_unit (Sở TTTT, department), B = other_unit (Sở Y tế, department), D = a district.
Documents: notice (TB) and plan (KH 2024, a Plan with KPI targets and budget lines).

 #  lead due         status         completed   doc     at 15/06/2024   at 31/12/2024
 1  A    31/03/2024  done           20/03/2024  notice  done_on_time    done_on_time
 2  A    31/03/2024  done           10/04/2024  notice  done_late       done_late
 3  A    31/05/2024  in_progress    —           notice  overdue         overdue
 4  A    20/06/2024  new            —           notice  on_track (≤14d) overdue
 5  A    —           in_progress    —           notice  no_deadline     no_deadline
 6  B    30/09/2024  done           01/09/2024  plan    on_track        done_on_time
 7  B    10/06/2024  done           01/07/2024  plan    overdue         done_late      (A coordinates)
 8  B    01/03/2024  cancelled      —           plan    —               —
 9  D    31/12/2023  reported_done  20/12/2023  notice  on_track        on_track
10  D    25/06/2024  paused         —           plan    on_track (≤14d) overdue
11  B    10/01/2025  new            —           plan    on_track        on_track (≤14d)
"""

from datetime import date
from decimal import Decimal

import pytest

from directives.choices import DeadlineKind, DocumentKind, TaskStatus
from dtsystem.units.choices import UnitKind
from kpis.models import KpiMeasurement, KpiTarget, period_end
from plans.models import BudgetLine, Disbursement, Plan
from tests.directives.factories import DocumentFactory, TaskFactory
from tests.factories import UnitFactory

AS_OF_1 = date(2024, 6, 15)
AS_OF_2 = date(2024, 12, 31)

ROWS = [
    # (n, lead, due, status, completed, doc)
    (1, "A", date(2024, 3, 31), TaskStatus.DONE, date(2024, 3, 20), "notice"),
    (2, "A", date(2024, 3, 31), TaskStatus.DONE, date(2024, 4, 10), "notice"),
    (3, "A", date(2024, 5, 31), TaskStatus.IN_PROGRESS, None, "notice"),
    (4, "A", date(2024, 6, 20), TaskStatus.NEW, None, "notice"),
    (5, "A", None, TaskStatus.IN_PROGRESS, None, "notice"),
    (6, "B", date(2024, 9, 30), TaskStatus.DONE, date(2024, 9, 1), "plan"),
    (7, "B", date(2024, 6, 10), TaskStatus.DONE, date(2024, 7, 1), "plan"),
    (8, "B", date(2024, 3, 1), TaskStatus.CANCELLED, None, "plan"),
    (9, "D", date(2023, 12, 31), TaskStatus.REPORTED_DONE, date(2023, 12, 20), "notice"),
    (10, "D", date(2024, 6, 25), TaskStatus.PAUSED, None, "plan"),
    (11, "B", date(2025, 1, 10), TaskStatus.NEW, None, "plan"),
]


@pytest.fixture
def district_unit(db):
    return UnitFactory(
        code="h-tm", name="UBND huyện Tháp Mười", short_name="H. Tháp Mười", kind=UnitKind.DISTRICT
    )


@pytest.fixture
def world(own_unit, other_unit, district_unit):
    units = {"A": own_unit, "B": other_unit, "D": district_unit}
    notice = DocumentFactory(kind=DocumentKind.TB, number="12", symbol="TB-VPUBND", issue_year=2024)
    plan_doc = DocumentFactory(
        kind=DocumentKind.KH,
        number="45",
        symbol="KH-UBND",
        issue_year=2024,
        title="Kế hoạch chuyển đổi số năm 2024",
    )
    plan = Plan.objects.create(document=plan_doc, year=2024)
    docs = {"notice": notice, "plan": plan_doc}
    tasks = {}
    for n, lead, due, status, completed, doc in ROWS:
        tasks[n] = TaskFactory(
            document=docs[doc],
            lead_unit=units[lead],
            due_date=due,
            deadline_kind=DeadlineKind.DAY if due else DeadlineKind.NONE,
            status=status,
            completed_on=completed,
            content=f"Nhiệm vụ số {n}",
            coordinating_units=[own_unit] if n == 7 else [],
        )
    # KPI: digital government: one achieved, one without data; digital economy: one off track.
    t1 = KpiTarget.objects.create(
        plan=plan,
        pillar="digital_government",
        code="1",
        text="Hồ sơ trực tuyến",
        unit_of_measure="percent",
        comparison="at_least",
        target_value=Decimal("50"),
        period=2024,
        responsible_unit=own_unit,
    )
    KpiMeasurement.objects.create(
        target=t1, period="2024-Q2", period_end=period_end("2024-Q2"), value=Decimal("60")
    )
    KpiTarget.objects.create(
        plan=plan,
        pillar="digital_government",
        code="2",
        text="Cổng dữ liệu mở",
        unit_of_measure="milestone",
        comparison="milestone",
        period=2024,
        responsible_unit=other_unit,
    )
    t3 = KpiTarget.objects.create(
        plan=plan,
        pillar="digital_economy",
        code="3",
        text="Kinh tế số / GRDP",
        unit_of_measure="percent",
        comparison="at_least",
        target_value=Decimal("10"),
        baseline=Decimal("0"),
        period=2024,
        responsible_unit=other_unit,
    )
    KpiMeasurement.objects.create(
        target=t3, period="2024-Q2", period_end=period_end("2024-Q2"), value=Decimal("2")
    )
    # Budget: digital government 100 allocated (A), 40 disbursed; recurring 60 (B) for society, 15 disbursed.
    inv = BudgetLine.objects.create(
        plan=plan,
        kind="investment",
        pillar="digital_government",
        item="1",
        name="Nền tảng tích hợp",
        unit=own_unit,
        allocated=Decimal("100"),
    )
    rec = BudgetLine.objects.create(
        plan=plan,
        kind="recurring",
        pillar="digital_society",
        item="2",
        name="Tập huấn kỹ năng số",
        unit=other_unit,
        amount=Decimal("60"),
    )
    Disbursement.objects.create(budget_line=inv, date=date(2024, 5, 1), amount=Decimal("25"))
    Disbursement.objects.create(budget_line=inv, date=date(2024, 6, 1), amount=Decimal("15"))
    Disbursement.objects.create(budget_line=rec, date=date(2024, 6, 1), amount=Decimal("15"))
    return {"units": units, "docs": docs, "plan": plan, "tasks": tasks}
