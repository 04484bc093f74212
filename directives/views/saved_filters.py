"""The task list's saved filters: "Lưu bộ lọc" (the current query string under a name) and delete.
Both answer with a redirect to the task list and a message (directives.saved_filters does the work)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import saved_filters
from .common import error_text


def _list_url(querystring: str) -> str:
    url = reverse("directives:task_list")
    return f"{url}?{querystring}" if querystring else url


@login_required
@require_POST
def saved_filter_create(request):
    raw = request.POST.get("querystring", "")
    try:
        saved = saved_filters.saved_filter_create(
            user=request.user, name=request.POST.get("name", ""), querystring=raw
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        try:
            back = saved_filters.normalise_querystring(raw)
        except ValidationError:
            back = ""
        return redirect(_list_url(back))
    messages.success(request, _("Đã lưu bộ lọc “%(name)s”.") % {"name": saved.name})
    return redirect(_list_url(saved.querystring))


@login_required
@require_POST
def saved_filter_delete(request, pk: int):
    saved = get_object_or_404(saved_filters.saved_filter_list(user=request.user), pk=pk)
    saved_filters.saved_filter_delete(user=request.user, saved_filter=saved)
    messages.success(request, _("Đã xóa bộ lọc “%(name)s”.") % {"name": saved.name})
    return redirect(reverse("directives:task_list"))
