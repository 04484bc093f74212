"""DTSystem against Redmine, page by page, over HTTP, in the same run (issue 14).

    bench/redmine_setup.sh                     # once: Debian's Redmine on PostgreSQL, 200,000 issues
    createdb -h 127.0.0.1 -U postgres dtsystem_cmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dtsystem_cmp \
        .venv/bin/python bench/redmine_compare.py [--tasks 200000] [--requests 20] [--out FILE]

DTSystem: migrate, `seed_scale --reset --tasks N` (skipped when the database already holds N seeded
tasks) and VACUUM ANALYZE, then gunicorn with production settings (3 workers) on a free loopback port.
Redmine: the instance bench/redmine_setup.sh started (--redmine-url, default http://127.0.0.1:3100).
Both are logged in through their login forms (cookies), then every pair of pages is requested with
curl (`time_total`: connect, request, whole body), interleaved: DTSystem page, Redmine page, next pair,
and so on for --requests rounds after 2 warm-up rounds. Prints (and writes to --out) one Markdown table:
median and p95 of each side, the ratio DTSystem/Redmine of the medians, the body sizes and the
machine's load average before and after. Only 127.0.0.1 is contacted; every curl has a 60 s timeout.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "bench"))

import gunicorn_server  # noqa: E402  (one way to start the server for every benchmark)
from gunicorn_server import free_port  # noqa: E402

PASSWORD = "bench-cmp-" + secrets.token_hex(8)

ARGS = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ARGS.add_argument("--tasks", type=int, default=200_000)
ARGS.add_argument("--requests", type=int, default=20, help="timed rounds (default 20)")
ARGS.add_argument("--warmup", type=int, default=2, help="untimed rounds first (default 2)")
ARGS.add_argument("--workers", type=int, default=3)
ARGS.add_argument("--redmine-url", default="http://127.0.0.1:3100")
ARGS.add_argument("--redmine-db", default="redmine_cmp")
ARGS.add_argument("--redmine-user", default="admin")
ARGS.add_argument("--redmine-password", default=os.environ.get("REDMINE_BENCH_PASSWORD", "bench-admin-pw"))
ARGS.add_argument("--redmine-project", default="bench")
ARGS.add_argument("--out", default="", help="also write the table to this file")
ARGS.add_argument("--no-seed", action="store_true", help="use the DTSystem data already in the database")


def psql(db: str, sql: str) -> list[list[str]]:
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-At", "-F", "\t", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def manage(*argv: str) -> None:
    subprocess.run([PYTHON, "manage.py", *argv], cwd=ROOT, check=True)


def dtsystem_prepare(tasks: int, no_seed: bool) -> dict:
    """Seed if needed, then the personas (office staff, busiest unit's lead) and the ids the pages need."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtsystem.settings.local")  # its password hasher
    manage("migrate", "-v0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count

    from directives.models import Document, Task
    from dtsystem.accounts.models import User
    from dtsystem.accounts.services import token_get, token_regenerate
    from dtsystem.units.choices import Role, UnitKind
    from dtsystem.units.models import Membership, Unit
    from plans.models import Plan

    seeded = Task.objects.filter(lead_unit__code__startswith="seed-").count()
    if not no_seed and seeded != tasks:
        started = time.perf_counter()
        connection.close()
        manage("seed_scale", "--reset", "--tasks", str(tasks))
        print(f"seeded {tasks:,} tasks in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    office_unit, _ = Unit.objects.get_or_create(
        code="bench-cmp-office",
        defaults={"name": "Văn phòng UBND tỉnh (đo so sánh)", "kind": UnitKind.PROVINCE},
    )
    busiest = (
        Task.objects.filter(lead_unit__code__startswith="seed-")
        .values("lead_unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    users = {}
    for username, unit_id, role in (
        ("bench_cmp_office", office_unit.pk, Role.OFFICE),
        ("bench_cmp_lead", busiest["lead_unit_id"], Role.LEAD),
    ):
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(PASSWORD)
        user.is_active = True
        user.save()
        Membership.objects.get_or_create(user=user, unit_id=unit_id, role=role)
        users[username] = (token_get(user=user) or token_regenerate(user=user)).key
    # a typical unit (the median size), a task of it, a document with its ten tasks, the largest plan
    sizes = list(
        Task.objects.filter(lead_unit__code__startswith="seed-")
        .values("lead_unit_id")
        .annotate(n=Count("pk"))
        .order_by("n")
    )
    unit = sizes[len(sizes) // 2]
    task = Task.objects.filter(lead_unit_id=unit["lead_unit_id"]).order_by("pk").first()
    document = Document.objects.filter(source_key__startswith="seed:").order_by("pk")[
        Document.objects.filter(source_key__startswith="seed:").count() // 2
    ]
    plan = Plan.objects.order_by("-pk").first()
    connection.close()
    return {
        "unit": unit["lead_unit_id"],
        "unit_tasks": unit["n"],
        "busiest_tasks": busiest["n"],
        "task": task.pk,
        "document": document.pk,
        "plan": plan.pk if plan else None,
        "tokens": users,
    }


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    return gunicorn_server.start_gunicorn(port, workers, wait_seconds=90)


class Curl:
    """curl with a cookie jar: one fresh connection per request, as a browser's first visit would."""

    def __init__(self, base: str, jar: Path, headers: dict | None = None):
        self.base = base.rstrip("/")
        self.jar = jar
        self.headers = headers or {}

    def _args(self, extra_headers: dict | None = None) -> list[str]:
        args = ["curl", "-s", "-g", "--max-time", "60", "-b", str(self.jar), "-c", str(self.jar)]
        for k, v in {**self.headers, **(extra_headers or {})}.items():
            args += ["-H", f"{k}: {v}"]
        return args

    def get_body(self, path: str) -> str:
        return subprocess.run(
            self._args() + [self.base + path], check=True, capture_output=True, text=True
        ).stdout

    def post_form(self, path: str, data: dict, referer: str) -> str:
        out = subprocess.run(
            self._args({"Referer": referer})
            + ["-o", "/dev/null", "-w", "%{http_code}", "--data", urlencode(data), self.base + path],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return out

    def timed(self, path: str, headers: dict | None = None) -> tuple[int, float, int]:
        out = subprocess.run(
            self._args(headers)
            + ["-o", "/dev/null", "-w", "%{http_code} %{time_total} %{size_download}", self.base + path],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        return int(out[0]), float(out[1]), int(out[2])


def login_dtsystem(client: Curl, username: str) -> None:
    page = client.get_body("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status = client.post_form(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        referer=client.base + "/accounts/login/",
    )
    if status != "302":
        sys.exit(f"DTSystem login of {username} failed ({status})")


def login_redmine(client: Curl, username: str, password: str) -> None:
    page = client.get_body("/login")
    token = re.search(r'name="authenticity_token" value="([^"]+)"', page).group(1)
    status = client.post_form(
        "/login",
        {"username": username, "password": password, "authenticity_token": token},
        referer=client.base + "/login",
    )
    if status != "302":
        sys.exit(f"Redmine login of {username} failed ({status})")


def redmine_ids(db: str, project: str) -> dict:
    (pid,) = psql(db, f"SELECT id FROM projects WHERE identifier = '{project}'")[0]
    sizes = psql(
        db,
        f"SELECT category_id, count(*) FROM issues WHERE project_id = {pid} GROUP BY 1 ORDER BY 2, 1",
    )
    category, n = sizes[len(sizes) // 2]
    (issue,) = psql(db, f"SELECT min(id) FROM issues WHERE category_id = {category}")[0]
    (resolved,) = psql(db, "SELECT id FROM issue_statuses WHERE name = 'Resolved'")[0] or ["3"]
    (key,) = psql(
        db,
        "SELECT t.value FROM tokens t JOIN users u ON u.id = t.user_id "
        "WHERE t.action = 'api' AND u.login = 'admin'",
    )[0]
    return {
        "category": category,
        "category_issues": int(n),
        "issue": issue,
        "resolved": resolved,
        "key": key,
    }


def pairs(dt: dict, rm: dict, project: str, today: str) -> list[tuple[str, str, str, str, dict]]:
    """(name, DTSystem persona, DTSystem path, Redmine path, Redmine headers)."""
    api = {"X-Redmine-API-Key": rm["key"]}
    rows = [
        ("Task list ↔ /issues", "office", "/tasks/", "/issues", {}),
        (
            "Overdue list ↔ /issues?due_date<today, open",
            "office",
            "/tasks/?timeliness=overdue",
            "/issues?set_filter=1&f[]=status_id&op[status_id]=o&f[]=due_date&op[due_date]=%3Ct-&v[due_date][]=1",
            {},
        ),
        (
            f"One unit ({dt['unit_tasks']} tasks) ↔ category ({rm['category_issues']} issues)",
            "office",
            f"/tasks/?unit={dt['unit']}",
            f"/issues?set_filter=1&f[]=category_id&op[category_id]==&v[category_id][]={rm['category']}&f[]=status_id&op[status_id]=*",
            {},
        ),
        ("Task detail ↔ /issues/ID", "office", f"/tasks/{dt['task']}/", f"/issues/{rm['issue']}", {}),
        (
            f"My tasks (busiest unit, {dt['busiest_tasks']}) ↔ /issues?assigned_to_id=me",
            "lead",
            "/my-tasks/",
            "/issues?set_filter=1&f[]=assigned_to_id&op[assigned_to_id]==&v[assigned_to_id][]=me",
            {},
        ),
        (
            "Approvals ↔ /issues?status=Resolved",
            "office",
            "/approvals/",
            f"/issues?set_filter=1&f[]=status_id&op[status_id]==&v[status_id][]={rm['resolved']}",
            {},
        ),
        (
            "Document detail ↔ /projects/x",
            "office",
            f"/documents/{dt['document']}/",
            f"/projects/{project}",
            {},
        ),
    ]
    if dt["plan"]:
        rows.append(
            (
                "Plan page ↔ /projects/x/roadmap",
                "office",
                f"/plans/{dt['plan']}/",
                f"/projects/{project}/roadmap",
                {},
            )
        )
    rows += [
        (
            "Dashboard ↔ /projects/x/issues/report",
            "office",
            "/dashboard/",
            f"/projects/{project}/issues/report",
            {},
        ),
        ("JSON API task list ↔ /issues.json", "api", "/api/v1/tasks/", "/issues.json", api),
    ]
    return rows


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(0.95 * len(values)) - 1))]


def main() -> int:
    args = ARGS.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("set DATABASE_URL=postgres://... (e.g. .../dtsystem_cmp)", file=sys.stderr)
        return 2
    if not shutil.which("curl"):
        print("curl is needed", file=sys.stderr)
        return 2
    started = datetime.now(UTC)
    dt = dtsystem_prepare(args.tasks, args.no_seed)
    rm = redmine_ids(args.redmine_db, args.redmine_project)
    port = free_port()
    server = start_gunicorn(port, args.workers)
    tmp = Path(tempfile.mkdtemp(prefix="redmine-cmp-"))
    try:
        base = f"http://127.0.0.1:{port}"
        clients = {
            "office": Curl(base, tmp / "office.jar"),
            "lead": Curl(base, tmp / "lead.jar"),
            "api": Curl(
                base, tmp / "api.jar", {"Authorization": f"Token {dt['tokens']['bench_cmp_office']}"}
            ),
        }
        login_dtsystem(clients["office"], "bench_cmp_office")
        login_dtsystem(clients["lead"], "bench_cmp_lead")
        redmine = Curl(args.redmine_url, tmp / "redmine.jar")
        login_redmine(redmine, args.redmine_user, args.redmine_password)
        rows = pairs(dt, rm, args.redmine_project, started.date().isoformat())
        load_before = os.getloadavg()
        times = {name: ([], []) for name, *_ in rows}
        sizes = {}
        for round_ in range(args.warmup + args.requests):
            for name, who, dt_path, rm_path, rm_headers in rows:
                s1, t1, b1 = clients[who].timed(dt_path)
                s2, t2, b2 = redmine.timed(rm_path, rm_headers)
                if s1 != 200 or s2 != 200:
                    sys.exit(f"{name}: DTSystem {dt_path} → {s1}, Redmine {rm_path} → {s2}")
                sizes[name] = (b1, b2)
                if round_ >= args.warmup:
                    times[name][0].append(t1 * 1000)
                    times[name][1].append(t2 * 1000)
        load_after = os.getloadavg()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    lines = [
        f"Run of {started:%Y-%m-%d %H:%M} UTC: {args.tasks:,} DTSystem tasks, Redmine project "
        f"`{args.redmine_project}` ({args.redmine_db}); {args.requests} interleaved rounds after {args.warmup} warm-up; "
        f"gunicorn {args.workers} workers; curl time_total.",
        f"Load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}; "
        f"after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} (2 cores).",
        "",
        "| Pair | DTSystem median (p95) ms | Redmine median (p95) ms | ratio DT/RM | bytes DT / RM |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, (dts, rms) in times.items():
        ratio = statistics.median(dts) / statistics.median(rms)
        lines.append(
            f"| {name} | {statistics.median(dts):.0f} ({p95(dts):.0f}) | {statistics.median(rms):.0f} "
            f"({p95(rms):.0f}) | {ratio:.2f} | {sizes[name][0]:,} / {sizes[name][1]:,} |"
        )
    text = "\n".join(lines)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
