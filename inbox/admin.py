from django.contrib import admin

from .models import InboxItem


@admin.register(InboxItem)
class InboxItemAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "title", "created_at", "read_at", "email_status")
    list_filter = ("kind", "email_status")
    search_fields = ("title", "key", "user__username")
    raw_id_fields = ("user", "task")
    readonly_fields = [f.name for f in InboxItem._meta.fields]

    def has_add_permission(self, request):
        return False  # items are written by inbox_notify only
