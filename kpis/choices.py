from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitOfMeasure(models.TextChoices):
    PERCENT = "percent", _("Tỷ lệ (%)")
    COUNT = "count", _("Số lượng")
    INDEX = "index", _("Chỉ số")
    MILESTONE = "milestone", _("Mốc (định tính)")


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("Tối thiểu (≥)")
    AT_MOST = "at_most", _("Tối đa (≤)")
    EXACTLY = "exactly", _("Bằng (=)")
    RANGE = "range", _("Trong khoảng")
    MILESTONE = "milestone", _("Hoàn thành / chưa hoàn thành")


class Scope(models.TextChoices):
    PROVINCE = "province", _("Toàn tỉnh")
    PER_UNIT = "per_unit", _("Từng đơn vị")


class Attainment(models.TextChoices):
    ACHIEVED = "achieved", _("Đạt")
    ON_TRACK = "on_track", _("Đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ không đạt")
    OFF_TRACK = "off_track", _("Chậm, khó đạt")
    NO_DATA = "no_data", _("Chưa có số liệu")


ATTAINMENT_BADGES = {
    Attainment.ACHIEVED: "success",
    Attainment.ON_TRACK: "primary",
    Attainment.AT_RISK: "warning",
    Attainment.OFF_TRACK: "danger",
    Attainment.NO_DATA: "secondary",
}
