"""Forms of the outputs pages: the scorecard period and the chase letter's unit and date (dd/mm/yyyy
typed as text, the same in every browser language)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dtsystem.common.filters import date_in_range

from . import selectors
from .periods import parse_period, period_containing

ALL_LATE = "all"


class ScorecardForm(forms.Form):
    period = forms.CharField(
        label=_("Kỳ đánh giá"),
        max_length=16,
        help_text=_("Tháng 2022-01, quý 2022-Q1, 6 tháng 2022-H1 hoặc năm 2022."),
        widget=forms.TextInput(
            attrs={"class": "form-control", "list": "period-options", "autocomplete": "off"}
        ),
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()

    def clean_period(self):
        return parse_period(self.cleaned_data["period"], today=self.today)

    def period_options(self) -> list:
        current = period_containing(self.today, "quarter")
        return [
            period_containing(self.today, "month"),
            current,
            *reversed(current.previous_periods(3)),
            period_containing(self.today, "half"),
            period_containing(self.today, "year"),
        ]


class VnDateField(forms.DateField):
    input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.")}

    def validate(self, value):
        super().validate(value)
        if value is not None and not date_in_range(value):
            raise ValidationError(_("Ngày nằm ngoài khoảng cho phép."))


class ChaseForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị"), widget=forms.Select(attrs={"class": "form-select"}))
    day = VnDateField(
        label=_("Ngày văn bản"),
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "placeholder": "dd/mm/yyyy",
                "inputmode": "numeric",
                "autocomplete": "off",
            }
        ),
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["day"].initial = today.strftime("%d/%m/%Y")
        late = selectors.late_units(today=self._day_for_choices(today))
        self.fields["unit"].choices = [
            (ALL_LATE, _("Tất cả đơn vị có nhiệm vụ quá hạn")),
            (
                _("Đơn vị có nhiệm vụ quá hạn"),
                [(str(u.pk), f"{u.name} ({u.overdue_count})") for u in late],
            ),
            (
                _("Đơn vị khác"),
                [
                    (str(u.pk), u.name)
                    for u in selectors.chase_units_choices().exclude(pk__in=[u.pk for u in late])
                ],
            ),
        ]

    def _day_for_choices(self, today: date) -> date:
        raw = self.data.get("day") if self.is_bound else None
        try:
            value = self.fields["day"].clean(raw) if raw else None
        except ValidationError:
            value = None
        return value or today

    def clean_unit(self):
        value = self.cleaned_data["unit"]
        if value == ALL_LATE:
            return None
        unit = selectors.unit_lookup(value)
        if unit is None:
            raise ValidationError(_("Không tìm thấy đơn vị."))
        return unit
