"""The one date widget of the pages: a text field in dd/mm/yyyy with the site's own picker
(static/js/datepicker.js), never the browser's native `<input type=date>`, whose display order follows
the browser's language (mm/dd/yyyy in an en-US browser). The server reads dd/mm/yyyy (and YYYY-MM-DD,
for links and the API)."""

from __future__ import annotations

from django import forms

DATE_DISPLAY_FORMAT = "%d/%m/%Y"
DATE_PARSE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DatePickerInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None, **_ignored):
        base = {
            "data-datepicker": "",
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "maxlength": "10",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format=DATE_DISPLAY_FORMAT)
