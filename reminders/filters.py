"""The filters of the office's reminder log."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dtsystem.common.filters import DateFilter, IdFilter
from dtsystem.common.widgets import DatePickerInput

from .choices import DeliveryStatus, RecipientRole, ReminderKind
from .models import Delivery


class DeliveryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Người nhận hoặc nhiệm vụ"), method="filter_q")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=DeliveryStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Loại nhắc"), choices=ReminderKind.choices)
    role = django_filters.ChoiceFilter(label=_("Vai trò"), choices=RecipientRole.choices)
    day_after = DateFilter(label=_("Từ ngày"), field_name="day", lookup_expr="gte", widget=DatePickerInput())
    day_before = DateFilter(
        label=_("Đến ngày"), field_name="day", lookup_expr="lte", widget=DatePickerInput()
    )
    task = IdFilter(label=_("Mã nhiệm vụ"), field_name="task_id")

    class Meta:
        model = Delivery
        fields = ["q", "status", "kind", "role", "day_after", "day_before", "task"]

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(recipient__icontains=value) | Q(task__content__icontains=value) | Q(task__item__iexact=value)
        )
