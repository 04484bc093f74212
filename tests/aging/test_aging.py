"""Aging (directives/aging.py): the buckets at their boundaries, stale undated tasks, the task list's
`age`/`stale` filters agreeing with the figures, one query, and the figures on the dashboard, in the
office's digest and in the PDF report's context."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from directives.aging import aging_counts, months_before, stale_cutoff, stale_q
from directives.choices import TaskStatus
from directives.models import ProgressReport, Task
from tests.directives.factories import DocumentFactory, TaskFactory

AS_OF = date(2022, 6, 30)
pytestmark = pytest.mark.django_db


def _late(days: int, **kw) -> Task:
    return TaskFactory(due_date=AS_OF - timedelta(days=days), content=f"Việc chậm {days} ngày", **kw)


def _undated(issued: date, **kw) -> Task:
    doc = DocumentFactory(issue_year=issued.year, issue_month=issued.month, issue_day=issued.day)
    type(doc).objects.filter(pk=doc.pk).update(issue_date=issued)
    return TaskFactory(document=doc, **kw)


def _report(task: Task, day: date) -> None:
    report = ProgressReport.objects.create(task=task, percent=10, note="Đã triển khai một phần")
    at = timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))
    ProgressReport.objects.filter(pk=report.pk).update(reported_at=at)


def test_age_buckets_at_their_boundaries(own_unit):
    for days in (0, 1, 30, 31, 90, 91, 400):
        _late(days, lead_unit=own_unit)
    counts = aging_counts(Task.objects.all(), as_of=AS_OF)
    # due on AS_OF (0 days) is not overdue; 1 and 30 → ≤ 30; 31 and 90 → 31–90; 91 and 400 → > 90
    assert counts == {"le30": 2, "31_90": 2, "gt90": 2, "stale": 0, "overdue": 6}


def test_finished_cancelled_and_reported_in_time_tasks_are_not_aged(own_unit):
    _late(40, lead_unit=own_unit, status=TaskStatus.DONE, completed_on=AS_OF)  # done late: not overdue
    _late(40, lead_unit=own_unit, status=TaskStatus.CANCELLED)
    _late(40, lead_unit=own_unit, status=TaskStatus.DONE, completed_on=AS_OF + timedelta(days=1))  # later
    counts = aging_counts(Task.objects.all(), as_of=AS_OF)
    assert counts["31_90"] == 1 and counts["overdue"] == 1


def test_stale_undated_tasks_by_the_configured_period(own_unit, settings):
    assert months_before(date(2022, 5, 31), 3) == date(2022, 2, 28)
    cutoff = stale_cutoff(AS_OF)
    assert cutoff == date(2022, 3, 30)
    old = _undated(cutoff - timedelta(days=1), lead_unit=own_unit, content="Thường xuyên, cũ")
    _undated(cutoff, lead_unit=own_unit, content="Giao đúng ngày mốc: chưa quá 3 tháng")
    reported = _undated(date(2021, 1, 5), lead_unit=own_unit, content="Có báo cáo gần đây")
    _report(reported, cutoff)  # a report on the cutoff day counts as recent
    reported_late = _undated(date(2021, 1, 5), lead_unit=own_unit, content="Báo cáo sau ngày tính")
    _report(reported_late, AS_OF + timedelta(days=1))  # after as_of: does not count at as_of
    _undated(date(2021, 1, 5), lead_unit=own_unit, status=TaskStatus.DONE, completed_on=date(2021, 6, 1))
    counts = aging_counts(Task.objects.all(), as_of=AS_OF)
    assert counts["stale"] == 2
    stale_ids = set(Task.objects.filter(stale_q(AS_OF)).values_list("pk", flat=True))
    assert stale_ids == {old.pk, reported_late.pk}
    settings.TASK_STALE_AFTER_MONTHS = 24
    assert aging_counts(Task.objects.all(), as_of=AS_OF)["stale"] == 0


def test_filters_list_exactly_the_tasks_of_each_figure(client, office, own_unit):
    for days in (1, 30, 31, 90, 91):
        _late(days, lead_unit=own_unit)
    stale = _undated(date(2021, 1, 5), lead_unit=own_unit)
    client.force_login(office)
    api = reverse("api:task-list")
    expected = {"le30": {1, 30}, "31_90": {31, 90}, "gt90": {91}}
    for bucket, days in expected.items():
        data = client.get(api, {"as_of": AS_OF.isoformat(), "age": bucket}).json()
        due = {(AS_OF - date.fromisoformat(t["due_date"])).days for t in data["results"]}
        assert due == days, bucket
    data = client.get(api, {"as_of": AS_OF.isoformat(), "stale": "true"}).json()
    assert [t["id"] for t in data["results"]] == [stale.pk]
    bad = client.get(api, {"age": "9999"})
    assert bad.status_code == 400 and "age" in bad.json()["errors"]
    page = client.get(reverse("directives:task_list"), {"as_of": AS_OF.isoformat(), "age": "gt90"})
    assert page.status_code == 200
    assert "Việc chậm 91 ngày" in page.content.decode() and "Việc chậm 90 ngày" not in page.content.decode()


def test_aging_is_one_query_whatever_the_size(own_unit, django_assert_num_queries):
    for days in range(1, 120, 7):
        _late(days, lead_unit=own_unit)
    with django_assert_num_queries(1):
        aging_counts(Task.objects.all(), as_of=AS_OF)


def test_dashboard_shows_aging_with_drill_down_links(client, committee, own_unit):
    _late(95, lead_unit=own_unit)
    _undated(date(2021, 1, 5), lead_unit=own_unit)
    client.force_login(committee)
    html = client.get(reverse("dashboard:index"), {"as_of": AS_OF.isoformat()}).content.decode()
    assert 'id="aging"' in html
    assert "Quá hạn trên 90 ngày" in html and "quá 3 tháng chưa báo cáo" in html
    assert "age=gt90" in html and "stale=true" in html


def test_weekly_digest_carries_the_aging_figures(office, own_unit):
    from reminders.services import reminders_send_digest

    _late(95, lead_unit=own_unit)
    _late(20, lead_unit=own_unit)
    summary = reminders_send_digest(today=AS_OF)
    assert summary.sent == 1
    body = mail.outbox[0].body
    assert "Quá hạn trên 90 ngày: 1" in body and "Quá hạn đến 30 ngày: 1" in body
    assert "age=gt90" in body


def test_pdf_report_context_has_the_aging_section(own_unit, office):
    from reports.models import Report
    from reports.services import report_context

    _late(45, lead_unit=own_unit)
    report = Report(period="2022-Q2", as_of=AS_OF, issue_date=AS_OF)
    context = report_context(report=report)
    counts = {row["key"]: row["count"] for row in context["aging"]}
    assert counts["31_90"] == 1 and counts["gt90"] == 0
    html = render_to_string("reports/pdf/report.html", context)
    assert "Tuổi của việc chậm" in html and "Quá hạn 31–90 ngày" in html
