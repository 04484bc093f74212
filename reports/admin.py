from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
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
    readonly_fields = [
        "status",
        "progress",
        "error",
        "file",
        "page_count",
        "task_count",
        "emailed_at",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
    ]
    raw_id_fields = ["plan"]
