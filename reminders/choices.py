from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    DUE_TODAY = "due_today", _("Đến hạn hôm nay")
    OVERDUE = "overdue", _("Quá hạn")
    ESCALATION = "escalation", _("Quá hạn kéo dài (báo cáo tuần)")
    INPUT_DUE = "input_due", _("Hạn gửi ý kiến phối hợp")


# Kinds sent by the daily job; the weekly digest sends ESCALATION.
DAILY_KINDS = (ReminderKind.DUE_SOON, ReminderKind.DUE_TODAY, ReminderKind.OVERDUE, ReminderKind.INPUT_DUE)


class RecipientRole(models.TextChoices):
    LEAD = "lead", _("Đơn vị chủ trì")
    COORDINATING = "coordinating", _("Đơn vị phối hợp (để biết)")
    OFFICE = "office", _("Văn phòng (báo cáo tuần)")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")
    SKIPPED = "skipped", _("Bỏ qua")
