"""The growth curve towards national scale (issue 14): dashboard and task lists at 200k, 1M, … tasks.

    createdb -h 127.0.0.1 -U postgres dtsystem_scale
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dtsystem_scale \
        .venv/bin/python bench/national_scale.py --sizes 200000,1000000 [--requests 10] [--out FILE]

For each size: migrate, `seed_scale --reset --tasks N` (skipped with --no-seed: the data already there
is measured), VACUUM ANALYZE, then for each page one request with its query count, 2 warm-up requests
and --requests timed requests with the Django test client (server time without a network: middleware,
views, SQL, templates). Also the seed's wall time and the on-disk size of the database and of the task
table with its indexes, so the size of 7,000,000 tasks (34 provinces) can be extrapolated. Each size's
rows are appended to --out as soon as they are measured (a long run that is cut off keeps what it
measured). Targets at national scale: dashboard ≤ 300 ms, lists ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtsystem.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

DASHBOARD_TARGET_MS = 300
LIST_TARGET_MS = 150


def personas():
    from directives.models import Task
    from dtsystem.accounts.models import User
    from dtsystem.units.choices import Role, UnitKind
    from dtsystem.units.models import Membership, Unit

    office_unit, _ = Unit.objects.get_or_create(
        code="bench-scale-office",
        defaults={"name": "Văn phòng UBND tỉnh (đo quy mô)", "kind": UnitKind.PROVINCE},
    )
    office, _ = User.objects.get_or_create(username="bench_scale_office")
    Membership.objects.get_or_create(user=office, unit=office_unit, role=Role.OFFICE)
    by_unit = list(
        Task.objects.filter(lead_unit__code__startswith="seed-")
        .values("lead_unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    busiest = by_unit[0]
    lead, _ = User.objects.get_or_create(username="bench_scale_lead")
    Membership.objects.get_or_create(user=lead, unit_id=busiest["lead_unit_id"], role=Role.LEAD)
    median = by_unit[len(by_unit) // 2]
    return office, lead, median["lead_unit_id"]


def cases(unit_id: int):
    return [
        ("Dashboard page /dashboard/", "office", "/dashboard/", DASHBOARD_TARGET_MS),
        ("Dashboard API /api/v1/dashboard/", "office", "/api/v1/dashboard/", DASHBOARD_TARGET_MS),
        ("Dashboard page, unit lead", "lead", "/dashboard/", DASHBOARD_TARGET_MS),
        ("Task list page /tasks/", "office", "/tasks/", LIST_TARGET_MS),
        ("Overdue list /tasks/?timeliness=overdue", "office", "/tasks/?timeliness=overdue", LIST_TARGET_MS),
        ("One unit /tasks/?unit=", "office", f"/tasks/?unit={unit_id}", LIST_TARGET_MS),
        ("My tasks /my-tasks/ (busiest unit)", "lead", "/my-tasks/", LIST_TARGET_MS),
        ("Task API /api/v1/tasks/", "office", "/api/v1/tasks/", LIST_TARGET_MS),
        (
            "Task API ?timeliness=overdue",
            "office",
            "/api/v1/tasks/?timeliness=overdue",
            LIST_TARGET_MS,
        ),
    ]


def measure(client: Client, url: str, n: int) -> dict:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    for _ in range(2):
        client.get(url)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return {"median": statistics.median(times), "p95": p95, "queries": len(ctx.captured_queries)}


def sizes_on_disk() -> tuple[int, int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), pg_total_relation_size('directives_task'), "
            "(SELECT count(*) FROM directives_task)"
        )
        return cursor.fetchone()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="200000,1000000")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)

    def emit(text: str) -> None:
        print(text, flush=True)
        if args.out:
            with open(args.out, "a", encoding="utf-8") as f:
                f.write(text + "\n")

    emit(
        f"\n## national_scale.py run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, database {connection.settings_dict['NAME']}"
    )
    for size in [int(s) for s in args.sizes.split(",") if s]:
        seed_s = None
        if not args.no_seed:
            started = time.perf_counter()
            call_command("seed_scale", tasks=size, reset=True, verbosity=0)
            seed_s = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        db_bytes, task_bytes, rows = sizes_on_disk()
        office, lead, unit_id = personas()
        clients = {"office": Client(), "lead": Client()}
        clients["office"].force_login(office)
        clients["lead"].force_login(lead)
        load = os.getloadavg()
        emit(
            f"\n### {rows:,} tasks (seeded {size:,}{f' in {seed_s:.0f} s' if seed_s else ', not reseeded'}); "
            f"database {db_bytes / 2**30:.2f} GiB, task table + indexes {task_bytes / 2**30:.2f} GiB; "
            f"load before {load[0]:.1f}\n"
        )
        emit("| Page | target ms | median ms | p95 ms | queries |")
        emit("|---|---:|---:|---:|---:|")
        for name, who, url, target in cases(unit_id):
            r = measure(clients[who], url, args.requests)
            mark = "" if r["median"] <= target else " ✗"
            emit(f"| {name} | {target} | {r['median']:.0f}{mark} | {r['p95']:.0f} | {r['queries']} |")
        load = os.getloadavg()
        emit(f"\nload after {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
