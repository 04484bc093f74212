"""Task pages: the list (filters, timeliness counts, ?as_of=), one task with its history and the forms
of the actions the user may take, the edit form, and the evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dtsystem import policy

from .. import presenters, rollups, saved_filters, selectors, services
from ..choices import TaskKind
from ..filters import TaskFilterSet
from ..forms import (
    ContributionForm,
    ExtensionRequestForm,
    ProgressWithFilesForm,
    ReasonForm,
    TaskRowForm,
    UnitChoices,
)
from ..models import Attachment, InputRequest, Task
from .common import (
    as_of,
    attempt,
    load_task_detail,
    next_url,
    page_of,
    querystring,
    task_for_action,
)
from .family import family_context

# Query parameters that do not narrow the list's counts (the count tiles are those of every timeliness).
NOT_FILTERS = {"timeliness", "page", "as_of"}


def _rollups_answer(request, at) -> bool:
    """The count tiles of the whole, unfiltered list of a user who sees every task come from the dashboard
    rollups (directives.rollups: one GROUP BY over a few thousand rows instead of every task)."""
    if any(value for key, value in request.GET.items() if key not in NOT_FILTERS):
        return False
    return policy.actor_for(request.user).sees_everything and rollups.answers(at)


@login_required
@require_GET
def task_list(request):
    at = as_of(request)
    base = selectors.task_list(user=request.user, as_of=at)
    filterset = TaskFilterSet(request.GET, queryset=base)
    without_timeliness = request.GET.copy()
    without_timeliness.pop("timeliness", None)
    if _rollups_answer(request, at):
        counts, rows_without_timeliness = rollups.timeliness_totals(at)
    else:
        counts, rows_without_timeliness = selectors.timeliness_groups(
            TaskFilterSet(without_timeliness, queryset=base).qs
        )
    chosen = set(request.GET.getlist("timeliness")) & set(counts)
    # The list's length is known from the same GROUP BY: no second pass over the tasks for COUNT(*).
    known_count = sum(counts[v] for v in chosen) if chosen else rows_without_timeliness
    page = page_of(request, filterset.qs, count=known_count if filterset.is_valid() else None)
    selectors.apply_group_rollups(page.object_list, as_of=at)
    presenters.label_timeliness(page.object_list)
    return render(
        request,
        "directives/task_list.html",
        {
            "filter": filterset,
            "page": page,
            "as_of": at,
            "count_links": presenters.timeliness_counts(
                counts, chosen, lambda value: querystring(request, timeliness=value)
            ),
            "all_query": querystring(request, timeliness=None),
            "total": sum(counts.values()),
            "document_choices": selectors.document_choices(selected=request.GET.get("document")),
            # the user's saved filters: one query, bounded (saved_filters.MAX_SAVED_FILTERS per user)
            "saved_filters": list(saved_filters.saved_filter_list(user=request.user)),
            "current_query": querystring(request),
        },
    )


def task_detail_context(request, task: Task, **forms) -> dict:
    """The task page: what presenters.task_page shows, the action forms (those that failed keep their
    input) and where the forms come back to."""
    at = as_of(request)
    page = presenters.task_page(request.user, task)  # the actions follow the stored status
    family = family_context(request, task, at=at, **forms)
    if task.kind == TaskKind.GROUP:
        selectors.apply_group_rollups([task], as_of=at)  # shown: the children's figures
        presenters.label_timeliness([task])
    return {
        **page,
        **family,
        "progress_form": forms.get("progress_form")
        or ProgressWithFilesForm(initial={"percent": task.progress}),
        "extension_form": forms.get("extension_form") or ExtensionRequestForm(),
        "reason_form": forms.get("reason_form") or ReasonForm(),
        **presenters.task_inputs(request.user, task),
        "contribution_form": forms.get("contribution_form") or ContributionForm(),
        "failed_action": forms.get("failed_action", ""),
        "action_error": forms.get("action_error", ""),
        "next": request.get_full_path()
        if request.method == "GET"
        else next_url(request, reverse("directives:task_detail", args=[task.pk])),
    }


@login_required
@require_GET
def task_detail(request, pk: int):
    task = load_task_detail(request, pk, at=as_of(request))
    return render(request, "directives/task_detail.html", task_detail_context(request, task))


@login_required
def task_edit(request, pk: int):
    task = task_for_action(request, pk)
    policy.require(request.user, policy.TASK_EDIT, task)
    year = presenters.ref_year(task.document.issue_year, task.document.meeting_date)
    units = UnitChoices(include_ids={task.lead_unit_id} | {u.pk for u in task.coordinating_units.all()})
    initial = TaskRowForm.initial_for(task, presenters.explicit_due(task, year))
    error = ""
    if request.method == "POST":
        form = TaskRowForm(request.POST, initial=initial, units=units)
        if form.is_valid() and form.cleaned_data.get("version") is None:
            form.add_error(None, _("Thiếu phiên bản của nhiệm vụ; hãy tải lại trang rồi nhập lại."))
        if form.is_valid():
            row = form.service_row(is_new=False)
            coordinating = row.pop("coordinating_units")
            _result, error, _status = attempt(
                form,
                lambda: services.task_update(
                    user=request.user,
                    task=task,
                    version=form.cleaned_data["version"],
                    coordinating_units=coordinating,
                    **row,
                ),
            )
            if not error:
                messages.success(request, _("Đã lưu thay đổi của nhiệm vụ."))
                return redirect("directives:task_detail", pk=task.pk)
        elif not error:
            error = _("Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.")
        form.preview = presenters.form_preview(form, year)
    else:
        form = TaskRowForm(initial=initial, units=units)
        form.preview = presenters.current_deadline(task)
    return render(
        request,
        "directives/task_form.html",
        {"task": task, "form": form, "error": error, "ref_year": year, "unit_search": units.search},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def attachment_download(request, pk: int):
    """An evidence file, only to users who may see its task (document files: any signed-in user)."""
    attachment = get_object_or_404(Attachment.objects.select_related("task"), pk=pk)
    if attachment.task_id is not None and not policy.may(request.user, policy.TASK_VIEW, attachment.task):
        raise Http404(_("Không tìm thấy tệp."))
    if attachment.contribution_id is not None:  # a coordinating unit's file: as its contribution is read
        request_row = InputRequest.objects.select_related("task").get(
            contributions=attachment.contribution_id
        )
        if not policy.may(request.user, policy.INPUT_VIEW, request_row):
            raise Http404(_("Không tìm thấy tệp."))
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("Không tìm thấy tệp.")) from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
