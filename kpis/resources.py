"""Excel (xlsx) and CSV for KPI targets and measurements: Vietnamese column headers, units matched by
name, short name or alias, numbers in Vietnamese format ("86,5"; "1.500" = 1500).

Exports use django-import-export resources over the same selectors (and FilterSet) as the pages; their
columns are the imports' columns, so an export imports again unchanged. Imports read a file into rows
of text (dtsystem.common.imports); the imports are row specifications (KpiMeasurementImport,
KpiTargetImport) that dtsystem.common.imports.rows_import runs: every row is checked, and nothing is
saved unless the whole file is valid."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from import_export import fields, resources

from dtsystem import policy
from dtsystem.common.imports import (  # noqa: F401  (read_dataset: kpis.resources reads files too)
    ImportRow,
    RowKey,
    cell_text,
    read_dataset,
    resource_columns,
    validate_instance,
)
from dtsystem.common.numbers import format_vn_number, parse_vn_decimal
from dtsystem.common.text import fold
from dtsystem.units.models import Unit
from plans.choices import Pillar
from plans.resources import PlanRowSpec

from . import services
from .choices import Attainment, Comparison, Scope, UnitOfMeasure
from .models import KpiMeasurement, KpiTarget, period_end

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
    return KpiTargetImport.read(dataset)


class KpiTargetResource(resources.ModelResource):
    """KPI targets as the plan page lists them (read from kpis.selectors.kpi_target_list), in the
    columns of the target import, plus the latest value, its period and the attainment."""

    plan = fields.Field(column_name=COL_PLAN)
    code = fields.Field(attribute="code", column_name=COL_CODE)
    level = fields.Field(column_name=COL_LEVEL)
    responsible_unit = fields.Field(column_name=COL_UNIT)
    pillar = fields.Field(column_name=COL_PILLAR)
    text = fields.Field(attribute="text", column_name=COL_TEXT)
    unit_of_measure = fields.Field(column_name=COL_MEASURE)
    comparison = fields.Field(column_name=COL_COMPARISON)
    target_value = fields.Field(column_name=COL_TARGET)
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
            "responsible_unit",
            "pillar",
            "text",
            "unit_of_measure",
            "comparison",
            "target_value",
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

    def dehydrate_responsible_unit(self, obj):
        return _unit_name(obj.responsible_unit)

    def dehydrate_pillar(self, obj):
        return obj.get_pillar_display()

    def dehydrate_unit_of_measure(self, obj):
        return obj.get_unit_of_measure_display()

    def dehydrate_comparison(self, obj):
        return obj.get_comparison_display()

    def dehydrate_target_value(self, obj):
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
    return KpiMeasurementImport.read(dataset)


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


class KpiMeasurementImport(PlanRowSpec):
    """Measurements, written through kpi_measurement_record: a target by plan and code, the unit's own
    target when the plan's is given to every unit; the same target and period again is updated."""

    columns = MEASUREMENT_COLUMNS
    required = REQUIRED_COLUMNS
    field_columns = resource_columns(KpiMeasurementResource) | {"target": COL_CODE, "evidence": COL_NOTE}
    default_column = COL_VALUE

    def load(self, plan_ids: set[int]) -> None:
        self.targets: dict[tuple, KpiTarget] = {}
        for target in KpiTarget.objects.filter(plan_id__in=plan_ids).select_related("responsible_unit"):
            key = (target.plan_id, target.code, target.responsible_unit_id if target.parent_id else None)
            self.targets[key] = target
        measured = KpiMeasurement.objects.filter(target__plan_id__in=plan_ids)
        self.measured = set(measured.values_list("target_id", "period"))

    def clean(self, row: ImportRow) -> None:
        plan = self.plan_of(row)
        code = row.cell(COL_CODE)
        target = self.targets.get((plan.pk, code, None)) if plan else None
        if plan and target is None:
            row.error(COL_CODE, _("Kế hoạch không có chỉ tiêu “%(code)s”.") % {"code": code})
        unit = self.units.named(row, COL_UNIT)
        if target is not None and (unit is not None or not row.cell(COL_UNIT)):
            target = self._own_target(row, target, unit)
        fields = {"target": target, "period": row.cell(COL_PERIOD), "note": row.values.get(COL_NOTE, "")}
        fields["value"] = row.parse(COL_VALUE, parse_value)
        fields["achieved"] = row.parse(COL_ACHIEVED, parse_achieved)
        if not row.errors:
            row.fields = fields
            row.existing = (
                (target.pk, fields["period"]) if (target.pk, fields["period"]) in self.measured else None
            )

    def _own_target(self, row: ImportRow, target: KpiTarget, unit: Unit | None) -> KpiTarget | None:
        """The unit's own target when the plan's is given to every unit; else the plan's, if `unit` (when
        named) is the one responsible for it."""
        if target.scope == Scope.PER_UNIT:
            if unit is None:
                row.error(COL_UNIT, _("Chỉ tiêu giao cho từng đơn vị: cần ghi tên đơn vị."))
                return None
            own = self.targets.get((target.plan_id, target.code, unit.pk))
            if own is None:
                row.error(
                    COL_UNIT,
                    _("Đơn vị “%(unit)s” không có chỉ tiêu riêng %(code)s.")
                    % {"unit": row.cell(COL_UNIT), "code": target.code},
                )
            return own
        if unit is not None and unit.pk != target.responsible_unit_id:
            row.error(
                COL_UNIT,
                _("Chỉ tiêu %(code)s do %(owner)s chịu trách nhiệm, không phải “%(unit)s”.")
                % {"code": target.code, "owner": target.responsible_unit or "—", "unit": row.cell(COL_UNIT)},
            )
        return target

    def keys(self, row: ImportRow) -> list[RowKey]:
        if not row.fields:
            return []
        key = (row.fields["target"].pk, row.fields["period"])
        return [RowKey(COL_PERIOD, key, _("Trùng chỉ tiêu và kỳ với dòng %(row)s."))]

    def validate(self, row: ImportRow) -> None:
        target, period = row.fields["target"], row.fields["period"]
        if not policy.may(self.user, policy.KPI_MEASURE, target):
            raise self._not_allowed()
        value = services.kpi_measurement_check(
            target=target, period=period, value=row.fields["value"], achieved=row.fields["achieved"]
        )
        measurement = KpiMeasurement(
            target=target,
            period=period,
            period_end=period_end(period),
            value=value,
            achieved=row.fields["achieved"],
            note=row.fields["note"].strip(),
        )
        validate_instance(measurement)

    def save_rows(self, rows: list[ImportRow]) -> None:
        """Every row at once (services.kpi_measurements_record_imported: one statement per batch)."""
        if not rows:
            return
        with self.row_errors(rows[0]):
            try:
                services.kpi_measurements_record_imported(user=self.user, rows=[row.fields for row in rows])
            except PermissionDenied as exc:
                raise self._not_allowed() from exc

    def save_row(self, row: ImportRow) -> None:
        try:
            services.kpi_measurement_record(user=self.user, **row.fields)
        except PermissionDenied as exc:
            raise self._not_allowed() from exc

    @staticmethod
    def _not_allowed() -> ValidationError:
        return ValidationError({"target": _("Bạn không có quyền nhập số liệu chỉ tiêu này.")})


COMPARISON_SYMBOLS = {"≥": "at_least", ">=": "at_least", "≤": "at_most", "<=": "at_most", "=": "exactly"}


def _choice(text: str, choices, extra: dict | None = None) -> str | None:
    """A choice's value from its value, its label, or a symbol, ignoring case and diacritics."""
    folded = fold(text)
    for value, label in choices:
        if folded in (fold(value), fold(str(label))):
            return value
    return (extra or {}).get(text.strip())


class KpiTargetImport(PlanRowSpec):
    """Targets: a row of level “Tỉnh” is the plan's target with that code; a row of level “Đơn vị” is one
    unit's own target under it (the target given to every unit must come first, in the file or in the
    database). Existing targets are updated (kpi_target_update), others added (kpi_target_create)."""

    columns = TARGET_COLUMNS
    required = TARGET_REQUIRED_COLUMNS
    field_columns = resource_columns(KpiTargetResource)
    default_column = COL_TEXT

    def load(self, plan_ids: set[int]) -> None:
        self.top: dict[tuple, KpiTarget] = {}  # (plan id, code) → the plan's target (then the file's)
        self.children: dict[tuple, KpiTarget] = {}  # (plan id, code, unit id) → a unit's own target
        for target in KpiTarget.objects.filter(plan_id__in=plan_ids):
            if target.parent_id:
                self.children[(target.plan_id, target.code, target.responsible_unit_id)] = target
            else:
                self.top[(target.plan_id, target.code)] = target

    def clean(self, row: ImportRow) -> None:
        plan = self.plan_of(row)
        code = row.cell(COL_CODE)
        if not code:
            row.error(COL_CODE, _("Cần ghi mã chỉ tiêu."))
        level = fold(row.values.get(COL_LEVEL, "")) or fold(LEVEL_PROVINCE)
        if level not in (fold(LEVEL_PROVINCE), fold(LEVEL_UNIT)):
            row.error(COL_LEVEL, _("Cấp ghi “Tỉnh” hoặc “Đơn vị”."))
        is_child = level == fold(LEVEL_UNIT)
        unit_text = row.cell(COL_UNIT)
        unit = self.units.named(row, COL_UNIT)
        if is_child and not unit_text:
            row.error(COL_UNIT, _("Chỉ tiêu của đơn vị cần ghi tên đơn vị."))
        values = {"text": row.cell(COL_TEXT), "note": row.cell(COL_NOTE)}
        for name, column, choices, extra in [
            ("pillar", COL_PILLAR, Pillar.choices, None),
            ("unit_of_measure", COL_MEASURE, UnitOfMeasure.choices, {"%": "percent"}),
            ("comparison", COL_COMPARISON, Comparison.choices, COMPARISON_SYMBOLS),
            ("scope", COL_SCOPE, Scope.choices, None),
        ]:
            text = row.cell(column)
            if text:
                values[name] = _choice(text, choices, extra)
                if values[name] is None:
                    row.error(column, _("Không hiểu “%(text)s”.") % {"text": text})
        for name, column in [
            ("target_value", COL_TARGET),
            ("target_max", COL_TARGET_MAX),
            ("baseline", COL_BASELINE),
        ]:
            values[name] = row.parse(column, parse_vn_decimal)
        year = row.cell(COL_YEAR)
        if year and not (year.isdigit() and len(year) == 4):
            row.error(COL_YEAR, _("Năm ghi 4 chữ số, ví dụ 2022."))
        if row.errors:
            return
        values["period"] = int(year) if year else plan.year
        values["responsible_unit"] = unit
        key = (plan.pk, code, unit.pk) if is_child else (plan.pk, code)
        row.existing = self.children.get(key) if is_child else self.top.get(key)
        row.fields = {"plan": plan, "code": code, "is_child": is_child, "key": key, "values": values}

    def keys(self, row: ImportRow) -> list[RowKey]:
        if not row.fields:
            return []
        key = row.fields["key"] if row.fields["is_child"] else (*row.fields["key"], None)
        return [RowKey(COL_CODE, key, _("Trùng chỉ tiêu với dòng %(row)s."))]

    def link(self, rows: list[ImportRow]) -> None:
        """A unit's target under the plan's target given to every unit (in the register, or above it in
        the file: `self.top` holds the file's targets as they will be)."""
        for row in rows:
            if row.errors:
                continue
            plan, code, values = row.fields["plan"], row.fields["code"], row.fields["values"]
            parent = self.top.get((plan.pk, code)) if row.fields["is_child"] else None
            if row.fields["is_child"]:
                if parent is None or parent.scope != Scope.PER_UNIT:
                    message = _(
                        "Chưa có chỉ tiêu %(code)s giao cho từng đơn vị (cấp “Tỉnh”, phạm vi "
                        "“Từng đơn vị”) để thêm chỉ tiêu của đơn vị."
                    )
                    row.error(COL_CODE, message % {"code": code})
                    continue
                values["scope"] = Scope.PROVINCE
                for inherited in ("pillar", "unit_of_measure", "comparison"):
                    values.setdefault(inherited, getattr(parent, inherited))
            target = row.existing
            if target is None:
                values = {"pillar": "", "unit_of_measure": "", "comparison": "", **values}
                row.fields["values"] = values
                target = KpiTarget(plan=plan, code=code, parent=parent, position=0)
            for name, value in values.items():
                setattr(target, name, value)
            row.fields["target"] = target
            if not row.fields["is_child"]:
                self.top[row.fields["key"]] = target

    def validate(self, row: ImportRow) -> None:
        validate_instance(row.fields["target"])

    def save_row(self, row: ImportRow) -> None:
        plan, code, values = row.fields["plan"], row.fields["code"], row.fields["values"]
        if row.existing is not None:
            target = services.kpi_target_update(user=self.user, target=row.existing, **values)
        else:
            parent = self.top[(plan.pk, code)] if row.fields["is_child"] else None  # saved by now
            target = services.kpi_target_create(user=self.user, plan=plan, code=code, parent=parent, **values)
        if not row.fields["is_child"]:
            self.top[row.fields["key"]] = target
