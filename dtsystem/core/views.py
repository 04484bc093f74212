"""The ground's own endpoints for the proxy, the orchestrator and Prometheus (README, "Operations").

- `/healthz` (also `/healthz/`): liveness, the process answers; touches nothing else (no database).
- `/readyz` (also `/readyz/`, and `/health/`, the contract's health endpoint for proxies): readiness, the
  database, Redis when REDIS_URL is set and the file storage; 200 when all are usable, 503 otherwise,
  with each component's state in the JSON.
- `/metrics`: Prometheus exposition, only with the token or from an allowed network (dtsystem/core/metrics.py).
"""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health, metrics


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    ready, body = health.readiness()
    return JsonResponse(body, status=200 if ready else 503)


@never_cache
@require_GET
def metrics_view(request):
    if not metrics.metrics_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    from prometheus_client import CONTENT_TYPE_LATEST

    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
