from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dtsystem import policy

from .. import selectors, services
from ..filters import BudgetLineFilterSet, PlanFilterSet
from .serializers import (
    BudgetLineSerializer,
    DisbursementInputSerializer,
    DisbursementSerializer,
    PlanBudgetBreakdownSerializer,
    PlanBudgetSerializer,
    PlanDetailSerializer,
    PlanSerializer,
)


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Plans (kế hoạch) with objectives, sections, legal bases and the budget in million VND."""

    filterset_class = PlanFilterSet

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.plan_list(user=self.request.user).prefetch_related(
                "sections", "legal_basis_links__document__issuing_unit"
            )
        return selectors.plan_list(user=self.request.user)

    def get_serializer_class(self):
        return PlanDetailSerializer if self.action == "retrieve" else PlanSerializer

    @extend_schema(responses=PlanBudgetSerializer)
    @action(detail=True, methods=["get"], filterset_class=None)
    def budget(self, request, pk=None):
        """The plan's budget: investment (TMĐT, NSTW, NSĐP, disbursed to the end of the previous year,
        allocated this year), recurring total, grand total = allocated + recurring."""
        plan = self.get_object()
        return Response(PlanBudgetSerializer(selectors.plan_budget_totals(plan)).data)

    @extend_schema(responses=PlanBudgetBreakdownSerializer)
    @action(detail=True, methods=["get"], url_path="budget-breakdown", filterset_class=None)
    def budget_breakdown(self, request, pk=None):
        """The year's money (allocation + recurring) per pillar, per unit and per source, and the
        disbursement so far (million VND; rate in %)."""
        plan = self.get_object()
        data = {
            **selectors.plan_budget_breakdown(plan),
            "disbursement": selectors.plan_disbursement_summary(plan),
        }
        return Response(PlanBudgetBreakdownSerializer(data).data)


class BudgetLineViewSet(viewsets.ReadOnlyModelViewSet):
    """Budget lines of plans (investment projects and recurring lines), with disbursements so far."""

    serializer_class = BudgetLineSerializer
    filterset_class = BudgetLineFilterSet

    def get_queryset(self):
        return selectors.budget_line_list(user=self.request.user)

    @extend_schema(request=DisbursementInputSerializer, responses={201: DisbursementSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def disbursements(self, request, pk=None):
        """Record a disbursement on the line (office staff only)."""
        line = self.get_object()
        policy.require(request.user, policy.RECORD_DISBURSEMENT)  # 403 before looking at the data
        data = DisbursementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        disbursement = services.disbursement_record(
            user=request.user, budget_line=line, **data.validated_data
        )
        return Response(DisbursementSerializer(disbursement).data, status=status.HTTP_201_CREATED)
