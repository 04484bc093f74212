"""Writes for KPI targets and measurements. Measurements are entered by the target's responsible
unit (or the office), as dtsystem.policy.KPI_MEASURE decides."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dtsystem import policy
from dtsystem.common.imports import ImportReport, rows_import
from dtsystem.common.numbers import to_decimal
from dtsystem.common.uploads import validate_evidence
from dtsystem.units.models import Unit
from plans.models import Plan

from .choices import Comparison, Scope, UnitOfMeasure
from .models import PERIOD_RE, KpiMeasurement, KpiTarget, period_end


def to_value(value, *, field: str = "value") -> Decimal | None:
    return to_decimal(
        value, field=field, message=_("“%(value)s” không phải là số hợp lệ."), decimal_comma=True
    )


@transaction.atomic
def kpi_target_create(
    *,
    user,
    plan: Plan,
    code: str,
    pillar: str,
    text: str,
    unit_of_measure: str,
    comparison: str,
    target_value=None,
    target_max=None,
    baseline=None,
    period: int | None = None,
    responsible_unit: Unit | None = None,
    scope: str = Scope.PROVINCE,
    note: str = "",
    position: int | None = None,
    parent: KpiTarget | None = None,
) -> KpiTarget:
    policy.require(user, policy.MANAGE_DOCUMENTS)
    if position is None:
        position = (
            plan.kpi_targets.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
    target = KpiTarget(
        plan=plan,
        parent=parent,
        code=code,
        pillar=pillar,
        text=(text or "").strip(),
        unit_of_measure=unit_of_measure,
        comparison=comparison,
        target_value=to_value(target_value, field="target_value"),
        target_max=to_value(target_max, field="target_max"),
        baseline=to_value(baseline, field="baseline"),
        period=period or plan.year,
        responsible_unit=responsible_unit,
        scope=scope,
        note=note or "",
        position=position,
    )
    target.full_clean()
    target.save()
    return target


TARGET_EDIT_FIELDS = {
    "pillar",
    "text",
    "unit_of_measure",
    "comparison",
    "target_value",
    "target_max",
    "baseline",
    "period",
    "responsible_unit",
    "scope",
    "note",
}


@transaction.atomic
def kpi_target_update(*, user, target: KpiTarget, **values) -> KpiTarget:
    """Change a target's fields (office staff)."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    unknown = set(values) - TARGET_EDIT_FIELDS
    if unknown:
        raise ValueError(f"unknown target fields: {sorted(unknown)}")
    for key, value in values.items():
        if key in ("target_value", "target_max", "baseline"):
            value = to_value(value, field=key)
        setattr(target, key, value)
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def kpi_target_expand_per_unit(
    *, user, target: KpiTarget, rules: Sequence[tuple[str, object]]
) -> list[KpiTarget]:
    """Give every active unit of each kind its own child target: rules [(unit kind, target value)],
    e.g. [("department", 1), ("district", 2)] for "mỗi sở ≥ 01 mô hình; mỗi huyện ≥ 02". Idempotent."""
    policy.require(user, policy.MANAGE_DOCUMENTS)
    if target.scope != Scope.PER_UNIT:
        raise ValidationError({"scope": _("Chỉ chỉ tiêu giao cho từng đơn vị mới tách theo đơn vị.")})
    existing = set(target.unit_targets.values_list("responsible_unit_id", flat=True))
    created = []
    for kind, value in rules:
        for unit in Unit.objects.filter(kind=kind, is_active=True).order_by("name"):
            if unit.pk in existing:
                continue
            created.append(
                kpi_target_create(
                    user=user,
                    plan=target.plan,
                    parent=target,
                    code=target.code,
                    pillar=target.pillar,
                    text=target.text,
                    unit_of_measure=target.unit_of_measure,
                    comparison=target.comparison,
                    target_value=value,
                    target_max=target.target_max,
                    baseline=target.baseline,
                    period=target.period,
                    responsible_unit=unit,
                    scope=Scope.PROVINCE,
                    position=target.position,
                )
            )
            existing.add(unit.pk)
    return created


def kpi_measurement_check(*, target: KpiTarget, period: str, value, achieved: bool | None) -> Decimal | None:
    """What kpi_measurement_record checks before it writes, without a query (imports check every row
    with it first): the period's form and year, and the value for the target's kind. The value as a
    Decimal."""
    if not PERIOD_RE.match(period):
        raise ValidationError({"period": _("Kỳ số liệu phải có dạng 2022, 2022-Q3 hoặc 2022-06.")})
    if int(period[:4]) != target.period:
        raise ValidationError(
            {"period": _("Kỳ số liệu phải thuộc năm %(year)s của chỉ tiêu.") % {"year": target.period}}
        )
    value = to_value(value)
    _check_value(target, value, achieved)
    return value


def _check_value(target: KpiTarget, value: Decimal | None, achieved: bool | None) -> None:
    if target.comparison == Comparison.MILESTONE:
        if value is None and achieved is None:
            raise ValidationError(
                {"achieved": _("Chỉ tiêu mốc: hãy cho biết đã hoàn thành hay chưa, hoặc nhập % tiến độ.")}
            )
        if value is not None and not (0 <= value <= 100):
            raise ValidationError({"value": _("Tiến độ của chỉ tiêu mốc phải từ 0 đến 100%.")})
        return
    if value is None:
        raise ValidationError({"value": _("Cần nhập giá trị đạt được.")})
    if target.unit_of_measure == UnitOfMeasure.COUNT and value < 0:
        raise ValidationError({"value": _("Số lượng không được âm.")})
    if target.unit_of_measure == UnitOfMeasure.PERCENT and not (0 <= value <= 100):
        raise ValidationError({"value": _("Tỷ lệ phải từ 0 đến 100%.")})


@transaction.atomic
def kpi_measurement_record(
    *,
    user,
    target: KpiTarget,
    period: str,
    value=None,
    achieved: bool | None = None,
    note: str = "",
    evidence=None,
) -> KpiMeasurement:
    """Record (or correct) the value of a target for a period. Only the responsible unit (and the
    office) may, as policy.KPI_MEASURE says. One measurement per (target, period): entering the same
    period again replaces the value and records who entered it."""
    policy.require(user, policy.KPI_MEASURE, target)
    period = (period or "").strip()
    value = kpi_measurement_check(target=target, period=period, value=value, achieved=achieved)
    evidence_info = validate_evidence(evidence) if evidence else None
    measurement = KpiMeasurement.objects.select_for_update().filter(
        target=target, period=period
    ).first() or KpiMeasurement(target=target, period=period)
    measurement.period_end = period_end(period)
    measurement.value = value
    measurement.achieved = achieved
    measurement.note = (note or "").strip()
    measurement.entered_by = user if getattr(user, "pk", None) else None
    measurement.entered_at = timezone.now()  # who entered the value now in force, and when
    if evidence_info:
        measurement.evidence = evidence
        measurement.evidence_name = evidence_info["original_name"]
    measurement.full_clean(exclude=["target"])
    measurement.save()
    return measurement


MEASUREMENT_BATCH = 500


@transaction.atomic
def kpi_measurements_record_imported(*, user, rows: list[dict]) -> int:
    """Record (or correct) many measurements at once, as kpi_measurement_record does one by one (the
    same checks, the same values, who entered them and when; evidence already attached is kept): one
    INSERT … ON CONFLICT (target, period) DO UPDATE per MEASUREMENT_BATCH rows. `rows` hold target,
    period, value, achieved, note."""
    entered_by = user if getattr(user, "pk", None) else None
    now = timezone.now()
    measurements = []
    for row in rows:
        target, period = row["target"], (row["period"] or "").strip()
        policy.require(user, policy.KPI_MEASURE, target)
        value = kpi_measurement_check(
            target=target, period=period, value=row.get("value"), achieved=row.get("achieved")
        )
        measurement = KpiMeasurement(
            target=target,
            period=period,
            period_end=period_end(period),
            value=value,
            achieved=row.get("achieved"),
            note=(row.get("note") or "").strip(),
            entered_by=entered_by,
            entered_at=now,
        )
        measurement.full_clean(
            exclude=["target", "entered_by"], validate_unique=False, validate_constraints=False
        )
        measurements.append(measurement)
    KpiMeasurement.objects.bulk_create(
        measurements,
        batch_size=MEASUREMENT_BATCH,
        update_conflicts=True,
        unique_fields=["target", "period"],
        update_fields=["period_end", "value", "achieved", "note", "entered_by", "entered_at"],
    )
    return len(measurements)


# --------------------------------------------------------------------------------------------- import


def kpi_measurements_import(*, user, rows: list[dict], commit: bool) -> ImportReport:
    """Import KPI measurements (kpis.resources.KpiMeasurementImport): all or nothing, office staff only."""
    from .resources import KpiMeasurementImport

    return rows_import(spec=KpiMeasurementImport(), user=user, rows=rows, commit=commit)


def kpi_targets_import(*, user, rows: list[dict], commit: bool) -> ImportReport:
    """Import KPI targets (kpis.resources.KpiTargetImport): all or nothing, office staff only."""
    from .resources import KpiTargetImport

    return rows_import(spec=KpiTargetImport(), user=user, rows=rows, commit=commit)
