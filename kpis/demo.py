"""Demo KPI measurements of plan 145/KH-UBND (seed 002): believable figures entered by the units
responsible (deterministic; loading twice changes nothing). Runs after the plans' demo loader."""

from django.contrib.auth import get_user_model

from plans.models import Plan

from . import services as kpi_services
from .models import KpiMeasurement, KpiTarget

# (target code, unit code for a per-unit target or None, period, value, achieved, note)
MEASUREMENTS = [
    ("I.2.a.1", None, "2022-Q2", "92", None, "Còn 12 UBND cấp xã chưa kết nối."),
    ("I.2.a.1", None, "2022-Q3", "100", None, "Đã kết nối toàn bộ cơ quan cấp tỉnh, huyện, xã."),
    ("I.2.a.2", None, "2022-Q3", "86.5", None, "Số liệu Cổng dịch vụ công tỉnh."),
    ("I.2.a.4", None, "2022-Q3", "18", None, ""),
    ("I.2.a.5", None, "2022-Q3", "71.2", None, ""),
    ("I.2.a.6", None, "2022-Q3", "23.4", None, "Tỷ lệ hồ sơ nộp trực tuyến 9 tháng."),
    ("I.2.a.10", None, "2022-Q3", "84", None, ""),
    ("I.2.a.11", "so-tttt", "2022-Q3", "2", None, "Mô hình Trung tâm CĐS và nền tảng số nông nghiệp."),
    ("I.2.a.11", "so-yte", "2022-Q3", "1", None, "Bệnh viện thông minh."),
    ("I.2.a.11", "ubnd-h-thapmuoi", "2022-Q3", "1", None, "Chợ 4.0; đang chuẩn bị mô hình thứ hai."),
    ("I.2.a.13", None, "2022-Q3", None, True, "Trung tâm CĐS tỉnh đi vào hoạt động."),
    ("I.2.a.14", None, "2022-Q3", "21", None, ""),
    ("I.2.b.1", None, "2022-Q3", "100", None, "Toàn bộ sản phẩm OCOP có mặt trên Postmart, Voso."),
    ("I.2.b.4", None, "2022-Q3", "0", None, "Đang khảo sát chợ Mỹ Hiệp."),
    ("I.2.c.2", None, "2022-Q3", "9", None, ""),
    ("I.2.c.3", None, "2022-Q3", "12", None, ""),
]


def _measure(plan: Plan, users: dict) -> int:
    count = 0
    for code, unit_code, period, value, achieved, note in MEASUREMENTS:
        qs = KpiTarget.objects.filter(plan=plan, code=code).select_related("responsible_unit")
        qs = (
            qs.filter(parent__isnull=False, responsible_unit__code=unit_code)
            if unit_code
            else qs.filter(parent__isnull=True)
        )
        target = qs.first()
        if target is None or KpiMeasurement.objects.filter(target=target, period=period).exists():
            continue
        unit = target.responsible_unit
        user = (
            users["lead_tttt"]
            if unit and unit.code == "so-tttt" and users.get("lead_tttt")
            else users["office"]
        )
        if unit and unit.code == "so-yte" and users.get("lead_yte"):
            user = users["lead_yte"]
        kpi_services.kpi_measurement_record(
            user=user, target=target, period=period, value=value, achieved=achieved, note=note
        )
        count += 1
    return count


def load() -> dict:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["office", "lead_tttt", "lead_yte"])}
    plan = Plan.objects.filter(document__source_key="kh-145-2022").first()
    measured = _measure(plan, users) if plan is not None and users.get("office") else 0
    return {"kpi_measurements_created": measured}
