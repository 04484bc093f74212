import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dtsystem.common.filters import DateFilter, IdFilter
from dtsystem.common.text import fold_terms

from .choices import ChangeKind, GroupMembership, UnitKind
from .models import Unit, UnitChange, UnitGroup


class UnitFilterSet(django_filters.FilterSet):
    """One FilterSet for the unit list page, the API and exports."""

    q = django_filters.CharFilter(label=_("Tìm (tên, tên viết tắt, tên gọi khác)"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("Loại"), choices=UnitKind.choices)
    is_active = django_filters.BooleanFilter(label=_("Đang hoạt động"))

    class Meta:
        model = Unit
        fields = ["q", "kind", "is_active"]

    def filter_q(self, queryset, name, value):
        for term in fold_terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset


class UnitChangeFilterSet(django_filters.FilterSet):
    """One FilterSet for the list of reorganisations (page and API); dates are bounded."""

    kind = django_filters.ChoiceFilter(label=_("Loại thay đổi"), choices=ChangeKind.choices)
    date_after = DateFilter(field_name="date", lookup_expr="gte", label=_("Hiệu lực từ ngày"))
    date_before = DateFilter(field_name="date", lookup_expr="lte", label=_("Hiệu lực đến ngày"))
    unit = IdFilter(label=_("Đơn vị"), method="filter_unit")

    class Meta:
        model = UnitChange
        fields = ["kind", "date_after", "date_before", "unit"]

    def filter_unit(self, queryset, name, value):
        return queryset.filter(Q(from_units=value) | Q(to_units=value)).distinct()


class UnitGroupFilterSet(django_filters.FilterSet):
    """One FilterSet for the unit group page and the API."""

    q = django_filters.CharFilter(
        label=_("Tìm theo tên nhóm"), field_name="name", lookup_expr="icontains", max_length=255
    )
    membership_kind = django_filters.ChoiceFilter(
        label=_("Cách xác định thành viên"), choices=GroupMembership.choices
    )
    is_active = django_filters.BooleanFilter(label=_("Đang sử dụng"))

    class Meta:
        model = UnitGroup
        fields = ["q", "membership_kind", "is_active"]
