from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quý")
    MONTH = "month", _("Tháng")
