from django.contrib import admin

from .models import Attachment, Document, ExtensionRequest, ProgressReport, Task, TaskEvent


class TaskInline(admin.TabularInline):
    model = Task
    fields = ["item", "content", "lead_unit", "deadline_text", "due_date", "status", "progress"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "title", "issuing_unit", "issue_year", "meeting_date"]
    list_filter = ["kind", "issue_year"]
    search_fields = ["number", "symbol", "title", "search_text"]
    inlines = [TaskInline]
    readonly_fields = ["version", "issue_date", "created_by"]

    def has_change_permission(self, request, obj=None):
        return False  # documents change through the pages and the API (services keep history and versions)

    def has_add_permission(self, request):
        return False


class EventInline(admin.TabularInline):
    model = TaskEvent
    fields = ["at", "actor", "kind", "changes", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["__str__", "lead_unit", "due_date", "status", "progress"]
    list_filter = ["status", "deadline_kind", "lead_unit__kind"]
    search_fields = ["content", "search_text"]
    inlines = [EventInline]
    list_select_related = ["lead_unit"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


for model in (ExtensionRequest, ProgressReport, Attachment):
    admin.site.register(model)
