"""The "Việc cần xử lý" page: the signed-in user's own items grouped by kind; mark one or all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .choices import InboxKind
from .filters import InboxFilterSet


@login_required
@require_GET
def index(request):
    """Every kind, or the one of ?kind= (InboxFilterSet, as the API); a bad value is a Vietnamese error."""
    filterset = InboxFilterSet(request.GET or None, queryset=selectors.inbox_items(user=request.user))
    kind = None
    if filterset.is_bound and filterset.is_valid():
        kind = filterset.form.cleaned_data.get("kind") or None
    groups = selectors.inbox_groups(user=request.user, kinds=[kind] if kind else None)
    return render(
        request,
        "inbox/index.html",
        {
            "groups": groups,
            "unread_total": request.user.inbox_unread,
            "filter": filterset,
            "kind": kind,
        },
    )


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark one item read; with ?open=1 (the item's link) go on to what it is about."""
    item = get_object_or_404(selectors.inbox_items(user=request.user), pk=pk)
    services.inbox_mark_read(user=request.user, item=item)
    target = request.POST.get("next") or ""
    if request.POST.get("open") and item.url:
        target = item.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("inbox:index")


@login_required
@require_POST
def mark_all_read(request):
    kind = request.POST.get("kind") or None
    if kind is not None and kind not in InboxKind.values:
        messages.error(request, _("Loại việc không hợp lệ."))
        return redirect("inbox:index")
    marked = services.inbox_mark_all_read(user=request.user, kind=kind)
    messages.success(request, _("Đã đánh dấu %(n)s việc là đã đọc.") % {"n": marked})
    return redirect("inbox:index")
