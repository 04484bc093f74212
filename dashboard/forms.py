"""The dashboard's filters: as_of, document or plan, period (year or quarter of the due date), unit kind.

They only parse; the task figures are filtered by directives.filters.TaskFilterSet (see selectors)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directives.models import Document
from dtsystem.common.filters import BoundedDateField
from dtsystem.common.widgets import DATE_PARSE_FORMATS, DatePickerInput
from dtsystem.units.choices import UnitKind

from .selectors import PERIOD_RE, TASK_FILTER_PARAMS, DashboardFilters, build_filters

RECENT_DOCUMENTS = 30


def period_choices(as_of) -> list:
    """The last five years and the next one, each with its quarters (no query)."""
    choices: list = [("", _("Mọi thời gian"))]
    for year in range(as_of.year + 1, as_of.year - 6, -1):
        choices.append(
            (
                str(year),
                [(str(year), _("Cả năm %(year)s") % {"year": year})]
                + [(f"{year}-Q{q}", _("Quý %(q)s/%(year)s") % {"q": q, "year": year}) for q in range(1, 5)],
            )
        )
    return choices


class DashboardFilterForm(forms.Form):
    as_of = BoundedDateField(
        label=_("Tính đến ngày"), required=False, widget=DatePickerInput(), input_formats=DATE_PARSE_FORMATS
    )
    document = forms.ModelChoiceField(
        label=_("Văn bản / kế hoạch"),
        required=False,
        queryset=Document.objects.select_related("plan"),
        error_messages={"invalid_choice": _("Không tìm thấy văn bản đã chọn.")},
    )
    period = forms.CharField(label=_("Kỳ (hạn hoàn thành)"), required=False, max_length=7)
    unit_kind = forms.ChoiceField(
        label=_("Loại đơn vị"), required=False, choices=[("", _("Mọi loại đơn vị")), *UnitKind.choices]
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, iso_dates: bool = False, **kwargs):
        """`iso_dates`: the API's form, where a date is YYYY-MM-DD only (the page also reads dd/mm/yyyy)."""
        super().__init__(*args, **kwargs)
        if iso_dates:
            self.fields["as_of"].input_formats = ["%Y-%m-%d"]

    def clean_period(self) -> str:
        value = (self.cleaned_data.get("period") or "").strip().upper()
        if value and not PERIOD_RE.match(value):
            raise forms.ValidationError(_("Kỳ không hợp lệ; hãy dùng dạng 2024 hoặc 2024-Q2."))
        return value

    def to_filters(self, *, default_as_of=None) -> DashboardFilters:
        """The filters of a valid form (fields with errors are ignored, as TaskFilterSet does);
        `default_as_of`: the day when none is given (default today; the demo's day on pages)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        extra = {key: self.data.get(key) for key in TASK_FILTER_PARAMS if key not in self.fields}
        return build_filters(
            as_of=data.get("as_of") or default_as_of or timezone.localdate(),
            period=data.get("period", ""),
            document=data.get("document"),
            unit_kind=data.get("unit_kind", ""),
            extra=extra,
        )


def document_choices(selected: Document | None) -> list[Document]:
    """Options of the document filter, bounded whatever the number of documents: every plan, the most
    recent documents, and the selected one (one query)."""
    from django.db.models import Q

    recent = list(
        Document.objects.filter(Q(plan__isnull=False) | Q(pk__in=_recent_ids()))
        .only("id", "number", "symbol", "title", "kind")
        .order_by("-issue_year", "-issue_month", "-issue_day", "-id")[: RECENT_DOCUMENTS * 2]
    )
    if selected is not None and all(d.pk != selected.pk for d in recent):
        recent.insert(0, selected)
    return recent


def _recent_ids():
    return Document.objects.order_by("-id").values("pk")[:RECENT_DOCUMENTS]
