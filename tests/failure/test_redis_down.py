"""Redis stopped: pages, the API and evidence uploads keep working and answer at once; a report asked for
meanwhile is saved (queued, "not handed over yet" on its page); when Redis is back, the sweep (beat, in a
real worker) hands it over and it is built."""

import time
from datetime import date

import pytest
from django.urls import reverse

from directives.models import Attachment, ProgressReport
from reports.choices import ReportStatus
from reports.models import Report
from tests.directives.factories import TaskFactory
from tests.support.files import pdf
from tests.support.jobs import wait_for

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

QUICK = 3.0  # seconds: nothing that a person does may wait on the broker


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_pages_api_and_uploads_work_while_redis_is_down_and_queued_reports_run_when_it_is_back(
    client, lead, office, own_unit, private_redis, broker, start_worker, sweep_every_second, media
):
    task = TaskFactory(lead_unit=own_unit, due_date=date(2030, 6, 30), content="Số hóa hồ sơ một cửa")
    private_redis.stop()

    client.force_login(lead)
    for url in ("/", reverse("directives:task_list"), reverse("directives:my_tasks"), "/api/v1/tasks/"):
        response, elapsed = _timed(lambda url=url: client.get(url))
        assert response.status_code == 200, url
        assert elapsed < QUICK, f"{url} took {elapsed:.1f} s with Redis down"
    response, elapsed = _timed(
        lambda: client.post(
            reverse("directives:task_report_progress", args=[task.pk]),
            {"percent": "40", "note": "Đã có dự thảo", "files": [pdf()]},
        )
    )
    assert response.status_code == 302 and elapsed < QUICK
    response, elapsed = _timed(
        lambda: client.post(
            f"/api/v1/tasks/{task.pk}/report-progress/", {"percent": "50", "files": [pdf("bb.pdf")]}
        )
    )
    assert response.status_code == 201, response.content
    assert elapsed < QUICK
    assert (
        ProgressReport.objects.filter(task=task).count() == 2
        and Attachment.objects.filter(task=task).count() == 2
    )

    client.force_login(office)
    response, elapsed = _timed(lambda: client.get(reverse("dashboard:index")))
    assert response.status_code == 200 and elapsed < QUICK
    response, elapsed = _timed(
        lambda: client.post(reverse("reports:report_list"), {"part": "Q1", "year": "2022"})
    )
    assert response.status_code == 302, response.content
    assert elapsed < QUICK, f"asking for a report took {elapsed:.1f} s with Redis down"
    report = Report.objects.get()
    assert (report.status, report.dispatched_at) == (ReportStatus.QUEUED, None)

    private_redis.start()  # the outage ends; a worker with its beat comes up
    start_worker(beat=True)
    done = wait_for(
        lambda: Report.objects.filter(pk=report.pk, status=ReportStatus.DONE).first(),
        timeout=90,
        what="the report asked for during the outage to be built",
    )
    assert done.attempts == 1 and done.file
    assert (media / done.file.name).exists()
