"""One FilterSet per list: the same filters serve the page, the API and the export."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from dtsystem.common.filters import DateFilter, IdFilter, YearFilter, parse_as_of
from dtsystem.common.widgets import DatePickerInput
from dtsystem.units.choices import UnitKind
from dtsystem.units.models import Unit, UnitGroup

from .aging import AGE_BUCKETS, age_q, stale_q
from .choices import (
    DocumentKind,
    InputRequestStatus,
    Issuer,
    Priority,
    SourceKind,
    TaskKind,
    TaskStatus,
    Timeliness,
)
from .models import Document, InputRequest, Task
from .selectors import document_search, task_search, timeliness_q, unit_task_ids


class StaleSelect(forms.NullBooleanSelect):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]


class TaskFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_q")
    unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị (chủ trì hoặc phối hợp)"),
        method="filter_unit",
        queryset=Unit.objects.filter(is_active=True),
    )
    lead_unit = django_filters.ModelChoiceFilter(
        label=_("Đơn vị chủ trì"), queryset=Unit.objects.filter(is_active=True)
    )
    unit_kind = django_filters.ChoiceFilter(
        label=_("Loại đơn vị"), choices=UnitKind.choices, field_name="lead_unit__kind"
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Trạng thái"), choices=TaskStatus.choices, method="filter_status"
    )
    timeliness = django_filters.MultipleChoiceFilter(
        label=_("Tình trạng thời hạn"), choices=Timeliness.choices, method="filter_timeliness"
    )
    document = django_filters.ModelChoiceFilter(label=_("Văn bản"), queryset=Document.objects.all())
    priority = django_filters.ChoiceFilter(label=_("Mức ưu tiên"), choices=Priority.choices)
    due_after = DateFilter(
        label=_("Hạn từ ngày"), field_name="due_date", lookup_expr="gte", widget=DatePickerInput()
    )
    due_before = DateFilter(
        label=_("Hạn đến ngày"), field_name="due_date", lookup_expr="lte", widget=DatePickerInput()
    )
    year = YearFilter(label=_("Năm của hạn"), field_name="due_date", lookup_expr="year")
    issuer = django_filters.ChoiceFilter(label=_("Người giao"), choices=Issuer.choices)
    issuer_name = django_filters.CharFilter(
        label=_("Họ tên lãnh đạo giao"), field_name="issuer_name", lookup_expr="icontains", max_length=128
    )
    source_kind = django_filters.ChoiceFilter(label=_("Hình thức giao"), choices=SourceKind.choices)
    kind = django_filters.ChoiceFilter(label=_("Loại nhiệm vụ"), choices=TaskKind.choices)
    unit_group = django_filters.ModelChoiceFilter(label=_("Nhóm đơn vị"), queryset=UnitGroup.objects.all())
    parent = IdFilter(label=_("Nhiệm vụ cấp trên (mã)"), field_name="parent_id")
    top_level = django_filters.BooleanFilter(
        label=_("Chỉ nhiệm vụ cấp trên cùng"), field_name="parent", lookup_expr="isnull"
    )
    # Aging at ?as_of= (directives/aging.py): the dashboard's, the digest's and the report's figures.
    age = django_filters.ChoiceFilter(label=_("Mức quá hạn"), choices=AGE_BUCKETS, method="filter_age")
    stale = django_filters.BooleanFilter(
        label=_("Lâu chưa báo cáo"), method="filter_stale", widget=StaleSelect()
    )

    class Meta:
        model = Task
        fields = [
            "q",
            "unit",
            "lead_unit",
            "unit_kind",
            "status",
            "timeliness",
            "document",
            "priority",
            "due_after",
            "due_before",
            "year",
            "issuer",
            "issuer_name",
            "source_kind",
            "kind",
            "unit_group",
            "parent",
            "top_level",
            "age",
            "stale",
        ]

    def filter_q(self, queryset, name, value):
        return task_search(queryset, value)

    def filter_status(self, queryset, name, values):
        """`status IN (…)` on the task table itself: no OR of joins, no SELECT DISTINCT."""
        return queryset.filter(status__in=values) if values else queryset

    def filter_timeliness(self, queryset, name, values):
        """Timeliness at ?as_of= (default today), as indexed WHERE clauses (selectors.timeliness_q)."""
        if not values:
            return queryset
        as_of = parse_as_of(self.data.get("as_of")) or timezone.localdate()
        condition = Q()
        for value in values:
            condition |= timeliness_q(value, as_of)
        return queryset.filter(condition)

    def _as_of(self):
        return parse_as_of(self.data.get("as_of")) or timezone.localdate()

    def filter_age(self, queryset, name, value):
        return queryset.filter(age_q(value, self._as_of())) if value else queryset

    def filter_stale(self, queryset, name, value):
        if value is None:
            return queryset
        condition = stale_q(self._as_of())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    @extend_schema_field(OpenApiTypes.INT)
    def filter_unit(self, queryset, name, value):
        """Lead OR coordinating unit, as `id IN (led UNION coordinated)` (selectors.unit_task_ids)."""
        return queryset.filter(pk__in=unit_task_ids([value.pk]))


class DocumentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm (không cần dấu)"), method="filter_q")
    year = YearFilter(label=_("Năm"), field_name="issue_year")
    kind = django_filters.ChoiceFilter(label=_("Loại văn bản"), choices=DocumentKind.choices)
    issuing_unit = django_filters.ModelChoiceFilter(
        label=_("Cơ quan ban hành"), queryset=Unit.objects.filter(is_active=True)
    )

    class Meta:
        model = Document
        fields = ["q", "year", "kind", "issuing_unit"]

    def filter_q(self, queryset, name, value):
        return document_search(queryset, value)


class InputRequestFilterSet(django_filters.FilterSet):
    """One FilterSet for the coordinating units' input requests: the "Ý kiến phối hợp" page and the API."""

    status = django_filters.ChoiceFilter(label=_("Tình trạng"), choices=InputRequestStatus.choices)

    class Meta:
        model = InputRequest
        fields = ["status"]
