"""History in the Django admin: shown, never added, changed or deleted.

Task events, progress reports, extension requests, attachments, KPI measurements, disbursements, reminder
deliveries, reports and the audit trail are written only by the services; the admin may read them (the
"view" permission), nothing more. The one way to remove such rows is the recorded purge
(dtsystem.core.purge, `manage.py purge`)."""

from django.contrib import admin


class ReadOnlyPermissions:
    """No add, no change, no delete (nor "delete selected"): the view permission is all that is left."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HistoryAdmin(ReadOnlyPermissions, admin.ModelAdmin):
    """A read-only ModelAdmin."""


class HistoryInline(ReadOnlyPermissions, admin.TabularInline):
    """Rows of a history shown under their task, plan line or target, read-only."""

    extra = 0
    can_delete = False
