"""The audit trail in the admin (read-only, like every history) and the working-day calendar's edits."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dtsystem.common.history_admin import HistoryAdmin

from .models import AuditEntry, Holiday
from .services import holiday_delete, holiday_save

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


@admin.register(AuditEntry)
class AuditEntryAdmin(HistoryAdmin):
    list_display = ["at", "actor", "via", "action", "model", "object_ids", "forced"]
    list_filter = ["action", "model", "forced"]
    search_fields = ["summary", "reason"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """The administrator's edits of the working-day calendar: days the Government swaps or adds.
    The statutory holidays (Tết by the lunar calendar, 30/4, 1/5, 2/9...) are computed, not listed here."""

    list_display = ["date", "weekday", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
    fields = ["date", "name", "kind"]

    @admin.display(description=_("thứ"))
    def weekday(self, obj: Holiday) -> str:
        return WEEKDAYS[obj.date.weekday()]

    def save_model(self, request, obj, form, change):
        holiday_save(holiday=obj)

    def delete_model(self, request, obj):
        holiday_delete(holiday=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            holiday_delete(holiday=obj)
