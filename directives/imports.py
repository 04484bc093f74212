"""Excel (xlsx) / CSV export of the task list (as shown: TaskFilterSet and ?as_of=) and the import of new
tasks into an existing document (office staff), through dtsystem.units.imports.import_flow."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dtsystem import policy
from dtsystem.common.exports import export_response
from dtsystem.common.forms import ImportFileForm
from dtsystem.common.import_flow import import_flow

from . import selectors, services
from .filters import TaskFilterSet
from .models import Document


class TaskImportForm(ImportFileForm):
    document = forms.ModelChoiceField(
        label=gettext_lazy("Nhập vào văn bản"),
        queryset=Document.objects.order_by("-issue_date", "-id"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    field_order = ["document", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].label_from_instance = lambda d: f"{d.code} — {d.title[:80]}"


def task_export_queryset(request):
    from .views import _as_of

    base = selectors.task_list(user=request.user, as_of=_as_of(request))
    return TaskFilterSet(request.GET, queryset=base).qs


@login_required
def task_export(request):
    """The tasks the list shows, with its filters and timeliness at ?as_of= (default today)."""
    from .resources import TaskResource

    dataset = TaskResource().export(queryset=task_export_queryset(request))
    return export_response(dataset, basename="nhiem-vu", fmt=request.GET.get("format", "xlsx"))


def _run_import(*, user, rows, commit, document):
    return services.tasks_import(
        user=user, document=Document.objects.get(pk=document), rows=rows, commit=commit
    )


@login_required
def task_import(request):
    """Import new tasks into a document chosen on the page (office staff): upload → preview → confirm."""
    from .resources import TASK_COLUMNS, task_rows

    policy.require(request.user, policy.IMPORT_DATA)
    initial = request.GET.get("document")
    form_class = TaskImportForm
    if initial and initial.isdigit() and request.method == "GET":

        class form_class(TaskImportForm):  # noqa: N801  (the document the page was opened for)
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["document"].initial = int(initial)

    return import_flow(
        request,
        template="directives/task_import.html",
        session_key="task_import",
        columns=TASK_COLUMNS,
        parse_rows=task_rows,
        run_import=_run_import,
        success_url=reverse("directives:task_list"),
        done_message=_("Đã nhập %(created)s nhiệm vụ mới."),
        form_class=form_class,
        options=lambda data: {"document": data["document"].pk},
    )
