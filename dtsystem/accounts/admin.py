from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from dtsystem.units.models import Membership

from .models import User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "get_full_name", "email", "is_active", "is_superuser"]
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Liên hệ"), {"fields": ["phone"]}))
