"""The steering committee dashboard page. Thin: parse the filters, read through selectors, let
dashboard.presenters turn the figures into what the template shows (each figure links to the task list
with the same filters, the same as_of and one timeliness), render. The figures' part of the page is
kept in the shared cache per scope, filters and data version (dashboard.page_cache): exact, and rendered
once between two writes however many people look."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dtsystem import policy
from dtsystem.common.as_of import default_as_of
from dtsystem.units.choices import UnitKind

from . import page_cache, presenters, selectors
from .forms import DashboardFilterForm, document_choices, period_choices


@login_required
@require_GET
def index(request):
    policy.require(request.user, policy.VIEW_DASHBOARD)
    form = DashboardFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    else:
        form.cleaned_data = {}
    filters = form.to_filters(default_as_of=default_as_of(request))
    content = page_cache.cached_html(
        page_cache.content_key(request, filters.as_of),
        lambda: render_to_string(
            "dashboard/_content.html", _content(request, form, filters), request=request
        ),
    )
    return render(request, "dashboard/index.html", {"content": content})


def _content(request, form: DashboardFilterForm, filters) -> dict:
    sort = selectors.normalize_sort(request.GET.get("sort"))
    data = selectors.dashboard_data(user=request.user, filters=filters, sort=sort)
    show_all = request.GET.get("league") == "all"
    context = presenters.dashboard_page(request.user, data, show_all_units=show_all)
    selected_document = form.cleaned_data.get("document")
    sort_query = request.GET.copy()
    sort_query.pop("sort", None)
    all_units_query = request.GET.copy()
    all_units_query["league"] = "all"
    context.update(
        {
            "form": form,
            "document_options": document_choices(selected_document),
            "selected_document_id": selected_document.pk if selected_document else None,
            "period_options": period_choices(filters.as_of),
            "unit_kind_options": UnitKind.choices,
            "sort_base": sort_query.urlencode(),
            "all_units_query": all_units_query.urlencode(),
            "league_columns": [
                ("unit", _("Đơn vị chủ trì")),
                ("assigned", _("Được giao")),
                ("done_on_time", _("Hoàn thành đúng hạn")),
                ("done_late", _("Hoàn thành quá hạn")),
                ("overdue", _("Quá hạn")),
                ("pct_on_time", _("% đúng hạn")),
            ],
        }
    )
    return context
