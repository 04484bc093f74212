"""Helpers for the tests of background jobs and their failures: point this process's Celery app at a
broker (a dead one, or a private Redis), a port where nothing listens, a private redis-server that a test
may stop and start again, an SMTP sink that refuses or accepts, and the URL of the test database for a
worker process.

The live ones (redis-server, SMTP, workers) are started by the test itself, on loopback, and stopped on
exit; they skip with a reason when the tool is missing, and fail instead under DT_REQUIRE_LIVE=1."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from tests.live import require


def free_port() -> int:
    """A loopback port where nothing listens (a broker there is "down": connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reset_celery_connections(app) -> None:
    """Forget the app's connection and producer pools and its result backend (they were made for the
    previous URL; kombu keeps the pools themselves in a registry by URL, so they are not closed here)."""
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None
    app._backend_cache = None
    with contextlib.suppress(AttributeError):
        del app._local.backend


@contextlib.contextmanager
def celery_broker(url: str):
    """This process's Celery app publishes to `url` (not eagerly), as the web process does in production;
    restored on exit."""
    from dtsystem.celery import app

    keys = ("broker_url", "result_backend", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    _reset_celery_connections(app)
    try:
        yield app
    finally:
        _reset_celery_connections(app)
        app.conf.update(saved)


def database_url() -> str:
    """The test database as a DATABASE_URL, for worker processes (PostgreSQL only)."""
    from django.db import connection

    s = connection.settings_dict
    auth = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = s.get("HOST") or "127.0.0.1"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{s['NAME']}"


def require_postgresql() -> None:
    from django.db import connection

    require(
        connection.vendor == "postgresql",
        "worker processes must see the test database: on SQLite it lives in this process's memory "
        "(run with DATABASE_URL=postgres://..., as CI does).",
    )


def wait_for(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    """Poll `predicate()` until it returns something truthy (returned), or fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


class PrivateRedis:
    """A redis-server of the test's own on a loopback port (no persistence): stop() and start() it again
    to take the broker away and bring it back, as an outage would."""

    def __init__(self, port: int | None = None):
        self.binary = shutil.which("redis-server")
        require(self.binary is not None, "redis-server not found: apt-get install redis-server.")
        self.port = port or free_port()
        self.dir = tempfile.mkdtemp(prefix="dt-redis-")
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        self.proc = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, timeout=15, interval=0.05, what=f"redis-server on port {self.port}")
        return self

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None

    def __enter__(self) -> PrivateRedis:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class SmtpSink:
    """A local SMTP server (aiosmtpd) in a thread. `refuse = True` answers every message with 451 (a
    temporary failure, as a mail server that is down for maintenance); otherwise it keeps the messages."""

    def __init__(self):
        try:
            from aiosmtpd.controller import Controller
        except ImportError:  # pragma: no cover - a dev dependency
            require(False, "aiosmtpd is not installed (pip install -e .[dev]).")
        self.refuse = False
        self.messages: list = []
        self.refused = 0
        self._lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self._lock:
            if self.refuse:
                self.refused += 1
                return "451 4.3.0 Mail server temporarily unavailable"
            self.messages.append(envelope)
        return "250 OK"

    @property
    def email_url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


def worker_log(proc) -> str:
    """What a worker process printed (after it stopped)."""
    if proc.stdout is None:
        return ""
    with contextlib.suppress(Exception):
        return proc.stdout.read() or ""
    return ""


ROOT = Path(__file__).resolve().parents[2]
