"""Time the Excel/CSV imports at 5,000 rows: KPI measurements and tasks (preview, then the import).

    .venv/bin/python bench/import_5000.py [--rows 5000] [--format xlsx|csv] [--no-write]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dtsystem_bench_import .venv/bin/python bench/import_5000.py

Uses DATABASE_URL when set (migrated, data added next to what is there); otherwise a throw-away SQLite
file under /tmp, so the shared var/db.sqlite3 is never touched. Builds a 5,000-row measurement file
(synthetic plans with 17 periods per target: the year, its quarters and months) and a 5,000-row task file
(units by name, short name or alias, coordinating units, dd/mm/yyyy dates and deadline phrases, progress),
then times: reading the file (tablib), the preview (every row checked against lookups loaded once,
nothing written: a constant number of queries) and the import (committed: every row written through
the app's services, each in a savepoint), with the number of queries. Both go through
dtsystem.common.imports.rows_import and the app's row specification. Prints rows/s and appends a row
to docs/benchmarks.md."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtsystem.settings.local")

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--rows", type=int, default=5000)
parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
parser.add_argument("--no-write", action="store_true", help="do not append to docs/benchmarks.md")
parser.add_argument("--only", choices=["kpi", "tasks"], default=None)
ARGS = parser.parse_args()

TMP = tempfile.mkdtemp(prefix="dt-bench-import-")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("MEDIA_ROOT", f"{TMP}/media")

import django  # noqa: E402

django.setup()

import tablib  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

PERIODS = ["2022", *(f"2022-Q{q}" for q in range(1, 5)), *(f"2022-{m:02d}" for m in range(1, 13))]


def setup_office():
    from dtsystem.units.choices import Role
    from dtsystem.units.demo import load_units
    from dtsystem.units.models import Membership, Unit

    load_units()
    user, _ = get_user_model().objects.get_or_create(username="bench_import_office")
    unit = Unit.objects.order_by("id").first()
    Membership.objects.get_or_create(user=user, unit=unit, role=Role.OFFICE)
    return user


def measurement_file(n: int, run: str):
    from directives.models import Document
    from kpis.models import KpiTarget
    from kpis.resources import MEASUREMENT_COLUMNS
    from plans.models import Plan

    targets_needed = -(-n // len(PERIODS))
    per_plan = 50
    rows = []
    for p in range(-(-targets_needed // per_plan)):
        document = Document.objects.create(
            kind="KH",
            number=f"{run}{p + 1}",
            symbol="KH-BENCH",
            issue_year=2022,
            title=f"Kế hoạch thử {p + 1}",
        )
        plan = Plan.objects.create(document=document, year=2022)
        KpiTarget.objects.bulk_create(
            KpiTarget(
                plan=plan,
                code=f"B.{t + 1}",
                position=t,
                pillar="digital_government",
                text=f"Chỉ tiêu thử {t + 1}",
                unit_of_measure="count",
                comparison="at_least",
                target_value=Decimal(100),
                period=2022,
            )
            for t in range(per_plan)
        )
        for t in range(per_plan):
            for period in PERIODS:
                if len(rows) < n:
                    rows.append((document.code, f"B.{t + 1}", "", period, f"{len(rows) % 97},5", "", "thử"))
    return tablib.Dataset(*rows, headers=MEASUREMENT_COLUMNS)


def task_file(n: int):
    from directives.resources import TASK_COLUMNS
    from dtsystem.units.models import Unit

    units = list(Unit.objects.filter(is_active=True).order_by("id")[:40])
    phrases = ["Quý II năm 2022", "trong tháng 9 năm 2022", "trước ngày 30/6/2022", "", "năm 2022"]
    statuses = ["", "Đang thực hiện", "Mới giao"]
    rows = []
    for i in range(n):
        lead = units[i % len(units)]
        names = lead.all_names()
        coord = units[(i * 7 + 3) % len(units)]
        due = (date(2022, 1, 1) + timedelta(days=i % 365)).strftime("%d/%m/%Y") if i % 2 else ""
        status = statuses[i % 3]
        progress = str((i * 13) % 100) if status == "Đang thực hiện" else ""
        rows.append(
            (
                "",
                f"{i // 10 + 1}.{i % 10 + 1}",
                f"Triển khai nhiệm vụ chuyển đổi số thử nghiệm số {i + 1}",
                names[i % len(names)],
                coord.name if coord.pk != lead.pk else "",
                "" if due else phrases[i % len(phrases)],
                due,
                status,
                progress,
                "",
            )
        )
    return tablib.Dataset(*rows, headers=TASK_COLUMNS)


def as_upload(dataset, name):
    if ARGS.format == "csv":
        return SimpleUploadedFile(f"{name}.csv", ("\ufeff" + dataset.csv).encode("utf-8"))
    return SimpleUploadedFile(f"{name}.xlsx", dataset.xlsx)


def timed(label, func):
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        start = time.perf_counter()
        result = func()
        seconds = time.perf_counter() - start
    return result, seconds, count[0]


def bench(name, dataset, parse_rows, run_import):
    from dtsystem.common.imports import read_dataset

    upload = as_upload(dataset, name)
    rows, read_s, _ = timed("read", lambda: parse_rows(read_dataset(upload)))
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        cProfile.runctx(
            "run_import(rows=rows, commit=False)", globals(), locals(), os.environ["BENCH_PROFILE"]
        )
    preview, preview_s, preview_q = timed("preview", lambda: run_import(rows=rows, commit=False))
    assert preview.ok, preview.errors[:5]
    report, import_s, import_q = timed("import", lambda: run_import(rows=rows, commit=True))
    assert report.saved and report.created == len(rows), (report.created, report.errors[:5])
    n = len(rows)
    result = {
        "name": name,
        "rows": n,
        "read": read_s,
        "preview": preview_s,
        "preview_q": preview_q,
        "import": import_s,
        "import_q": import_q,
    }
    print(
        f"{name}: {n} rows ({ARGS.format}); read {read_s:.2f} s; preview {preview_s:.2f} s "
        f"({n / preview_s:,.0f} rows/s, {preview_q} queries); import {import_s:.2f} s "
        f"({n / import_s:,.0f} rows/s, {import_q} queries)"
    )
    return result


def main() -> int:
    call_command("migrate", verbosity=0)
    office = setup_office()
    run = str(int(time.time()))[-5:]
    results = []
    if ARGS.only in (None, "kpi"):
        from kpis.resources import measurement_rows
        from kpis.services import kpi_measurements_import

        results.append(
            bench(
                "Số liệu chỉ tiêu (kpis)",
                measurement_file(ARGS.rows, run),
                measurement_rows,
                lambda rows, commit: kpi_measurements_import(user=office, rows=rows, commit=commit),
            )
        )
    if ARGS.only in (None, "tasks"):
        from directives import services
        from directives.resources import task_rows

        document = services.document_create(
            user=office,
            data={
                "kind": "TB",
                "number": run,
                "symbol": "TB-BENCH",
                "issue_year": 2022,
                "title": "Nhập thử",
                "issuing_body_text": "UBND tỉnh Đồng Tháp",  # a notice names its issuing body (issue 12)
            },
        )
        results.append(
            bench(
                "Nhiệm vụ (directives)",
                task_file(ARGS.rows),
                task_rows,
                lambda rows, commit: services.tasks_import(
                    user=office, document=document, rows=rows, commit=commit
                ),
            )
        )
    if not ARGS.no_write:
        vendor = connection.vendor
        lines = []
        for r in results:
            lines.append(
                f"| {date.today().isoformat()} | {vendor} | {r['name']} | {ARGS.format} | {r['rows']:,} | "
                f"{r['read']:.2f} s | {r['preview']:.2f} s ({r['rows'] / r['preview']:,.0f}/s, {r['preview_q']:,} q) | "
                f"{r['import']:.2f} s ({r['rows'] / r['import']:,.0f}/s, {r['import_q']:,} q) | {os.cpu_count()} CPU, "
                f"load {os.getloadavg()[0]:.1f}, Python {platform.python_version()} |"
            )
        path = ROOT / "docs" / "benchmarks.md"
        text = path.read_text()
        marker = "## Excel/CSV import, 5,000 rows (bench/import_5000.py)"
        if marker not in text:
            text = text.rstrip("\n") + "\n\n" + marker + "\n\n" + SECTION_INTRO + TABLE_HEAD
        path.write_text(text.rstrip("\n") + "\n" + "\n".join(lines) + "\n")
    return 0


SECTION_INTRO = """    .venv/bin/python bench/import_5000.py [--rows 5000] [--format xlsx|csv]     # throw-away SQLite under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dtsystem_bench_import .venv/bin/python bench/import_5000.py

A 5,000-row file read with tablib (read), checked row by row against lookups loaded once, nothing written
(preview: a constant number of queries since the generic import loop, `rows_import`), then imported for
good (import), through the same row specifications and services as the import pages. Times are wall
clock; q = queries. The KPI measurement import writes through `kpi_measurement_record`; the task import
through `directives.services` (`task_create_imported`: `task_report_progress`, `task_transition`, one
history event per change), each row in a savepoint, in one transaction for the file.

"""
TABLE_HEAD = """| date | database | file | format | rows | read | preview | import | machine |
|---|---|---|---|---:|---:|---:|---:|---|
"""

if __name__ == "__main__":
    sys.exit(main())
