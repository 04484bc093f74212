"""Work queues: "Việc của đơn vị tôi" (the tasks a user's units lead, as cards grouped by timeliness,
with quick progress, report-done and extension forms; the tasks they coordinate) and the office's
approval queue (completion reports and extension requests); "Ý kiến phối hợp" (the input requests a
user's units owe as coordinating units, and those on the tasks they lead)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from dtsystem import policy
from dtsystem.common.as_of import default_as_of
from dtsystem.units.choices import Role
from dtsystem.units.models import Unit
from dtsystem.units.selectors import memberships_for_user

from .. import presenters, selectors
from ..choices import ExtensionStatus, InputRequestStatus, TaskStatus
from ..filters import InputRequestFilterSet
from ..models import ExtensionRequest
from .common import page_of, querystring

# "Việc của đơn vị tôi" never renders thousands of cards: the first cards of each open timeliness group
# (with the group's count and a link to its own pages; a done group, folded, only its count and link), or
# one page of one group; the tasks the units coordinate a page at a time, as every task list.
GROUP_PREVIEW = 10
CARDS_PER_PAGE = 25
COORDINATED_PER_PAGE = 25
ROWS_PER_PAGE = 50


def _with_pending_extension(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "extension_requests",
            queryset=ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING),
            to_attr="pending_extensions",
        )
    )


def render_my_task_card(request, pk: int, *, success: str = "", error: str = "", **forms):
    """One card of "Việc của đơn vị tôi", re-rendered for htmx after an action on it."""
    task = _with_pending_extension(selectors.task_list(user=request.user)).get(pk=pk)
    presenters.label_timeliness([task])
    context = presenters.task_card(request.user, task, next_url=reverse("directives:my_tasks"))
    context.update(
        success=success,
        error=error,
        progress_form=forms.get("progress_form"),
        extension_form=forms.get("extension_form"),
        failed_action=forms.get("failed_action", ""),
    )
    return render(request, "directives/_my_task_card.html", context)


def _member_units(user):
    seen, units = set(), []
    for membership in memberships_for_user(user=user):
        if membership.role in (Role.LEAD, Role.STAFF) and membership.unit_id not in seen:
            seen.add(membership.unit_id)
            units.append(membership.unit)
    return units


@login_required
@require_GET
def my_tasks(request):
    unit_ids = policy.actor_for(request.user).member_unit_ids
    groups, coordinated, chosen, group_page = [], None, None, None
    if unit_ids:
        today = default_as_of(request)
        led, coordinated_tasks = selectors.my_unit_tasks(user=request.user, as_of=today)
        counts = selectors.led_timeliness_counts(led, unit_ids=unit_ids, as_of=today)
        chosen = request.GET.get("group") if request.GET.get("group") in counts else None
        if chosen:
            group_page = page_of(
                request,
                _with_pending_extension(led.filter(selectors.timeliness_q(chosen, today))),
                per_page=CARDS_PER_PAGE,
                count=counts[chosen],
            )
            shown = group_page.object_list
        else:
            shown = list(
                _with_pending_extension(
                    selectors.first_of_each_timeliness(
                        led, per_group=GROUP_PREVIEW, groups=presenters.OPEN_GROUPS
                    )
                )
            )
        groups = presenters.my_task_groups(
            request.user,
            shown,
            next_url=request.get_full_path(),
            counts=counts,
            chosen=chosen,
            query_for=lambda value: querystring(request, group=value),
        )
        coordinated = page_of(request, coordinated_tasks, per_page=COORDINATED_PER_PAGE, param="coord_page")
        presenters.label_timeliness(coordinated.object_list)
    return render(
        request,
        "directives/my_tasks.html",
        {
            "groups": groups,
            "chosen": chosen,
            "group_page": group_page,
            "overview_query": querystring(request, group=None),
            "coordinated": coordinated,
            "units": _member_units(request.user),
            "has_units": bool(unit_ids),
        },
    )


@login_required
@require_GET
def approval_queue(request):
    if not policy.may(request.user, policy.DECIDE_EXTENSIONS):
        raise PermissionDenied(_("Chỉ Văn phòng được duyệt báo cáo hoàn thành và đề nghị gia hạn."))
    # The counts by lead unit ("Chờ xác nhận") also give each list its length: no COUNT(*) of its own.
    report_totals, extension_totals = selectors.waiting_by_unit(user=request.user)
    reports = page_of(
        request,
        selectors.completion_reports(user=request.user),
        per_page=ROWS_PER_PAGE,
        count=sum(report_totals.values()),
    )
    presenters.label_timeliness(reports.object_list)
    extensions = page_of(
        request,
        selectors.pending_extensions(user=request.user),
        per_page=ROWS_PER_PAGE,
        param="ext_page",
        count=sum(extension_totals.values()),
    )
    waiting = presenters.approval_groups(
        reports.object_list,
        extensions.object_list,
        report_totals=report_totals,
        extension_totals=extension_totals,
        units=Unit.objects.only("pk", "name").in_bulk(set(report_totals) | set(extension_totals)),
        show_all=request.GET.get("waiting") == "all",
    )
    all_waiting_query = request.GET.copy()
    all_waiting_query["waiting"] = "all"
    return render(
        request,
        "directives/approval_queue.html",
        {
            "reports": reports,
            "extensions": extensions,
            "waiting": waiting,
            "all_waiting_query": all_waiting_query.urlencode(),
            "confirm_to": TaskStatus.DONE,
            "reopen_to": TaskStatus.IN_PROGRESS,
        },
    )


INPUT_VIEWS = {
    "mine": gettext_lazy("Đơn vị tôi cần góp ý"),
    "all": gettext_lazy("Tất cả ý kiến tôi được xem"),
}


@login_required
@require_GET
def input_request_list(request):
    """ "Ý kiến phối hợp": what the user's units owe as coordinating units (default), or every input request
    the user may read (the tasks their units lead; everything for the office and the committee)."""
    actor = policy.actor_for(request.user)
    view = request.GET.get("view")
    if view not in INPUT_VIEWS:
        view = "mine" if actor.member_unit_ids else "all"
    filters = InputRequestFilterSet(
        request.GET, queryset=selectors.input_request_list(user=request.user, mine=view == "mine")
    )
    # an unknown status shows every request (the links only offer the known ones)
    status = request.GET.get("status") if filters.is_valid() and request.GET.get("status") else None
    qs = filters.qs if filters.is_valid() else filters.queryset
    page = page_of(request, qs)
    return render(
        request,
        "directives/input_request_list.html",
        {
            "page": page,
            "view": view,
            "views": [
                {"key": key, "label": label, "query": querystring(request, view=key, status=None)}
                for key, label in INPUT_VIEWS.items()
            ],
            "status": status,
            "statuses": [
                {"value": value, "label": label, "query": querystring(request, status=value)}
                for value, label in InputRequestStatus.choices
            ],
            "all_statuses_query": querystring(request, status=None),
            "page_query": querystring(request),
            "has_units": bool(actor.member_unit_ids),
        },
    )
