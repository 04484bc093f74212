"""The audit trail of what history never keeps by itself: an administrator's hard delete (purge).

History rows (task events, progress reports, extension requests, attachments, KPI measurements,
disbursements, reminder deliveries, reports) are never changed or deleted through the pages, the API or
the admin; their foreign keys are PROTECT. The one way to remove such rows, dtsystem.core.purge, writes an
AuditEntry first: who, when, what, why, and a JSON snapshot of every row it removed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        PURGE = "purge", _("Xóa hẳn")

    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: quản trị viên chạy lệnh trên máy chủ."),
    )
    via = models.CharField(_("qua"), max_length=64, help_text=_("manage.py purge, sửa văn bản, seed_scale…"))
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices, default=Action.PURGE)
    model = models.CharField(_("loại bản ghi"), max_length=100)  # "directives.Document"
    object_ids = models.JSONField(_("mã bản ghi"), default=list)
    summary = models.TextField(_("bản ghi"))
    reason = models.TextField(_("lý do"))
    forced = models.BooleanField(_("xóa cả lịch sử"), default=False)
    counts = models.JSONField(_("số dòng đã xóa theo loại"), default=dict)
    snapshot = models.JSONField(_("bản chụp dữ liệu"), default=list)
    snapshot_complete = models.BooleanField(_("bản chụp đầy đủ"), default=True)

    class Meta:
        verbose_name = _("nhật ký xóa dữ liệu")
        verbose_name_plural = _("nhật ký xóa dữ liệu")
        ordering = ["-at", "-id"]
        constraints = [models.CheckConstraint(condition=~models.Q(reason=""), name="audit_entry_has_reason")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.model} {self.object_ids}"


class Holiday(models.Model):
    """The administrator's edit of the working-day calendar for one date: an extra day off (a day the
    Government swaps or adds) or a working day although the statutory rules say otherwise (the Saturday
    worked in exchange). The statutory holidays themselves are computed (extraction.workdays)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")

    date = models.DateField(
        _("ngày"),
        unique=True,
        error_messages={"unique": _("Ngày này đã có trong lịch ngày nghỉ, làm bù. Hãy sửa dòng đã có.")},
    )
    name = models.CharField(_("tên"), max_length=128, help_text=_("Ví dụ: Nghỉ bù Tết Nguyên đán"))
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.DAY_OFF)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày nghỉ, làm bù")
        verbose_name_plural = _("lịch ngày nghỉ, làm bù")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["day_off", "working_day"]), name="holiday_kind_valid"
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="holiday_has_name"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name} ({self.get_kind_display()})"
