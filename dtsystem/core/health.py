"""Readiness checks of the components a web replica needs: the database, Redis (when REDIS_URL is set) and
the file storage (the local MEDIA_ROOT or the S3 bucket). Each check answers (state, detail); the views
(dtsystem/core/views.py) turn them into the JSON of /readyz. Errors are logged in full and shown only by
their class name: the endpoint is open to the proxy and the orchestrator."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections

logger = logging.getLogger(__name__)

OK, FAILING, SKIPPED = "ok", "failing", "skipped"
REDIS_TIMEOUT_SECONDS = 1.0


@dataclass
class Check:
    name: str
    state: str
    ms: float = 0.0
    detail: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"status": self.state, "ms": round(self.ms, 1), **self.detail}


def _timed(name: str, probe) -> Check:
    started = time.perf_counter()
    try:
        state, detail = probe()
    except Exception as exc:  # any failure of a component makes the replica not ready
        logger.warning("readiness: %s failing: %s: %s", name, type(exc).__name__, exc)
        state, detail = FAILING, {"error": type(exc).__name__}
    return Check(name, state, (time.perf_counter() - started) * 1000, detail)


def _database():
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK, {"vendor": connections["default"].vendor}


def _redis():
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return SKIPPED, {"reason": "REDIS_URL not set"}
    import redis

    client = redis.Redis.from_url(
        url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()
    return OK, {}


def _storage():
    storage = default_storage
    bucket = getattr(storage, "bucket_name", None)
    if bucket:  # S3: the bucket must exist and answer to our credentials
        storage.connection.meta.client.head_bucket(Bucket=bucket)
        return OK, {"backend": "s3"}
    location = getattr(storage, "location", None)
    if location:
        os.makedirs(location, exist_ok=True)
        if not os.access(location, os.W_OK | os.X_OK):
            raise PermissionError(f"{location} is not writable")
        return OK, {"backend": "local"}
    storage.exists("readyz-probe")  # any other backend: one real round trip
    return OK, {"backend": type(storage).__name__}


CHECKS = {"database": _database, "redis": _redis, "storage": _storage}


def readiness() -> tuple[bool, dict]:
    checks = [_timed(name, probe) for name, probe in CHECKS.items()]
    ready = all(c.state != FAILING for c in checks)
    return ready, {
        "status": "ok" if ready else "unavailable",
        "checks": {c.name: c.as_dict() for c in checks},
    }
