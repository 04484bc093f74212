"""Load on the real stack: gunicorn (production settings) + PostgreSQL on loopback, two unit leads mixing
the dashboard, the task lists and progress reports (page and API) at once; then the database is checked:
every progress report that was accepted is there exactly once, and each task's % follows its last report.

    createdb -h 127.0.0.1 -U postgres dtsystem_bench_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dtsystem_bench_load \
        .venv/bin/python bench/load.py [--duration 30] [--clients 16] [--tasks 2000] [--workers 2 --threads 4]

The first run migrates and seeds `seed_scale --tasks N`; later runs reuse the data. Bounded: the clients
stop after --duration seconds (each request times out after 30 s), and only 127.0.0.1 is contacted.
Prints requests/s, p50/p95 per kind of request, the count of non-2xx answers, and the database check.
The quick progress form of /my-tasks/ answers 200 with the card even when it refuses (htmx swaps only
2xx): a card without the "accepted" message is counted as a refusal (status 299 in the counts).
Exit status 1 on any non-2xx answer, a lost or duplicated report, or a task whose % is not its last
report's."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gunicorn_server  # noqa: E402  (one way to start the server for every benchmark)
from gunicorn_server import free_port  # noqa: E402,F401  (bench/pages.py uses load.free_port)

ARGS = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ARGS.add_argument("--duration", type=float, default=30.0, help="seconds of load (default 30)")
ARGS.add_argument("--clients", type=int, default=16, help="concurrent clients, half per user (default 16)")
ARGS.add_argument("--tasks", type=int, default=2000, help="seed_scale size on the first run (default 2000)")
ARGS.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
ARGS.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (default 4)")
ARGS.add_argument("--targets", type=int, default=5, help="tasks each user reports on (default 5)")
ARGS.add_argument("--seed", type=int, default=1)

# kind of request -> weight in the mix
MIX = {
    "dashboard": 15,
    "task list": 20,
    "my tasks": 10,
    "API tasks": 20,
    "API progress": 25,
    "page progress": 10,
}
PASSWORD = "bench-load-" + secrets.token_hex(8)
ACCEPTED_CARD = "Đã ghi nhận báo cáo tiến độ".encode()  # the card's message when the report was taken
KEEP_ALIVE = 30  # s: gunicorn keeps an idle connection this long; a client reconnects well before


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtsystem.settings.local")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/load.py needs PostgreSQL: set DATABASE_URL=postgres://... (see the docstring)")


def prepare(tasks: int, per_user: int) -> list[dict]:
    """Two leads of the two busiest seeded units, with a password, a token, and `per_user` tasks each
    that accept progress reports."""
    from django.core.management import call_command
    from django.db.models import Count

    from directives.choices import TaskStatus
    from directives.models import Task
    from directives.services import task_accepts_progress
    from dtsystem.accounts.models import User
    from dtsystem.accounts.services import token_get, token_regenerate
    from dtsystem.units.choices import Role
    from dtsystem.units.models import Membership

    call_command("migrate", verbosity=0)
    if not Task.objects.filter(lead_unit__code__startswith="seed-").exists():
        call_command("seed_scale", tasks=tasks, verbosity=0)
    busiest = (
        Task.objects.filter(
            lead_unit__code__startswith="seed-", status__in=[TaskStatus.NEW, TaskStatus.IN_PROGRESS]
        )
        .values("lead_unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[:2]
    )
    users = []
    for i, row in enumerate(busiest):
        user, _ = User.objects.get_or_create(username=f"bench_load_{i + 1}")
        user.set_password(PASSWORD)
        user.is_active = True
        user.save()
        Membership.objects.get_or_create(user=user, unit_id=row["lead_unit_id"], role=Role.LEAD)
        token = token_get(user=user) or token_regenerate(user=user)
        candidates = Task.objects.filter(
            lead_unit_id=row["lead_unit_id"], status__in=[TaskStatus.NEW, TaskStatus.IN_PROGRESS]
        ).order_by("id")[: per_user * 4]
        targets = [t.pk for t in candidates if task_accepts_progress(t)][:per_user]
        users.append({"username": user.username, "token": token.key, "tasks": targets})
    if len(users) < 2 or any(len(u["tasks"]) < per_user for u in users):
        sys.exit("not enough seeded tasks that accept progress: run with a larger --tasks on a new database")
    return users


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    return gunicorn_server.start_gunicorn(port, workers, threads, keep_alive=KEEP_ALIVE)


class Client:
    """One keep-alive connection with its own cookies (sent back even though production marks them
    Secure: this is loopback, not a browser)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.last_used = time.monotonic()

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        if time.monotonic() - self.last_used > KEEP_ALIVE / 2:  # never race the server's idle close
            self.conn.close()
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            self.last_used = time.monotonic()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def login(self, username: str) -> None:
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"login of {username} failed ({status})")


def run_load(port: int, users: list[dict], duration: float, clients: int, seed: int, tag: str):
    timings: dict[str, list[float]] = defaultdict(list)
    statuses: Counter = Counter()
    failures: list[str] = []
    accepted: list[tuple[str, int, int]] = []  # (note, task, percent)
    lock = threading.Lock()
    stop_at = time.monotonic() + duration
    kinds, weights = list(MIX), list(MIX.values())
    barrier = threading.Barrier(clients)

    def one_client(n: int) -> None:
        user = users[n % 2]
        rng = random.Random(seed * 1000 + n)
        client = Client(port)  # the browser: session cookie
        client.login(user["username"])
        api_client = Client(port)  # an API client: token, no cookies (so no CSRF)
        api = {"Authorization": f"Token {user['token']}"}
        barrier.wait()
        while time.monotonic() < stop_at:
            kind = rng.choices(kinds, weights)[0]
            task = rng.choice(user["tasks"])
            percent = rng.randint(0, 100)
            note = f"{tag}-{uuid.uuid4().hex}"
            if kind == "dashboard":
                call = ("GET", "/dashboard/", None, {})
            elif kind == "task list":
                call = ("GET", "/tasks/", None, {})
            elif kind == "my tasks":
                call = ("GET", "/my-tasks/", None, {})
            elif kind == "API tasks":
                call = ("GET", "/api/v1/tasks/", None, api)
            elif kind == "API progress":
                body = json.dumps({"percent": percent, "note": note}).encode()
                call = (
                    "POST",
                    f"/api/v1/tasks/{task}/report-progress/",
                    body,
                    {**api, "Content-Type": "application/json"},
                )
            else:  # the quick progress form of /my-tasks/ (htmx: the card comes back, 200)
                body = urlencode({"percent": percent, "note": note, "card": "1"}).encode()
                call = (
                    "POST",
                    f"/tasks/{task}/progress/",
                    body,
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "HX-Request": "true",
                        "X-CSRFToken": client.cookies.get("csrftoken", ""),
                        "Referer": f"http://127.0.0.1:{port}/my-tasks/",
                    },
                )
            started = time.perf_counter()
            try:
                status, data = (api_client if kind.startswith("API") else client).request(*call)
            except Exception as exc:  # a refused or dropped connection is an error of the run
                status, data = 0, str(exc).encode()
            elapsed = time.perf_counter() - started
            with lock:
                timings[kind].append(elapsed)
                statuses[status] += 1
                if kind == "page progress" and status == 200 and ACCEPTED_CARD not in data:
                    status = 299  # the htmx card answers 200 with the refusal inside: count it as refused
                    statuses[299] += 1
                    statuses[200] -= 1
                if not 200 <= status < 299:
                    failures.append(f"{kind} {call[1]} → {status}: {data[:200]!r}")
                elif kind.endswith("progress"):
                    accepted.append((note, task, percent))

    threads = [threading.Thread(target=one_client, args=(n,), daemon=True) for n in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 120)
    return timings, statuses, failures, accepted, time.monotonic() - started


def check_database(tag: str, accepted: list[tuple[str, int, int]]) -> dict:
    from django.db.models import Count

    from directives.models import ProgressReport, Task

    rows = ProgressReport.objects.filter(note__startswith=f"{tag}-")
    stored = Counter(rows.values_list("note", flat=True))
    sent = {note for note, _task, _percent in accepted}
    lost = len(sent - set(stored))
    duplicated = sum(n - 1 for n in stored.values() if n > 1)
    unexpected = len(set(stored) - sent)
    inconsistent = []
    touched = {task for _note, task, _percent in accepted}
    for task in Task.objects.filter(pk__in=touched):
        last = (
            ProgressReport.objects.filter(task=task).order_by("-id").values_list("percent", flat=True).first()
        )
        if task.progress != last:
            inconsistent.append(task.pk)
    per_task = dict(rows.values("task_id").annotate(n=Count("id")).values_list("task_id", "n"))
    return {
        "accepted": len(accepted),
        "rows": sum(stored.values()),
        "lost": lost,
        "duplicated": duplicated,
        "unexpected": unexpected,
        "inconsistent_tasks": inconsistent,
        "tasks": len(per_task),
    }


def ms(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    args = ARGS.parse_args()
    setup_django()
    users = prepare(args.tasks, args.targets)
    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    tag = f"bench-load-{uuid.uuid4().hex[:8]}"
    try:
        timings, statuses, failures, accepted, wall = run_load(
            port, users, args.duration, args.clients, args.seed, tag
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    total = sum(len(v) for v in timings.values())
    non_2xx = sum(n for status, n in statuses.items() if n and not 200 <= status < 299)
    print(
        f"load: {args.clients} clients (2 users), {wall:.1f} s, gunicorn {args.workers}×{args.threads} "
        f"(gthread), production settings, PostgreSQL; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"requests: {total} ({total / wall:.1f}/s), non-2xx: {non_2xx}, statuses: {dict(sorted(statuses.items()))}"
    )
    print("| request | count | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|")
    for kind in MIX:
        values = timings.get(kind, [])
        print(f"| {kind} | {len(values)} | {ms(values, 0.5):.0f} | {ms(values, 0.95):.0f} |")
    everything = [v for values in timings.values() for v in values]
    print(f"| all | {len(everything)} | {ms(everything, 0.5):.0f} | {ms(everything, 0.95):.0f} |")
    if everything:
        print(f"mean {1000 * statistics.fmean(everything):.0f} ms")
    for line in failures[:10]:
        print("  non-2xx:", line)
    check = check_database(tag, accepted)
    print(
        f"database: progress posts accepted={check['accepted']} rows={check['rows']} lost={check['lost']} "
        f"duplicated={check['duplicated']} unexpected={check['unexpected']} over {check['tasks']} tasks; "
        f"tasks whose % is not their last report's: {len(check['inconsistent_tasks'])}"
    )
    bad = (
        non_2xx or check["lost"] or check["duplicated"] or check["unexpected"] or check["inconsistent_tasks"]
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
