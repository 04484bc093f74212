"""The task list's bulk actions (checkbox column + action bar): one POST, directives.bulk applies the action
task by task through the services, and the page lists what was done and what was refused, with why."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dtsystem import policy
from dtsystem.common.filters import IdField
from dtsystem.common.widgets import DATE_PARSE_FORMATS, DatePickerInput
from dtsystem.units.models import Unit

from .. import bulk
from .common import error_text, next_url


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Thao tác"), choices=list(bulk.BULK_ACTIONS.items()))
    ids = forms.TypedMultipleChoiceField(coerce=int, required=False)
    reason = forms.CharField(label=gettext_lazy("Lý do"), required=False, max_length=2000)
    new_due_date = forms.DateField(
        label=gettext_lazy("Hạn mới"),
        required=False,
        input_formats=DATE_PARSE_FORMATS,
        widget=DatePickerInput(),
    )
    lead_unit = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị chủ trì mới"), required=False, queryset=Unit.objects.filter(is_active=True)
    )

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        id_field = IdField()
        values = data.getlist("ids") if hasattr(data, "getlist") else data.get("ids", [])
        self.fields["ids"].choices = [(v, v) for v in values if _valid_id(id_field, v)]


def _valid_id(field, value) -> bool:
    try:
        field.clean(value)
    except ValidationError:
        return False
    return True


@login_required
@require_POST
def task_bulk(request):
    policy.require(request.user, policy.WORK_ON_TASKS)
    form = BulkActionForm(request.POST)
    back = next_url(request, "/tasks/")
    context = {"back": back, "results": [], "error": ""}
    if not form.is_valid():
        context["error"] = _("Chưa thực hiện được: ") + "; ".join(
            str(e) for errors in form.errors.values() for e in errors
        )
        return render(request, "directives/bulk_result.html", context, status=400)
    data = form.cleaned_data
    try:
        results = bulk.tasks_bulk_apply(
            user=request.user,
            task_ids=data["ids"],
            action=data["action"],
            reason=data["reason"],
            new_due_date=data["new_due_date"],
            lead_unit=data["lead_unit"],
        )
    except ValidationError as exc:
        context["error"] = _("Chưa thực hiện được: ") + error_text(exc)
        return render(request, "directives/bulk_result.html", context, status=400)
    outright = bulk.refused_outright(results)
    context.update(
        results=results,
        action_label=bulk.BULK_ACTIONS[data["action"]],
        applied=sum(r.ok for r in results),
        refused=sum(not r.ok for r in results),
    )
    status = {bulk.FORBIDDEN: 403, bulk.NOT_FOUND: 404}.get(outright, 200)
    return render(request, "directives/bulk_result.html", context, status=status)
