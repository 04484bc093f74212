"""The KPI measurement import writes a file in batches (services.kpi_measurements_record_imported): a
number of statements that does not grow with the rows, and the same values as the row-by-row service,
a value entered again replacing the earlier one."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpis.choices import Comparison, Scope
from kpis.models import KpiMeasurement, KpiTarget
from kpis.services import kpi_measurements_import
from tests.support.kpi_files import rows_of, xlsx_file


def months(n, start_year=2022):
    return [f"{start_year + i // 12}-{i % 12 + 1:02d}" for i in range(n)]


def file_rows(periods, value=lambda i: f"{i},5"):
    return rows_of(
        xlsx_file(
            [("145/KH-UBND", "I.2.a.6", "", p, value(i), "", f"Ghi chú {i}") for i, p in enumerate(periods)]
        )
    )


def _queries(office, rows):
    """(statements other than INSERT, INSERT statements) of a committed import."""
    with CaptureQueriesContext(connection) as captured:
        report = kpi_measurements_import(user=office, rows=rows, commit=True)
    assert report.saved, report.errors[:3]
    inserts = sum(q["sql"].startswith("INSERT") for q in captured.captured_queries)
    return len(captured.captured_queries) - inserts, inserts


def many_rows(plan, n):
    """n rows over the plan's province-wide targets and the periods of 2022 (months, quarters, year)."""
    periods = months(12) + [f"2022-Q{q}" for q in range(1, 5)] + ["2022"]
    cells = []
    for target in KpiTarget.objects.filter(
        plan=plan, parent__isnull=True, scope=Scope.PROVINCE, period=2022
    ).order_by("pk"):
        milestone = target.comparison == Comparison.MILESTONE
        for period in periods:
            cells.append(
                (
                    "145/KH-UBND",
                    target.code,
                    "",
                    period,
                    "" if milestone else "12",
                    "có" if milestone else "",
                    "",
                )
            )
    assert len(cells) >= n
    return rows_of(xlsx_file(cells[:n]))


def test_import_queries_do_not_grow_with_rows(plan_145, office):
    small = _queries(office, many_rows(plan_145, 10))
    large = _queries(office, many_rows(plan_145, 200))
    assert large[0] == small[0], (small, large)
    # One INSERT … ON CONFLICT per batch (SQLite splits it by its limit of bound variables), not per row.
    assert small[1] == 1 and large[1] <= 4, (small, large)
    if connection.vendor == "postgresql":
        assert large == small
    assert KpiMeasurement.objects.count() == 200


def test_bulk_values_and_corrections(plan_145, office):
    _queries(office, file_rows(months(3)))
    _queries(office, file_rows(months(3), value=lambda i: f"{i + 10}"))  # entered again: replaced
    rows = {m.period: m for m in KpiMeasurement.objects.filter(target__code="I.2.a.6")}
    assert {p: m.value for p, m in rows.items()} == {
        "2022-01": Decimal("10"),
        "2022-02": Decimal("11"),
        "2022-03": Decimal("12"),
    }
    assert all(m.entered_by == office and m.note.startswith("Ghi chú") for m in rows.values())
    assert str(rows["2022-03"].period_end) == "2022-03-31"
