from django.db import models
from django.utils.translation import gettext_lazy as _


class InboxKind(models.TextChoices):
    """What an item asks of its user; the page groups items by kind in this order."""

    APPROVAL_WAITING = "approval_waiting", _("Chờ Văn phòng duyệt")
    TASK_RETURNED = "task_returned", _("Báo cáo bị trả lại")
    INPUT_REQUESTED = "input_requested", _("Đề nghị phối hợp cho ý kiến")
    TASK_ASSIGNED = "task_assigned", _("Nhiệm vụ mới giao cho đơn vị")
    EXTENSION_DECIDED = "extension_decided", _("Kết quả xin gia hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")


# Kinds whose e-mail is sent by the inbox itself (one e-mail per user and run, listing their new items).
# The deadline kinds are e-mailed by the reminders job (reminders.services), which writes their items.
EMAILED_KINDS = (
    InboxKind.APPROVAL_WAITING,
    InboxKind.TASK_RETURNED,
    InboxKind.INPUT_REQUESTED,
    InboxKind.TASK_ASSIGNED,
    InboxKind.EXTENSION_DECIDED,
)


class EmailStatus(models.TextChoices):
    NONE = "none", _("Không gửi e-mail")  # e-mailed by another channel (the reminders job) or no address
    QUEUED = "queued", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")
