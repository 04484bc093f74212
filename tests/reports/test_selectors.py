"""The figures of a report, counted by the database, against a data set whose counts are known."""

from decimal import Decimal

from reports import selectors, services
from reports.services import report_create
from tests.support.world import bulk_tasks
from tests.support.worlds import AS_OF, EXPECTED


def test_summary_counts_by_timeliness(dataset):
    summary = selectors.summary(selectors.report_tasks(as_of=AS_OF))
    assert summary["total"] == EXPECTED["total"]
    for key, value in EXPECTED.items():
        if key != "total":
            assert summary["counts"][key] == value, key


def test_per_unit_rows(dataset, own_unit, other_unit):
    rows = {row["unit"]: row for row in selectors.unit_rows(selectors.report_tasks(as_of=AS_OF))}
    own = rows["Sở Thông tin và Truyền thông"]
    assert (own["total"], own["done_on_time"], own["done_late"], own["on_track"], own["overdue"]) == (
        5,
        2,
        1,
        1,
        1,
    )
    assert own["on_time_pct"] == Decimal("50.0")  # 2 on time / (2 done on time + 1 late + 1 overdue)
    other = rows["Sở Y tế"]
    assert (other["total"], other["overdue"], other["no_deadline"], other["on_time_pct"]) == (
        3,
        2,
        1,
        Decimal("0.0"),
    )
    # the unit with the most overdue tasks comes first
    assert list(rows) == ["Sở Y tế", "Sở Thông tin và Truyền thông"]


def test_overdue_list_with_days_late(dataset):
    overdue = selectors.overdue_tasks(selectors.report_tasks(as_of=AS_OF), AS_OF)
    assert [(t.content, t.days_late) for t in overdue] == [
        ("Triển khai bệnh án điện tử", 65),
        ("Kết nối khám chữa bệnh từ xa", 30),
        ("Xây dựng Trung tâm điều hành thông minh", 16),
    ]


def test_period_figures(dataset):
    row = selectors.period_figures(selectors.report_tasks(as_of=AS_OF), AS_OF.replace(month=1, day=1), AS_OF)
    assert (row["due"], row["done"], row["done_on_time"], row["overdue"]) == (6, 3, 2, 3)


def test_plan_scope_and_kpi_and_budget(dataset, small_plan, own_unit):
    figures = selectors.plan_figures(as_of=AS_OF)
    assert [f.plan for f in figures] == [small_plan]
    f = figures[0]
    assert f.kpi_totals["total"] == 2 and f.kpi_totals["achieved"] == 1 and f.kpi_totals["no_data"] == 1
    assert [row["pillar"] for row in f.kpi_by_pillar] == ["Chính quyền số", "Xã hội số"]
    assert f.budget["budget"] == Decimal("118225.000")
    assert f.budget["disbursed"] == Decimal("12500")  # the disbursement of May is after as_of
    assert f.budget["rate"] == Decimal("10.6")
    # a plan report covers the plan's own tasks only (none here)
    assert selectors.summary(selectors.report_tasks(as_of=AS_OF, plan=small_plan))["total"] == 0


def test_report_context_runs_a_fixed_number_of_queries(
    dataset, own_unit, other_unit, django_assert_max_num_queries
):
    report = report_create(period="2022-Q1", today=AS_OF)
    with django_assert_max_num_queries(12) as small:
        services.report_context(report=report)
    bulk_tasks(200, [own_unit, other_unit])
    with django_assert_max_num_queries(len(small.captured_queries)):
        services.report_context(report=report)


def test_recurring_instances_of_later_periods_are_not_counted(own_unit):
    from datetime import date

    from directives.choices import DeadlineKind
    from tests.directives.factories import TaskFactory
    from tests.support.world import dated_document as _doc

    doc = _doc(number="5", issue_year=2022, issue_month=1, issue_day=5)
    for recurrence, labels in [
        ("yearly", ["2022", "2023"]),
        ("quarterly", ["2022-Q1", "2022-Q2"]),
        ("monthly", ["2022-03", "2022-04"]),
    ]:
        template = TaskFactory(
            document=doc, lead_unit=own_unit, deadline_kind=DeadlineKind.RECURRING, recurrence=recurrence
        )
        for label in labels:
            TaskFactory(
                document=doc,
                lead_unit=own_unit,
                recurrence_parent=template,
                period_label=label,
                due_date=date(2022, 12, 31),
                content=f"{recurrence} {label}",
            )
    tasks = selectors.report_tasks(as_of=AS_OF)
    assert sorted(tasks.values_list("content", flat=True)) == [
        "monthly 2022-03",
        "quarterly 2022-Q1",
        "yearly 2022",
    ]
