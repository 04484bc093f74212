"""Failure injection: a private redis-server the test stops and starts, a local SMTP server that refuses or
accepts, real worker processes (one killed with SIGKILL), two workers running the same job at once.

Every service here is the test's own, on loopback, stopped at the end. The workers read the test database
(committed rows: transaction=True), so these tests need PostgreSQL (DATABASE_URL), as CI has; they skip
with the reason elsewhere, and fail instead under DT_REQUIRE_LIVE=1. The report timings are made small
(lease 4 s, heartbeat 1 s, the sweep every second) so that each scenario ends in seconds."""

from __future__ import annotations

import contextlib
import uuid

import pytest

from tests.live import celery_worker
from tests.support.jobs import PrivateRedis, celery_broker, database_url, require_postgresql, worker_log

FAST_REPORTS = {
    "REPORT_HEARTBEAT_SECONDS": "1",
    "REPORT_LEASE_SECONDS": "4",
    "REPORT_QUEUE_TIMEOUT_SECONDS": "30",
}


@pytest.fixture
def private_redis():
    with PrivateRedis() as redis:
        yield redis


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def broker(private_redis):
    """This process (the web side) publishes to the private Redis, as production does."""
    with celery_broker(private_redis.url) as app:
        yield app


@pytest.fixture
def sweep_every_second(db):
    """The sweep's beat schedule (created by migration 0004; rows made again here because a transactional
    test before this one may have flushed them) every second, and nothing else scheduled."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    PeriodicTask.objects.exclude(task="reports.sweep").update(enabled=False)
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.update_or_create(
        task="reports.sweep", defaults={"name": "sweep (test)", "interval": every, "enabled": True}
    )


@pytest.fixture
def start_worker(private_redis, media, broker):
    """start_worker(beat=False, **env) → a worker process on the private Redis's default queue, ready
    (it answered a ping) when returned; stopped at the end of the test."""
    require_postgresql()
    stack = contextlib.ExitStack()
    procs = []

    def start(*, beat: bool = False, **env):
        name = f"w{len(procs) + 1}-{uuid.uuid4().hex[:6]}"
        environment = {
            "REDIS_URL": private_redis.url,
            "DATABASE_URL": database_url(),
            "DJANGO_SETTINGS_MODULE": "dtsystem.settings.local",
            "DEBUG": "false",
            "MEDIA_ROOT": str(media),
            "EMAIL_URL": "consolemail://",
            "SITE_URL": "https://dtsystem.example.gov.vn",
            **FAST_REPORTS,
            **env,
        }
        # its own queue besides the default one, so that the ping below proves that THIS worker is up
        extra = ("-n", f"{name}@%h", "-Q", f"celery,{name}", *(("-B",) if beat else ()))
        proc = stack.enter_context(
            celery_worker("celery", app="tests.support.celery_app", extra=extra, **environment)
        )
        procs.append(proc)
        token = uuid.uuid4().hex
        try:
            answer = broker.send_task("core.ping", args=[token], queue=name).get(timeout=90)
        except Exception as exc:
            proc.kill()
            raise AssertionError(f"worker did not start: {exc}\n{worker_log(proc)[-3000:]}") from exc
        assert answer["pong"] == token
        return proc

    yield start
    stack.close()
