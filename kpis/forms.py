"""Forms of the KPI pages. They parse; kpis.services validates, checks permissions and writes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dtsystem.common.forms import VnDecimalField


class MeasurementForm(forms.Form):
    period = forms.CharField(
        label=_("Kỳ số liệu"),
        max_length=8,
        help_text=_("Năm (2022), quý (2022-Q3) hoặc tháng (2022-06)."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    value = VnDecimalField(
        label=_("Giá trị đạt được"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )
    achieved = forms.NullBooleanField(
        label=_("Đã hoàn thành"),
        required=False,
        widget=forms.Select(
            choices=[("unknown", "—"), ("true", _("Đã hoàn thành")), ("false", _("Chưa hoàn thành"))],
            attrs={"class": "form-select"},
        ),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )
    evidence = forms.FileField(
        label=_("Tệp minh chứng"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )
