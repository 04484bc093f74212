from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutputsConfig(AppConfig):
    """What the office hands out of the system every week: chase letters (văn bản đôn đốc) and unit
    scorecards (bảng điểm đơn vị) by month, quarter, half-year and year."""

    name = "outputs"
    label = "outputs"
    verbose_name = _("Đôn đốc và bảng điểm")
