"""Time the PDF progress report over N tasks (default 1,000) and append the result to docs/benchmarks.md.

    .venv/bin/python bench/report_build.py [--tasks 1000] [--today 2022-12-31] [--no-write]

Uses DATABASE_URL when set (PostgreSQL in CI); otherwise a throw-away SQLite file under /tmp, so the
shared var/db.sqlite3 is never touched. The data come from `manage.py seed_scale` when the command
exists, else from a small synthetic generator here. Reports: rows in scope, pages, queries, the time
to gather the figures (database) and to render the PDF (reading the listed rows and WeasyPrint), the
whole build, and the peak resident memory of the process (ru_maxrss: the render's and the build's)."""

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtsystem.settings.local")
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--tasks", type=int, default=1000)
parser.add_argument("--today", type=date.fromisoformat, default=date(2022, 12, 31))
parser.add_argument("--no-write", action="store_true", help="do not append to docs/benchmarks.md")
ARGS = parser.parse_args()
TMP = tempfile.mkdtemp(prefix="dt-bench-report-")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("MEDIA_ROOT", f"{TMP}/media")

import django  # noqa: E402

django.setup()

from django.core.management import call_command, get_commands  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def peak_rss_mib() -> str:
    """The process's peak resident memory so far (seeding, figures, render and build), e.g. "190 MiB"."""
    return f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB"


def seed(n: int, today: date) -> str:
    if "seed_scale" in get_commands():
        call_command("seed_scale", "--tasks", str(n), "--today", today.isoformat(), "--reset", verbosity=0)
        return "seed_scale"
    from directives.choices import DeadlineKind, TaskStatus
    from directives.models import Document, Task
    from dtsystem.units.models import Unit

    units = [Unit.objects.create(code=f"bench-{i}", name=f"Sở Thử nghiệm {i}") for i in range(25)]
    docs = [
        Document.objects.create(
            kind="TB",
            number=str(i + 1),
            symbol="TB-VPUBND",
            title=f"Thông báo {i + 1}",
            issue_year=today.year,
            issue_month=1,
            issue_day=1,
            issue_date=date(today.year, 1, 1),
        )
        for i in range(n // 10 + 1)
    ]
    rows = []
    for i in range(n):
        due = date(today.year, 1, 1) + timedelta(days=(i * 7) % 365)
        status = [TaskStatus.NEW, TaskStatus.IN_PROGRESS, TaskStatus.DONE][i % 3]
        rows.append(
            Task(
                document=docs[i // 10],
                item=str(i % 10 + 1),
                position=i % 10,
                lead_unit=units[i % 25],
                content=f"Triển khai nhiệm vụ chuyển đổi số số {i + 1}",
                deadline_kind=DeadlineKind.DAY,
                due_date=due,
                original_due_date=due,
                status=status,
                completed_on=due if status == TaskStatus.DONE else None,
            )
        )
    Task.objects.bulk_create(rows, batch_size=1000)
    return "synthetic"


def main() -> None:
    from reports import selectors, services

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    source = seed(ARGS.tasks, ARGS.today)
    seeded = time.perf_counter() - started
    period = f"{ARGS.today.year}-Q{(ARGS.today.month - 1) // 3 + 1}"
    report = services.report_create(period=period, today=ARGS.today)
    in_scope = selectors.report_tasks(as_of=report.as_of).count()

    c0 = time.process_time()
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        context = services.report_context(report=report)
    t1 = time.perf_counter()
    c1 = time.process_time()
    context["appendix"] = services.AppendixRows(context["tasks_qs"], context["timeliness_labels"])
    pdf, pages = services.report_render(context=context)
    t2 = time.perf_counter()
    c2 = time.process_time()
    del pdf, context
    report2 = services.report_create(period=period, today=ARGS.today)
    services.report_build(report=report2)
    t3 = time.perf_counter()
    c3 = time.process_time()
    peak = peak_rss_mib()
    load = os.getloadavg()[0]

    vendor = connection.vendor
    row = (
        f"| {datetime.now():%Y-%m-%d} | {vendor} | {source} | {in_scope} | {pages} | {len(queries.captured_queries)} "
        f"| {t1 - t0:.2f} s ({c1 - c0:.2f}) | {t2 - t1:.2f} s ({c2 - c1:.2f}) | {t3 - t2:.2f} s ({c3 - c2:.2f}) "
        f"| {peak} | {report2.file.size // 1024} KiB | {load:.1f} |"
    )
    print(f"seeded {ARGS.tasks} tasks with {source} in {seeded:.1f} s")
    print(row)
    if ARGS.no_write:
        return
    doc = ROOT / "docs" / "benchmarks.md"
    if not doc.exists():
        doc.write_text("# Benchmarks\n", encoding="utf-8")
    text = doc.read_text(encoding="utf-8")
    header = "## PDF progress report (bench/report_build.py)"
    with doc.open("a", encoding="utf-8") as fh:
        if header not in text:
            fh.write(
                f"\n{header}\n\n"
                "    .venv/bin/python bench/report_build.py --tasks 1000 --today 2022-12-31\n\n"
                "`report_build` over synthetic tasks (one report, the quarter of `--today`, every task in scope "
                "listed in the appendix). Figures = every count, the per-unit table, overdue list, KPI and budget "
                "sections (queries are independent of the number of tasks); render = WeasyPrint HTML → PDF; "
                "build = the whole service (figures + render + storing the file); peak RSS = the process's peak resident "
                "memory (ru_maxrss). Times are wall clock, with the "
                "CPU time of the process in brackets; load = the machine's 1-minute load average at the end (the "
                "wall times of a row with a high load are inflated by other work on the machine).\n\n"
                f"Machine: {platform.machine()}, Python {platform.python_version()}, {os.cpu_count()} CPUs.\n\n"
                "| date | database | data | tasks in scope | pages | queries | figures | render | build | peak RSS | size | load |\n"
                "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            )
        fh.write(row + "\n")


if __name__ == "__main__":
    main()
