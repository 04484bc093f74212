"""/api/v1/scorecards/?period=2022-Q1 (also 2022-01, 2022-H1, 2022): one object per unit. Signed-in
users who may see the dashboard; a unit's lead or staff gets their own units only (the dashboard's rule)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from directives.api.serializers import ErrorSerializer
from dtsystem import policy

from .. import presenters, selectors
from ..periods import parse_period
from .serializers import ScorecardSerializer


class ScorecardView(APIView):
    @extend_schema(
        summary="Bảng điểm đơn vị theo kỳ (tháng, quý, 6 tháng, năm)",
        parameters=[
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                required=True,
                description="Kỳ: 2022-01 (tháng), 2022-Q1 (quý), 2022-H1 (6 tháng), 2022 (năm). Kỳ chưa bắt đầu hoặc sai dạng: 400.",
            )
        ],
        responses={200: ScorecardSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request):
        policy.require(request.user, policy.VIEW_DASHBOARD)
        today = timezone.localdate()
        raw = request.query_params.get("period")
        try:
            period = parse_period(raw, today=today)
        except ValidationError as exc:
            raise ValidationError({"period": exc.messages}) from exc
        card = selectors.scorecard(user=request.user, period=period, today=today)
        return Response(ScorecardSerializer(presenters.scorecard_payload(card)).data)
