"""One FilterSet for the inbox page and /api/v1/inbox/: ?kind= and ?unread=true|false (bounded choices)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import InboxKind
from .models import InboxItem


class InboxFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Loại việc"), choices=InboxKind.choices)
    unread = django_filters.ChoiceFilter(
        label=_("Chưa đọc"), choices=[("true", _("Chưa đọc")), ("false", _("Đã đọc"))], method="filter_unread"
    )

    class Meta:
        model = InboxItem
        fields = ["kind", "unread"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "true") if value else queryset
