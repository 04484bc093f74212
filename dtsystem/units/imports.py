"""Excel (xlsx) / CSV export and import of units (office staff import), through the common import flow
(dtsystem.common.import_flow)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _

from dtsystem.common.exports import stream_export
from dtsystem.common.import_flow import ImportPage, import_flow

from .filters import UnitFilterSet
from .models import Unit


def unit_export_queryset(request):
    """The units the unit list shows, with its filters (?q=&kind=&is_active=)."""
    return UnitFilterSet(
        request.GET, queryset=Unit.objects.select_related("parent").order_by("kind", "name")
    ).qs


@login_required
def unit_export(request):
    from .resources import UnitResource

    return stream_export(
        UnitResource(),
        unit_export_queryset(request),
        basename="don-vi",
        fmt=request.GET.get("format", "xlsx"),
    )


@login_required
def unit_import(request):
    """Import units (office staff): matched by code (updated), others added."""
    from .resources import UnitImport

    page = ImportPage(
        title=_("Nhập danh sách đơn vị từ Excel"),
        heading=_("Nhập danh sách đơn vị từ Excel / CSV"),
        help=_(
            "Đơn vị có cùng mã được cập nhật, đơn vị khác được thêm mới. Đơn vị cấp trên ghi theo mã, tên, tên viết tắt hoặc tên gọi khác. Các tên gọi khác cách nhau bởi dấu “;”. Không dòng nào được lưu nếu tệp còn lỗi."
        ),
        crumb=_("Nhập từ Excel"),
        breadcrumbs=[(reverse("units:unit_list"), _("Đơn vị"))],
        sample_url=reverse("unit_imports:unit_export"),
        sample_label=_("Tải tệp mẫu (danh sách hiện có)"),
    )
    return import_flow(
        request,
        spec=UnitImport,
        page=page,
        success_url=reverse("units:unit_list"),
        done_message=_("Đã nhập %(created)s đơn vị mới, cập nhật %(updated)s đơn vị."),
    )
