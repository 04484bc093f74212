"""Reminders: the office's settings, each user's preferences, and one row per (recipient, task, kind, day).

A Delivery row is written BEFORE the e-mail goes out and claimed with a conditional UPDATE; the unique
constraint on (recipient, task, kind, day) makes a second reminder for the same thing impossible."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from directives.models import Task
from dtsystem.units.models import Unit

from .choices import DeliveryStatus, RecipientRole, ReminderKind


def default_day_offsets() -> list[int]:
    return [7, 3, 1]


class ReminderSettings(models.Model):
    """One row (pk=1): when and how the office reminds units. Edited on /reminders/settings/ or the admin."""

    day_offsets = models.JSONField(
        _("nhắc trước hạn (số ngày)"),
        default=default_day_offsets,
        help_text=_("Ví dụ: 7, 3, 1 — nhắc khi còn 7, 3 và 1 ngày đến hạn (đến hạn hôm nay luôn được nhắc)."),
    )
    offsets_in_working_days = models.BooleanField(
        _("đếm số ngày nhắc trước hạn theo ngày làm việc"),
        default=False,
        help_text=_("Bỏ qua thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù (lịch ngày nghỉ của quản trị)."),
    )
    send_hour = models.PositiveSmallIntegerField(_("giờ gửi hằng ngày"), default=7)
    overdue_repeat_days = models.PositiveSmallIntegerField(
        _("nhắc lại việc quá hạn sau mỗi (ngày)"), default=7
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("báo Văn phòng khi quá hạn hơn (ngày)"), default=14
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cấu hình nhắc việc")
        verbose_name_plural = _("cấu hình nhắc việc")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="reminder_settings_singleton"),
            models.CheckConstraint(
                condition=models.Q(send_hour__gte=0, send_hour__lte=23), name="reminder_settings_hour_0_23"
            ),
            models.CheckConstraint(
                condition=models.Q(overdue_repeat_days__gte=1), name="reminder_settings_repeat_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(escalate_after_days__gte=1), name="reminder_settings_escalate_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Cấu hình nhắc việc"))

    @property
    def offsets(self) -> list[int]:
        """Day offsets before the deadline, largest first, without 0 (due today is its own kind)."""
        return sorted({int(d) for d in self.day_offsets or [] if int(d) > 0}, reverse=True)

    def clean(self):
        values = self.day_offsets
        if not isinstance(values, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            raise ValidationError({"day_offsets": _("Nhập danh sách số ngày, ví dụ: 7, 3, 1.")})
        if any(v < 1 or v > 90 for v in values):
            raise ValidationError({"day_offsets": _("Mỗi số ngày phải từ 1 đến 90.")})
        if self.send_hour is not None and self.send_hour > 23:
            raise ValidationError({"send_hour": _("Giờ gửi phải từ 0 đến 23.")})


class ReminderPreference(models.Model):
    """Which reminders a user wants. No row = every kind (the defaults below)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    due_soon = models.BooleanField(_("nhắc trước hạn"), default=True)
    due_today = models.BooleanField(_("nhắc đúng ngày đến hạn"), default=True)
    overdue = models.BooleanField(_("nhắc việc quá hạn"), default=True)
    coordinating_info = models.BooleanField(_("báo tin nhiệm vụ đơn vị tôi phối hợp"), default=True)
    weekly_digest = models.BooleanField(_("báo cáo tuần việc quá hạn kéo dài (Văn phòng)"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lựa chọn nhận nhắc việc")
        verbose_name_plural = _("lựa chọn nhận nhắc việc")

    def __str__(self) -> str:
        return str(self.user)


class Delivery(models.Model):
    """One reminder of one task to one address for one day (a week's Monday for the digest)."""

    recipient = models.EmailField(_("người nhận"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminder_deliveries",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminder_deliveries",
    )
    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="reminder_deliveries"
    )
    kind = models.CharField(_("loại nhắc"), max_length=16, choices=ReminderKind.choices)
    role = models.CharField(_("vai trò"), max_length=16, choices=RecipientRole.choices)
    day = models.DateField(_("ngày nhắc"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhắc việc")
        verbose_name_plural = _("nhật ký nhắc việc")
        ordering = ["-day", "-id"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["claim"]),
            models.Index(fields=["day", "id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "task", "kind", "day"], name="reminder_delivery_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.task_id} — {self.get_kind_display()} — {self.day:%d/%m/%Y}"
