"""Work queues: "Việc của đơn vị tôi" (the tasks a user's units lead, as cards grouped by timeliness,
with quick progress, report-done and extension forms; the tasks they coordinate) and the office's
approval queue (completion reports and extension requests)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dtsystem import policy
from dtsystem.common.as_of import default_as_of
from dtsystem.units.choices import Role
from dtsystem.units.selectors import memberships_for_user

from .. import presenters, selectors
from ..choices import ExtensionStatus, TaskStatus
from ..models import ExtensionRequest, Task


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
    groups, coordinated = [], []
    if unit_ids:
        base = selectors.in_scope(selectors.task_list(user=request.user, as_of=default_as_of(request)))
        led = list(_with_pending_extension(base.filter(lead_unit_id__in=unit_ids)))
        groups = presenters.my_task_groups(request.user, led, next_url=reverse("directives:my_tasks"))
        through = Task.coordinating_units.through.objects.filter(task_id=OuterRef("pk"), unit_id__in=unit_ids)
        coordinated = presenters.label_timeliness(
            list(base.exclude(lead_unit_id__in=unit_ids).filter(Exists(through)))
        )
    return render(
        request,
        "directives/my_tasks.html",
        {
            "groups": groups,
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
    reports = presenters.label_timeliness(list(selectors.completion_reports(user=request.user)))
    extensions = list(selectors.pending_extensions(user=request.user))
    return render(
        request,
        "directives/approval_queue.html",
        {
            "reports": reports,
            "extensions": extensions,
            "waiting": presenters.approval_groups(reports, extensions),
            "confirm_to": TaskStatus.DONE,
            "reopen_to": TaskStatus.IN_PROGRESS,
        },
    )
