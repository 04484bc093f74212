"""/api/v1/dashboard/: the dashboard's figures in JSON, with ?as_of= and the page's filters
(document, period, unit_kind; unit and lead_unit as on the task list). Same selectors as the page."""

from datetime import date

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from directives.api.serializers import ErrorSerializer
from dtsystem import policy
from dtsystem.units.choices import UnitKind

from .. import presenters, selectors
from ..forms import DashboardFilterForm
from .serializers import DashboardSerializer

PARAMETERS = [
    OpenApiParameter(
        "as_of",
        OpenApiTypes.DATE,
        description="Ngày tính tình trạng thời hạn (YYYY-MM-DD); mặc định hôm nay.",
    ),
    OpenApiParameter(
        "document", OpenApiTypes.INT, description="Chỉ các nhiệm vụ của văn bản (kế hoạch) này."
    ),
    OpenApiParameter(
        "period", OpenApiTypes.STR, description="Kỳ theo hạn hoàn thành: năm (2024) hoặc quý (2024-Q2)."
    ),
    OpenApiParameter("unit_kind", OpenApiTypes.STR, enum=UnitKind.values, description="Loại đơn vị chủ trì."),
    OpenApiParameter("unit", OpenApiTypes.INT, description="Đơn vị (chủ trì hoặc phối hợp)."),
    OpenApiParameter("lead_unit", OpenApiTypes.INT, description="Đơn vị chủ trì."),
    OpenApiParameter(
        "sort",
        OpenApiTypes.STR,
        description="Sắp xếp bảng xếp hạng: "
        + ", ".join(selectors.LEAGUE_SORTS)
        + " (thêm '-' để giảm dần).",
    ),
]


class DashboardView(APIView):
    """The steering committee dashboard: committee, office and admin see every unit; a unit's lead or
    staff sees the same figures for their own units."""

    @extend_schema(
        summary="Số liệu bảng điều khiển (tổng hợp, xếp hạng đơn vị, xu hướng theo quý, quá hạn, sắp đến hạn, chỉ tiêu, kinh phí)",
        parameters=PARAMETERS,
        responses={200: DashboardSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request):
        policy.require(request.user, policy.VIEW_DASHBOARD)
        form = DashboardFilterForm(request.query_params, iso_dates=True)
        if not form.is_valid():
            raise serializers.ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        filters = form.to_filters()
        sort = request.query_params.get("sort") or selectors.DEFAULT_LEAGUE_SORT
        if selectors.normalize_sort(sort) != sort:
            raise serializers.ValidationError({"sort": [_("Cách sắp xếp không hợp lệ.")]})
        for key in ("due_after", "due_before"):
            value = filters.task_params.get(key)
            if value:
                try:
                    date.fromisoformat(value)
                except ValueError:
                    raise serializers.ValidationError(
                        {key: [_("Ngày không hợp lệ; hãy dùng dạng YYYY-MM-DD.")]}
                    ) from None
        data = selectors.dashboard_data(user=request.user, filters=filters, sort=sort)
        return Response(DashboardSerializer(presenters.dashboard_payload(data)).data)
