"""docker-compose.yml describes the topology the topology test runs (`docker compose config` checks it
fully where Docker is installed; this checks what the stack promises without Docker)."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_two_web_replicas_behind_nginx_with_pgbouncer_minio_redis_worker_and_beat(compose):
    services = compose["services"]
    for name in (
        "nginx",
        "web1",
        "web2",
        "pgbouncer",
        "db",
        "minio",
        "createbucket",
        "redis",
        "worker",
        "beat",
    ):
        assert name in services, name
    nginx_conf = (ROOT / "deploy/nginx/nginx.conf").read_text()
    assert "server web1:8000" in nginx_conf and "server web2:8000" in nginx_conf
    assert "include /etc/nginx/dtsystem-locations.conf;" in nginx_conf
    mounts = " ".join(services["nginx"]["volumes"])
    assert "deploy/nginx/nginx.conf" in mounts and "deploy/nginx/dtsystem-locations.conf" in mounts
    assert "pool_mode = transaction" in (ROOT / "deploy/pgbouncer/pgbouncer.ini").read_text()


@pytest.mark.parametrize("service", ["web1", "web2", "worker", "beat"])
def test_every_process_shares_the_pool_the_broker_and_the_bucket(compose, service):
    env = compose["services"][service]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "dtsystem.settings.production"
    assert "@pgbouncer:6432/" in env["DATABASE_URL"]
    assert env["DISABLE_SERVER_SIDE_CURSORS"] == "true"
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert env["AWS_STORAGE_BUCKET_NAME"] == "dtsystem" and env["S3_ENDPOINT_URL"] == "http://minio:9000"
    assert "MEDIA_ROOT" not in env  # no replica keeps files of its own


def test_replicas_are_told_apart_and_checked_by_readiness(compose):
    services = compose["services"]
    assert services["web1"]["environment"]["INSTANCE_NAME"] == "web1"
    assert services["web2"]["environment"]["INSTANCE_NAME"] == "web2"
    for name in ("web1", "web2"):
        assert "/readyz" in " ".join(services[name]["healthcheck"]["test"])
        assert services["nginx"]["depends_on"][name]["condition"] == "service_healthy"


def test_migrations_run_once_straight_to_postgresql(compose):
    migrate = compose["services"]["migrate"]
    assert "@db:5432/" in migrate["environment"]["DATABASE_URL"]
    assert "migrate" in migrate["command"]
    for name in ("web1", "web2", "worker", "beat"):
        assert (
            compose["services"][name]["depends_on"]["migrate"]["condition"]
            == "service_completed_successfully"
        )


@pytest.mark.skipif(
    shutil.which("docker") is None
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="docker compose is not installed: the structure above is checked without it",
)
def test_docker_compose_config_is_valid():
    out = subprocess.run(["docker", "compose", "config", "--quiet"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
