import django_filters
from django.utils.translation import gettext_lazy as _

from dtsystem.units.models import Unit
from plans.choices import Pillar
from plans.models import Plan

from .choices import Attainment, Comparison, Scope
from .models import KpiTarget


class KpiTargetFilterSet(django_filters.FilterSet):
    """One FilterSet for KPI target lists (page and API). `attainment` filters on the DB annotation."""

    plan = django_filters.ModelChoiceFilter(label=_("Kế hoạch"), queryset=Plan.objects.all())
    pillar_code = django_filters.ChoiceFilter(label=_("Trụ cột"), field_name="pillar", choices=Pillar.choices)
    comparison_kind = django_filters.ChoiceFilter(
        label=_("Cách so sánh"), field_name="comparison", choices=Comparison.choices
    )
    target_scope = django_filters.ChoiceFilter(label=_("Phạm vi"), field_name="scope", choices=Scope.choices)
    responsible_unit = django_filters.ModelChoiceFilter(label=_("Đơn vị"), queryset=Unit.objects.all())
    parent = django_filters.ModelChoiceFilter(label=_("Chỉ tiêu chung"), queryset=KpiTarget.objects.all())
    top_level = django_filters.BooleanFilter(label=_("Chỉ tiêu cấp tỉnh"), method="filter_top_level")
    attainment_status = django_filters.ChoiceFilter(
        label=_("Mức độ đạt"), field_name="attainment", choices=Attainment.choices
    )

    class Meta:
        model = KpiTarget
        fields = ["plan", "pillar_code", "comparison_kind", "target_scope", "responsible_unit", "parent"]

    def filter_top_level(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(parent__isnull=value)
