"""API shapes for plans and budget lines. Money is million VND, written as JSON numbers (exact:
integers when whole, otherwise the decimal digits as stored); input accepts numbers or strings."""

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directives.models import Document
from dtsystem.common.people import actor_name
from dtsystem.units.api.serializers import UnitRefSerializer

from ..models import BudgetLine, Disbursement, Plan, PlanLegalBasis, PlanSection
from ..selectors import budget_line_rate

PLAN_PAGE_URL = "/plans/{pk}/"


def money(value):
    """Decimal -> JSON number without going through binary floats when the value is whole."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())


# A number that may be null (a method field's schema; a MoneyField says it with allow_null=True).
NULLABLE_NUMBER = {"type": "number", "nullable": True}


@extend_schema_field(OpenApiTypes.NUMBER)
class MoneyField(serializers.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 3)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return money(value)


class DocumentRefSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    issuing_unit = UnitRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Document
        fields = ["id", "kind_label", "code", "number", "symbol", "issuing_unit", "issue_date", "title"]
        read_only_fields = fields


class PlanDocumentSerializer(DocumentRefSerializer):
    class Meta(DocumentRefSerializer.Meta):
        fields = [*DocumentRefSerializer.Meta.fields, "place", "signer", "signer_title", "recipients"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    """A plan as lists show it; read it from selectors.plan_list (counts and totals are annotations)."""

    document = PlanDocumentSerializer(read_only=True)
    target_count = serializers.IntegerField(read_only=True)
    task_count = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "document",
            "year",
            "reporting_deadline",
            "reporting_deadline_text",
            "target_count",
            "task_count",
            "url",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return PLAN_PAGE_URL.format(pk=obj.pk)


class PlanSectionSerializer(serializers.ModelSerializer):
    pillar_label = serializers.CharField(source="get_pillar_display", read_only=True)

    class Meta:
        model = PlanSection
        fields = ["number", "title", "pillar_label", "items"]
        read_only_fields = fields


class LegalBasisSerializer(serializers.ModelSerializer):
    document = DocumentRefSerializer(read_only=True)

    class Meta:
        model = PlanLegalBasis
        fields = ["group", "position", "document"]
        read_only_fields = fields


class PlanDetailSerializer(PlanSerializer):
    """A plan with objectives, sections of solutions and legal bases (selectors.plan_detail)."""

    sections = PlanSectionSerializer(many=True, read_only=True)
    legal_bases = LegalBasisSerializer(source="legal_basis_links", many=True, read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "objectives", "funding_text", "sections", "legal_bases"]
        read_only_fields = fields


class PlanBudgetSerializer(serializers.Serializer):
    """The contract's shape of /api/v1/plans/{id}/budget/ (million VND)."""

    investment = serializers.SerializerMethodField()
    recurring = serializers.SerializerMethodField()
    grand_total = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                k: {"type": "number"}
                for k in ["total_investment", "central", "local", "disbursed_prior", "allocated"]
            },
        }
    )
    def get_investment(self, obj) -> dict:
        return {k: money(v) for k, v in obj["investment"].items()}

    @extend_schema_field({"type": "object", "properties": {"total": {"type": "number"}}})
    def get_recurring(self, obj) -> dict:
        return {"total": money(obj["recurring"]["total"])}

    @extend_schema_field(OpenApiTypes.NUMBER)
    def get_grand_total(self, obj):
        return money(obj["grand_total"])


class _PillarTotalSerializer(serializers.Serializer):
    pillar = serializers.CharField()
    label = serializers.CharField()
    total = MoneyField()


class _UnitTotalSerializer(serializers.Serializer):
    unit_id = serializers.IntegerField(allow_null=True)
    unit = serializers.CharField()
    investment = MoneyField()
    recurring = MoneyField()
    total = MoneyField()


class _SourceTotalSerializer(serializers.Serializer):
    source = serializers.CharField()
    label = serializers.CharField()
    total = MoneyField()


class _DisbursementSummarySerializer(serializers.Serializer):
    budget = MoneyField()
    disbursed = MoneyField()
    rate = MoneyField(allow_null=True)


class PlanBudgetBreakdownSerializer(serializers.Serializer):
    """Totals per pillar, per unit and per source (million VND), and the disbursement rate (%)."""

    per_pillar = _PillarTotalSerializer(many=True)
    per_unit = _UnitTotalSerializer(many=True)
    per_source = _SourceTotalSerializer(many=True)
    disbursement = _DisbursementSummarySerializer()


class DisbursementSerializer(serializers.ModelSerializer):
    amount = MoneyField(read_only=True)
    entered_by = serializers.SerializerMethodField()

    class Meta:
        model = Disbursement
        fields = ["id", "budget_line", "date", "amount", "note", "entered_by", "entered_at"]
        read_only_fields = fields

    def get_entered_by(self, obj) -> str:
        return actor_name(obj.entered_by)


class BudgetLineSerializer(serializers.ModelSerializer):
    """A budget line; read it from selectors.budget_line_list (`disbursed` is an annotation)."""

    line_type = serializers.CharField(source="kind", read_only=True)
    line_type_label = serializers.CharField(source="get_kind_display", read_only=True)
    pillar_code = serializers.CharField(source="pillar", read_only=True)
    pillar_label = serializers.CharField(source="get_pillar_display", read_only=True)
    plan_code = serializers.CharField(source="plan.document.code", read_only=True)
    unit = UnitRefSerializer(read_only=True, allow_null=True)
    # An empty cell of Phụ lục II is null, not 0 (an investment line has no `amount`, a recurring one
    # no TMĐT): the schema says so.
    total_investment = MoneyField(read_only=True, allow_null=True)
    central = MoneyField(read_only=True, allow_null=True)
    local = MoneyField(read_only=True, allow_null=True)
    disbursed_prior = MoneyField(read_only=True, allow_null=True)
    allocated = MoneyField(read_only=True, allow_null=True)
    amount = MoneyField(read_only=True, allow_null=True)
    year_budget = MoneyField(read_only=True, allow_null=True)
    disbursed = MoneyField(read_only=True)
    disbursement_rate = serializers.SerializerMethodField()

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "plan",
            "plan_code",
            "line_type",
            "line_type_label",
            "pillar_code",
            "pillar_label",
            "item",
            "name",
            "unit",
            "unit_text",
            "years",
            "total_investment",
            "central",
            "local",
            "disbursed_prior",
            "allocated",
            "amount",
            "year_budget",
            "disbursed",
            "disbursement_rate",
            "note",
        ]
        read_only_fields = fields

    @extend_schema_field(NULLABLE_NUMBER)
    def get_disbursement_rate(self, obj):
        return money(budget_line_rate(obj))


class DisbursementInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=3)
    note = serializers.CharField(required=False, allow_blank=True, default="")
