from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from dtsystem import policy

from .. import selectors, services
from ..filters import KpiTargetFilterSet
from .serializers import KpiMeasurementInputSerializer, KpiTargetSerializer


class KpiTargetViewSet(viewsets.ReadOnlyModelViewSet):
    """KPI targets (chỉ tiêu) with their measurements and derived attainment
    (achieved / on_track / at_risk / off_track / no_data; see kpis.selectors)."""

    serializer_class = KpiTargetSerializer
    filterset_class = KpiTargetFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.kpi_target_list(user=self.request.user)

    @extend_schema(request=KpiMeasurementInputSerializer, responses={201: KpiTargetSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def measurements(self, request, pk=None):
        """Record the target's value for a period (its responsible unit, or the office). Multipart when
        an evidence file goes along. Answers the target with its new attainment."""
        target = self.get_object()
        policy.require(request.user, policy.KPI_MEASURE, target)  # 403 before looking at the data
        data = KpiMeasurementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.kpi_measurement_record(user=request.user, target=target, **data.validated_data)
        fresh = selectors.kpi_target_detail(user=request.user, pk=target.pk)
        return Response(KpiTargetSerializer(fresh).data, status=status.HTTP_201_CREATED)
