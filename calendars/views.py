"""The feed (no session: the secret token is the key, and it opens only this feed) and the owner's
create / revoke / regenerate buttons on the profile page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dtsystem.units.models import Unit

from . import presenters, selectors, services
from .models import CalendarFeed

BACK = "/accounts/profile/#calendar-feeds"


@require_GET
def feed(request, token: str):
    found = selectors.live_feed(token)
    if found is None:
        raise Http404(_("Liên kết lịch không tồn tại hoặc đã bị thu hồi."))
    body = presenters.feed_ics(found, selectors.feed_tasks(feed=found))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dtsystem.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def feed_create(request):
    unit = None
    raw = request.POST.get("unit") or ""
    if raw:
        if not raw.isdigit() or len(raw) > 18:
            messages.error(request, _("Đơn vị không hợp lệ."))
            return redirect(BACK)
        unit = get_object_or_404(Unit, pk=int(raw))
    try:
        services.calendar_feed_create(user=request.user, unit=unit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(BACK)
    messages.success(
        request, _("Đã tạo liên kết lịch. Sao chép địa chỉ vào Outlook, Thunderbird hoặc điện thoại.")
    )
    return redirect(BACK)


def _own_feed(request, pk: int) -> CalendarFeed:
    return get_object_or_404(CalendarFeed, pk=pk, owner=request.user, revoked_at__isnull=True)


@login_required
@require_POST
def feed_revoke(request, pk: int):
    services.calendar_feed_revoke(user=request.user, feed=_own_feed(request, pk))
    messages.success(request, _("Đã thu hồi liên kết lịch; địa chỉ cũ không còn dùng được."))
    return redirect(BACK)


@login_required
@require_POST
def feed_regenerate(request, pk: int):
    services.calendar_feed_regenerate(user=request.user, feed=_own_feed(request, pk))
    messages.success(request, _("Đã tạo địa chỉ mới; địa chỉ cũ không còn dùng được."))
    return redirect(BACK)
