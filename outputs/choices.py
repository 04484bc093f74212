from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Năm")


class LetterFormat(models.TextChoices):
    DOCX = "docx", "DOCX (Word)"
    PDF = "pdf", "PDF"
