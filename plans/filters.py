import django_filters
from django.utils.translation import gettext_lazy as _

from dtsystem.common.filters import YearFilter
from dtsystem.units.models import Unit

from .choices import BudgetKind, Pillar
from .models import BudgetLine, Plan


class PlanFilterSet(django_filters.FilterSet):
    """One FilterSet for the plan list page and the API."""

    year = YearFilter(label=_("Năm"))

    class Meta:
        model = Plan
        fields = ["year"]


class BudgetLineFilterSet(django_filters.FilterSet):
    """One FilterSet for budget line lists (page and API)."""

    plan = django_filters.ModelChoiceFilter(label=_("Kế hoạch"), queryset=Plan.objects.all())
    line_type = django_filters.ChoiceFilter(
        label=_("Loại vốn"), field_name="kind", choices=BudgetKind.choices
    )
    pillar_code = django_filters.ChoiceFilter(label=_("Trụ cột"), field_name="pillar", choices=Pillar.choices)
    unit = django_filters.ModelChoiceFilter(label=_("Đơn vị"), queryset=Unit.objects.all())

    class Meta:
        model = BudgetLine
        fields = ["plan", "line_type", "pillar_code", "unit"]
