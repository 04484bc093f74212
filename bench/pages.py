"""Every page that issue 14 measures, over HTTP under gunicorn with the production settings, against a
PostgreSQL database seeded at scale: requests/s, p50 and p95 per page under N concurrent connections,
with the machine's load average before and after each page (the 2 cores are shared: note it).

    createdb -h 127.0.0.1 -U postgres dtsystem_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dtsystem_bench \\
        .venv/bin/python bench/pages.py [--tasks 200000] [--duration 15] [--clients 16] [--workers 3]

The first run migrates and seeds `seed_scale --tasks N` (≈ 11 min for 200,000 on a loaded machine);
later runs reuse the data. Users: an office user (sees everything) and the lead of the busiest seeded
unit, each logged in once through the login page; every client connection reuses that session.
Pages: task list, overdue list (today), one unit's list (?unit=, a unit of ~400 tasks), task detail,
"Việc của đơn vị tôi" of the busiest unit, approvals, a document, a plan, the dashboard (today, from
the rollups) and the dashboard at a past date (the scan). Bounded: --duration seconds per page, 30 s
timeout per request, loopback only. Exit status 1 on any non-200 answer."""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402  (bench/load.py: gunicorn start, keep-alive client with cookies, login)

ARGS = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ARGS.add_argument("--tasks", type=int, default=200_000, help="seed_scale size on the first run")
ARGS.add_argument("--duration", type=float, default=15.0, help="seconds of load per page (default 15)")
ARGS.add_argument("--clients", type=int, default=16, help="concurrent connections (default 16)")
ARGS.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3)")
ARGS.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker (default 2)")
ARGS.add_argument("--only", nargs="*", default=None, help="names of the pages to run (default all)")
ARGS.add_argument(
    "--wrk",
    action="store_true",
    help="drive the load with wrk (Debian's `wrk`, C: the load generator takes less of the 2 cores)",
)

# wrk reports the median and p95 itself, and every non-2xx/3xx answer, as one line of JSON.
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"count": %d, "seconds": %.3f, "p50": %.3f, "p95": %.3f, "non2xx": %d, ' ..
    '"errors": %d, "bytes": %d}\\n', summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, summary.bytes))
end
"""


def prepare(tasks: int) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Users (name → username) and the pages [(name, user, path)]."""
    from django.core.management import call_command
    from django.db.models import Count

    from directives.models import Document, Task
    from dtsystem.accounts.models import User
    from dtsystem.units.choices import Role
    from dtsystem.units.models import Membership
    from plans.models import Plan

    call_command("migrate", verbosity=0)
    if not Task.objects.filter(lead_unit__code__startswith="seed-").exists():
        call_command("seed_scale", tasks=tasks, verbosity=0)
    office, _ = User.objects.get_or_create(username="bench_pages_office")
    office.is_superuser = office.is_staff = office.is_active = True
    office.set_password(load.PASSWORD)
    office.save()
    by_unit = list(Task.objects.values("lead_unit_id").annotate(n=Count("pk")).order_by("-n"))
    busiest = by_unit[0]["lead_unit_id"]
    typical = min(by_unit, key=lambda row: abs(row["n"] - 400))["lead_unit_id"]
    lead, _ = User.objects.get_or_create(username="bench_pages_lead")
    lead.is_active = True
    lead.set_password(load.PASSWORD)
    lead.save()
    Membership.objects.get_or_create(user=lead, unit_id=busiest, role=Role.LEAD)
    task = Task.objects.filter(lead_unit_id=busiest).order_by("-id").first()
    document = Document.objects.annotate(n=Count("tasks")).filter(n__gte=10).order_by("-id").first()
    plan = Plan.objects.order_by("-id").first()
    pages = [
        ("task list", "office", "/tasks/"),
        ("overdue list", "office", "/tasks/?timeliness=overdue"),
        ("one unit's list", "office", f"/tasks/?unit={typical}"),
        ("task detail", "office", f"/tasks/{task.pk}/"),
        ("my tasks (busiest unit)", "lead", "/my-tasks/"),
        ("approvals", "office", "/approvals/"),
        ("document detail", "office", f"/documents/{document.pk}/"),
        ("plan page", "office", f"/plans/{plan.pk}/?tab=tasks"),
        ("dashboard (today: rollups)", "office", "/dashboard/"),
        ("dashboard (past date: scan)", "office", "/dashboard/?as_of=2024-06-15"),
    ]
    counts = {
        "busiest": by_unit[0]["n"],
        "typical": next(r["n"] for r in by_unit if r["lead_unit_id"] == typical),
    }
    print(f"pages: busiest unit leads {counts['busiest']} tasks; ?unit= unit leads {counts['typical']}")
    return {"office": office.username, "lead": lead.username}, pages


def run_page_wrk(port: int, cookies: dict, path: str, duration: float, clients: int) -> dict:
    """The same measure with wrk: 2 threads, `clients` connections, bounded by --duration and a 30 s
    timeout per request."""
    import json
    import subprocess
    import tempfile

    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    load_before = os.getloadavg()[0]
    out = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{max(1, round(duration))}s", "--timeout", "30s"]
        + ["-s", script.name, "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    report = json.loads(out.strip().splitlines()[-1])
    count = report["count"]
    bad = report["non2xx"] + report["errors"]
    return {
        "count": count,
        "rps": count / report["seconds"],
        "p50": report["p50"],
        "p95": report["p95"],
        "statuses": {200: count - bad, **({"non-2xx or error": bad} if bad else {})},
        "kb": None,  # wrk counts headers and partial reads too: the page's size comes from the warm-up
        "load": (load_before, os.getloadavg()[0]),
    }


def run_page(port: int, cookies: dict, path: str, duration: float, clients: int) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    sizes: list[int] = []
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def one_client() -> None:
        client = load.Client(port)
        client.cookies = dict(cookies)
        while time.monotonic() < stop:
            started = time.monotonic()
            try:
                status, body = client.request("GET", path)
            except OSError:
                status, body = 0, b""
            elapsed = time.monotonic() - started
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                sizes.append(len(body))

    load_before = os.getloadavg()[0]
    started = time.monotonic()
    threads = [threading.Thread(target=one_client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    return {
        "count": len(latencies),
        "rps": len(latencies) / wall,
        "p50": load.ms(latencies, 0.5),
        "p95": load.ms(latencies, 0.95),
        "statuses": statuses,
        "kb": (sum(sizes) / len(sizes) / 1024) if sizes else 0,
        "load": (load_before, os.getloadavg()[0]),
    }


def main() -> int:
    args = ARGS.parse_args()
    load.setup_django()
    users, pages = prepare(args.tasks)
    if args.only:
        pages = [p for p in pages if p[0] in args.only]
    port = load.free_port()
    server = load.start_gunicorn(port, args.workers, args.threads)
    failed = False
    try:
        sessions = {}
        for key, username in users.items():
            client = load.Client(port)
            client.login(username)
            sessions[key] = dict(client.cookies)
        print(
            f"gunicorn {args.workers}×{args.threads} gthread, {args.clients} connections, {args.duration:.0f} s a page"
            + (", load from wrk" if args.wrk else ", load from Python threads")
        )
        print("| page | requests | req/s | p50 ms | p95 ms | KiB | load before → after |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for name, who, path in pages:
            client = load.Client(port)
            client.cookies = dict(sessions[who])
            status, body = client.request("GET", path)  # warm up (and check) once
            measure = run_page_wrk if args.wrk else run_page
            result = measure(port, sessions[who], path, args.duration, args.clients)
            if result["kb"] is None:
                result["kb"] = len(body) / 1024
            bad = {s: n for s, n in result["statuses"].items() if s != 200}
            failed |= bool(bad) or status != 200
            print(
                f"| {name} | {result['count']} | {result['rps']:.1f} | {result['p50']:.0f} | {result['p95']:.0f} "
                f"| {result['kb']:.0f} | {result['load'][0]:.1f} → {result['load'][1]:.1f} |"
                + (f" non-200: {bad}" if bad else ""),
                flush=True,
            )
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
