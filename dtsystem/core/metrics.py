"""Prometheus metrics on /metrics: django-prometheus's request counters and latency histograms
(`django_http_requests_latency_seconds_by_view_method`, ...), plus the background work:

- `dtsystem_celery_queue_length{queue}`: messages waiting in each Celery queue (Redis LLEN, read at
  scrape time; nothing when REDIS_URL is unset and jobs run eagerly);
- `dtsystem_celery_task_duration_seconds{task,state}`: how long each job ran (task_prerun → task_postrun);
- `dtsystem_celery_tasks_total{task,state}`: jobs finished, by outcome.

Access (`metrics_allowed`): a request with `Authorization: Bearer $METRICS_TOKEN` when METRICS_TOKEN is set,
or one from an address in METRICS_ALLOWED_NETWORKS (default loopback only). Behind a reverse proxy on the
same host every request comes from loopback, so the proxy must refuse /metrics from outside (the nginx
configuration in deploy/ does) or METRICS_ALLOWED_NETWORKS must be emptied and the token used.

Several processes (gunicorn workers, a Celery worker on the same host or volume): set PROMETHEUS_MULTIPROC_DIR
to one shared, empty directory for all of them; /metrics then adds up every process's samples."""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import logging
import os
import time

from django.conf import settings
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

TASK_DURATION = Histogram(
    "dtsystem_celery_task_duration_seconds",
    "Duration of Celery jobs, by task name and final state.",
    ["task", "state"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600),
)
TASKS_TOTAL = Counter(
    "dtsystem_celery_tasks", "Celery jobs finished, by task name and state.", ["task", "state"]
)


class CeleryQueueCollector:
    """LLEN of each Celery queue in the Redis broker, read when Prometheus scrapes."""

    def describe(self):
        return [GaugeMetricFamily("dtsystem_celery_queue_length", "Messages waiting in a Celery queue.")]

    def collect(self):
        family = GaugeMetricFamily(
            "dtsystem_celery_queue_length", "Messages waiting in a Celery queue.", labels=["queue"]
        )
        url = getattr(settings, "REDIS_URL", "")
        if url:
            import redis

            client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
            try:
                for queue in celery_queues():
                    family.add_metric([queue], client.llen(queue))
            except redis.RedisError as exc:
                logger.warning("metrics: queue length unavailable: %s", exc)
            finally:
                client.close()
        yield family


def celery_queues() -> list[str]:
    names = {getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")}
    names.update(getattr(settings, "CELERY_METRICS_QUEUES", []))
    for route in (getattr(settings, "CELERY_TASK_ROUTES", None) or {}).values():
        if isinstance(route, dict) and route.get("queue"):
            names.add(route["queue"])
    return sorted(names)


_QUEUES = CeleryQueueCollector()
_started: dict[str, float] = {}


def _on_prerun(task_id=None, **kwargs):
    _started[task_id] = time.perf_counter()


def _on_postrun(task_id=None, task=None, state=None, **kwargs):
    started = _started.pop(task_id, None)
    if started is None:
        return
    name = getattr(task, "name", None) or "unknown"
    state = state or "UNKNOWN"
    seconds = time.perf_counter() - started
    TASK_DURATION.labels(task=name, state=state).observe(seconds)
    TASKS_TOTAL.labels(task=name, state=state).inc()
    logger.info("job %s %s finished %s in %.3f s", name, task_id, state, seconds)


def _serve_worker_metrics(**kwargs):
    """A Celery worker has no web server: with CELERY_METRICS_PORT set, its main process serves the job
    metrics of all its pool processes (PROMETHEUS_MULTIPROC_DIR) on that port, path /metrics."""
    port = os.environ.get("CELERY_METRICS_PORT")
    if not port:
        return
    from prometheus_client import start_http_server

    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    start_http_server(int(port), addr=os.environ.get("CELERY_METRICS_ADDRESS", "0.0.0.0"), registry=registry)
    logger.info("worker metrics on port %s", port)


def connect_celery_signals() -> None:
    from celery.signals import task_postrun, task_prerun, worker_ready

    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="dt_metrics_prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="dt_metrics_postrun")
    worker_ready.connect(_serve_worker_metrics, weak=False, dispatch_uid="dt_metrics_worker")


def register_collectors() -> None:
    """The queue collector joins the process registry once (multiprocess mode adds it per scrape)."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        with contextlib.suppress(ValueError):  # already registered (a second ready() in the same process)
            REGISTRY.register(_QUEUES)


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_QUEUES)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def metrics_allowed(request) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip(), token):
        return True
    try:
        address = ipaddress.ip_address(_client_address(request))
    except ValueError:
        return False
    for network in getattr(settings, "METRICS_ALLOWED_NETWORKS", []):
        try:
            if address in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            logger.warning("METRICS_ALLOWED_NETWORKS: %r is not a network", network)
    return False
