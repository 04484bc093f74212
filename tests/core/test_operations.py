"""Liveness, readiness, request ids in responses and logs, and the Prometheus metrics."""

import io
import json
import logging
import socket

import pytest
from django.test import override_settings

from dtsystem.core import requestid
from dtsystem.core.requestid import JsonFormatter, RequestIdFilter
from tests.live import require
from tests.support.settings_probe import settings_under


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- liveness and readiness -------------------------------------------------------------------------


def test_liveness_answers_without_touching_the_database(client):
    # no db fixture: pytest-django makes any database access in this test an error
    for path in ("/healthz", "/healthz/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.json() == {"status": "ok"}


@pytest.mark.django_db
@override_settings(REDIS_URL="")
def test_ready_without_redis_reports_each_component(client):
    for path in ("/readyz", "/readyz/", "/health/"):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.json()
        assert body["status"] == "ok"
        assert body["checks"]["database"]["status"] == "ok"
        assert body["checks"]["redis"]["status"] == "skipped"
        assert body["checks"]["storage"] == {
            "status": "ok",
            "ms": body["checks"]["storage"]["ms"],
            "backend": "local",
        }
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_redis_down_makes_the_replica_not_ready(client):
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0"):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"]["status"] == "failing"
    assert body["checks"]["redis"]["error"] == "ConnectionError"
    assert body["checks"]["database"]["status"] == "ok"  # the others are still reported


@pytest.mark.django_db
def test_live_redis_is_ready(client):
    from tests.live import require_redis

    with override_settings(REDIS_URL=require_redis()):
        response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["redis"]["status"] == "ok"


@pytest.mark.django_db
def test_unwritable_storage_makes_the_replica_not_ready(client, tmp_path):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocked / "m"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, REDIS_URL=""):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["status"] == "failing"


def test_database_down_makes_the_replica_not_ready(client, monkeypatch):
    from dtsystem.core import health

    def broken():
        raise health.connections["default"].Database.OperationalError("server closed the connection")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    with override_settings(REDIS_URL=""):
        response = client.get("/readyz")
    assert response.status_code == 503
    database = response.json()["checks"]["database"]
    assert (database["status"], database["error"]) == ("failing", "OperationalError")


# --- request ids ------------------------------------------------------------------------------------


def test_a_well_formed_request_id_is_kept_and_echoed(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="req-0123.abc")
    assert response["X-Request-ID"] == "req-0123.abc"


@pytest.mark.parametrize("given", ["", "bad id with spaces", "x" * 129, 'quote"d', "line\nbreak"])
def test_a_missing_or_unsafe_request_id_is_replaced(client, given):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    made = response["X-Request-ID"]
    assert made != given and len(made) == 32 and int(made, 16) >= 0


def test_two_requests_get_two_ids(client):
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


@override_settings(INSTANCE_NAME="web-7")
def test_the_instance_answers_with_its_name():
    from django.test import Client

    assert Client().get("/healthz")["X-Served-By"] == "web-7"


@pytest.fixture
def json_log():
    """The JSON lines the handler of the settings writes, for the loggers of a request."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


@pytest.mark.django_db
def test_log_records_of_a_request_carry_its_id(client, json_log):
    response = client.get("/no-such-page-for-the-log/", HTTP_X_REQUEST_ID="trace-42")
    assert response.status_code == 404
    lines = [e for e in json_log() if "no-such-page-for-the-log" in e["message"]]
    assert lines, json_log()
    assert {e["request_id"] for e in lines} == {"trace-42"}
    assert lines[0]["level"] == "WARNING" and lines[0]["logger"] == "django.request"
    assert lines[0]["time"].endswith("+00:00")


def test_records_outside_a_request_carry_a_dash_and_tracebacks_are_kept(json_log):
    log = logging.getLogger("dtsystem.test")
    try:
        raise ValueError("hỏng rồi")
    except ValueError:
        log.exception("lỗi ngoài yêu cầu")
    (entry,) = [e for e in json_log() if e["logger"] == "dtsystem.test"]
    assert entry["request_id"] == "-"
    assert entry["message"] == "lỗi ngoài yêu cầu"
    assert "ValueError: hỏng rồi" in entry["exc"]


PRODUCTION = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "dt.example"}


def test_production_logs_json_with_the_request_id_and_keeps_nothing_in_process_memory():
    out = settings_under(
        dict(PRODUCTION, REDIS_URL="redis://cache.example:6380/3"),
        module="dtsystem.settings.production",
        expr="[s.LOGGING['handlers']['console']['formatter'], s.LOGGING['handlers']['console']['filters'],"
        " s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], s.SESSION_ENGINE,"
        " s.MIDDLEWARE[0], s.STORAGES['default']['BACKEND']]",
    )
    fmt, filters, cache, location, sessions, first, storage = json.loads(out)
    assert (fmt, filters) == ("json", ["request_id"])
    assert (cache, location) == (
        "django.core.cache.backends.redis.RedisCache",
        "redis://cache.example:6380/3",
    )
    assert sessions == "django.contrib.sessions.backends.db"
    assert first == "dtsystem.core.requestid.RequestIdMiddleware"
    assert storage == "django.core.files.storage.FileSystemStorage"  # no bucket: local files


def test_a_bucket_in_the_environment_puts_files_in_object_storage_behind_pgbouncer_settings():
    out = settings_under(
        dict(
            PRODUCTION,
            AWS_STORAGE_BUCKET_NAME="dt-files",
            S3_ENDPOINT_URL="http://s3.example:8333",
            AWS_ACCESS_KEY_ID="k",
            AWS_SECRET_ACCESS_KEY="s",
            DISABLE_SERVER_SIDE_CURSORS="true",
            LOG_FORMAT="text",
        ),
        module="dtsystem.settings.production",
        expr="[s.STORAGES['default'], s.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'],"
        " s.LOGGING['handlers']['console']['formatter']]",
    )
    storage, no_named_cursors, fmt = json.loads(out)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("dt-files", "http://s3.example:8333")
    assert (options["access_key"], options["secret_key"], options["addressing_style"]) == ("k", "s", "path")
    assert no_named_cursors is True
    assert fmt == "text"


def test_celery_publish_carries_the_current_request_id():
    headers = {}
    with requestid.request_id_scope("from-the-page"):
        requestid._on_publish(headers=headers)
    assert headers == {"request_id": "from-the-page"}
    empty = {}
    requestid._on_publish(headers=empty)  # outside a request: nothing to carry
    assert empty == {}


def test_a_worker_job_runs_under_the_id_of_the_request_that_started_it():
    from types import SimpleNamespace

    task = SimpleNamespace(request=SimpleNamespace(request_id="from-the-page", headers=None))
    requestid._on_prerun(task_id="t1", task=task)
    try:
        assert requestid.current_request_id() == "from-the-page"
    finally:
        requestid._on_postrun(task_id="t1")
    assert requestid.current_request_id() is None
    bare = SimpleNamespace(request=SimpleNamespace(headers={}))
    requestid._on_prerun(task_id="t2", task=bare)  # started by beat: its own id
    try:
        assert requestid.current_request_id() == "task-t2"
    finally:
        requestid._on_postrun(task_id="t2")


# --- metrics ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_metrics_expose_request_latency_queue_length_and_job_durations(client):
    from dtsystem.core.tasks import ping
    from tests.live import require_redis

    client.get("/healthz")
    ping.delay("metrics")  # eager here: the same signals as in a worker
    with override_settings(REDIS_URL=require_redis()):
        response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text
    assert 'view="healthz"' in text
    assert 'dtsystem_celery_queue_length{queue="celery"}' in text
    assert 'dtsystem_celery_task_duration_seconds_count{state="SUCCESS",task="core.ping"}' in text
    assert 'dtsystem_celery_tasks_total{state="SUCCESS",task="core.ping"}' in text


@override_settings(METRICS_TOKEN="s3cret-token", METRICS_ALLOWED_NETWORKS=["10.0.0.0/8"])
def test_metrics_need_the_token_or_an_allowed_network(client):
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.9").status_code == 403
    assert (
        client.get("/metrics", REMOTE_ADDR="192.0.2.9", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    )
    assert (
        client.get("/metrics", REMOTE_ADDR="192.0.2.9", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code
        == 200
    )
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403  # loopback not in this list


@override_settings(METRICS_TOKEN="", METRICS_ALLOWED_NETWORKS=["127.0.0.1/32"])
def test_without_a_token_only_the_networks_count(client):
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.2").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.2", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_a_postgresql_that_is_down_fails_readiness_fast():
    """A real connection attempt to a closed port (fresh interpreter, production settings): not ready,
    the other components still reported, within the connect timeout."""
    out = settings_under(
        dict(
            PRODUCTION,
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/dt_none",
            DATABASE_CONNECT_TIMEOUT="2",
        ),
        module="dtsystem.settings.production",
        expr="[s.DATABASES['default']['OPTIONS'], __import__('dtsystem.core.health', fromlist=['_']).readiness()]",
    )
    options, (ready, body) = json.loads(out)
    assert options == {"connect_timeout": 2, "options": "-c jit=off"}
    assert ready is False and body["status"] == "unavailable"
    assert body["checks"]["database"]["status"] == "failing"
    assert body["checks"]["database"]["error"] == "OperationalError"
    assert body["checks"]["database"]["ms"] < 5000
    assert body["checks"]["storage"]["status"] == "ok"


@pytest.mark.django_db
def test_the_applications_postgresql_connections_run_without_jit():
    """JIT adds 0.1–0.7 s to the dashboard's and lists' short statements at millions of tasks
    (docs/scaling.md): the application's own connections turn it off."""
    from django.db import connection

    require(connection.vendor == "postgresql", "JIT is PostgreSQL's: run with DATABASE_URL=postgres://...")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
