"""A worker killed (SIGKILL) in the middle of a report: its lease runs out, the sweep (beat, in another
worker) requeues the report — the page says so — and it is built once: one file, one e-mail. With its
attempts used up, the same report fails instead, with the reason, within the sweep's interval."""

import time

import pytest
from django.urls import reverse

from reports.choices import ReportStatus
from reports.models import Report
from tests.support.jobs import SmtpSink, wait_for

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]


def _running(report_id: int):
    return Report.objects.filter(
        pk=report_id, status=ReportStatus.RUNNING, heartbeat_at__isnull=False
    ).first()


def _ask_for_a_report(client, office) -> Report:
    client.force_login(office)
    response = client.post(
        reverse("reports:report_list"), {"part": "Q1", "year": "2022", "email_committee": "on"}
    )
    assert response.status_code == 302
    return Report.objects.get()


@pytest.fixture
def smtp():
    with SmtpSink() as sink:
        yield sink


def test_a_report_whose_worker_is_killed_is_requeued_and_built_once(
    client, office, committee, start_worker, sweep_every_second, media, smtp
):
    doomed = start_worker(DT_TEST_RENDER_PAUSE="60", EMAIL_URL=smtp.email_url)
    report = _ask_for_a_report(client, office)
    wait_for(lambda: _running(report.pk), timeout=60, what="the first worker to start building")
    doomed.kill()  # SIGKILL: no clean-up, the message stays unacknowledged, the report "running"
    doomed.wait(timeout=10)

    start_worker(beat=True, EMAIL_URL=smtp.email_url)
    seen = set()

    def finished():
        current = Report.objects.get(pk=report.pk)
        seen.add((current.status, "bị gián đoạn" in current.error))
        return current if current.status in (ReportStatus.DONE, ReportStatus.FAILED) else None

    done = wait_for(finished, timeout=90, interval=0.1, what="the report to be requeued and built")
    assert done.status == ReportStatus.DONE, done.error
    assert done.attempts == 2  # the request's hand-off, then the sweep's
    assert (ReportStatus.QUEUED, True) in seen or (ReportStatus.RUNNING, True) in seen  # the page said why
    assert [p.name for p in media.rglob("*.pdf")] == [done.file.name.rsplit("/", 1)[-1]]
    wait_for(lambda: smtp.messages, timeout=30, what="the committee's e-mail")
    time.sleep(2)  # a second e-mail, if there were one, would come now (the sweep runs every second)
    assert len(smtp.messages) == 1 and smtp.messages[0].rcpt_tos == [committee.email]


def test_a_report_whose_attempts_are_used_fails_visibly_within_the_sweep_interval(
    client, office, start_worker, sweep_every_second, media
):
    doomed = start_worker(DT_TEST_RENDER_PAUSE="60", REPORT_MAX_ATTEMPTS="1")
    report = _ask_for_a_report(client, office)
    wait_for(lambda: _running(report.pk), timeout=60, what="the first worker to start building")
    doomed.kill()
    doomed.wait(timeout=10)
    start_worker(beat=True, REPORT_MAX_ATTEMPTS="1")
    failed = wait_for(
        lambda: Report.objects.filter(pk=report.pk, status=ReportStatus.FAILED).first(),
        timeout=30,
        what="the sweep to fail the report",
    )
    assert "dừng giữa chừng" in failed.error
    html = client.get(reverse("reports:report_list")).content.decode()
    assert "dừng giữa chừng" in html and reverse("reports:report_retry", args=[report.pk]) in html
    assert list(media.rglob("*.pdf")) == []
