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
from dtsystem.common.exports import stream_export
from dtsystem.common.forms import form_add_service_errors
from dtsystem.common.import_flow import ImportPage
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
            form_add_service_errors(form, exc)
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
    try:
        handle = measurement.evidence.open("rb")
    except FileNotFoundError as exc:  # gone from the disk or the bucket: a 404, not a server error
        raise Http404(_("Không tìm thấy tệp.")) from exc
    return FileResponse(handle, as_attachment=True, filename=measurement.evidence_name or None)


def _filtered_targets(request):
    return KpiTargetFilterSet(request.GET, queryset=selectors.kpi_target_list(user=request.user)).qs


@login_required
def target_export(request):
    """The targets the list shows, with its filters (?plan=&pillar_code=&attainment_status=...)."""
    from .resources import KpiTargetResource

    return stream_export(
        KpiTargetResource(),
        _filtered_targets(request),
        basename="chi-tieu",
        fmt=request.GET.get("format", "xlsx"),
    )


@login_required
def measurement_export(request):
    """The measurements of the targets the list shows, in the columns of the import file."""
    from .resources import KpiMeasurementResource, measurement_export_queryset

    return stream_export(
        KpiMeasurementResource(),
        measurement_export_queryset(_filtered_targets(request)),
        basename="so-lieu-chi-tieu",
        fmt=request.GET.get("format", "xlsx"),
    )


@login_required
def measurement_import(request):
    """Upload → preview (every row, every error with its row and column; nothing saved) → confirm."""
    from .resources import KpiMeasurementImport

    page = ImportPage(
        title=_("Nhập số liệu chỉ tiêu từ Excel"),
        heading=_("Nhập số liệu chỉ tiêu từ Excel / CSV"),
        help=_(
            "Kỳ số liệu: 2022, 2022-Q3 hoặc 2022-06. Số viết kiểu Việt Nam (86,5). Đơn vị ghi theo tên, tên viết tắt hoặc tên gọi khác. Không dòng nào được lưu nếu tệp còn lỗi."
        ),
        crumb=_("Nhập số liệu"),
        sample_label=_("Tải tệp mẫu (số liệu hiện có)"),
    )
    return import_view(
        request,
        spec=KpiMeasurementImport,
        page=page,
        tab="kpis",
        tab_label=_("Chỉ tiêu của kế hoạch"),
        sample="kpis:measurement_export",
        done_message=_("Đã nhập %(created)s số liệu mới, cập nhật %(updated)s số liệu."),
    )


@login_required
def target_import(request):
    """Import KPI targets (office staff): upload → preview → confirm, as for measurements."""
    from .resources import KpiTargetImport

    page = ImportPage(
        title=_("Nhập chỉ tiêu từ Excel"),
        heading=_("Nhập chỉ tiêu từ Excel / CSV"),
        help=_(
            "Cấp “Tỉnh” là chỉ tiêu của kế hoạch; cấp “Đơn vị” là chỉ tiêu riêng của một đơn vị thuộc chỉ tiêu giao cho từng đơn vị (ghi sau chỉ tiêu chung). Chỉ tiêu đã có (cùng kế hoạch, mã, đơn vị) được cập nhật. Không dòng nào được lưu nếu tệp còn lỗi."
        ),
        crumb=_("Nhập chỉ tiêu"),
        sample_label=_("Tải tệp mẫu (chỉ tiêu hiện có)"),
    )
    return import_view(
        request,
        spec=KpiTargetImport,
        page=page,
        tab="kpis",
        tab_label=_("Chỉ tiêu của kế hoạch"),
        sample="kpis:target_export",
        done_message=_("Đã nhập %(created)s chỉ tiêu mới, cập nhật %(updated)s chỉ tiêu."),
    )
