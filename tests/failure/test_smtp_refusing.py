"""The mail server refuses (a local SMTP server answering 451): reminders are recorded as failed on their
delivery rows with the server's answer, and go out once — not twice — when it accepts again; the
committee's report e-mail likewise (the reason on the report, sent once by the sweep later)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from dtsystem.units.choices import Role
from reminders import services as reminders
from reminders.choices import DeliveryStatus
from reminders.models import Delivery
from reports import services as reports
from reports.choices import ReportStatus
from reports.models import Report
from tests.directives.factories import TaskFactory
from tests.factories import MembershipFactory, UserFactory
from tests.support.jobs import SmtpSink

TODAY = date(2022, 3, 10)


@pytest.fixture
def smtp(settings):
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        yield sink


def test_reminders_fail_on_their_rows_then_go_out_once_when_smtp_accepts(db, smtp, own_unit):
    MembershipFactory(unit=own_unit, role=Role.LEAD, user=UserFactory(username="smtp_lead"))
    TaskFactory(lead_unit=own_unit, due_date=TODAY, content="Báo cáo số liệu chuyển đổi số")
    TaskFactory(lead_unit=own_unit, due_date=TODAY + timedelta(days=3), content="Họp giao ban")

    smtp.refuse = True
    first = reminders.reminders_send(today=TODAY)
    assert first.sent == 0 and first.failed >= 1 and smtp.refused == first.failed
    rows = list(Delivery.objects.all())
    assert rows and all(r.status == DeliveryStatus.FAILED for r in rows)
    assert all("451" in r.last_error for r in rows)

    smtp.refuse = False
    second = reminders.reminders_send(today=TODAY)
    assert second.sent == first.failed and second.failed == 0
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(smtp.messages) == second.sent
    recipients = [tuple(m.rcpt_tos) for m in smtp.messages]
    assert len(recipients) == len(set(recipients))  # one e-mail per recipient

    third = reminders.reminders_send(today=TODAY)
    assert third.sent == 0 and len(smtp.messages) == second.sent


def test_report_email_refused_is_recorded_and_sent_once_by_the_sweep(db, smtp, committee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_QUEUE_TIMEOUT_SECONDS = 0
    report = reports.report_create(period="2022-Q1", today=date(2022, 3, 31), email_committee=True)
    smtp.refuse = True
    with pytest.raises(Exception, match="451"):
        reports.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.emailed_at is None
    assert "Chưa gửi được e-mail" in report.error and "451" in report.error

    smtp.refuse = False
    Report.objects.filter(pk=report.pk).update(finished_at=timezone.now() - timedelta(minutes=1))
    assert reports.reports_sweep()["emailed"] == 1  # eager here: the job sends without rebuilding
    assert reports.reports_sweep()["emailed"] == 0
    report.refresh_from_db()
    assert report.emailed_at is not None and report.error == ""
    assert len(smtp.messages) == 1 and smtp.messages[0].rcpt_tos == [committee.email]
