"""The POSTs of the task page and of the task cards: report progress (with evidence files), change the
status, ask for an extension, decide an extension. Each parses its form, calls one service and goes
back where the user came from; a refusal re-renders the page (or the htmx card) with the form's input
and the message (403 not allowed, 400 invalid input, 409 not possible in the task's state)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dtsystem import policy
from dtsystem.units.models import Unit

from .. import selectors, services
from ..choices import TaskStatus
from ..forms import ContributionForm, ExtensionRequestForm, ProgressWithFilesForm, ReasonForm
from ..models import ExtensionRequest
from .common import attempt, load_task_detail, next_url, task_for_action
from .queues import render_my_task_card
from .tasks import task_detail_context


def _render_action_error(request, task_pk: int, *, error: str = "", status: int = 400, **forms):
    """Re-render the task page with the form that failed (its input kept) and the message."""
    if request.htmx and request.POST.get("card"):
        return render_my_task_card(request, task_pk, error=error, **forms)
    task = load_task_detail(request, task_pk)
    context = task_detail_context(request, task, action_error=error, **forms)
    return render(request, "directives/task_detail.html", context, status=status)


def _done(request, task_pk: int, message: str):
    """After a successful action: back to where the user came from, with the message."""
    if request.htmx and request.POST.get("card"):
        return render_my_task_card(request, task_pk, success=message)
    messages.success(request, message)
    return redirect(next_url(request, reverse("directives:task_detail", args=[task_pk])))


def _submit(request, pk: int, form, *, call, done, failed_action: str, invalid: str):
    """A task action with a form: the service call when the input is valid, then back with the message
    `done(cleaned_data)`; else the page again with the form, its errors and the message (`invalid` when
    the form itself was not valid)."""
    error, status = "", 400
    if form.is_valid():
        _result, error, status = attempt(form, lambda: call(form.cleaned_data))
        if not error:
            return _done(request, pk, done(form.cleaned_data))
    return _render_action_error(
        request,
        pk,
        error=error or invalid,
        status=status,
        failed_action=failed_action,
        **{f"{failed_action}_form": form},
    )


@login_required
@require_POST
def task_report_progress(request, pk: int):
    task = task_for_action(request, pk)
    policy.require(request.user, policy.TASK_REPORT_PROGRESS, task)  # 403 before looking at the input
    return _submit(
        request,
        pk,
        ProgressWithFilesForm(request.POST, request.FILES),
        call=lambda data: services.task_report_progress(
            task=task,
            user=request.user,
            percent=data["percent"],
            note=data["note"],
            files=data["files"],
            version=data.get("version"),
            contributions=data.get("contributions") or (),
        ),
        done=lambda data: _("Đã ghi nhận báo cáo tiến độ %(percent)s%%.") % {"percent": data["percent"]},
        failed_action="progress",
        invalid=_("Chưa gửi được báo cáo tiến độ: hãy kiểm tra các ô được đánh dấu."),
    )


@login_required
@require_POST
def contribution_create(request, pk: int):
    """A coordinating unit sends its input on the task (ý kiến phối hợp)."""
    task = task_for_action(request, pk)
    services.contribution_require_member(user=request.user, task=task)  # 403 before looking at the input
    form = ContributionForm(request.POST, request.FILES)
    unit = None
    if form.is_valid() and form.cleaned_data.get("unit"):
        unit = Unit.objects.filter(pk=form.cleaned_data["unit"]).first()
        if unit is None:
            form.add_error("unit", _("Không tìm thấy đơn vị."))
    return _submit(
        request,
        pk,
        form,
        call=lambda data: services.contribution_submit(
            user=request.user, task=task, text=data["text"], files=data["files"], unit=unit
        ),
        done=lambda data: _("Đã gửi ý kiến phối hợp; đơn vị chủ trì sẽ thấy ngay trên trang nhiệm vụ."),
        failed_action="contribution",
        invalid=_("Chưa gửi được ý kiến phối hợp: hãy kiểm tra các ô được đánh dấu."),
    )


@login_required
@require_POST
def task_request_extension(request, pk: int):
    task = task_for_action(request, pk)
    policy.require(request.user, policy.TASK_REQUEST_EXTENSION, task)  # 403 before looking at the input
    return _submit(
        request,
        pk,
        ExtensionRequestForm(request.POST),
        call=lambda data: services.task_request_extension(
            task=task, user=request.user, new_due_date=data["new_due_date"], reason=data["reason"]
        ),
        done=lambda data: _("Đã gửi đề nghị gia hạn; Văn phòng sẽ xem xét."),
        failed_action="extension",
        invalid=_("Chưa gửi được đề nghị gia hạn: hãy kiểm tra các ô được đánh dấu."),
    )


@login_required
@require_POST
def task_transition(request, pk: int, to: str):
    task = task_for_action(request, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    _result, error, status = attempt(
        form, lambda: services.task_transition(task=task, user=request.user, to=to, reason=reason)
    )
    if error:
        return _render_action_error(
            request, pk, error=error, status=status, reason_form=form, failed_action=to
        )
    return _done(request, pk, _("Nhiệm vụ đã chuyển sang “%(status)s”.") % {"status": TaskStatus(to).label})


def _extension_decide(request, pk: int, *, approve: bool):
    visible = selectors.task_queryset(user=request.user).values("pk")
    extension = get_object_or_404(
        ExtensionRequest.objects.select_related("task").filter(task__in=visible), pk=pk
    )
    policy.require(request.user, policy.DECIDE_EXTENSIONS)  # 403 before looking at the input
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    decide = services.extension_approve if approve else services.extension_reject
    _result, error, status = attempt(
        form, lambda: decide(extension=extension, user=request.user, reason=reason)
    )
    if status == 409:
        return _render_action_error(request, extension.task_id, error=error, status=409)
    if error:
        failed_action = "approve" if approve else "reject"
        return _render_action_error(
            request, extension.task_id, error=error, reason_form=form, failed_action=failed_action
        )
    message = (
        _("Đã đồng ý gia hạn đến %(date)s.") % {"date": extension.new_due_date.strftime("%d/%m/%Y")}
        if approve
        else _("Đã từ chối đề nghị gia hạn.")
    )
    return _done(request, extension.task_id, message)


@login_required
@require_POST
def extension_approve(request, pk: int):
    return _extension_decide(request, pk, approve=True)


@login_required
@require_POST
def extension_reject(request, pk: int):
    return _extension_decide(request, pk, approve=False)
