"""Filter and form fields with bounds: a list's filters never reach the database (or date arithmetic)
with a value it cannot hold. `?year=-1`, `?as_of=9999-12-31` or an id of 20 digits is a validation error
(400 on the API, a Vietnamese form error on pages), never a server error."""

from __future__ import annotations

from datetime import date, datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

YEAR_MIN, YEAR_MAX = 1900, 2100
DATE_MIN, DATE_MAX = date(YEAR_MIN, 1, 1), date(YEAR_MAX, 12, 31)
ID_MAX = 2**63 - 1  # the largest value of a 64-bit primary key
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def date_in_range(value: date | None) -> bool:
    return value is None or DATE_MIN <= value <= DATE_MAX


def parse_as_of(raw) -> date | None:
    """?as_of= as YYYY-MM-DD or dd/mm/yyyy within the years the system knows; None when absent,
    malformed or out of range (views report malformed ones)."""
    raw = raw.strip() if isinstance(raw, str) else ""
    for fmt in DATE_INPUT_FORMATS:
        try:
            value = datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
        return value if date_in_range(value) else None
    return None


def request_as_of(request) -> date | None:
    """?as_of= of a page request (None when absent or not a date the system knows: today applies)."""
    return parse_as_of(request.GET.get("as_of"))


class YearField(forms.IntegerField):
    default_error_messages = {
        "invalid": _("Năm phải là một số, ví dụ 2022."),
        "min_value": _("Năm phải từ %(limit_value)s trở đi."),
        "max_value": _("Năm phải đến %(limit_value)s là cùng."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        super().__init__(**kwargs)


class BoundedDateField(forms.DateField):
    """A date in dd/mm/yyyy or YYYY-MM-DD, between 01/01/1900 and 31/12/2100."""

    default_error_messages = {
        "invalid": _("Ngày không hợp lệ; hãy dùng dạng dd/mm/yyyy."),
        "out_of_range": _("Ngày phải nằm trong khoảng 01/01/1900 – 31/12/2100."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if not date_in_range(value):
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range")


class IdField(forms.IntegerField):
    default_error_messages = {
        "invalid": _("Mã phải là một số nguyên dương."),
        "min_value": _("Mã phải là một số nguyên dương."),
        "max_value": _("Mã quá lớn."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


class DateFilter(django_filters.DateFilter):
    field_class = BoundedDateField


class IdFilter(django_filters.NumberFilter):
    field_class = IdField
