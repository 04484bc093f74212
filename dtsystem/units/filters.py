import django_filters
from django.utils.translation import gettext_lazy as _

from dtsystem.common.text import fold_terms

from .choices import GroupMembership, UnitKind
from .models import Unit, UnitGroup


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
