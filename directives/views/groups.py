"""The POSTs of a task's family: the office confirms several children in one step, gives a group order
to members that joined the group later; a lead unit forwards its task down (giao lại)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dtsystem import policy

from .. import services
from ..forms import FORWARD_PREFIX, AddMembersForm, ChildrenConfirmForm, ForwardFormSet
from ..models import Task
from .common import attempt, load_task_detail, task_for_action
from .family import forward_targets
from .tasks import task_detail_context


def _again(request, pk: int, *, error: str, status: int, **forms):
    task = load_task_detail(request, pk)
    context = task_detail_context(request, task, action_error=error, **forms)
    return render(request, "directives/task_detail.html", context, status=status)


def _back(request, pk: int, message: str):
    messages.success(request, message)
    return redirect(reverse("directives:task_detail", args=[pk]) + "#children")


@login_required
@require_POST
def task_children_confirm(request, pk: int):
    """One POST confirms every child the office ticked (each gets its own history event)."""
    task = task_for_action(request, pk)
    policy.require(request.user, policy.TASK_CONFIRM_DONE, task)
    ids = list(task.children.values_list("pk", flat=True))
    form = ChildrenConfirmForm(request.POST, child_ids=ids)
    if not form.is_valid():
        return _again(
            request, pk, error=_("Hãy chọn ít nhất một nhiệm vụ đã báo cáo hoàn thành."), status=400
        )
    children = list(Task.objects.filter(pk__in=form.cleaned_data["children"]).select_related("lead_unit"))
    count, error, status = attempt(
        form, lambda: services.task_children_confirm(task=task, user=request.user, children=children)
    )
    if error:
        return _again(request, pk, error=error, status=status)
    return _back(request, pk, _("Đã xác nhận hoàn thành %(n)s nhiệm vụ.") % {"n": count})


@login_required
@require_POST
def task_group_add_members(request, pk: int):
    task = task_for_action(request, pk)
    policy.require(request.user, policy.MANAGE_DOCUMENTS)
    form = AddMembersForm(request.POST, units=services.group_members_not_given(task))
    error, status = _("Hãy chọn ít nhất một đơn vị để giao thêm."), 400
    if form.is_valid():
        created, error, status = attempt(
            form,
            lambda: services.group_add_members_to_task(
                task=task, user=request.user, units=form.selected_units()
            ),
        )
        if not error:
            return _back(request, pk, _("Đã giao thêm nhiệm vụ cho %(n)s đơn vị.") % {"n": len(created)})
    return _again(request, pk, error=error, status=status, add_members_form=form)


@login_required
@require_POST
def task_forward(request, pk: int):
    """The lead unit's leader splits the task into parts for its divisions or xã/phường."""
    task = task_for_action(request, pk)
    policy.require(request.user, policy.TASK_FORWARD, task)
    formset = ForwardFormSet(
        request.POST, prefix=FORWARD_PREFIX, form_kwargs={"targets": forward_targets(task)}
    )
    error, status = _("Hãy kiểm tra lại các phần việc giao lại."), 400
    if formset.is_valid():
        parts = [p for p in (form.part() for form in formset.forms) if p is not None]
        holder = formset.forms[0] if formset.forms else None
        created, error, status = attempt(
            holder, lambda: services.task_forward(task=task, user=request.user, parts=parts)
        )
        if not error:
            return _back(request, pk, _("Đã giao lại %(n)s phần việc.") % {"n": len(created)})
    return _again(request, pk, error=error, status=status, forward_formset=formset)
