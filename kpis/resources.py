"""Excel (xlsx) and CSV for KPI targets and measurements: Vietnamese column headers, units matched by
name, short name or alias, numbers in Vietnamese format ("86,5"; "1.500" = 1500).

Exports use django-import-export resources over the same selectors (and FilterSet) as the pages; their
columns are the imports' columns, so an export imports again unchanged. Imports read a file into rows
of text (dtsystem.common.imports) and `kpis.services.kpi_measurements_import` / `kpi_targets_import` check every
row and save nothing unless the whole file is valid."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from import_export import fields, resources

from dtsystem.common.imports import RowError, cell_text, dataset_rows, read_dataset  # noqa: F401
from dtsystem.common.numbers import format_vn_number, parse_vn_decimal
from dtsystem.common.text import fold
from dtsystem.units.models import Unit

from .choices import Attainment
from .models import KpiMeasurement, KpiTarget

# Columns of the measurement file, in order (export and import share them: an export imports again).
COL_PLAN = "Kế hoạch"
COL_CODE = "Mã chỉ tiêu"
COL_UNIT = "Đơn vị"
COL_PERIOD = "Kỳ số liệu"
COL_VALUE = "Giá trị"
COL_ACHIEVED = "Đã hoàn thành"
COL_NOTE = "Ghi chú"
MEASUREMENT_COLUMNS = [COL_PLAN, COL_CODE, COL_UNIT, COL_PERIOD, COL_VALUE, COL_ACHIEVED, COL_NOTE]
REQUIRED_COLUMNS = [COL_PLAN, COL_CODE, COL_PERIOD]
YES = {"co", "x", "da hoan thanh", "hoan thanh", "dat", "1", "true", "yes"}
NO = {"khong", "chua", "chua hoan thanh", "0", "false", "no"}


def vn(value) -> str:
    return format_vn_number(value) if value is not None else ""


def _unit_name(unit: Unit | None) -> str:
    """The full name: unique, so that an exported file imports again to the same unit."""
    return unit.name if unit else ""


# Columns of the target file (export and import share them; the last three are export-only).
COL_LEVEL = "Cấp"
COL_PILLAR = "Trụ cột"
COL_TEXT = "Nội dung chỉ tiêu"
COL_MEASURE = "Đơn vị tính"
COL_COMPARISON = "Cách so sánh"
COL_TARGET = "Mục tiêu"
COL_TARGET_MAX = "Mục tiêu tối đa"
COL_BASELINE = "Giá trị cơ sở"
COL_YEAR = "Năm"
COL_SCOPE = "Phạm vi"
LEVEL_PROVINCE = "Tỉnh"
LEVEL_UNIT = "Đơn vị"
TARGET_COLUMNS = [
    COL_PLAN,
    COL_CODE,
    COL_LEVEL,
    COL_UNIT,
    COL_PILLAR,
    COL_TEXT,
    COL_MEASURE,
    COL_COMPARISON,
    COL_TARGET,
    COL_TARGET_MAX,
    COL_BASELINE,
    COL_YEAR,
    COL_SCOPE,
    COL_NOTE,
]
TARGET_REQUIRED_COLUMNS = [COL_PLAN, COL_CODE, COL_TEXT, COL_MEASURE, COL_COMPARISON]


def target_rows(dataset) -> list[dict]:
    return dataset_rows(dataset, required=TARGET_REQUIRED_COLUMNS, columns=TARGET_COLUMNS)


class KpiTargetResource(resources.ModelResource):
    """KPI targets as the plan page lists them (read from kpis.selectors.kpi_target_list), in the
    columns of the target import, plus the latest value, its period and the attainment."""

    plan = fields.Field(column_name=COL_PLAN)
    code = fields.Field(attribute="code", column_name=COL_CODE)
    level = fields.Field(column_name=COL_LEVEL)
    unit = fields.Field(column_name=COL_UNIT)
    pillar = fields.Field(column_name=COL_PILLAR)
    text = fields.Field(attribute="text", column_name=COL_TEXT)
    measure = fields.Field(column_name=COL_MEASURE)
    comparison = fields.Field(column_name=COL_COMPARISON)
    target = fields.Field(column_name=COL_TARGET)
    target_max = fields.Field(column_name=COL_TARGET_MAX)
    baseline = fields.Field(column_name=COL_BASELINE)
    period = fields.Field(attribute="period", column_name=COL_YEAR)
    scope = fields.Field(column_name=COL_SCOPE)
    note = fields.Field(attribute="note", column_name=COL_NOTE)
    latest_value = fields.Field(column_name="Số liệu mới nhất")
    latest_period = fields.Field(attribute="latest_period", column_name="Kỳ")
    attainment = fields.Field(column_name="Đánh giá")

    class Meta:
        model = KpiTarget
        fields = (
            "plan",
            "code",
            "level",
            "unit",
            "pillar",
            "text",
            "measure",
            "comparison",
            "target",
            "target_max",
            "baseline",
            "period",
            "scope",
            "note",
            "latest_value",
            "latest_period",
            "attainment",
        )

    def dehydrate_plan(self, obj):
        return obj.plan.document.code

    def dehydrate_level(self, obj):
        return LEVEL_UNIT if obj.parent_id else LEVEL_PROVINCE

    def dehydrate_unit(self, obj):
        return _unit_name(obj.responsible_unit)

    def dehydrate_pillar(self, obj):
        return obj.get_pillar_display()

    def dehydrate_measure(self, obj):
        return obj.get_unit_of_measure_display()

    def dehydrate_comparison(self, obj):
        return obj.get_comparison_display()

    def dehydrate_target(self, obj):
        return vn(obj.target_value)

    def dehydrate_target_max(self, obj):
        return vn(obj.target_max)

    def dehydrate_baseline(self, obj):
        return vn(obj.baseline)

    def dehydrate_scope(self, obj):
        return obj.get_scope_display()

    def dehydrate_latest_value(self, obj):
        if obj.latest_value is not None:
            return vn(obj.latest_value)
        return {True: _("Đã hoàn thành"), False: _("Chưa hoàn thành")}.get(obj.latest_achieved, "")

    def dehydrate_attainment(self, obj):
        return str(dict(Attainment.choices).get(obj.attainment, ""))


class KpiMeasurementResource(resources.ModelResource):
    """Measurements in the columns of the import file (an export imports again unchanged)."""

    plan = fields.Field(column_name=COL_PLAN)
    code = fields.Field(column_name=COL_CODE)
    unit = fields.Field(column_name=COL_UNIT)
    period = fields.Field(attribute="period", column_name=COL_PERIOD)
    value = fields.Field(column_name=COL_VALUE)
    achieved = fields.Field(column_name=COL_ACHIEVED)
    note = fields.Field(attribute="note", column_name=COL_NOTE)

    class Meta:
        model = KpiMeasurement
        fields = ("plan", "code", "unit", "period", "value", "achieved", "note")

    def dehydrate_plan(self, obj):
        return obj.target.plan.document.code

    def dehydrate_code(self, obj):
        return obj.target.code

    def dehydrate_unit(self, obj):
        return _unit_name(obj.target.responsible_unit)

    def dehydrate_value(self, obj):
        return vn(obj.value)

    def dehydrate_achieved(self, obj):
        return {True: "có", False: "không"}.get(obj.achieved, "")


def measurement_export_queryset(targets_qs):
    return (
        KpiMeasurement.objects.filter(target__in=targets_qs.values("pk"))
        .select_related("target__plan__document", "target__responsible_unit")
        .order_by(
            "target__plan_id",
            "target__position",
            F("target__parent_id").asc(nulls_first=True),
            "target_id",
            "period_end",
        )
    )


# --------------------------------------------------------------------------------------------- import


def measurement_rows(dataset) -> list[dict]:
    return dataset_rows(dataset, required=REQUIRED_COLUMNS, columns=MEASUREMENT_COLUMNS)


def parse_value(raw: str) -> Decimal | None:
    return parse_vn_decimal(raw)


def parse_achieved(raw) -> bool | None:
    text = fold(cell_text(raw))
    if not text:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError(_("Cột “Đã hoàn thành” ghi “có” hoặc “không”."))
