"""API shapes for KPI targets and measurements. Read targets from kpis.selectors (attainment and the
latest value are database annotations)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dtsystem.common.people import actor_name
from dtsystem.units.api.serializers import UnitRefSerializer
from plans.api.serializers import NULLABLE_NUMBER, MoneyField, money

from ..models import KpiMeasurement, KpiTarget
from ..selectors import target_progress

EVIDENCE_URL = "/kpis/measurements/{pk}/evidence/"


class KpiMeasurementSerializer(serializers.ModelSerializer):
    value = MoneyField(read_only=True, allow_null=True)  # null for a milestone (`achieved` says it)
    entered_by = serializers.SerializerMethodField()
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = KpiMeasurement
        fields = [
            "id",
            "target",
            "period",
            "period_end",
            "value",
            "achieved",
            "note",
            "evidence_name",
            "evidence_url",
            "entered_by",
            "entered_at",
        ]
        read_only_fields = fields

    def get_entered_by(self, obj) -> str:
        return actor_name(obj.entered_by)

    def get_evidence_url(self, obj) -> str | None:
        return EVIDENCE_URL.format(pk=obj.pk) if obj.evidence else None


class KpiTargetSerializer(serializers.ModelSerializer):
    pillar_code = serializers.CharField(source="pillar", read_only=True)
    pillar_label = serializers.CharField(source="get_pillar_display", read_only=True)
    measure = serializers.CharField(source="unit_of_measure", read_only=True)
    measure_label = serializers.CharField(source="get_unit_of_measure_display", read_only=True)
    comparison_kind = serializers.CharField(source="comparison", read_only=True)
    comparison_label = serializers.CharField(source="get_comparison_display", read_only=True)
    target_scope = serializers.CharField(source="scope", read_only=True)
    target_value = MoneyField(read_only=True, allow_null=True)
    target_max = MoneyField(read_only=True, allow_null=True)
    baseline = MoneyField(read_only=True, allow_null=True)
    target_display = serializers.CharField(read_only=True)
    responsible_unit = UnitRefSerializer(read_only=True, allow_null=True)
    plan_code = serializers.CharField(source="plan.document.code", read_only=True)
    latest_value = serializers.SerializerMethodField()
    latest_period = serializers.CharField(read_only=True, allow_null=True)
    attainment_status = serializers.CharField(source="attainment", read_only=True)
    progress = serializers.SerializerMethodField()
    unit_count = serializers.IntegerField(read_only=True)
    units_achieved = serializers.IntegerField(read_only=True)
    measurements = KpiMeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = KpiTarget
        fields = [
            "id",
            "plan",
            "plan_code",
            "parent",
            "code",
            "pillar_code",
            "pillar_label",
            "text",
            "measure",
            "measure_label",
            "comparison_kind",
            "comparison_label",
            "target_value",
            "target_max",
            "baseline",
            "target_display",
            "period",
            "responsible_unit",
            "target_scope",
            "note",
            "latest_value",
            "latest_period",
            "attainment_status",
            "progress",
            "unit_count",
            "units_achieved",
            "measurements",
        ]
        read_only_fields = fields

    @extend_schema_field(NULLABLE_NUMBER)
    def get_latest_value(self, obj):
        return money(obj.latest_value)

    def get_progress(self, obj) -> int | None:
        return target_progress(obj)


class KpiMeasurementInputSerializer(serializers.Serializer):
    period = serializers.CharField(max_length=8)
    value = serializers.DecimalField(max_digits=14, decimal_places=3, required=False, allow_null=True)
    achieved = serializers.BooleanField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.FileField(required=False, allow_null=True)
