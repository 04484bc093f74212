"""Notice pages: the list, one notice with its tasks, and the notice form with its task rows (create
and edit in one transaction; htmx adds rows and previews what a deadline phrase means)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dtsystem import policy
from dtsystem.common.filters import parse_as_of

from .. import presenters, selectors, services
from ..filters import DocumentFilterSet
from ..forms import TASK_ROWS_PREFIX, DocumentForm, ReasonForm, TaskRowForm, TaskRowFormSet, UnitChoices
from ..models import Document
from .common import as_of, attempt, page_of, to_int

TASK_ORDER = ("position", "recurrence_parent_id", "period_label", "id")


@login_required
@require_GET
def document_list(request):
    filterset = DocumentFilterSet(request.GET, queryset=selectors.document_list(user=request.user))
    return render(
        request,
        "directives/document_list.html",
        {
            "filter": filterset,
            "page": page_of(request, filterset.qs),
            "may_manage": policy.may(request.user, policy.MANAGE_DOCUMENTS),
        },
    )


# A document's tasks, one page at a time (a plan may hold thousands).
TASKS_PER_PAGE = 50


def _labelled(page, at):
    selectors.apply_group_rollups(page.object_list, as_of=at)  # a group order shows its children's figures
    presenters.label_timeliness(page.object_list)
    return page


def _document_page(request, pk: int, *, cancel_form=None, error: str = "", status: int = 200):
    document = get_object_or_404(
        selectors.document_list(user=request.user).select_related("cancelled_by"), pk=pk
    )
    at = as_of(request)
    tasks = selectors.task_list(user=request.user, as_of=at).filter(document=document).order_by(*TASK_ORDER)
    if policy.may(request.user, policy.VIEW_ALL):
        tasks = tasks.filter(parent__isnull=True)  # members and sub-tasks: on their parent's page
    may_manage = policy.may(request.user, policy.MANAGE_DOCUMENTS)
    return render(
        request,
        "directives/document_detail.html",
        {
            "document": document,
            "tasks": _labelled(page_of(request, tasks, per_page=TASKS_PER_PAGE), at),
            "attachments": list(document.attachments.filter(task__isnull=True)),
            "as_of": at,
            "may_manage": may_manage and not document.is_cancelled,
            "cancel_form": cancel_form or ReasonForm(),
            "cancel_error": error,
        },
        status=status,
    )


@login_required
@require_GET
def document_detail(request, pk: int):
    return _document_page(request, pk)


@login_required
@require_POST
def document_cancel(request, pk: int):
    """Withdraw the document with a reason (its open tasks are cancelled; nothing is deleted)."""
    policy.require(request.user, policy.MANAGE_DOCUMENTS)
    document = get_object_or_404(selectors.document_list(user=request.user), pk=pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    _done, error, status = attempt(
        form,
        lambda: services.document_cancel(
            user=request.user, document=document, reason=form.cleaned_data.get("reason", "")
        ),
    )
    if error:
        return _document_page(request, pk, cancel_form=form, error=error, status=status)
    messages.success(
        request,
        _("Đã hủy văn bản %(code)s; các nhiệm vụ chưa xong đã được hủy theo.") % {"code": document.code},
    )
    return redirect("directives:document_detail", pk=pk)


def _rows_for_service(formset, *, editing: bool) -> list[dict]:
    rows = []
    for form in formset.forms:
        if formset._should_delete_form(form):
            continue
        task_id = form.cleaned_data.get("id")
        if not task_id and not form.has_changed():
            continue  # a blank row that was added and left empty
        row = form.service_row(is_new=not task_id)
        if editing and task_id:
            row["id"] = task_id
            row["version"] = form.cleaned_data.get("version")
        rows.append(row)
    return rows


def _save(request, *, document: Document | None, form, formset) -> tuple[Document, str]:
    """Create or update the notice with its rows (one service call); the message to show."""
    rows = _rows_for_service(formset, editing=document is not None)
    if document is not None:
        saved = services.document_update(
            user=request.user,
            document=document,
            version=form.cleaned_data["version"],
            data=form.service_data(),
            tasks=rows,
        )
        return saved, _("Đã lưu thay đổi của văn bản %(code)s.") % {"code": saved.code}
    saved = services.document_create(user=request.user, data=form.service_data(), tasks=rows)
    return saved, _("Đã tạo văn bản %(code)s với %(count)s nhiệm vụ.") % {
        "code": saved.code,
        "count": len(rows),
    }


def _document_form_page(request, *, document: Document | None):
    policy.require(request.user, policy.MANAGE_DOCUMENTS)
    editing = document is not None
    tasks = []
    if editing:
        # The document's orders; group members and sub-tasks are kept on their parent's page.
        tasks = list(
            selectors.task_list(user=request.user)
            .filter(document=document, parent__isnull=True)
            .order_by(*TASK_ORDER)
        )
    tasks_by_id = {task.pk: task for task in tasks}
    units = UnitChoices(
        include_ids={document.issuing_unit_id if editing else None}
        | {t.lead_unit_id for t in tasks}
        | {u.pk for t in tasks for u in t.coordinating_units.all()}
    )
    year = presenters.ref_year(document.issue_year, document.meeting_date) if editing else None
    form_kwargs = {"units": units}

    def initial_rows(count: int | None = None) -> list[dict]:
        if count is None:
            return [TaskRowForm.initial_for(t, presenters.explicit_due(t, year)) for t in tasks]
        rows = []  # one entry per posted row, matched by the task id the row carries
        for index in range(count):
            task = tasks_by_id.get(to_int(request.POST.get(f"{TASK_ROWS_PREFIX}-{index}-id")))
            rows.append(TaskRowForm.initial_for(task, presenters.explicit_due(task, year)) if task else {})
        return rows

    error = ""
    if request.method == "POST":
        total = min(
            to_int(request.POST.get(f"{TASK_ROWS_PREFIX}-TOTAL_FORMS")) or 0, TaskRowFormSet.absolute_max
        )
        form = DocumentForm(
            request.POST, units=units, initial=DocumentForm.initial_for(document) if editing else None
        )
        formset = TaskRowFormSet(
            request.POST,
            prefix=TASK_ROWS_PREFIX,
            form_kwargs=form_kwargs,
            initial=initial_rows(total) if editing else None,
        )
        if editing and form.is_valid() and form.cleaned_data.get("version") is None:
            form.add_error(None, _("Thiếu phiên bản của văn bản; hãy tải lại trang."))
        if form.is_valid() and formset.is_valid():
            saved, error, _status = attempt(
                form, lambda: _save(request, document=document, form=form, formset=formset)
            )
            if saved is not None:
                messages.success(request, saved[1])
                return redirect("directives:document_detail", pk=saved[0].pk)
        if not error and (form.errors or formset.total_error_count()):
            error = _("Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.")
        cleaned = form.cleaned_data if hasattr(form, "cleaned_data") else {}
        year = presenters.ref_year(cleaned.get("issue_year"), cleaned.get("meeting_date")) or year
    else:
        form = DocumentForm(initial=DocumentForm.initial_for(document) if editing else None, units=units)
        formset = TaskRowFormSet(
            prefix=TASK_ROWS_PREFIX, form_kwargs=form_kwargs, initial=initial_rows() if editing else None
        )
        if not editing:
            formset.extra = 1
    presenters.row_previews(formset, tasks_by_id, year)
    return render(
        request,
        "directives/document_form.html",
        {
            "document": document,
            "form": form,
            "formset": formset,
            "error": error,
            "editing": editing,
            "unit_search": units.search,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def document_create(request):
    return _document_form_page(request, document=None)


@login_required
def document_edit(request, pk: int):
    document = get_object_or_404(Document.objects.select_related("issuing_unit"), pk=pk)
    return _document_form_page(request, document=document)


@login_required
@require_GET
def task_row(request):
    """htmx: one more empty task row for the notice form, with the next index."""
    policy.require(request.user, policy.MANAGE_DOCUMENTS)
    index = to_int(request.GET.get(f"{TASK_ROWS_PREFIX}-TOTAL_FORMS")) or 0
    index = max(0, min(index, TaskRowFormSet.absolute_max - 1))
    form = TaskRowForm(
        prefix=f"{TASK_ROWS_PREFIX}-{index}",
        units=UnitChoices(),
        empty_permitted=True,
        use_required_attribute=False,
    )
    form.preview = None
    return render(
        request,
        "directives/_task_row.html",
        {"row": form, "index": index, "total_forms": index + 1, "oob_total": True},
    )


def _date_param(value: str) -> date | None:
    """A date typed in a form (dd/mm/yyyy, the picker's format) or in a link (YYYY-MM-DD)."""
    return parse_as_of(value)


@login_required
@require_GET
def deadline_preview(request):
    """htmx: what a deadline phrase (and an optional explicit date) will mean once saved."""
    text = next((v for k, v in request.GET.items() if k.endswith("deadline_text")), "")
    due = _date_param(next((v for k, v in request.GET.items() if k.endswith("due_date")), ""))
    meeting_date = _date_param(request.GET.get("meeting_date") or "")
    year = presenters.ref_year(to_int(request.GET.get("issue_year")), meeting_date)
    issued = _issue_date(request.GET)
    return render(
        request,
        "directives/_deadline_preview.html",
        {"preview": presenters.deadline_preview(text, due, year, ref_date=issued or meeting_date)},
    )


def _issue_date(params) -> date | None:
    """The document's issue date from the form's three fields, when all are given and valid."""
    parts = [to_int(params.get(name)) for name in ("issue_year", "issue_month", "issue_day")]
    if not all(parts):
        return None
    try:
        return date(*parts)
    except ValueError:
        return None
