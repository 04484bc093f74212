"""Forms of the plan pages. They parse and type-check; plans.services validates and writes."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def parse_vn_decimal(text: str) -> Decimal | None:
    """Numbers as Vietnamese write them: "1.500" = 1500, "1.500,5" = 1500,5, "12,5" = 12.5."""
    text = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError(_("“%(value)s” không phải là số hợp lệ."), params={"value": text}) from exc
    if not value.is_finite():
        raise ValidationError(_("“%(value)s” không phải là số hợp lệ."), params={"value": text})
    return value


class VnDecimalField(forms.CharField):
    def to_python(self, value):
        return parse_vn_decimal(super().to_python(value))


class DisbursementForm(forms.Form):
    date = forms.DateField(
        label=_("Ngày giải ngân"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    amount = VnDecimalField(
        label=_("Số tiền (triệu đồng)"),
        help_text=_("Ví dụ: 1.500 hoặc 1.500,5"),
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.csv"}),
    )
