"""Start DTSystem under gunicorn with the production settings on a free loopback port, for the benchmarks
(bench/load.py, bench/pages.py, bench/redmine_compare.py): one way to start it, so every benchmark
measures the same server."""

from __future__ import annotations

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(
    port: int,
    workers: int,
    threads: int = 1,
    *,
    keep_alive: int | None = None,
    wait_seconds: int = 60,
) -> subprocess.Popen:
    """gunicorn (gthread when threads > 1) with `dtsystem.settings.production`, no broker, Redis as the
    cache (BENCH_CACHE_REDIS_URL, default db 9 on 127.0.0.1) and a console
    e-mail backend, after collecting the static files; returns once /healthz/ answers, exits the benchmark if it does not within
    `wait_seconds`."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="dtsystem.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DEBUG="false",
        REDIS_URL="",  # no broker: nothing the benchmarks request starts a job
        # the shared cache production has (the dashboard's figures are cached in it)
        CACHE_REDIS_URL=os.environ.get("BENCH_CACHE_REDIS_URL", "redis://127.0.0.1:6379/9"),
        EMAIL_URL="consolemail://",
    )
    # the pages link their CSS and scripts as production serves them (whitenoise, compressed files)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    argv = [str(Path(sys.executable).parent / "gunicorn"), "dtsystem.wsgi", "--bind", f"127.0.0.1:{port}"]
    argv += ["--workers", str(workers), "--timeout", "60", "--log-level", "warning"]
    if threads > 1:
        argv += ["--threads", str(threads), "--worker-class", "gthread"]
    if keep_alive is not None:
        argv += ["--keep-alive", str(keep_alive)]
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz/")
            if conn.getresponse().status < 500:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    sys.exit(f"gunicorn did not answer within {wait_seconds} s")
