"""The growth curve towards national scale (issue 14): dashboard and task lists at 200k, 1M, 7M tasks.

    createdb -h 127.0.0.1 -U postgres dtsystem_scale
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dtsystem_scale \
        .venv/bin/python bench/national_scale.py --sql --sizes 200000,1000000,7000000 \
        [--requests 10] [--lead-unit seed-275] [--explain] [--no-recount] [--out FILE]

For each size: migrate; with --sql, grow the database to the size with `seed_scale --sql` (PostgreSQL
generates the rows: provinces of 570 units, ~210,000 tasks each; 7M in about 17 minutes), without --sql
`seed_scale --reset --tasks N` through the ORM (slow above 200k), with --no-seed nothing. Then VACUUM
ANALYZE, the nightly rollup recount (timed; it must find no drift), the sizes on disk (database, task table
and its indexes, coordinating units, documents), and for each page one request with its query count,
SQL time and costliest statement, 2 warm-ups and --requests timed requests with the Django test client
(server time without a network: middleware, views, SQL, templates). --explain runs EXPLAIN (ANALYZE,
BUFFERS) of each page's costliest statement. --lead-unit measures the lead of the same unit at every size
(default: the busiest unit, which the Pareto tail makes very different between sizes). Each size's rows
are appended to --out as soon as they are measured. Targets at national scale: dashboard ≤ 300 ms,
lists ≤ 150 ms. Analysis: docs/scaling.md.
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
from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

DASHBOARD_TARGET_MS = 300
LIST_TARGET_MS = 150


def personas(lead_unit: str = ""):
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
    if lead_unit:  # the same unit at every size: its pages then show the cost of the others' tasks
        pk = Unit.objects.get(code=lead_unit).pk
        busiest = next(row for row in by_unit if row["lead_unit_id"] == pk)
    lead, _ = User.objects.get_or_create(username="bench_scale_lead")
    # Only the busiest unit of this size: a grown database has a new busiest unit.
    Membership.objects.filter(user=lead).exclude(unit_id=busiest["lead_unit_id"]).delete()
    Membership.objects.get_or_create(user=lead, unit_id=busiest["lead_unit_id"], role=Role.LEAD)
    median = by_unit[len(by_unit) // 2]
    return office, lead, median["lead_unit_id"], busiest["n"], median["n"]


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
    reset_queries()  # the log is a deque of 9,000: once full, CaptureQueriesContext sees an empty slice
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    captured = list(ctx.captured_queries)  # the next request's request_started resets the log
    costliest = max(captured, key=lambda q: float(q["time"]), default=None)
    for _ in range(2):
        client.get(url)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
    return {
        "median": statistics.median(times),
        "p95": p95,
        "queries": len(captured),
        "sql_ms": sum(float(q["time"]) for q in captured) * 1000,
        "costliest": costliest,
    }


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def sizes_on_disk() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), pg_relation_size('directives_task'), "
            "pg_indexes_size('directives_task'), pg_total_relation_size('directives_task_coordinating_units'), "
            "pg_total_relation_size('directives_document'), (SELECT count(*) FROM directives_task), "
            "(SELECT count(*) FROM units_unit), (SELECT count(*) FROM directives_taskrollup)"
        )
        keys = (
            "db",
            "task_heap",
            "task_indexes",
            "coordination",
            "documents",
            "rows",
            "units",
            "rollup_rows",
        )
        return dict(zip(keys, cursor.fetchone(), strict=True))


def seeded_tasks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM directives_task t JOIN directives_document d ON d.id = t.document_id "
            "WHERE d.source_key LIKE 'seed:%%'"
        )
        return cursor.fetchone()[0]


GIB = 2**30


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="200000,1000000")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument(
        "--sql",
        action="store_true",
        help="seed with `seed_scale --sql` (PostgreSQL generates the rows; provinces of ~570 units, "
        "~210,000 tasks each) and grow the same database from one size to the next instead of reseeding",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="EXPLAIN (ANALYZE, BUFFERS) the costliest statement of each page",
    )
    parser.add_argument(
        "--lead-unit",
        default="",
        help="code of the unit whose lead is measured (default: the busiest unit at each size)",
    )
    parser.add_argument("--no-recount", action="store_true", help="skip the timed nightly rollup recount")
    parser.add_argument(
        "--session",
        default="",
        help="SQL run on the connection before measuring, e.g. 'SET jit = off' (the test client shares it)",
    )
    parser.add_argument(
        "--only", default="", help="measure only the pages whose name contains one of these (a,b)"
    )
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
    sizes = [int(s) for s in args.sizes.split(",") if s]
    for size in sizes:
        seed_s, seed_note = None, ", not reseeded"
        if args.sql and not args.no_seed:
            have = seeded_tasks()
            if size > have:
                started = time.perf_counter()
                call_command("seed_scale", tasks=size - have, sql=True, seed=size, verbosity=2)
                seed_s = time.perf_counter() - started
                seed_note = f"; seed_scale --sql added {size - have:,} tasks in {seed_s:.0f} s"
        elif not args.no_seed:
            started = time.perf_counter()
            call_command("seed_scale", tasks=size, reset=True, verbosity=0)
            seed_s = time.perf_counter() - started
            seed_note = f"; seed_scale --reset in {seed_s:.0f} s"
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        vacuum_s = time.perf_counter() - started
        from directives import rollups

        started = time.perf_counter()
        if args.no_recount:
            recount = {"keys": 0, "drifted_keys": "not checked", "drifted_tasks": "-"}
        else:  # the nightly recount: must find no drift after the seed's own rebuild
            recount = rollups.rebuild()
        recount_s = time.perf_counter() - started
        d = sizes_on_disk()
        office, lead, unit_id, busiest_n, median_n = personas(args.lead_unit)
        clients = {"office": Client(), "lead": Client()}
        clients["office"].force_login(office)
        clients["lead"].force_login(lead)
        load = os.getloadavg()
        emit(
            f"\n### {d['rows']:,} tasks, {d['units']:,} units{seed_note}; load before {load[0]:.1f} "
            f"{load[1]:.1f} {load[2]:.1f}\n\n"
            f"database {d['db'] / GIB:.2f} GiB; task table {d['task_heap'] / GIB:.2f} GiB + indexes "
            f"{d['task_indexes'] / GIB:.2f} GiB; coordinating units {d['coordination'] / GIB:.2f} GiB; documents "
            f"{d['documents'] / GIB:.2f} GiB. VACUUM ANALYZE {vacuum_s:.0f} s; nightly rollup recount "
            f"{recount_s:.0f} s ({recount['keys']:,} keys, {d['rollup_rows']:,} rows, drift "
            f"{recount['drifted_keys']} keys / {recount['drifted_tasks']} tasks). The lead's unit "
            f"{busiest_n:,} tasks, the ?unit= unit (median) {median_n:,}\n"
        )
        if args.session:
            with connection.cursor() as cursor:
                cursor.execute(args.session)
            emit(f"session: `{args.session}`\n")
        emit("| Page | target ms | median ms | p95 ms | queries | SQL ms (1st) | costliest statement ms |")
        emit("|---|---:|---:|---:|---:|---:|---:|")
        plans = []
        only = [w for w in args.only.split(",") if w]
        for name, who, url, target in cases(unit_id):
            if only and not any(w in name for w in only):
                continue
            r = measure(clients[who], url, args.requests)
            mark = "" if r["median"] <= target else " ✗"
            top = r["costliest"]
            emit(
                f"| {name} | {target} | {r['median']:.0f}{mark} | {r['p95']:.0f} | {r['queries']} | "
                f"{r['sql_ms']:.0f} | {float(top['time']) * 1000 if top else 0:.0f} |"
            )
            if args.explain and top:
                plans.append((name, top["sql"], explain(top["sql"])))
        load = os.getloadavg()
        emit(f"\nload after {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
        for name, sql, plan in plans:
            emit(
                f"\n#### {name}: the costliest statement\n\n    {sql}\n\n"
                + "\n".join("    " + line for line in plan.splitlines())
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
