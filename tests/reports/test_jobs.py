"""The background job and the schedule: run twice builds once and e-mails once; failures recorded."""

from datetime import date
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django_celery_beat.models import PeriodicTask

from reports import services, tasks
from reports.choices import ReportStatus
from reports.models import Report


def test_beat_schedule_is_created_by_the_migration(db):
    periodic = {p.name: p for p in PeriodicTask.objects.filter(task="reports.build_scheduled")}
    assert len(periodic) == 2
    kinds = sorted(p.kwargs for p in periodic.values())
    assert kinds == ['{"kind": "month"}', '{"kind": "quarter"}']
    quarterly = next(p for p in periodic.values() if "quarter" in p.kwargs)
    assert quarterly.crontab.month_of_year == "1,4,7,10" and quarterly.crontab.day_of_month == "1"


def test_task_builds_once_when_run_twice(dataset):
    report = services.report_create(period="2022-Q1", today=date(2022, 3, 31))
    with mock.patch.object(services, "report_render", wraps=services.report_render) as render:
        tasks.build.delay(report.pk)
        tasks.build.delay(report.pk)
    assert render.call_count == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.progress == 100


def test_scheduled_run_twice_one_report_one_email(dataset, committee):
    tasks.build_scheduled.delay("quarter", "2022-04-01")
    tasks.build_scheduled.delay("quarter", "2022-04-01")
    report = Report.objects.get()
    assert (report.period, report.scheduled, report.as_of) == ("2022-Q1", True, date(2022, 3, 31))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [committee.email]
    assert "quý I năm 2022" in message.subject
    name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert message.alternatives and "text/html" in message.alternatives[0][1]


def test_monthly_schedule_reports_the_previous_month(dataset):
    tasks.build_scheduled.delay("month", "2022-03-01")
    assert Report.objects.get().period == "2022-02"


def test_smtp_failure_is_released_and_retried(dataset, committee):
    report = services.report_create(period="2022-Q1", today=date(2022, 3, 31), email_committee=True)
    down = mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPException("down"))
    with down, pytest.raises(SMTPException):
        services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.emailed_at is None  # the PDF is kept
    services.report_generate(report_id=report.pk)  # the retry sends it, without rebuilding
    report.refresh_from_db()
    assert report.emailed_at is not None and len(mail.outbox) == 1


def test_render_failure_is_recorded_with_its_reason(dataset):
    report = services.report_create(period="2022-Q1", today=date(2022, 3, 31))
    broken = mock.patch.object(services, "report_render", side_effect=OSError("không ghi được tệp"))
    with broken, pytest.raises(OSError):
        tasks.build.delay(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "không ghi được tệp" in report.error and not report.file


@pytest.mark.django_db(transaction=True)
def test_pdf_is_rendered_after_commit_and_outside_any_transaction(office_unit, office):
    from django.db import connection, transaction

    inside = []
    real_render = services.report_render

    def spy(**kwargs):
        inside.append(connection.in_atomic_block)
        return real_render(**kwargs)

    with mock.patch.object(services, "report_render", side_effect=spy):
        with transaction.atomic():
            report = services.report_request(user=office, period="2022-Q1")
            assert inside == []  # nothing starts before the row is committed
        report.refresh_from_db()
    assert inside == [False]
    assert report.status == ReportStatus.DONE
