"""Excel (xlsx) / CSV export and import of units (office staff import), through the common import flow
(dtsystem.common.import_flow)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from dtsystem import policy
from dtsystem.common.exports import export_response
from dtsystem.common.import_flow import import_flow

from . import services
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

    dataset = UnitResource().export(queryset=unit_export_queryset(request))
    return export_response(dataset, basename="don-vi", fmt=request.GET.get("format", "xlsx"))


@login_required
def unit_import(request):
    """Import units (office staff): matched by code (updated), others added."""
    from django.urls import reverse

    from .resources import UNIT_COLUMNS, unit_rows

    policy.require(request.user, policy.IMPORT_DATA)
    return import_flow(
        request,
        template="units/unit_import.html",
        session_key="unit_import",
        columns=UNIT_COLUMNS,
        parse_rows=unit_rows,
        run_import=services.units_import,
        success_url=reverse("units:unit_list"),
        done_message=_("Đã nhập %(created)s đơn vị mới, cập nhật %(updated)s đơn vị."),
    )
