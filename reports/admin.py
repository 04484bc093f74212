from django.contrib import admin

from dtsystem.common.history_admin import HistoryAdmin

from .models import Report


@admin.register(Report)
class ReportAdmin(HistoryAdmin):
    """The reports that were produced: history, read-only (a failed one is retried from /reports/)."""

    list_display = [
        "id",
        "period",
        "plan",
        "as_of",
        "status",
        "progress",
        "page_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "scheduled"]
    search_fields = ["period", "number"]
