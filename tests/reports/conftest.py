"""Report fixtures: a hand-built data set whose every count is known, at 31/03/2022.

Sở Thông tin và Truyền thông (own_unit) leads 5 tasks: 2 done on time, 1 done late, 1 overdue, 1 on
track. Sở Y tế (other_unit) leads 3: 2 overdue, 1 without deadline, plus 1 cancelled (not counted).
A notice issued after 31/03/2022 has 1 task that did not exist yet (not counted)."""

from datetime import date
from decimal import Decimal

import pytest

from directives.choices import TaskStatus
from directives.models import Document, Task
from tests.directives.factories import DocumentFactory, TaskFactory

AS_OF = date(2022, 3, 31)
EXPECTED = {"total": 8, "done_on_time": 2, "done_late": 1, "on_track": 1, "overdue": 3, "no_deadline": 1}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Report files go to a temporary MEDIA_ROOT, not the shared var/test-media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _doc(**fields) -> Document:
    doc = DocumentFactory(**fields)
    doc.issue_date = date(doc.issue_year, doc.issue_month, doc.issue_day)
    Document.objects.filter(pk=doc.pk).update(issue_date=doc.issue_date)
    return doc


@pytest.fixture
def dataset(own_unit, other_unit):
    notice = _doc(number="12", symbol="TB-VPUBND", issue_year=2022, issue_month=1, issue_day=10)
    later = _doc(number="99", symbol="TB-VPUBND", issue_year=2022, issue_month=5, issue_day=2)

    def task(unit, due=None, status=TaskStatus.NEW, completed=None, document=notice, **fields):
        return TaskFactory(
            document=document, lead_unit=unit, due_date=due, status=status, completed_on=completed, **fields
        )

    done = TaskStatus.DONE
    task(own_unit, date(2022, 2, 28), done, date(2022, 2, 20), content="Hoàn thành đúng hạn thứ nhất")
    task(own_unit, date(2022, 3, 31), done, date(2022, 3, 31), content="Hoàn thành đúng hạn thứ hai")
    task(own_unit, date(2022, 1, 31), done, date(2022, 2, 10), content="Hoàn thành muộn")
    task(
        own_unit, date(2022, 3, 15), TaskStatus.IN_PROGRESS, content="Xây dựng Trung tâm điều hành thông minh"
    )
    task(own_unit, date(2022, 6, 30), content="Nhiệm vụ còn trong hạn")
    task(other_unit, date(2022, 1, 25), content="Triển khai bệnh án điện tử", item="3.b")
    task(other_unit, date(2022, 3, 1), content="Kết nối khám chữa bệnh từ xa")
    task(other_unit, None, content="Tuyên truyền chuyển đổi số y tế")
    task(other_unit, date(2022, 2, 1), TaskStatus.CANCELLED, content="Nhiệm vụ đã hủy")
    task(own_unit, date(2022, 6, 30), document=later, content="Nhiệm vụ của văn bản ban hành sau")
    return {"notice": notice, "later": later}


@pytest.fixture
def small_plan(own_unit):
    """A plan issued on 01/02/2022 with two KPI targets (one achieved) and a budget with a disbursement."""
    from kpis.models import KpiMeasurement, KpiTarget, period_end
    from plans.models import BudgetLine, Disbursement, Plan

    document = _doc(kind="KH", number="20", symbol="KH-UBND", issue_year=2022, issue_month=2, issue_day=1)
    plan = Plan.objects.create(document=document, year=2022)
    achieved = KpiTarget.objects.create(
        plan=plan,
        pillar="digital_government",
        code="1",
        text="Tỷ lệ hồ sơ trực tuyến",
        unit_of_measure="percent",
        comparison="at_least",
        target_value=Decimal("50"),
        period=2022,
    )
    KpiTarget.objects.create(
        plan=plan,
        pillar="digital_society",
        code="2",
        text="Số mô hình",
        unit_of_measure="count",
        comparison="at_least",
        target_value=Decimal("10"),
        period=2022,
    )
    KpiMeasurement.objects.create(
        target=achieved, period="2022-Q1", period_end=period_end("2022-Q1"), value=Decimal("60")
    )
    line = BudgetLine.objects.create(
        plan=plan,
        kind="investment",
        item="1",
        name="Trung tâm IOC",
        unit=own_unit,
        allocated=Decimal("64900"),
        pillar="foundation",
    )
    BudgetLine.objects.create(
        plan=plan, kind="recurring", item="1", name="Thuê dịch vụ", amount=Decimal("53325")
    )
    Disbursement.objects.create(budget_line=line, date=date(2022, 3, 1), amount=Decimal("12500"))
    Disbursement.objects.create(budget_line=line, date=date(2022, 5, 1), amount=Decimal("999"))  # after as_of
    return plan


def bulk_tasks(n: int, units, document=None, start=date(2022, 1, 1)) -> None:
    """n tasks spread over units and states, created in one INSERT."""
    from datetime import timedelta

    from directives.choices import DeadlineKind

    document = document or _doc(number="300", issue_year=2021, issue_month=12, issue_day=1)
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
    Task.objects.bulk_create(rows, batch_size=500)
