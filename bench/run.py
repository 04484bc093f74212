"""Server time of the dashboard and the task lists at provincial scale, on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres dtsystem_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dtsystem_bench \
        .venv/bin/python bench/run.py [--sizes 10000,200000] [--requests 20] [--no-seed]

For each size: migrate, `seed_scale --reset --tasks N`, VACUUM ANALYZE, then for each page or endpoint
one request with the queries captured (the query count), 3 warm-up requests and --requests timed
requests with the Django test client (median and p95 of the server time: the whole request through
middleware, views, templates and serializers, without a network). Prints one Markdown table.

Targets (issue 5) on a 2-core machine at 200,000 tasks: dashboard ≤ 300 ms, lists ≤ 100 ms, and the
same query count at every size. Exit status 1 when one is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
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
LIST_TARGET_MS = 100


def personas():
    """A committee member (sees everything) and the lead of the busiest seeded unit."""
    from directives.models import Task
    from dtsystem.accounts.models import User
    from dtsystem.units.choices import Role, UnitKind
    from dtsystem.units.models import Membership, Unit

    committee_unit, _ = Unit.objects.get_or_create(
        code="bench-bcd", defaults={"name": "Ban Chỉ đạo (đo hiệu năng)", "kind": UnitKind.COMMITTEE}
    )
    committee, _ = User.objects.get_or_create(username="bench_committee")
    Membership.objects.get_or_create(user=committee, unit=committee_unit, role=Role.COMMITTEE)
    busiest = (
        Task.objects.filter(lead_unit__code__startswith="seed-")
        .values("lead_unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    unit = Unit.objects.get(pk=busiest["lead_unit_id"])
    lead = Membership.objects.filter(unit=unit, role=Role.LEAD).select_related("user").first().user
    return committee, lead, unit


def cases(unit_id: int) -> list[tuple[str, str, str, dict, int]]:
    """(name, who, url, params, target ms)."""
    return [
        ("Dashboard page /dashboard/", "committee", "/dashboard/", {}, DASHBOARD_TARGET_MS),
        ("Dashboard API /api/v1/dashboard/", "committee", "/api/v1/dashboard/", {}, DASHBOARD_TARGET_MS),
        ("Dashboard page, unit lead (own units)", "lead", "/dashboard/", {}, DASHBOARD_TARGET_MS),
        ("Task list page ?unit=", "committee", "/tasks/", {"unit": unit_id}, LIST_TARGET_MS),
        (
            "Task list page ?timeliness=overdue",
            "committee",
            "/tasks/",
            {"timeliness": "overdue"},
            LIST_TARGET_MS,
        ),
        ("Task API ?unit=", "committee", "/api/v1/tasks/", {"unit": unit_id}, LIST_TARGET_MS),
        # issue 15: the unit scorecards of last year (four aggregate queries whatever the number of units)
        (
            "Scorecards API ?period=<last year>",
            "committee",
            "/api/v1/scorecards/",
            {"period": str(date.today().year - 1)},
            DASHBOARD_TARGET_MS,
        ),
        (
            "Scorecards page ?period=<last year>-Q4",
            "committee",
            "/outputs/scorecards/",
            {"period": f"{date.today().year - 1}-Q4"},
            DASHBOARD_TARGET_MS,
        ),
        (
            "Task API ?timeliness=overdue",
            "committee",
            "/api/v1/tasks/",
            {"timeliness": "overdue"},
            LIST_TARGET_MS,
        ),
    ]


def measure(client: Client, url: str, params: dict, n: int) -> dict:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code, response.content[:500])
    queries = len(ctx.captured_queries)
    for _ in range(3):
        client.get(url, params)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return {"median": statistics.median(times), "p95": p95, "queries": queries}


def seed(size: int) -> None:
    call_command("seed_scale", tasks=size, reset=True, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,200000")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--no-seed", action="store_true", help="measure the data already in the database")
    parser.add_argument("--only", default="", help="measure only the cases whose name contains this text")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/run.py needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results: dict[str, dict[int, dict]] = {}
    targets: dict[str, int] = {}
    for size in sizes:
        if not args.no_seed:
            started = time.perf_counter()
            seed(size)
            print(f"seeded {size:,} tasks in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        committee, lead, unit = personas()
        clients = {"committee": Client(), "lead": Client()}
        clients["committee"].force_login(committee)
        clients["lead"].force_login(lead)
        for name, who, url, params, target in cases(unit.pk):
            if args.only and args.only.lower() not in name.lower():
                continue
            results.setdefault(name, {})[size] = measure(clients[who], url, params, args.requests)
            targets[name] = target
            r = results[name][size]
            print(
                f"  {size:>7,} {name}: {r['median']:.0f} ms (p95 {r['p95']:.0f}), {r['queries']} queries",
                file=sys.stderr,
            )
    header = ["Page / endpoint", "target"]
    for size in sizes:
        header += [f"{size:,}: median ms", "p95 ms", "queries"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    failed = False
    for name, by_size in results.items():
        row = [name, f"≤ {targets[name]} ms"]
        for size in sizes:
            r = by_size[size]
            row += [f"{r['median']:.0f}", f"{r['p95']:.0f}", str(r["queries"])]
        lines.append("| " + " | ".join(row) + " |")
        largest = by_size[sizes[-1]]
        if largest["median"] > targets[name] or len({r["queries"] for r in by_size.values()}) > 1:
            failed = True
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
