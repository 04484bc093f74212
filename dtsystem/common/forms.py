"""Form fields and forms every app uses: Vietnamese numbers, the import upload."""

from django import forms
from django.core.exceptions import ValidationError
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


def form_add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields it names (else at the top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
