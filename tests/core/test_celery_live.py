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
