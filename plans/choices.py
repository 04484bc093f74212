from django.db import models
from django.utils.translation import gettext_lazy as _


class Pillar(models.TextChoices):
    """The pillars a plan's objectives, solutions, KPI targets and budget lines are grouped by."""

    FOUNDATION = "foundation", _("Nền tảng chuyển đổi số")
    DIGITAL_GOVERNMENT = "digital_government", _("Chính quyền số")
    DIGITAL_ECONOMY = "digital_economy", _("Kinh tế số")
    DIGITAL_SOCIETY = "digital_society", _("Xã hội số")
    PRIORITY_SECTORS = "priority_sectors", _("Lĩnh vực ưu tiên")


class BudgetKind(models.TextChoices):
    INVESTMENT = "investment", _("Vốn đầu tư phát triển")
    RECURRING = "recurring", _("Vốn sự nghiệp (chi thường xuyên)")


class FundingSource(models.TextChoices):
    """Sources of money of a plan's budget (totals per source)."""

    CENTRAL = "central", _("Ngân sách Trung ương")
    LOCAL = "local", _("Ngân sách địa phương")
    RECURRING = "recurring", _("Chi thường xuyên")
