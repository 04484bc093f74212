"""The daily reminder scan at N tasks: median time and query count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dtsystem_bench \\
        .venv/bin/python bench/reminders_scan.py --tasks 200000 [--today 2022-06-15] [--repeat 5]

Uses the tasks already in the database. When there are fewer than N, it runs `manage.py seed_scale
--tasks N` if that command exists, otherwise it adds synthetic tasks itself (bulk_create, one document
with source_key "bench-reminders": due dates spread over two years around --today, a realistic mix of
statuses, a third with a coordinating unit); `--cleanup` removes them afterwards. Units and demo users
are loaded from fixtures/ when the database has none.

What is timed is `reminders_send(today=..., dry_run=True)`: the whole selection (tasks due in each
offset stage, due today, overdue on the weekly days; recipients, preferences, coordinating units; the
lookup of reminders already sent), which writes nothing. One real run (`--send`, console-less locmem
backend) can be timed as well. Run it on PostgreSQL: that is what production and CI use.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtsystem.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command, get_commands  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from directives.choices import DeadlineKind, TaskStatus  # noqa: E402
from directives.models import Document, Task  # noqa: E402
from dtsystem.units.models import Unit  # noqa: E402
from reminders import services  # noqa: E402

BENCH_KEY = "bench-reminders"


def ensure_units() -> list[int]:
    if not Unit.objects.exists():
        from dtsystem.accounts.demo import load_users
        from dtsystem.units.demo import load_units

        load_units()
        load_users()
    return list(Unit.objects.filter(is_active=True).values_list("pk", flat=True))


def add_synthetic(missing: int, today: date) -> None:
    unit_ids = ensure_units()
    document, _ = Document.objects.get_or_create(
        source_key=BENCH_KEY,
        defaults={
            "kind": "TB",
            "number": "999",
            "symbol": "TB-BENCH",
            "title": "Dữ liệu đo hiệu năng nhắc việc",
        },
    )
    rng = random.Random(20220106)
    statuses = (
        [TaskStatus.IN_PROGRESS] * 40
        + [TaskStatus.NEW] * 20
        + [TaskStatus.DONE] * 25
        + [TaskStatus.REPORTED_DONE] * 5
        + [TaskStatus.PAUSED] * 5
        + [TaskStatus.CANCELLED] * 5
    )
    start = Task.objects.filter(document=document).count()
    batch, through = 5000, Task.coordinating_units.through
    for offset in range(0, missing, batch):
        rows = []
        for i in range(start + offset, start + min(offset + batch, missing)):
            status = rng.choice(statuses)
            due = today + timedelta(days=rng.randint(-365, 365))
            finished = status in (TaskStatus.DONE, TaskStatus.REPORTED_DONE)
            rows.append(
                Task(
                    document=document,
                    item=str(i),
                    position=i,
                    content=f"Nhiệm vụ đo hiệu năng số {i}",
                    lead_unit_id=rng.choice(unit_ids),
                    deadline_kind=DeadlineKind.DAY,
                    due_date=due,
                    original_due_date=due,
                    status=status,
                    progress=100 if finished else rng.randint(0, 90),
                    completed_on=due - timedelta(days=rng.randint(-10, 10)) if finished else None,
                )
            )
        with transaction.atomic():
            created = Task.objects.bulk_create(rows)
            links = [
                through(task_id=t.pk, unit_id=rng.choice(unit_ids)) for t in created if rng.random() < 1 / 3
            ]
            through.objects.bulk_create(links, ignore_conflicts=True)
        print(f"  … {start + offset + len(rows)} synthetic tasks", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--today", default="2022-06-15")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--send", action="store_true", help="also time one real run (writes delivery rows)")
    parser.add_argument("--cleanup", action="store_true", help="delete the synthetic tasks afterwards")
    args = parser.parse_args()
    today = date.fromisoformat(args.today)

    have = Task.objects.count()
    if have < args.tasks:
        if "seed_scale" in get_commands():
            print(f"{have} tasks; running seed_scale --tasks {args.tasks}")
            call_command("seed_scale", tasks=args.tasks)
        else:
            print(f"{have} tasks; adding {args.tasks - have} synthetic tasks (no seed_scale command)")
            add_synthetic(args.tasks - have, today)
    total = Task.objects.count()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE directives_task")

    times, queries, summary = [], 0, None
    for _ in range(args.repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            summary = services.reminders_send(today=today, dry_run=True)
            times.append(time.perf_counter() - t0)
        queries = len(ctx.captured_queries)
    print(
        f"reminder scan ({connection.vendor}) tasks={total} today={today}: median {statistics.median(times) * 1000:.0f} ms "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, n={args.repeat}), queries={queries}; "
        f"tasks_to_remind={summary.tasks} reminders={summary.deliveries} e-mails={summary.would_send}"
    )
    if args.send:
        from django.conf import settings

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            sent = services.reminders_send(today=today)
            elapsed = time.perf_counter() - t0
        print(f"real run: {elapsed * 1000:.0f} ms, queries={len(ctx.captured_queries)}; {sent.line()}")
    if args.cleanup:
        from dtsystem.core.purge import purge, purge_collect

        bench = purge_collect(Document.objects.filter(source_key=BENCH_KEY))
        if bench.root_ids:
            purge(plan=bench, user=None, via="bench/reminders_scan.py", reason="--cleanup", force=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
