"""A Celery round trip through a real Redis broker and a real worker process started by the test."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.live import require_redis

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def live_worker():
    redis_url = require_redis()
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, REDIS_URL=redis_url, DJANGO_SETTINGS_MODULE="dtsystem.settings.test")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "dtsystem",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield queue
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


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
