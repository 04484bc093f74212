"""KPI pages: measurement entry by the target's responsible unit (or the office), evidence download,
Excel/CSV export of targets and measurements, and the measurement import (office staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dtsystem import policy
from dtsystem.common.exports import export_response
from plans.views import import_view

from . import selectors, services
from .filters import KpiTargetFilterSet
from .forms import MeasurementForm
from .models import KpiMeasurement, KpiTarget


def _current_period(target: KpiTarget) -> str:
    today = timezone.localdate()
    if today.year != target.period:
        return str(target.period)
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


@login_required
def measurement_create(request, pk: int):
    try:
        target = selectors.kpi_target_detail(user=request.user, pk=pk)
    except KpiTarget.DoesNotExist as exc:
        raise Http404 from exc
    policy.require(request.user, policy.KPI_MEASURE, target)
    form = MeasurementForm(
        request.POST or None, request.FILES or None, initial={"period": _current_period(target)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.kpi_measurement_record(user=request.user, target=target, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Đã cập nhật số liệu chỉ tiêu %(code)s.") % {"code": target.code})
            return redirect(reverse("plans:plan_detail", args=[target.plan_id]) + "?tab=kpis")
    return render(
        request,
        "kpis/measurement_form.html",
        {"target": target, "form": form, "measurements": list(target.measurements.all())},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def evidence_download(request, pk: int):
    measurement = get_object_or_404(KpiMeasurement.objects.exclude(evidence=""), pk=pk)
    return FileResponse(
        measurement.evidence.open("rb"), as_attachment=True, filename=measurement.evidence_name or None
    )


def _filtered_targets(request):
    return KpiTargetFilterSet(request.GET, queryset=selectors.kpi_target_list(user=request.user)).qs


@login_required
def target_export(request):
    """The targets the list shows, with its filters (?plan=&pillar_code=&attainment_status=...)."""
    from .resources import KpiTargetResource

    dataset = KpiTargetResource().export(queryset=_filtered_targets(request))
    return export_response(dataset, basename="chi-tieu", fmt=request.GET.get("format", "xlsx"))


@login_required
def measurement_export(request):
    """The measurements of the targets the list shows, in the columns of the import file."""
    from .resources import KpiMeasurementResource, measurement_export_queryset

    dataset = KpiMeasurementResource().export(
        queryset=measurement_export_queryset(_filtered_targets(request))
    )
    return export_response(dataset, basename="so-lieu-chi-tieu", fmt=request.GET.get("format", "xlsx"))


@login_required
def measurement_import(request):
    """Upload → preview (every row, every error with its row and column; nothing saved) → confirm."""
    from .resources import MEASUREMENT_COLUMNS, measurement_rows

    policy.require(request.user, policy.IMPORT_DATA)
    return import_view(
        request,
        template="kpis/measurement_import.html",
        session_key="kpi_import",
        columns=MEASUREMENT_COLUMNS,
        parse_rows=measurement_rows,
        run_import=services.kpi_measurements_import,
        tab="kpis",
        done_message=_("Đã nhập %(created)s số liệu mới, cập nhật %(updated)s số liệu."),
    )


@login_required
def target_import(request):
    """Import KPI targets (office staff): upload → preview → confirm, as for measurements."""
    from .resources import TARGET_COLUMNS, target_rows

    policy.require(request.user, policy.IMPORT_DATA)
    return import_view(
        request,
        template="kpis/target_import.html",
        session_key="kpi_target_import",
        columns=TARGET_COLUMNS,
        parse_rows=target_rows,
        run_import=services.kpi_targets_import,
        tab="kpis",
        done_message=_("Đã nhập %(created)s chỉ tiêu mới, cập nhật %(updated)s chỉ tiêu."),
    )
