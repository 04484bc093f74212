"""Documents, tasks and their history in the admin: read-only. Documents and tasks change through the pages
and the API (the services keep the history and the versions); they are cancelled, never deleted; history
rows are never added, changed or deleted (the one hard delete is the recorded `manage.py purge`)."""

from django.contrib import admin

from dtsystem.common.history_admin import HistoryAdmin, HistoryInline

from .models import (
    Attachment,
    Contribution,
    Document,
    ExtensionRequest,
    InputRequest,
    ProgressReport,
    Task,
    TaskEvent,
)


class TaskInline(HistoryInline):
    model = Task
    fields = ["item", "content", "lead_unit", "deadline_text", "due_date", "status", "progress"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(HistoryAdmin):
    list_display = ["code", "kind", "title", "issuing_unit", "issue_year", "meeting_date", "cancelled_at"]
    list_filter = ["kind", "issue_year"]
    search_fields = ["number", "symbol", "title", "search_text"]
    inlines = [TaskInline]


class EventInline(HistoryInline):
    model = TaskEvent
    fields = ["at", "actor", "kind", "changes", "note"]
    readonly_fields = fields


@admin.register(Task)
class TaskAdmin(HistoryAdmin):
    list_display = ["__str__", "lead_unit", "due_date", "status", "progress"]
    list_filter = ["status", "deadline_kind", "lead_unit__kind"]
    search_fields = ["content", "search_text"]
    inlines = [EventInline]
    list_select_related = ["lead_unit"]


@admin.register(TaskEvent)
class TaskEventAdmin(HistoryAdmin):
    list_display = ["at", "task", "kind", "actor"]
    list_filter = ["kind"]
    list_select_related = ["task", "actor"]


@admin.register(ProgressReport)
class ProgressReportAdmin(HistoryAdmin):
    list_display = ["reported_at", "task", "percent", "reported_by"]
    list_select_related = ["task", "reported_by"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(HistoryAdmin):
    list_display = ["requested_at", "task", "current_due_date", "new_due_date", "status", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["task", "decided_by"]


@admin.register(Attachment)
class AttachmentAdmin(HistoryAdmin):
    list_display = ["uploaded_at", "original_name", "task", "document", "size", "uploaded_by"]
    list_select_related = ["task", "document", "uploaded_by"]


@admin.register(InputRequest)
class InputRequestAdmin(HistoryAdmin):
    list_display = ["task", "unit", "due_date", "status", "requested_at", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["task", "unit"]


@admin.register(Contribution)
class ContributionAdmin(HistoryAdmin):
    list_display = ["submitted_at", "request", "unit", "submitted_by"]
    list_select_related = ["request", "unit", "submitted_by"]
