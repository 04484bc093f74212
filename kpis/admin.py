"""KPI targets and their measurements in the admin: read-only. Measurements are entered by the responsible
unit through the pages and the API; they are history, never changed or deleted here."""

from django.contrib import admin

from dtsystem.common.history_admin import HistoryAdmin, HistoryInline

from .models import KpiMeasurement, KpiTarget


class MeasurementInline(HistoryInline):
    model = KpiMeasurement
    fields = ["period", "value", "achieved", "note", "entered_by", "entered_at"]
    readonly_fields = fields


@admin.register(KpiTarget)
class KpiTargetAdmin(HistoryAdmin):
    list_display = ["code", "text", "comparison", "target_value", "target_max", "responsible_unit", "scope"]
    list_filter = ["pillar", "comparison", "scope", "plan"]
    list_select_related = ["responsible_unit"]
    search_fields = ["code", "text"]
    inlines = [MeasurementInline]
