from django.contrib import admin

from .models import CalendarFeed


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("owner", "unit", "created_at", "revoked_at")
    list_filter = ("revoked_at",)
    raw_id_fields = ("owner", "unit")
    exclude = ("token",)
