"""The audit trail in the admin: read-only, like every history."""

from django.contrib import admin

from dtsystem.common.history_admin import HistoryAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(HistoryAdmin):
    list_display = ["at", "actor", "via", "action", "model", "object_ids", "forced"]
    list_filter = ["action", "model", "forced"]
    search_fields = ["summary", "reason"]
