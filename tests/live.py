"""Helpers for tests that need a live service or a browser.

Locally such a test skips with a clear reason when the service is absent. In CI (DT_REQUIRE_LIVE=1)
an absent service is a failure, so nothing is silently skipped there."""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("DT_REQUIRE_LIVE"):
        pytest.fail(f"CI requires this test to run, but: {reason}")
    pytest.skip(reason)


def require_redis() -> str:
    url = os.environ.get("REDIS_URL", "")
    require(bool(url), "REDIS_URL is not set: this test needs a live Redis broker (CI sets it).")
    return url


def require_chromium() -> str:
    require(
        os.path.exists(CHROMIUM),
        f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium).",
    )
    return CHROMIUM


def require_tool(name: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"{name} not found: install it (apt-get install poppler-utils).")
    return path


def celery_worker_argv(queue: str, *, app: str = "dtsystem", loglevel: str = "warning") -> list[str]:
    """The command of one solo Celery worker that consumes only `queue` (a test's private queue)."""
    return [sys.executable, "-m", "celery", "-A", app, "worker", "--pool=solo", "--concurrency=1"] + [
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "-l",
        loglevel,
    ]


@contextlib.contextmanager
def celery_worker(queue: str, *, app: str = "dtsystem", extra: tuple[str, ...] = (), **env_overrides):
    """A real Celery worker process on a private queue, with the given environment; stopped on exit.
    `app` is the Celery app module (-A), `extra` more worker options (e.g. "-B" for an embedded beat)."""
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, **env_overrides)
    proc = subprocess.Popen(
        [*celery_worker_argv(queue, app=app, loglevel="warning"), *extra],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: an embedded beat (-B) is stopped with it
    )
    try:
        yield proc
    finally:
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait(timeout=10)


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)
