"""Forms of the plan pages. They parse and type-check; plans.services validates and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dtsystem.common.forms import VnDecimalField
from dtsystem.common.widgets import DATE_PARSE_FORMATS, DatePickerInput


class DisbursementForm(forms.Form):
    date = forms.DateField(
        label=_("Ngày giải ngân"),
        input_formats=DATE_PARSE_FORMATS,
        widget=DatePickerInput(attrs={"class": "form-control"}),
    )
    amount = VnDecimalField(
        label=_("Số tiền (triệu đồng)"),
        help_text=_("Ví dụ: 1.500 hoặc 1.500,5"),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )
