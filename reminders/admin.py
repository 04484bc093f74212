from django.contrib import admin

from dtsystem.common.history_admin import HistoryAdmin

from .models import Delivery, ReminderPreference, ReminderSettings


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "day_offsets", "send_hour", "overdue_repeat_days", "escalate_after_days"]

    def has_add_permission(self, request):
        return not ReminderSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from . import services

        services.reminder_settings_update(
            user=request.user,
            day_offsets=obj.day_offsets,
            send_hour=obj.send_hour,
            overdue_repeat_days=obj.overdue_repeat_days,
            escalate_after_days=obj.escalate_after_days,
        )


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "due_soon", "due_today", "overdue", "coordinating_info", "weekly_digest"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(Delivery)
class DeliveryAdmin(HistoryAdmin):
    """The log of what was sent: history, read-only."""

    list_display = ["day", "recipient", "task", "kind", "role", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "role"]
    search_fields = ["recipient"]
    date_hierarchy = "day"
