"""A Celery round trip through a real Redis broker and a real worker process started by the test."""

import uuid
from pathlib import Path

import pytest

from tests.live import celery_worker, require_redis

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def live_worker():
    redis_url = require_redis()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with celery_worker(queue, REDIS_URL=redis_url, DJANGO_SETTINGS_MODULE="dtsystem.settings.test"):
        yield queue


def test_round_trip_through_redis_and_a_worker(live_worker):
    from dtsystem.celery import app
    from dtsystem.core.tasks import ping

    assert app.conf.broker_url.startswith("redis://")
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        token = uuid.uuid4().hex
        result = ping.apply_async(args=[token], queue=live_worker)
        value = result.get(timeout=60)
    finally:
        app.conf.task_always_eager = previous
    assert value["pong"] == token
    assert value["worker"]


def test_a_job_runs_in_the_worker_under_the_request_id_of_its_caller(live_worker):
    from dtsystem.celery import app
    from dtsystem.core.requestid import request_id_scope
    from dtsystem.core.tasks import ping

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with request_id_scope("page-click-7f3a"):
            carried = ping.apply_async(args=["a"], queue=live_worker).get(timeout=60)
        alone = ping.apply_async(args=["b"], queue=live_worker)
        own = alone.get(timeout=60)
    finally:
        app.conf.task_always_eager = previous
    assert carried["request_id"] == "page-click-7f3a"
    assert own["request_id"] == f"task-{alone.id}"  # started outside a request: the job's own id
