from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewedField(models.TextChoices):
    """What the clerk reviewed on a proposed row: its lead, its coordinating units, its deadline, its
    content, or the row itself (kept, removed, or added by hand)."""

    LEAD = "lead_unit", _("Đơn vị chủ trì")
    COORDINATING = "coordinating_units", _("Đơn vị phối hợp")
    DEADLINE = "deadline", _("Thời hạn")
    CONTENT = "content", _("Nội dung")
    ROW = "row", _("Dòng nhiệm vụ")
