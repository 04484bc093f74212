"""A report is never stuck: the request does not wait on a broker that is down, the sweep hands over,
requeues or fails what is left unfinished (with the reason on the page), a worker that lost its lease
stores nothing, and "Thử lại" works from every unfinished state."""

import time
from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from dtsystem.celery import app
from reports import services, tasks
from reports.choices import ReportStatus
from reports.models import Report
from tests.support.jobs import celery_broker, free_port

DEAD_BROKER = f"redis://127.0.0.1:{free_port()}/0"


def _report(**state) -> Report:
    """A report in `state`; a callable value is called now (parameters are built at collection time)."""
    report = services.report_create(period="2022-Q1", today=date(2022, 3, 31))
    state = {key: value() if callable(value) else value for key, value in state.items()}
    if state:
        Report.objects.filter(pk=report.pk).update(**state)
        report.refresh_from_db()
    return report


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


def _files(media) -> list:
    return sorted(p.name for p in media.rglob("*.pdf"))


# ------------------------------------------------------------------------------ the request and the broker


def test_request_with_the_broker_down_answers_at_once_and_keeps_the_report_queued(
    client, office, django_capture_on_commit_callbacks
):
    client.force_login(office)
    started = time.monotonic()
    with celery_broker(DEAD_BROKER), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report_list"), {"part": "Q1", "year": "2022"})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 3, f"the request waited {elapsed:.1f} s on a broker that is down"
    report = Report.objects.get()
    assert (report.status, report.dispatched_at, report.attempts) == (ReportStatus.QUEUED, None, 0)


def test_dispatch_never_raises_and_records_nothing_when_the_broker_is_down(db):
    report = _report()
    with celery_broker(DEAD_BROKER):
        assert services.report_dispatch(report_id=report.pk) is False
    report.refresh_from_db()
    assert (report.status, report.dispatched_at, report.attempts) == (ReportStatus.QUEUED, None, 0)


def test_page_says_why_a_report_waits_and_offers_retry(client, office):
    report = _report(created_at=_ago(minutes=2))
    html = client_get(client, office)
    assert "Chưa giao được cho hàng đợi xử lý" in html
    assert reverse("reports:report_retry", args=[report.pk]) in html and "Thử lại" in html


def test_a_report_just_asked_for_offers_no_retry_yet(client, office):
    report = _report()
    html = client_get(client, office)
    assert reverse("reports:report_retry", args=[report.pk]) not in html


def client_get(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("reports:report_list")).content.decode()


# -------------------------------------------------------------------------------------------- the sweep


def test_sweep_schedule_is_created_by_the_migration(db):
    sweep = PeriodicTask.objects.get(task="reports.sweep")
    assert sweep.enabled and sweep.interval.every == 60 and sweep.interval.period == "seconds"
    assert "reports.sweep" in app.tasks


def test_sweep_hands_over_a_report_the_broker_never_got(dataset, settings):
    report = _report(created_at=_ago(minutes=1))
    summary = tasks.sweep.delay().get()  # eager: the build runs at once
    assert summary["dispatched"] == 1
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.DONE, 1)


def test_sweep_leaves_a_fresh_request_and_a_live_build_alone(db):
    fresh = _report()
    live = _report(status=ReportStatus.RUNNING, started_at=_ago(minutes=30), heartbeat_at=_ago(seconds=5))
    with mock.patch.object(services, "report_dispatch") as dispatch:
        assert services.reports_sweep() == {"dispatched": 0, "requeued": 0, "failed": 0, "emailed": 0}
    dispatch.assert_not_called()
    assert Report.objects.get(pk=fresh.pk).status == ReportStatus.QUEUED
    assert Report.objects.get(pk=live.pk).status == ReportStatus.RUNNING


def test_sweep_requeues_what_a_dead_worker_left_running_and_it_finishes(dataset, settings, private_media):
    settings.REPORT_LEASE_SECONDS = 60
    report = _report(
        status=ReportStatus.RUNNING, progress=45, attempts=1, dispatched_at=_ago(minutes=5),
        started_at=_ago(minutes=5), heartbeat_at=_ago(minutes=2),
    )  # fmt: skip
    with mock.patch.object(services, "report_dispatch") as dispatch:
        summary = services.reports_sweep()
    assert summary["requeued"] == 1
    dispatch.assert_called_once_with(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED and report.claim is None
    assert "bị gián đoạn" in report.error  # the page says why it is building again
    services.report_dispatch(report_id=report.pk)  # what the mocked hand-off does (eager here)
    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == (ReportStatus.DONE, 2, "")
    assert len(_files(private_media)) == 1


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        ({"status": ReportStatus.RUNNING, "heartbeat_at": lambda: _ago(hours=1)}, "dừng giữa chừng"),
        ({"status": ReportStatus.QUEUED}, "chưa được xử lý"),
    ],
    ids=["worker-died-3-times", "message-lost-3-times"],
)
def test_sweep_fails_a_report_with_the_reason_once_its_attempts_are_used(db, client, office, state, reason):
    report = _report(attempts=3, dispatched_at=_ago(hours=1), started_at=_ago(hours=1), **state)
    with mock.patch.object(services, "report_dispatch") as dispatch:
        assert services.reports_sweep()["failed"] == 1
    dispatch.assert_not_called()
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and reason in report.error
    html = client_get(client, office)
    assert reason in html and reverse("reports:report_retry", args=[report.pk]) in html


@pytest.mark.parametrize(
    "state",
    [
        {"status": ReportStatus.RUNNING, "attempts": 1, "heartbeat_at": lambda: _ago(hours=1)},
        {"status": ReportStatus.QUEUED, "created_at": lambda: _ago(minutes=5)},
        {"status": ReportStatus.QUEUED, "attempts": 3, "dispatched_at": lambda: _ago(hours=1)},
    ],
    ids=["dead-worker", "never-handed", "attempts-used"],
)
def test_two_sweeps_holding_the_same_reading_change_a_report_once(db, state):
    report = _report(**state)
    reading = Report.objects.get(pk=report.pk)
    now = timezone.now()
    with mock.patch.object(services, "report_dispatch", return_value=True) as dispatch:
        first = services.report_sweep_one(report=reading, now=now)
        second = services.report_sweep_one(report=reading, now=now)
    assert first is not None and second is None
    assert dispatch.call_count == (0 if first == "failed" else 1)


def test_sweep_resends_the_committee_email_a_dead_worker_did_not_send(dataset, committee, private_media):
    report = _report(email_committee=True)
    services.report_build(report=report)
    Report.objects.filter(pk=report.pk).update(finished_at=_ago(hours=1), attempts=1)
    from django.core import mail

    assert services.reports_sweep()["emailed"] == 1
    assert len(mail.outbox) == 1
    services.reports_sweep()
    assert len(mail.outbox) == 1
    assert len(_files(private_media)) == 1


# ---------------------------------------------------------------------------------- claim, lease, retry


def test_a_run_that_lost_its_lease_stores_nothing(dataset, private_media):
    report = services.report_claim(report_id=_report().pk)
    real_render = services.report_render

    def taken_over(**kwargs):
        Report.objects.filter(pk=report.pk).update(claim=None, status=ReportStatus.QUEUED)  # the sweep
        return real_render(**kwargs)

    with mock.patch.object(services, "report_render", side_effect=taken_over):
        assert services.report_build(report=report) is None
    fresh = Report.objects.get(pk=report.pk)
    assert fresh.status == ReportStatus.QUEUED and not fresh.file
    assert _files(private_media) == []


def test_a_build_delivered_twice_builds_once_and_keeps_one_file(dataset, private_media):
    report = _report()
    services.report_generate(report_id=report.pk)
    services.report_generate(report_id=report.pk)  # redelivered after acks_late
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DONE
    assert len(_files(private_media)) == 1


@pytest.mark.django_db(transaction=True)
def test_the_lease_is_renewed_while_a_long_layout_runs(dataset, settings):
    settings.REPORT_HEARTBEAT_SECONDS = 0.2
    report = _report()
    beats = []
    real_render = services.report_render

    def slow(**kwargs):
        claimed = Report.objects.get(pk=report.pk).heartbeat_at
        time.sleep(1.2)
        beats.append((claimed, Report.objects.get(pk=report.pk).heartbeat_at))
        return real_render(**kwargs)

    with mock.patch.object(services, "report_render", side_effect=slow):
        services.report_generate(report_id=report.pk)
    (before, after) = beats[0]
    assert after - before >= timedelta(seconds=0.6)


def test_a_build_inside_a_transaction_does_not_lose_its_lease_to_its_own_heartbeat(dataset, settings):
    settings.REPORT_HEARTBEAT_SECONDS = 0.1  # the heartbeat thread cannot see this test's uncommitted row
    report = _report()
    real_render = services.report_render

    def slow(**kwargs):
        time.sleep(0.5)
        return real_render(**kwargs)

    with mock.patch.object(services, "report_render", side_effect=slow):
        assert services.report_build(report=report) is not None
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DONE


def test_a_transient_error_puts_the_report_back_in_the_queue(dataset):
    report = _report()
    broken = mock.patch.object(services, "report_render", side_effect=OperationalError("server closed"))
    with broken, pytest.raises(OperationalError):
        services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED and "Lỗi tạm thời" in report.error
    services.report_generate(report_id=report.pk)  # Celery's retry
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DONE


def test_a_build_over_its_time_limit_fails_with_a_message(dataset):
    from celery.exceptions import SoftTimeLimitExceeded

    report = _report()
    over = mock.patch.object(services, "report_render", side_effect=SoftTimeLimitExceeded())
    with over, pytest.raises(SoftTimeLimitExceeded):
        services.report_generate(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "quá thời gian cho phép" in report.error


@pytest.mark.parametrize(
    "state",
    [
        {"status": ReportStatus.QUEUED, "created_at": lambda: _ago(minutes=5)},
        {"status": ReportStatus.QUEUED, "dispatched_at": lambda: _ago(minutes=5), "attempts": 1},
        {"status": ReportStatus.RUNNING, "heartbeat_at": lambda: _ago(hours=1), "progress": 45},
        {"status": ReportStatus.FAILED, "error": "OSError: hết chỗ"},
    ],
    ids=["queued-never-handed", "queued-handed-long-ago", "running-stale", "failed"],
)
def test_retry_works_from_every_unfinished_state(
    dataset, client, office, state, django_capture_on_commit_callbacks
):
    report = _report(**state)
    html = client_get(client, office)
    assert reverse("reports:report_retry", args=[report.pk]) in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report_retry", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.error, report.attempts) == (ReportStatus.DONE, "", 1)


def test_retry_while_the_broker_is_down_keeps_the_report_queued_and_says_so(
    client, office, django_capture_on_commit_callbacks
):
    report = _report(status=ReportStatus.FAILED, error="OSError: hết chỗ")
    client.force_login(office)
    with celery_broker(DEAD_BROKER), django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("reports:report_retry", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.dispatched_at, report.error) == (ReportStatus.QUEUED, None, "")
    Report.objects.filter(pk=report.pk).update(created_at=_ago(minutes=5))
    assert "Chưa giao được cho hàng đợi xử lý" in client_get(client, office)


@pytest.mark.parametrize(
    "state",
    [
        {"status": ReportStatus.RUNNING, "heartbeat_at": lambda: _ago(seconds=5), "progress": 45},
        {"status": ReportStatus.DONE, "file": "reports/x.pdf", "progress": 100},
    ],
    ids=["running-live", "done"],
)
def test_retry_is_refused_while_a_live_worker_builds_or_once_done(db, client, office, state):
    report = _report(**state)
    assert reverse("reports:report_retry", args=[report.pk]) not in client_get(client, office)
    with mock.patch.object(services, "report_dispatch") as dispatch:
        response = client.post(reverse("reports:report_retry", args=[report.pk]), follow=True)
    dispatch.assert_not_called()
    assert Report.objects.get(pk=report.pk).status == state["status"]
    assert services.report_retry_refusal(Report.objects.get(pk=report.pk)) in response.content.decode()


# ------------------------------------------------------------------------------------- Celery settings


def test_a_job_whose_worker_dies_is_redelivered_but_never_before_it_could_have_finished():
    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    visibility = conf.broker_transport_options["visibility_timeout"]
    for name, task in app.tasks.items():
        if name.startswith("celery."):
            continue
        longest_wait = max(task.time_limit or 0, getattr(task, "retry_backoff_max", 0) or 0)
        assert visibility > longest_wait, f"{name}: redelivered while it may still run or wait"
    assert tasks.build.time_limit and tasks.build.time_limit < visibility


def test_publishing_gives_up_within_a_second_or_two():
    policy = app.conf.task_publish_retry_policy
    worst = sum(
        min(policy["interval_max"], policy["interval_start"] + i * policy["interval_step"])
        for i in range(policy["max_retries"])
    )
    assert worst < 1.5 and app.conf.broker_connection_timeout <= 2
    assert app.conf.broker_transport_options["socket_connect_timeout"] <= 2
