"""One page, one request at a time, under the production settings, against a PostgreSQL database seeded by
`seed_scale` (bench/pages.py prepares the same users): server time (wall and CPU of this process), the number
of queries and their time as the database answered them, the slowest statements, the size of the page, and
optionally a cProfile of the request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dtsystem_bench \\
        .venv/bin/python bench/page_profile.py [--repeat 5] [--only "task list" ...] [--profile 25] [--sql 3]

The Django test client (no network, no gunicorn): the figure to compare before and after a change on a
shared machine is the CPU time and the query time, not the wall time. Pages: those of bench/pages.py."""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

ARGS = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ARGS.add_argument("--repeat", type=int, default=5, help="timed requests a page, after one warm-up")
ARGS.add_argument("--only", nargs="*", default=None, help="names of the pages (bench/pages.py)")
ARGS.add_argument("--profile", type=int, default=0, help="print the N costliest functions (cProfile)")
ARGS.add_argument("--sql", type=int, default=3, help="print the N slowest statements of a request")


def main() -> int:
    args = ARGS.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="dtsystem.settings.production",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DEBUG="false",
        REDIS_URL=os.environ.get("REDIS_URL", ""),
        EMAIL_URL="consolemail://",
        LOG_FORMAT="text",
    )
    import django

    django.setup()
    import pages
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dtsystem.accounts.models import User

    if connection.vendor != "postgresql":
        sys.exit("bench/page_profile.py needs PostgreSQL: set DATABASE_URL=postgres://...")
    users, page_list = pages.prepare(200_000)
    if args.only:
        page_list = [p for p in page_list if p[0] in args.only]
    clients = {}
    for key, username in users.items():
        clients[key] = Client(HTTP_HOST="127.0.0.1", secure=True)
        clients[key].force_login(User.objects.get(username=username))
    print(f"load average {os.getloadavg()[0]:.2f}")
    print("| page | wall ms (median) | CPU ms (median) | queries | query ms | KiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, who, path in page_list:
        client = clients[who]
        response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        walls, cpus, query_ms = [], [], []
        for _ in range(args.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started, cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                walls.append((time.perf_counter() - started) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
            query_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        print(
            f"| {name} | {statistics.median(walls):.0f} | {statistics.median(cpus):.0f} | "
            f"{len(captured.captured_queries)} | {statistics.median(query_ms):.0f} | {len(response.content) / 1024:.0f} |"
        )
        for q in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[: args.sql]:
            print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
