"""The docker-compose topology without Docker, for tests/topology/: a private PostgreSQL database reached
through PgBouncer (transaction pooling), two gunicorn replicas with production settings, nginx in front of
them (round robin, the same location rules as deploy/nginx/), a SeaweedFS S3 server and a Celery worker on a
private queue. Every process runs from a temporary directory on free loopback ports and is stopped on exit."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

from tests.live import celery_worker_argv, require
from tests.support.seaweed import S3Server, free_port, seaweed_s3

ROOT = Path(__file__).resolve().parents[2]
NGINX_LOCATIONS = ROOT / "deploy" / "nginx" / "dtsystem-locations.conf"
SECRET = "topology-" + "0123456789abcdef" * 4


def find(name: str) -> str | None:
    for candidate in (shutil.which(name), f"/usr/sbin/{name}", f"/usr/bin/{name}"):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def require_stack() -> dict:
    """The tools and services the topology needs; skip (or fail under DT_REQUIRE_LIVE=1) without them."""
    database_url = os.environ.get("DATABASE_URL", "")
    require(
        database_url.startswith("postgres"), "DATABASE_URL is not a PostgreSQL URL: the topology needs one."
    )
    redis_url = os.environ.get("REDIS_URL", "")
    require(bool(redis_url), "REDIS_URL is not set: the topology's worker needs a Redis broker.")
    tools = {name: find(name) for name in ("nginx", "pgbouncer")}
    for name, path in tools.items():
        require(path is not None, f"{name} not found: apt-get install {name} (.ci/run does).")
    return {"database_url": database_url, "redis_url": redis_url, **tools}


@dataclass
class Process:
    name: str
    proc: subprocess.Popen
    log: Path

    def tail(self, n: int = 4000) -> str:
        try:
            return f"--- {self.name} ({self.log}) ---\n{self.log.read_text(errors='replace')[-n:]}"
        except OSError:
            return f"--- {self.name}: no log ---"


@dataclass
class Stack:
    root: Path
    proxy: str  # http://127.0.0.1:PORT of nginx
    replicas: dict[str, str]  # name -> http://127.0.0.1:PORT of its gunicorn
    s3: S3Server
    worker_metrics: str
    queue: str
    media_roots: dict[str, Path]
    env: dict
    processes: list[Process] = field(default_factory=list)

    def logs(self) -> str:
        return "\n".join(p.tail() for p in self.processes)

    def manage(self, *args: str) -> str:
        out = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        assert out.returncode == 0, out.stdout + out.stderr
        return out.stdout


def _wait_http(url: str, proc: Process, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.proc.poll() is not None:
            raise RuntimeError(f"{proc.name} exited ({proc.proc.returncode})\n{proc.tail()}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.3)
    raise RuntimeError(f"{proc.name} did not answer {url} in {timeout}s\n{proc.tail()}")


def _wait_port(port: int, proc: Process, timeout: float = 30) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.proc.poll() is not None:
            raise RuntimeError(f"{proc.name} exited ({proc.proc.returncode})\n{proc.tail()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    raise RuntimeError(f"{proc.name} not listening on {port}\n{proc.tail()}")


def _stop(process: Process) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.proc.pid, signal.SIGTERM)
    try:
        process.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.proc.pid, signal.SIGKILL)
        process.proc.wait(timeout=10)


def _admin_connection(database_url: str):
    import psycopg2

    parts = urlsplit(database_url)
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    conn.autocommit = True
    return conn


@contextlib.contextmanager
def topology():
    needs = require_stack()
    root = Path(tempfile.mkdtemp(prefix="dt-topology-"))
    root.chmod(0o755)  # PgBouncer runs as the postgres user when we are root and reads its files here
    parts = urlsplit(needs["database_url"])
    database = f"dt_topology_{uuid.uuid4().hex[:10]}"
    admin = _admin_connection(needs["database_url"])
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{database}"')
    processes: list[Process] = []

    def start(name: str, args: list[str], *, env: dict | None = None, cwd: Path = ROOT) -> Process:
        log = root / f"{name}.log"
        handle = open(log, "w")  # noqa: SIM115 (the child holds it; closed with the directory)
        proc = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        process = Process(name, proc, log)
        processes.append(process)
        return process

    try:
        with seaweed_s3(workdir=str(root / "seaweed")) as s3:
            # PgBouncer, transaction pooling
            bouncer_port = free_port()
            user = parts.username or "postgres"
            password = parts.password or ""
            (root / "userlist.txt").write_text(f'"{user}" "{password}"\n')
            (root / "pgbouncer.ini").write_text(
                "[databases]\n"
                f"{database} = host={parts.hostname} port={parts.port or 5432} dbname={database} user={user}"
                + (f" password={password}" if password else "")
                + "\n\n[pgbouncer]\n"
                f"listen_addr = 127.0.0.1\nlisten_port = {bouncer_port}\nunix_socket_dir =\n"
                f"auth_type = {'plain' if password else 'trust'}\nauth_file = {root / 'userlist.txt'}\n"
                "pool_mode = transaction\nmax_client_conn = 100\ndefault_pool_size = 10\n"
                "ignore_startup_parameters = extra_float_digits,options\n"
            )
            for name in ("userlist.txt", "pgbouncer.ini"):
                (root / name).chmod(0o644)
            bouncer_args = [needs["pgbouncer"], str(root / "pgbouncer.ini")]
            if os.geteuid() == 0:  # PgBouncer refuses to run as root
                bouncer_user = "postgres" if _user_exists("postgres") else "nobody"
                bouncer_args[1:1] = ["-u", bouncer_user]
            bouncer = start("pgbouncer", bouncer_args)
            _wait_port(bouncer_port, bouncer)

            direct_url = needs["database_url"].rsplit("/", 1)[0] + f"/{database}"
            pooled_url = (
                f"postgres://{user}{':' + password if password else ''}@127.0.0.1:{bouncer_port}/{database}"
            )
            queue = f"topology-{uuid.uuid4().hex[:8]}"
            base_env = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("DJANGO_", "PYTEST", "AWS_", "S3_"))
                and k not in {"DATABASE_URL", "MEDIA_ROOT"}
            }
            base_env.update(
                DJANGO_SETTINGS_MODULE="dtsystem.settings.production",
                SECRET_KEY=SECRET,
                ALLOWED_HOSTS="127.0.0.1,localhost",
                SECURE_SSL_REDIRECT="false",
                DATABASE_URL=pooled_url,
                DISABLE_SERVER_SIDE_CURSORS="true",
                REDIS_URL=needs["redis_url"],
                CELERY_QUEUE=queue,
                EMAIL_URL="consolemail://",
                LOGIN_PROXY_COUNT="1",
                LOG_FORMAT="json",
                **s3.env(),
            )
            # schema and demo data straight to PostgreSQL, as the compose `migrate` service does
            setup_env = dict(base_env, DATABASE_URL=direct_url, MEDIA_ROOT=str(root / "media-setup"))
            for args in (["migrate", "--noinput"], ["load_demo", "--force"]):
                out = subprocess.run(
                    [sys.executable, "manage.py", *args],
                    cwd=ROOT,
                    env=setup_env,
                    capture_output=True,
                    text=True,
                )
                if out.returncode != 0:
                    raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")

            replicas, media_roots = {}, {}
            for name in ("web1", "web2"):
                port = free_port()
                media_roots[name] = root / f"media-{name}"  # must stay empty: files go to S3
                metrics_dir = root / f"prometheus-{name}"  # the replica's gunicorn workers add up here
                metrics_dir.mkdir()
                env = dict(
                    base_env,
                    INSTANCE_NAME=name,
                    MEDIA_ROOT=str(media_roots[name]),
                    PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
                    GUNICORN_BIND=f"127.0.0.1:{port}",
                    GUNICORN_WORKERS="2",
                )
                web = start(
                    name,
                    [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
                    env=env,
                )
                replicas[name] = f"http://127.0.0.1:{port}"
                _wait_http(f"{replicas[name]}/healthz", web)

            metrics_port = free_port()
            worker = start(
                "worker",
                celery_worker_argv(queue, loglevel="info"),
                env=dict(
                    base_env,
                    INSTANCE_NAME="worker",
                    MEDIA_ROOT=str(root / "media-worker"),
                    CELERY_METRICS_PORT=str(metrics_port),
                    CELERY_METRICS_ADDRESS="127.0.0.1",
                ),
            )
            _wait_port(metrics_port, worker, timeout=60)

            proxy_port = free_port()
            for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
                (root / "nginx" / sub).mkdir(parents=True, exist_ok=True)
            servers = "".join(f"        server {urlsplit(u).netloc};\n" for u in replicas.values())
            (root / "nginx.conf").write_text(
                ("user root;\n" if os.geteuid() == 0 else "")
                + f"worker_processes 1;\ndaemon off;\npid {root / 'nginx.pid'};\n"
                f"error_log {root / 'nginx-error.log'} info;\n"
                "events { worker_connections 256; }\n"
                "http {\n"
                '    map $http_x_request_id $dt_request_id { default $http_x_request_id; "" $request_id; }\n'
                f"    access_log {root / 'nginx-access.log'};\n"
                f"    client_body_temp_path {root / 'nginx/client_body'};\n"
                f"    proxy_temp_path {root / 'nginx/proxy'};\n"
                f"    fastcgi_temp_path {root / 'nginx/fastcgi'};\n"
                f"    uwsgi_temp_path {root / 'nginx/uwsgi'};\n"
                f"    scgi_temp_path {root / 'nginx/scgi'};\n"
                f"    upstream dtsystem {{\n{servers}    }}\n"
                f"    server {{\n        listen 127.0.0.1:{proxy_port};\n"
                f"        include {NGINX_LOCATIONS};\n    }}\n"
                "}\n"
            )
            nginx = start("nginx", [needs["nginx"], "-c", str(root / "nginx.conf"), "-p", str(root)])
            proxy = f"http://127.0.0.1:{proxy_port}"
            _wait_http(f"{proxy}/healthz", nginx)

            yield Stack(
                root=root,
                proxy=proxy,
                replicas=replicas,
                s3=s3,
                worker_metrics=f"http://127.0.0.1:{metrics_port}/metrics",
                queue=queue,
                media_roots=media_roots,
                env=setup_env,
                processes=processes,
            )
    finally:
        for process in reversed(processes):
            _stop(process)
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()
        if os.environ.get("DT_KEEP_TOPOLOGY"):
            print(f"topology kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
