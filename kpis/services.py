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
from dtsystem.common.imports import ImportReport, row_error_collector
from dtsystem.common.numbers import parse_vn_decimal, to_decimal
from dtsystem.common.text import fold
from dtsystem.common.uploads import validate_evidence
from dtsystem.units.matching import UnitMatcher
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
    if not PERIOD_RE.match(period):
        raise ValidationError({"period": _("Kỳ số liệu phải có dạng 2022, 2022-Q3 hoặc 2022-06.")})
    if int(period[:4]) != target.period:
        raise ValidationError(
            {"period": _("Kỳ số liệu phải thuộc năm %(year)s của chỉ tiêu.") % {"year": target.period}}
        )
    value = to_value(value)
    _check_value(target, value, achieved)
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


# --------------------------------------------------------------------------------------------- import


def kpi_measurements_import(*, user, rows: list[dict], commit: bool) -> ImportReport:
    """Import measurement rows (kpis.resources.dataset_rows). Every row is checked, and written
    through kpi_measurement_record inside one transaction; unless `commit` and no row has an error,
    the transaction is rolled back, so a file with one bad row saves nothing. Office staff only."""
    from django.core.exceptions import PermissionDenied

    from . import resources as r

    policy.require(user, policy.IMPORT_DATA)
    report = ImportReport()
    plans = {p.document.code: p for p in Plan.objects.select_related("document")}
    targets: dict[tuple, KpiTarget] = {}
    for target in KpiTarget.objects.select_related("responsible_unit"):
        key = (target.plan_id, target.code, target.responsible_unit_id if target.parent_id else None)
        targets[key] = target
    units = UnitMatcher()
    seen: dict[tuple, int] = {}
    columns = {
        "period": r.COL_PERIOD,
        "value": r.COL_VALUE,
        "achieved": r.COL_ACHIEVED,
        "note": r.COL_NOTE,
        "evidence": r.COL_NOTE,
    }
    with transaction.atomic():
        for values in rows:
            number = values.get("_row", 0)
            errors: list = []
            error = row_error_collector(errors, number)

            plan = plans.get(values.get(r.COL_PLAN, "").strip())
            if plan is None:
                error(r.COL_PLAN, _("Không có kế hoạch “%(code)s”.") % {"code": values.get(r.COL_PLAN, "")})
            code = values.get(r.COL_CODE, "").strip()
            target = targets.get((plan.pk, code, None)) if plan else None
            if plan and target is None:
                error(r.COL_CODE, _("Kế hoạch không có chỉ tiêu “%(code)s”.") % {"code": code})
            unit_text = values.get(r.COL_UNIT, "").strip()
            unit = units.match(unit_text) if unit_text else None
            if unit_text and unit is None:
                error(r.COL_UNIT, units.unknown_message(unit_text))
            elif target is not None and target.scope == Scope.PER_UNIT:
                if unit is None:
                    error(r.COL_UNIT, _("Chỉ tiêu giao cho từng đơn vị: cần ghi tên đơn vị."))
                else:
                    child = targets.get((plan.pk, code, unit.pk))
                    if child is None:
                        error(
                            r.COL_UNIT,
                            _("Đơn vị “%(unit)s” không có chỉ tiêu riêng %(code)s.")
                            % {"unit": unit_text, "code": code},
                        )
                    target = child
            elif target is not None and unit is not None and unit.pk != target.responsible_unit_id:
                error(
                    r.COL_UNIT,
                    _("Chỉ tiêu %(code)s do %(owner)s chịu trách nhiệm, không phải “%(unit)s”.")
                    % {"code": code, "owner": target.responsible_unit or "—", "unit": unit_text},
                )
            try:
                value = r.parse_value(values.get(r.COL_VALUE, ""))
            except ValidationError as exc:
                error(r.COL_VALUE, exc.messages[0])
                value = None
            try:
                achieved = r.parse_achieved(values.get(r.COL_ACHIEVED, ""))
            except ValidationError as exc:
                error(r.COL_ACHIEVED, exc.messages[0])
                achieved = None
            period = values.get(r.COL_PERIOD, "").strip()
            row_report = {
                "row": number,
                "cells": [values.get(c, "") for c in r.MEASUREMENT_COLUMNS],
                "action": "",
            }
            if target is not None and not errors:
                key = (target.pk, period)
                if key in seen:
                    error(r.COL_PERIOD, _("Trùng chỉ tiêu và kỳ với dòng %(row)s.") % {"row": seen[key]})
                else:
                    seen[key] = number
                    existed = KpiMeasurement.objects.filter(target=target, period=period).exists()
                    try:
                        with transaction.atomic():
                            kpi_measurement_record(
                                user=user,
                                target=target,
                                period=period,
                                value=value,
                                achieved=achieved,
                                note=values.get(r.COL_NOTE, ""),
                            )
                    except ValidationError as exc:
                        for name, messages in exc.message_dict.items():
                            for message in messages:
                                error(columns.get(name, r.COL_VALUE), message)
                    except PermissionDenied:
                        error(r.COL_CODE, _("Bạn không có quyền nhập số liệu chỉ tiêu này."))
                    else:
                        row_report["action"] = "update" if existed else "create"
                        report.updated += existed
                        report.created += not existed
            report.errors.extend(errors)
            report.rows.append(row_report)
        if report.errors or not commit:
            transaction.set_rollback(True)
        else:
            report.saved = True
    return report


def _choice(text: str, choices, extra: dict | None = None) -> str | None:
    """A choice's value from its value, its label, or a symbol, ignoring case and diacritics."""
    folded = fold(text)
    for value, label in choices:
        if folded in (fold(value), fold(str(label))):
            return value
    return (extra or {}).get(text.strip())


def kpi_targets_import(*, user, rows: list[dict], commit: bool) -> ImportReport:
    """Import KPI targets (kpis.resources.target_rows). A row of level “Tỉnh” is the plan's target with
    that code; a row of level “Đơn vị” is one unit's own target under it (the per-unit target must come
    first, in the file or in the database). Existing targets are updated, others added; nothing is
    saved unless `commit` and no row has an error. Office staff only."""
    from plans.choices import Pillar

    from . import resources as r

    policy.require(user, policy.IMPORT_DATA)
    report = ImportReport()
    plans = {p.document.code: p for p in Plan.objects.select_related("document")}
    top: dict[tuple, KpiTarget] = {}
    children: dict[tuple, KpiTarget] = {}
    for target in KpiTarget.objects.all():
        if target.parent_id:
            children[(target.plan_id, target.code, target.responsible_unit_id)] = target
        else:
            top[(target.plan_id, target.code)] = target
    units = UnitMatcher()
    seen: dict[tuple, int] = {}
    comparison_symbols = {"≥": "at_least", ">=": "at_least", "≤": "at_most", "<=": "at_most", "=": "exactly"}
    columns = {
        "pillar": r.COL_PILLAR,
        "text": r.COL_TEXT,
        "unit_of_measure": r.COL_MEASURE,
        "comparison": r.COL_COMPARISON,
        "target_value": r.COL_TARGET,
        "target_max": r.COL_TARGET_MAX,
        "baseline": r.COL_BASELINE,
        "period": r.COL_YEAR,
        "responsible_unit": r.COL_UNIT,
        "scope": r.COL_SCOPE,
        "note": r.COL_NOTE,
        "code": r.COL_CODE,
    }
    with transaction.atomic():
        for values in rows:
            number = values.get("_row", 0)
            errors: list = []
            error = row_error_collector(errors, number)
            plan = plans.get(values.get(r.COL_PLAN, "").strip())
            if plan is None:
                error(r.COL_PLAN, _("Không có kế hoạch “%(code)s”.") % {"code": values.get(r.COL_PLAN, "")})
            code = values.get(r.COL_CODE, "").strip()
            if not code:
                error(r.COL_CODE, _("Cần ghi mã chỉ tiêu."))
            level = fold(values.get(r.COL_LEVEL, "")) or fold(r.LEVEL_PROVINCE)
            if level not in (fold(r.LEVEL_PROVINCE), fold(r.LEVEL_UNIT)):
                error(r.COL_LEVEL, _("Cấp ghi “Tỉnh” hoặc “Đơn vị”."))
            is_child = level == fold(r.LEVEL_UNIT)
            unit_text = values.get(r.COL_UNIT, "").strip()
            unit = units.match(unit_text) if unit_text else None
            if unit_text and unit is None:
                error(r.COL_UNIT, units.unknown_message(unit_text))
            elif is_child and unit is None:
                error(r.COL_UNIT, _("Chỉ tiêu của đơn vị cần ghi tên đơn vị."))
            fields = {"text": values.get(r.COL_TEXT, "").strip(), "note": values.get(r.COL_NOTE, "").strip()}
            for name, column, choices, extra in [
                ("pillar", r.COL_PILLAR, Pillar.choices, None),
                ("unit_of_measure", r.COL_MEASURE, UnitOfMeasure.choices, {"%": "percent"}),
                ("comparison", r.COL_COMPARISON, Comparison.choices, comparison_symbols),
                ("scope", r.COL_SCOPE, Scope.choices, None),
            ]:
                text = values.get(column, "").strip()
                if not text:
                    continue
                value = _choice(text, choices, extra)
                if value is None:
                    error(column, _("Không hiểu “%(text)s”.") % {"text": text})
                fields[name] = value
            for name, column in [
                ("target_value", r.COL_TARGET),
                ("target_max", r.COL_TARGET_MAX),
                ("baseline", r.COL_BASELINE),
            ]:
                try:
                    fields[name] = to_value(parse_vn_decimal(values.get(column, "")), field=name)
                except ValidationError as exc:
                    error(column, exc.messages[0])
            year = values.get(r.COL_YEAR, "").strip()
            if year and not (year.isdigit() and len(year) == 4):
                error(r.COL_YEAR, _("Năm ghi 4 chữ số, ví dụ 2022."))
            row_report = {"row": number, "cells": [values.get(c, "") for c in r.TARGET_COLUMNS], "action": ""}
            if not errors:
                key = (plan.pk, code, unit.pk if is_child else None)
                if key in seen:
                    error(r.COL_CODE, _("Trùng chỉ tiêu với dòng %(row)s.") % {"row": seen[key]})
                else:
                    seen[key] = number
                    fields["period"] = int(year) if year else plan.year
                    fields["responsible_unit"] = unit
                    parent = top.get((plan.pk, code)) if is_child else None
                    existing = children.get(key) if is_child else top.get((plan.pk, code))
                    try:
                        with transaction.atomic():
                            if is_child and (parent is None or parent.scope != Scope.PER_UNIT):
                                message = _(
                                    "Chưa có chỉ tiêu %(code)s giao cho từng đơn vị (cấp “Tỉnh”, phạm vi "
                                    "“Từng đơn vị”) để thêm chỉ tiêu của đơn vị."
                                )
                                raise ValidationError({"code": message % {"code": code}})
                            if is_child:
                                fields["scope"] = Scope.PROVINCE
                                for inherited in ("pillar", "unit_of_measure", "comparison"):
                                    fields.setdefault(inherited, getattr(parent, inherited))
                            if existing is not None:
                                target = kpi_target_update(user=user, target=existing, **fields)
                            else:
                                fields.setdefault("pillar", "")
                                fields.setdefault("unit_of_measure", "")
                                fields.setdefault("comparison", "")
                                target = kpi_target_create(
                                    user=user, plan=plan, code=code, parent=parent, **fields
                                )
                    except ValidationError as exc:
                        for name, messages in exc.message_dict.items():
                            for message in messages:
                                error(columns.get(name, r.COL_TEXT), message)
                    else:
                        if is_child:
                            children[key] = target
                        else:
                            top[(plan.pk, code)] = target
                        row_report["action"] = "update" if existing is not None else "create"
                        report.updated += existing is not None
                        report.created += existing is None
            report.errors.extend(errors)
            report.rows.append(row_report)
        if report.errors or not commit:
            transaction.set_rollback(True)
        else:
            report.saved = True
    return report
