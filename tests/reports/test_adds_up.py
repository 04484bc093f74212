"""The report adds up (issue 15, part 7): each unit row's buckets (done on time, done late, on track,
overdue, without deadline) sum to the tasks assigned, in the figures and in the PDF's table; a plan's
report for a period before the plan existed is refused; plan tasks that say nothing of their deadline take
the plan year's last day, marked as a default."""

import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from directives.choices import DeadlineKind
from plans.models import Plan
from plans.services import plan_create_from_fixture, plan_default_deadline
from reports import selectors, services

BUCKETS = ("done_on_time", "done_late", "on_track", "overdue", "no_deadline")


def test_every_unit_row_sums_to_the_tasks_assigned(dataset, own_unit, other_unit):
    context = services.report_context(report=services.report_create(period="2022-Q1", today=date(2022, 4, 5)))
    assert context["units"], "the data set has unit rows"
    for row in context["units"]:
        assert sum(row[b] for b in BUCKETS) == row["total"], row
    other = next(r for r in context["units"] if r["unit"] == other_unit.name)
    assert other["no_deadline"] == 1  # the row that did not add up before
    assert sum(context["summary"]["counts"][b] for b in BUCKETS) == context["summary"]["total"]


def test_the_pdf_table_has_the_no_deadline_column_and_its_rows_add_up(
    dataset, own_unit, other_unit, tmp_path
):
    from tests.live import require_tool

    report = services.report_create(period="2022-Q1", today=date(2022, 4, 5))
    services.report_build(report=report)
    report.refresh_from_db()
    text = subprocess.run(
        [require_tool("pdftotext"), "-layout", report.file.path, "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    plain = subprocess.run(
        [require_tool("pdftotext"), report.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Không thời hạn" in re.sub(r"\s+", " ", plain)
    rows = 0
    for line in text.splitlines():
        match = re.match(r"^\s*\d+\s+(Sở .+?)\s{2,}((?:\d+\s+){6})", line + " ")
        if match:
            total, *buckets = [int(n) for n in match[2].split()]
            assert sum(buckets) == total, line
            rows += 1
    assert rows == 2


def test_a_period_before_the_plan_is_refused(small_plan, tmp_path):
    with pytest.raises(ValidationError) as exc:
        services.report_create(period="2022-01", plan=small_plan, today=date(2022, 4, 5))
    assert "ban hành ngày 01/02/2022" in exc.value.messages[0]
    # the month it was issued in is fine, and so is a report of every task for that month
    assert services.report_create(period="2022-02", plan=small_plan, today=date(2022, 4, 5)).pk
    assert services.report_create(period="2022-01", today=date(2022, 4, 5)).pk
    with pytest.raises(CommandError) as exc:
        call_command(
            "build_report",
            "--out",
            str(tmp_path / "r.pdf"),
            "--plan",
            "20/KH-UBND",
            "--period",
            "2021-Q4",
            "--today",
            "2022-04-05",
        )
    assert "ban hành ngày 01/02/2022" in str(exc.value)


def test_the_report_page_shows_the_refusal(small_plan, office, client):
    client.force_login(office)
    response = client.post(
        "/reports/", {"part": "Q4", "year": "2021", "plan": str(small_plan.pk), "number": ""}
    )
    assert response.status_code == 200
    assert "ban hành ngày 01/02/2022" in response.content.decode()


def test_plan_default_deadline_only_when_the_task_says_nothing():
    row = {"content": "Xây dựng cơ sở dữ liệu chuyên ngành", "deadline_text": ""}
    assert plan_default_deadline(row, 2022) == {
        **row,
        "deadline_kind": DeadlineKind.YEAR,
        "due_date": date(2022, 12, 31),
        "due_date_is_default": True,
    }
    own = {"content": "Báo cáo sơ kết", "deadline_text": "trước ngày 30/6/2022"}
    assert plan_default_deadline(own, 2022) is own


def test_plan_tasks_take_the_plan_years_last_day(db, office):
    from dtsystem.units.demo import load_units

    load_units()
    raw = json.loads((Path(settings.BASE_DIR) / "fixtures" / "plans" / "kh-145-2022.json").read_text())
    raw["tasks"][0] = {**raw["tasks"][0], "deadline_text": "trước ngày 30/6/2022"}
    plan = plan_create_from_fixture(user=office, raw=raw)
    assert isinstance(plan, Plan) and plan.year == 2022
    tasks = list(plan.document.tasks.order_by("position"))
    assert tasks[0].due_date == date(2022, 6, 30) and not tasks[0].due_date_is_default
    defaults = tasks[1:]
    assert defaults and all(t.due_date == date(2022, 12, 31) and t.due_date_is_default for t in defaults)
    assert all(t.deadline_kind == DeadlineKind.YEAR for t in defaults)
    # the report no longer counts them as tasks without a deadline
    counts = selectors.summary(selectors.report_tasks(as_of=date(2022, 6, 1), plan=plan))["counts"]
    assert counts["no_deadline"] == 0 and counts["on_track"] == len(tasks)
