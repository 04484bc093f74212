"""The ground's own endpoints for the proxy, the orchestrator and Prometheus (README, "Operations").

- `/healthz` (also `/healthz/`): liveness, the process answers; touches nothing else (no database).
- `/readyz` (also `/readyz/`, and `/health/`, the contract's health endpoint for proxies): readiness, the
  database, Redis when REDIS_URL is set and the file storage; 200 when all are usable, 503 otherwise,
  with each component's state in the JSON.
- `/metrics`: Prometheus exposition, only with the token or from an allowed network (dtsystem/core/metrics.py).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dtsystem.common import as_of

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


@require_GET
def favicon(request):
    """/favicon.ico, for the clients that ask for it without reading the page's <link rel=icon>."""
    return redirect(static("favicon.ico"), permanent=True)


@login_required
@require_POST
def as_of_switch(request):
    """The demo banner's button: this session's pages count at today (`to=today`) or at the demo's day
    again (`to=demo`). Only where settings.DEMO_AS_OF is set; it changes the visitor's own session only."""
    if getattr(settings, "DEMO_AS_OF", None) is None:
        raise Http404(_("Không ở chế độ trình diễn."))
    request.session[as_of.SESSION_KEY] = request.POST.get("to") == "today"
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
