"""Pages of the directives app. Views stay thin: read through selectors, parse a form, call one
service, then redirect with a message or render the error. Permissions are decided by
dtsystem.policy (here only to choose what to show; the services enforce them on every write)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dtsystem import policy
from dtsystem.common.exceptions import DomainError
from dtsystem.units.choices import Role
from dtsystem.units.selectors import memberships_for_user

from . import selectors, services
from .choices import DeadlineKind, EventKind, ExtensionStatus, Recurrence, TaskStatus, Timeliness
from .deadlines import parse_deadline
from .filters import DocumentFilterSet, TaskFilterSet
from .forms import (
    TASK_ROWS_PREFIX,
    DocumentForm,
    ExtensionRequestForm,
    ProgressWithFilesForm,
    ReasonForm,
    TaskListOptionsForm,
    TaskRowForm,
    TaskRowFormSet,
    UnitChoices,
)
from .models import Attachment, Document, ExtensionRequest, Task

PAGE_SIZE = 25
TIMELINESS_LABELS = dict(Timeliness.choices)
# The order of the groups on "Việc của đơn vị tôi": what needs attention first.
MY_TASK_GROUPS = [
    Timeliness.OVERDUE,
    Timeliness.ON_TRACK,
    Timeliness.NO_DEADLINE,
    Timeliness.DONE_LATE,
    Timeliness.DONE_ON_TIME,
]
# What the button of each workflow action says (the actions come from services.transitions_from).
ACTION_LABELS = {
    policy.TASK_START: gettext_lazy("Bắt đầu thực hiện"),
    policy.TASK_REPORT_DONE: gettext_lazy("Báo cáo hoàn thành"),
    policy.TASK_CONFIRM_DONE: gettext_lazy("Xác nhận hoàn thành"),
    policy.TASK_REOPEN: gettext_lazy("Trả lại / mở lại"),
    policy.TASK_PAUSE: gettext_lazy("Tạm dừng"),
    policy.TASK_RESUME: gettext_lazy("Tiếp tục thực hiện"),
    policy.TASK_CANCEL: gettext_lazy("Hủy nhiệm vụ"),
}
ACTION_STYLES = {
    policy.TASK_CONFIRM_DONE: "success",
    policy.TASK_REPORT_DONE: "success",
    policy.TASK_CANCEL: "outline-danger",
    policy.TASK_PAUSE: "outline-secondary",
    policy.TASK_REOPEN: "outline-warning",
}
HISTORY_EXTRA_LABELS = {"files": gettext_lazy("Tệp minh chứng"), "period": gettext_lazy("Kỳ")}


# ---------------------------------------------------------------------------------------------- helpers


def _today() -> date:
    return timezone.localdate()


def _as_of(request) -> date:
    form = TaskListOptionsForm(request.GET)
    if form.is_valid() and form.cleaned_data.get("as_of"):
        return form.cleaned_data["as_of"]
    return _today()


def _label_timeliness(tasks):
    for task in tasks:
        task.timeliness_label = TIMELINESS_LABELS.get(getattr(task, "timeliness", None), "")
    return tasks


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _add_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields it names (else at the top)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _page(request, queryset, per_page: int = PAGE_SIZE, count: int | None = None):
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # already known (cached_property): skip the COUNT(*) query
    return paginator.get_page(request.GET.get("page"))


def _querystring(request, **changes) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query.setlist(key, [value])
    return query.urlencode()


def _ref_year(issue_year, meeting_date) -> int | None:
    return issue_year or (meeting_date.year if meeting_date else None)


def _deadline_preview(text: str, due: date | None, ref_year: int | None) -> dict:
    """What the services will make of a deadline phrase (and an explicit date): kind, date, recurrence."""
    kind, due_date, recurrence = services.resolve_deadline(
        deadline_text=text or "", deadline_kind=None, due_date=due, recurrence=None, ref_year=ref_year
    )
    return {
        "kind": kind,
        "kind_label": DeadlineKind(kind).label,
        "due_date": due_date,
        "recurrence_label": Recurrence(recurrence).label if recurrence else "",
        "explicit": due is not None,
        "text": text,
    }


def _task_for_action(request, pk: int) -> Task:
    """The task a POST acts on, if the user may see it (404 otherwise: its existence is not revealed)."""
    try:
        return (
            selectors.task_queryset(user=request.user)
            .select_related("document", "lead_unit")
            .prefetch_related("coordinating_units")
            .get(pk=pk)
        )
    except Task.DoesNotExist as exc:
        raise Http404(_("Không tìm thấy nhiệm vụ.")) from exc


def _workflow_actions(user, task: Task) -> list[dict]:
    """The transitions this user may start from the task's status: services say which exist,
    the policy says which are the user's."""
    actions = []
    for to, action in services.transitions_from(task.status):
        if policy.may(user, action, task):
            actions.append(
                {
                    "to": to,
                    "action": action,
                    "label": ACTION_LABELS.get(action, to),
                    "style": ACTION_STYLES.get(action, "primary"),
                    "reason_required": action in services.REASON_REQUIRED,
                }
            )
    return actions


def _may_report_progress(user, task: Task) -> bool:
    """Progress is reported while the task may still be reported done (new, in progress)."""
    return (
        policy.may(user, policy.TASK_REPORT_PROGRESS, task)
        and not task.is_recurring_template
        and any(to == TaskStatus.REPORTED_DONE for to, _a in services.transitions_from(task.status))
    )


def _may_request_extension(user, task: Task) -> bool:
    return (
        policy.may(user, policy.TASK_REQUEST_EXTENSION, task)
        and services.task_is_open(task)
        and task.due_date is not None
    )


def _format_value(field: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    if field == "progress":
        return f"{value}%"
    if field in ("due_date", "original_due_date"):
        try:
            return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    try:
        model_field = Task._meta.get_field(field)
    except Exception:  # noqa: BLE001 - not a model field ("files", "period")
        return str(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _field_label(field: str) -> str:
    if field in HISTORY_EXTRA_LABELS:
        return HISTORY_EXTRA_LABELS[field]
    try:
        return capfirst(Task._meta.get_field(field).verbose_name)
    except Exception:  # noqa: BLE001
        return field


def _history(task: Task) -> list[dict]:
    """The task's events for the timeline: who, when, what, and each field before → after."""
    kinds = dict(EventKind.choices)
    entries = []
    for event in task.events.all():
        changes = []
        for field, pair in (event.changes or {}).items():
            before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            before_text, after_text = _format_value(field, before), _format_value(field, after)
            if before_text == after_text == "—":
                continue  # nothing to say (a new task without coordinating units, say)
            changes.append({"label": _field_label(field), "before": before_text, "after": after_text})
        entries.append(
            {
                "at": event.at,
                "actor": event.actor,
                "kind": event.kind,
                "kind_label": kinds.get(event.kind, event.kind),
                "note": event.note,
                "changes": changes,
            }
        )
    return entries


def _get_task_detail(request, pk: int, as_of: date | None = None) -> Task:
    try:
        task = selectors.task_detail(user=request.user, pk=pk, as_of=as_of)
    except Task.DoesNotExist as exc:
        raise Http404(_("Không tìm thấy nhiệm vụ.")) from exc
    _label_timeliness([task])
    return task


def _task_detail_context(request, task: Task, **forms) -> dict:
    user = request.user
    extensions = list(task.extension_requests.all())
    pending = [e for e in extensions if e.status == ExtensionStatus.PENDING]
    context = {
        "task": task,
        "history": _history(task),
        "reports": list(task.progress_reports.all()),
        "extensions": extensions,
        "pending_extension": pending[0] if pending else None,
        "workflow_actions": _workflow_actions(user, task),
        "may_report_progress": _may_report_progress(user, task),
        "may_request_extension": _may_request_extension(user, task) and not pending,
        "may_edit": policy.may(user, policy.TASK_EDIT, task),
        "may_decide_extensions": policy.may(user, policy.DECIDE_EXTENSIONS),
        "progress_form": forms.get("progress_form")
        or ProgressWithFilesForm(initial={"percent": task.progress}),
        "extension_form": forms.get("extension_form") or ExtensionRequestForm(),
        "reason_form": forms.get("reason_form") or ReasonForm(),
        "failed_action": forms.get("failed_action", ""),
        "action_error": forms.get("action_error", ""),
        "next": request.get_full_path()
        if request.method == "GET"
        else _next_url(request, reverse("directives:task_detail", args=[task.pk])),
    }
    return context


def _render_action_error(request, task_pk: int, *, error: str = "", status: int = 400, **forms):
    """Re-render the task page with the form that failed (its input kept) and the message."""
    if request.htmx and request.POST.get("card"):
        return _render_my_task_card(request, task_pk, error=error, **forms)
    task = _get_task_detail(request, task_pk)
    context = _task_detail_context(request, task, action_error=error, **forms)
    return render(request, "directives/task_detail.html", context, status=status)


def _done(request, task_pk: int, message: str):
    """After a successful action: back to where the user came from, with the message."""
    if request.htmx and request.POST.get("card"):
        return _render_my_task_card(request, task_pk, success=message)
    messages.success(request, message)
    return redirect(_next_url(request, reverse("directives:task_detail", args=[task_pk])))


# -------------------------------------------------------------------------------------------- documents


@login_required
@require_GET
def document_list(request):
    filterset = DocumentFilterSet(request.GET, queryset=selectors.document_list(user=request.user))
    page = _page(request, filterset.qs)
    return render(
        request,
        "directives/document_list.html",
        {
            "filter": filterset,
            "page": page,
            "may_manage": policy.may(request.user, policy.MANAGE_DOCUMENTS),
        },
    )


@login_required
@require_GET
def document_detail(request, pk: int):
    document = get_object_or_404(selectors.document_list(user=request.user), pk=pk)
    as_of = _as_of(request)
    tasks = _label_timeliness(
        list(
            selectors.task_list(user=request.user, as_of=as_of)
            .filter(document=document)
            .order_by("position", "recurrence_parent_id", "period_label", "id")
        )
    )
    return render(
        request,
        "directives/document_detail.html",
        {
            "document": document,
            "tasks": tasks,
            "attachments": list(document.attachments.filter(task__isnull=True)),
            "as_of": as_of,
            "may_manage": policy.may(request.user, policy.MANAGE_DOCUMENTS),
        },
    )


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


def _explicit_due(task: Task, ref_year: int | None) -> bool:
    """Was the due date typed by hand (or moved by an extension) rather than read from the phrase?"""
    if task.due_date is None or task.deadline_kind == DeadlineKind.RECURRING:
        return False
    return parse_deadline(task.deadline_text, ref_year=ref_year).due_date != task.due_date


def _row_previews(formset, tasks_by_id: dict, ref_year: int | None) -> None:
    for form in formset.forms:
        task = tasks_by_id.get(form.initial.get("id")) if form.initial else None
        if form.is_bound:
            text = form.data.get(form.add_prefix("deadline_text"), "")
            due = form.cleaned_data.get("due_date") if hasattr(form, "cleaned_data") else None
            form.preview = _deadline_preview(text, due, ref_year)
        elif task is not None:
            form.preview = {
                "kind": task.deadline_kind,
                "kind_label": task.get_deadline_kind_display(),
                "due_date": task.due_date,
                "recurrence_label": task.get_recurrence_display() if task.recurrence else "",
                "explicit": False,
                "current": True,
            }
        else:
            form.preview = None
        form.task = task


def _document_form_page(request, *, document: Document | None):
    policy.require(request.user, policy.MANAGE_DOCUMENTS)
    editing = document is not None
    tasks = []
    if editing:
        tasks = list(
            selectors.task_list(user=request.user)
            .filter(document=document)
            .order_by("position", "recurrence_parent_id", "period_label", "id")
        )
    tasks_by_id = {task.pk: task for task in tasks}
    units = UnitChoices(
        include_ids={document.issuing_unit_id if editing else None}
        | {t.lead_unit_id for t in tasks}
        | {u.pk for t in tasks for u in t.coordinating_units.all()}
    )
    ref_year = _ref_year(document.issue_year, document.meeting_date) if editing else None
    form_kwargs = {"units": units}

    def initial_rows(count: int | None = None) -> list[dict]:
        if count is None:
            return [TaskRowForm.initial_for(t, _explicit_due(t, ref_year)) for t in tasks]
        rows = []  # one entry per posted row, matched by the task id the row carries
        for index in range(count):
            task = tasks_by_id.get(_int(request.POST.get(f"{TASK_ROWS_PREFIX}-{index}-id")))
            rows.append(TaskRowForm.initial_for(task, _explicit_due(task, ref_year)) if task else {})
        return rows

    error = ""
    if request.method == "POST":
        total = min(
            _int(request.POST.get(f"{TASK_ROWS_PREFIX}-TOTAL_FORMS")) or 0, TaskRowFormSet.absolute_max
        )
        form = DocumentForm(
            request.POST,
            units=units,
            initial=DocumentForm.initial_for(document) if editing else None,
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
            rows = _rows_for_service(formset, editing=editing)
            try:
                if editing:
                    saved = services.document_update(
                        user=request.user,
                        document=document,
                        version=form.cleaned_data["version"],
                        data=form.service_data(),
                        tasks=rows,
                    )
                    message = _("Đã lưu thay đổi của văn bản %(code)s.") % {"code": saved.code}
                else:
                    saved = services.document_create(user=request.user, data=form.service_data(), tasks=rows)
                    message = _("Đã tạo văn bản %(code)s với %(count)s nhiệm vụ.") % {
                        "code": saved.code,
                        "count": len(rows),
                    }
            except ValidationError as exc:
                _add_errors(form, exc)
                error = _error_text(exc)
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, message)
                return redirect("directives:document_detail", pk=saved.pk)
        if not error and (form.errors or formset.total_error_count()):
            error = _("Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.")
        ref_year = (
            _ref_year(
                form.cleaned_data.get("issue_year") if hasattr(form, "cleaned_data") else None,
                form.cleaned_data.get("meeting_date") if hasattr(form, "cleaned_data") else None,
            )
            or ref_year
        )
    else:
        form = DocumentForm(initial=DocumentForm.initial_for(document) if editing else None, units=units)
        formset = TaskRowFormSet(
            prefix=TASK_ROWS_PREFIX, form_kwargs=form_kwargs, initial=initial_rows() if editing else None
        )
        if not editing:
            formset.extra = 1
    _row_previews(formset, tasks_by_id, ref_year)
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


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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
    index = _int(request.GET.get(f"{TASK_ROWS_PREFIX}-TOTAL_FORMS")) or 0
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


@login_required
@require_GET
def deadline_preview(request):
    """htmx: what a deadline phrase (and an optional explicit date) will mean once saved."""
    text = next((v for k, v in request.GET.items() if k.endswith("deadline_text")), "")
    due_raw = next((v for k, v in request.GET.items() if k.endswith("due_date")), "")
    try:
        due = date.fromisoformat(due_raw) if due_raw else None
    except ValueError:
        due = None
    meeting = request.GET.get("meeting_date") or ""
    try:
        meeting_date = date.fromisoformat(meeting) if meeting else None
    except ValueError:
        meeting_date = None
    ref_year = _ref_year(_int(request.GET.get("issue_year")), meeting_date)
    return render(
        request,
        "directives/_deadline_preview.html",
        {"preview": _deadline_preview(text, due, ref_year)},
    )


# ------------------------------------------------------------------------------------------------ tasks


@login_required
@require_GET
def task_list(request):
    as_of = _as_of(request)
    base = selectors.task_list(user=request.user, as_of=as_of)
    filterset = TaskFilterSet(request.GET, queryset=base)
    without_timeliness = request.GET.copy()
    without_timeliness.pop("timeliness", None)
    counts, rows_without_timeliness = selectors.timeliness_groups(
        TaskFilterSet(without_timeliness, queryset=base).qs
    )
    chosen = set(request.GET.getlist("timeliness")) & set(counts)
    # The list's length is known from the same GROUP BY: no second pass over the tasks for COUNT(*).
    known_count = sum(counts[v] for v in chosen) if chosen else rows_without_timeliness
    count_links = [
        {
            "value": value,
            "label": TIMELINESS_LABELS[value],
            "count": counts[value],
            "query": _querystring(request, timeliness=value),
            "active": value in chosen,
        }
        for value in [
            Timeliness.OVERDUE,
            Timeliness.ON_TRACK,
            Timeliness.NO_DEADLINE,
            Timeliness.DONE_LATE,
            Timeliness.DONE_ON_TIME,
        ]
    ]
    page = _page(request, filterset.qs, count=known_count if filterset.is_valid() else None)
    _label_timeliness(page.object_list)
    return render(
        request,
        "directives/task_list.html",
        {
            "filter": filterset,
            "page": page,
            "as_of": as_of,
            "count_links": count_links,
            "all_query": _querystring(request, timeliness=None),
            "total": sum(counts.values()),
            "document_choices": selectors.document_choices(selected=request.GET.get("document")),
        },
    )


@login_required
@require_GET
def task_detail(request, pk: int):
    task = _get_task_detail(request, pk, as_of=_as_of(request))
    return render(request, "directives/task_detail.html", _task_detail_context(request, task))


@login_required
def task_edit(request, pk: int):
    task = _task_for_action(request, pk)
    policy.require(request.user, policy.TASK_EDIT, task)
    ref_year = _ref_year(task.document.issue_year, task.document.meeting_date)
    units = UnitChoices(include_ids={task.lead_unit_id} | {u.pk for u in task.coordinating_units.all()})
    initial = TaskRowForm.initial_for(task, _explicit_due(task, ref_year))
    error = ""
    if request.method == "POST":
        form = TaskRowForm(request.POST, initial=initial, units=units)
        if form.is_valid() and form.cleaned_data.get("version") is None:
            form.add_error(None, _("Thiếu phiên bản của nhiệm vụ; hãy tải lại trang rồi nhập lại."))
        if form.is_valid():
            row = form.service_row(is_new=False)
            coordinating = row.pop("coordinating_units")
            try:
                services.task_update(
                    user=request.user,
                    task=task,
                    version=form.cleaned_data["version"],
                    coordinating_units=coordinating,
                    **row,
                )
            except ValidationError as exc:
                _add_errors(form, exc)
                error = _error_text(exc)
            except DomainError as exc:
                error = exc.message
            else:
                messages.success(request, _("Đã lưu thay đổi của nhiệm vụ."))
                return redirect("directives:task_detail", pk=task.pk)
        elif not error:
            error = _("Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới.")
        text = form.data.get("deadline_text", "")
        preview = _deadline_preview(
            text,
            form.cleaned_data.get("due_date") if form.is_bound and hasattr(form, "cleaned_data") else None,
            ref_year,
        )
    else:
        form = TaskRowForm(initial=initial, units=units)
        preview = {
            "kind": task.deadline_kind,
            "kind_label": task.get_deadline_kind_display(),
            "due_date": task.due_date,
            "recurrence_label": task.get_recurrence_display() if task.recurrence else "",
            "current": True,
        }
    form.preview = preview
    return render(
        request,
        "directives/task_form.html",
        {"task": task, "form": form, "error": error, "ref_year": ref_year, "unit_search": units.search},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def task_report_progress(request, pk: int):
    task = _task_for_action(request, pk)
    policy.require(request.user, policy.TASK_REPORT_PROGRESS, task)  # 403 before looking at the input
    form = ProgressWithFilesForm(request.POST, request.FILES)
    error = ""
    status = 400
    if form.is_valid():
        try:
            services.task_report_progress(
                task=task,
                user=request.user,
                percent=form.cleaned_data["percent"],
                note=form.cleaned_data["note"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            error = _error_text(exc)
        except DomainError as exc:
            error, status = exc.message, 409
        else:
            return _done(
                request,
                pk,
                _("Đã ghi nhận báo cáo tiến độ %(percent)s%%.") % {"percent": form.cleaned_data["percent"]},
            )
    error = error or _("Chưa gửi được báo cáo tiến độ: hãy kiểm tra các ô được đánh dấu.")
    return _render_action_error(
        request, pk, error=error, status=status, progress_form=form, failed_action="progress"
    )


@login_required
@require_POST
def task_transition(request, pk: int, to: str):
    task = _task_for_action(request, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.task_transition(
            task=task, user=request.user, to=to, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        _add_errors(form, exc)
        return _render_action_error(request, pk, error=_error_text(exc), reason_form=form, failed_action=to)
    except DomainError as exc:
        return _render_action_error(
            request, pk, error=exc.message, status=409, reason_form=form, failed_action=to
        )
    return _done(
        request,
        pk,
        _("Nhiệm vụ đã chuyển sang “%(status)s”.") % {"status": TaskStatus(to).label},
    )


@login_required
@require_POST
def task_request_extension(request, pk: int):
    task = _task_for_action(request, pk)
    policy.require(request.user, policy.TASK_REQUEST_EXTENSION, task)  # 403 before looking at the input
    form = ExtensionRequestForm(request.POST)
    error, status = "", 400
    if form.is_valid():
        try:
            services.task_request_extension(
                task=task,
                user=request.user,
                new_due_date=form.cleaned_data["new_due_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            error = _error_text(exc)
        except DomainError as exc:
            error, status = exc.message, 409
        else:
            return _done(request, pk, _("Đã gửi đề nghị gia hạn; Văn phòng sẽ xem xét."))
    error = error or _("Chưa gửi được đề nghị gia hạn: hãy kiểm tra các ô được đánh dấu.")
    return _render_action_error(
        request, pk, error=error, status=status, extension_form=form, failed_action="extension"
    )


def _extension_for_action(request, pk: int) -> ExtensionRequest:
    visible = selectors.task_queryset(user=request.user).values("pk")
    return get_object_or_404(ExtensionRequest.objects.select_related("task").filter(task__in=visible), pk=pk)


def _extension_decide(request, pk: int, *, approve: bool):
    extension = _extension_for_action(request, pk)
    policy.require(request.user, policy.DECIDE_EXTENSIONS)  # 403 before looking at the input
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        if approve:
            services.extension_approve(extension=extension, user=request.user, reason=reason)
        else:
            services.extension_reject(extension=extension, user=request.user, reason=reason)
    except ValidationError as exc:
        _add_errors(form, exc)
        return _render_action_error(
            request,
            extension.task_id,
            error=_error_text(exc),
            reason_form=form,
            failed_action="reject" if not approve else "approve",
        )
    except DomainError as exc:
        return _render_action_error(request, extension.task_id, error=exc.message, status=409)
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


@login_required
@require_GET
def attachment_download(request, pk: int):
    """An evidence file, only to users who may see its task (document files: any signed-in user)."""
    attachment = get_object_or_404(Attachment.objects.select_related("task"), pk=pk)
    if attachment.task_id is not None and not policy.may(request.user, policy.TASK_VIEW, attachment.task):
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


# -------------------------------------------------------------------------------------- my tasks, queue


def _with_pending_extension(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "extension_requests",
            queryset=ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING),
            to_attr="pending_extensions",
        )
    )


def _card_context(request, task: Task) -> dict:
    user = request.user
    return {
        "task": task,
        "may_report_progress": _may_report_progress(user, task),
        "may_request_extension": _may_request_extension(user, task) and not task.pending_extensions,
        "pending_extension": task.pending_extensions[0] if task.pending_extensions else None,
        "report_done": next(
            (a for a in _workflow_actions(user, task) if a["action"] == policy.TASK_REPORT_DONE), None
        ),
        "next": reverse("directives:my_tasks"),
    }


def _render_my_task_card(request, pk: int, *, success: str = "", error: str = "", **forms):
    task = _with_pending_extension(selectors.task_list(user=request.user)).get(pk=pk)
    _label_timeliness([task])
    context = _card_context(request, task)
    context.update(
        success=success,
        error=error,
        progress_form=forms.get("progress_form"),
        extension_form=forms.get("extension_form"),
        failed_action=forms.get("failed_action", ""),
    )
    return render(request, "directives/_my_task_card.html", context)


@login_required
@require_GET
def my_tasks(request):
    actor = policy.actor_for(request.user)
    unit_ids = actor.member_unit_ids
    groups, coordinated = [], []
    if unit_ids:
        base = selectors.in_scope(selectors.task_list(user=request.user))
        led = _label_timeliness(list(_with_pending_extension(base.filter(lead_unit_id__in=unit_ids))))
        by_group: dict[str, list] = {value: [] for value in MY_TASK_GROUPS}
        for task in led:
            by_group.setdefault(task.timeliness, []).append(task)
        groups = [
            {
                "value": value,
                "label": TIMELINESS_LABELS[value],
                "cards": [_card_context(request, task) for task in by_group[value]],
                "open": value not in (Timeliness.DONE_LATE, Timeliness.DONE_ON_TIME),
            }
            for value in MY_TASK_GROUPS
        ]
        through = Task.coordinating_units.through.objects.filter(task_id=OuterRef("pk"), unit_id__in=unit_ids)
        coordinated = _label_timeliness(list(base.exclude(lead_unit_id__in=unit_ids).filter(Exists(through))))
    units = [u for u in _member_units(request.user)]
    return render(
        request,
        "directives/my_tasks.html",
        {"groups": groups, "coordinated": coordinated, "units": units, "has_units": bool(unit_ids)},
    )


def _member_units(user):
    seen, units = set(), []
    for membership in memberships_for_user(user=user):
        if membership.role in (Role.LEAD, Role.STAFF) and membership.unit_id not in seen:
            seen.add(membership.unit_id)
            units.append(membership.unit)
    return units


@login_required
@require_GET
def approval_queue(request):
    if not policy.may(request.user, policy.DECIDE_EXTENSIONS):
        raise PermissionDenied(_("Chỉ Văn phòng được duyệt báo cáo hoàn thành và đề nghị gia hạn."))
    reports = _label_timeliness(list(selectors.completion_reports(user=request.user)))
    extensions = list(selectors.pending_extensions(user=request.user))
    return render(
        request,
        "directives/approval_queue.html",
        {
            "reports": reports,
            "extensions": extensions,
            "confirm_to": TaskStatus.DONE,
            "reopen_to": TaskStatus.IN_PROGRESS,
        },
    )
