"""KPI targets (chỉ tiêu) of a plan and their measurements. Attainment is derived by the database
(kpis.selectors.attainment_expression), never stored."""

import re
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dtsystem.units.models import Unit
from plans.choices import Pillar
from plans.models import Plan

from .choices import Comparison, Scope, UnitOfMeasure

VALUE = {"max_digits": 14, "decimal_places": 3}
PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")


def period_end(period: str) -> date | None:
    """ "2022" -> 31/12/2022, "2022-Q3" -> 30/09/2022, "2022-06" -> 30/06/2022; None if malformed."""
    match = PERIOD_RE.match(period or "")
    if not match:
        return None
    year = int(match["year"])
    if match["quarter"]:
        month = int(match["quarter"]) * 3
    elif match["month"]:
        month = int(match["month"])
    else:
        month = 12
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


class KpiTarget(models.Model):
    """One target of a plan ("Tỷ lệ hồ sơ TTHC xử lý trực tuyến đạt 50%").

    A per-unit target ("mỗi sở ≥ 01 mô hình; mỗi huyện ≥ 02") is a parent row with scope `per_unit`
    and one child row per unit (`parent`), each with its own responsible unit and target value."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="kpi_targets"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("chỉ tiêu chung"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="unit_targets",
    )
    pillar = models.CharField(_("trụ cột"), max_length=32, choices=Pillar.choices)
    code = models.CharField(_("mã chỉ tiêu"), max_length=32, help_text=_("Ví dụ: I.2.a.1"))
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(_("nội dung chỉ tiêu"))
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=16, choices=UnitOfMeasure.choices)
    comparison = models.CharField(_("cách so sánh"), max_length=16, choices=Comparison.choices)
    target_value = models.DecimalField(_("giá trị mục tiêu"), null=True, blank=True, **VALUE)
    target_max = models.DecimalField(_("giá trị mục tiêu tối đa"), null=True, blank=True, **VALUE)
    baseline = models.DecimalField(_("giá trị cơ sở"), null=True, blank=True, **VALUE)
    period = models.PositiveSmallIntegerField(_("năm"))
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị chịu trách nhiệm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kpi_targets",
    )
    scope = models.CharField(_("phạm vi"), max_length=16, choices=Scope.choices, default=Scope.PROVINCE)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan_id", "position", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"], condition=Q(parent__isnull=True), name="kpi_target_code_unique"
            ),
            models.UniqueConstraint(
                fields=["parent", "responsible_unit"],
                condition=Q(parent__isnull=False),
                name="kpi_target_one_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(comparison=Comparison.MILESTONE)
                | Q(scope=Scope.PER_UNIT)
                | Q(target_value__isnull=False, comparison__in=["at_least", "at_most", "exactly", "range"]),
                name="kpi_target_has_value",
            ),
            models.CheckConstraint(
                condition=~Q(comparison=Comparison.RANGE)
                | Q(target_max__isnull=False, target_max__gte=models.F("target_value")),
                name="kpi_target_range_valid",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(scope=Scope.PROVINCE),
                name="kpi_target_child_is_single_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:80]}"

    def clean(self):
        errors = {}
        if (
            self.comparison != Comparison.MILESTONE
            and self.scope != Scope.PER_UNIT
            and self.target_value is None
        ):
            errors["target_value"] = _("Chỉ tiêu định lượng cần có giá trị mục tiêu.")
        if self.comparison == Comparison.RANGE:
            if self.target_max is None:
                errors["target_max"] = _("Chỉ tiêu trong khoảng cần có giá trị tối đa.")
            elif self.target_value is not None and self.target_max < self.target_value:
                errors["target_max"] = _("Giá trị tối đa phải lớn hơn hoặc bằng giá trị tối thiểu.")
        if self.parent_id and self.responsible_unit_id is None:
            errors["responsible_unit"] = _("Chỉ tiêu của từng đơn vị cần có đơn vị chịu trách nhiệm.")
        if errors:
            raise ValidationError(errors)

    @property
    def target_display(self) -> str:
        from dtsystem.common.numbers import format_vn_number

        suffix = "%" if self.unit_of_measure == UnitOfMeasure.PERCENT else ""
        if self.comparison == Comparison.MILESTONE:
            return str(_("Hoàn thành"))
        if self.target_value is None:
            return str(_("Theo từng đơn vị"))
        if self.comparison == Comparison.RANGE:
            return f"{format_vn_number(self.target_value)} - {format_vn_number(self.target_max)}{suffix}"
        sign = {"at_least": "≥ ", "at_most": "≤ ", "exactly": "= "}[self.comparison]
        return f"{sign}{format_vn_number(self.target_value)}{suffix}"


def _evidence_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"kpi-evidence/{date.today():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class KpiMeasurement(models.Model):
    """The value of a target for a period ("2022", "2022-Q3", "2022-06"), with who entered it."""

    target = models.ForeignKey(KpiTarget, on_delete=models.PROTECT, related_name="measurements")
    period = models.CharField(_("kỳ số liệu"), max_length=8, help_text=_("2022, 2022-Q3 hoặc 2022-06"))
    period_end = models.DateField(_("ngày cuối kỳ"), editable=False)
    value = models.DecimalField(_("giá trị"), null=True, blank=True, **VALUE)
    achieved = models.BooleanField(_("đã hoàn thành (chỉ tiêu mốc)"), null=True, blank=True)
    evidence = models.FileField(_("minh chứng"), upload_to=_evidence_path, max_length=255, blank=True)
    evidence_name = models.CharField(max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("thời điểm nhập"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        ordering = ["target_id", "period_end", "id"]
        constraints = [
            models.UniqueConstraint(fields=["target", "period"], name="kpi_measurement_one_per_period"),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | Q(achieved__isnull=False), name="kpi_measurement_has_value"
            ),
        ]
        indexes = [models.Index(fields=["target", "period_end"])]

    def __str__(self) -> str:
        return f"{self.target_id} · {self.period}"

    def clean(self):
        if not PERIOD_RE.match(self.period or ""):
            raise ValidationError({"period": _("Kỳ số liệu phải có dạng 2022, 2022-Q3 hoặc 2022-06.")})
        if self.value is None and self.achieved is None:
            raise ValidationError({"value": _("Cần nhập giá trị hoặc đánh dấu đã hoàn thành.")})
