from django.contrib import admin

from .models import KpiMeasurement, KpiTarget


class MeasurementInline(admin.TabularInline):
    model = KpiMeasurement
    fields = ["period", "value", "achieved", "note", "entered_by", "entered_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(KpiTarget)
class KpiTargetAdmin(admin.ModelAdmin):
    """Read-only: measurements are entered by the responsible unit through the pages and the API."""

    list_display = ["code", "text", "comparison", "target_value", "target_max", "responsible_unit", "scope"]
    list_filter = ["pillar", "comparison", "scope", "plan"]
    list_select_related = ["responsible_unit"]
    search_fields = ["code", "text"]
    inlines = [MeasurementInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
