"""The form that asks for a report: a period (a quarter or a month), optionally one plan."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .periods import parse_period, period_containing

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
PART_CHOICES = [
    (_("Quý"), [(f"Q{q}", format_lazy("{} {}", _("Quý"), ROMAN[q])) for q in range(1, 5)]),
    (_("Tháng"), [(f"{m:02d}", format_lazy("{} {}", _("Tháng"), m)) for m in range(1, 13)]),
]


class ReportForm(forms.Form):
    part = forms.ChoiceField(
        label=_("Kỳ báo cáo"), choices=PART_CHOICES, widget=forms.Select(attrs={"class": "form-select"})
    )
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    plan = forms.ModelChoiceField(
        label=_("Kế hoạch"),
        queryset=None,
        required=False,
        empty_label=_("Tất cả nhiệm vụ"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    number = forms.CharField(
        label=_("Số báo cáo"),
        required=False,
        max_length=16,
        help_text=_("Để trống để văn thư ghi số khi ban hành."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    email_committee = forms.BooleanField(
        label=_("Gửi e-mail cho thành viên Ban Chỉ đạo khi tạo xong"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        from plans.models import Plan

        super().__init__(*args, **kwargs)
        current = period_containing(today or timezone.localdate())
        self.fields["part"].initial = f"Q{current.number}"
        self.fields["year"].initial = current.year
        self.fields["plan"].queryset = Plan.objects.select_related("document").order_by("-year", "-id")
        self.fields["plan"].label_from_instance = lambda p: f"{p.document.code} — {p.document.title[:90]}"

    def clean(self):
        data = super().clean()
        if data.get("part") and data.get("year"):
            try:
                data["period"] = parse_period(f"{data['year']}-{data['part']}").code
            except ValidationError as exc:
                self.add_error("part", exc)
        return data
