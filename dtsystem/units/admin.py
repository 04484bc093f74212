from django.contrib import admin

from .models import Membership, Unit
from .services import unit_save


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "search_text", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["search_text"]

    def save_model(self, request, obj, form, change):
        unit_save(unit=obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "title"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
