"""Form fields and forms every app uses: Vietnamese numbers, the import upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dtsystem.common.numbers import parse_vn_decimal


class VnDecimalField(forms.CharField):
    def to_python(self, value):
        return parse_vn_decimal(super().to_python(value))


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )
