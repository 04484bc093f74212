from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dtsystem.common import as_of


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


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
