"""Forms of the reorganisation pages: one per operation. Only current units are offered."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Unit

DATE_ERRORS = {
    "invalid": _("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm."),
    "required": _("Nhập ngày hiệu lực."),
}
CHOICE_ERRORS = {"invalid_choice": _("Lựa chọn không hợp lệ; hãy chọn lại trong danh sách.")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def current_units():
    return Unit.objects.filter(is_active=True, valid_until__isnull=True).order_by("kind", "name")


def _unit(label, required=True):
    return forms.ModelChoiceField(
        queryset=current_units(), label=label, required=required, error_messages=CHOICE_ERRORS
    )


def _units(label):
    return forms.ModelMultipleChoiceField(
        queryset=current_units(),
        label=label,
        error_messages={**CHOICE_ERRORS, "invalid_pk_value": CHOICE_ERRORS["invalid_choice"]},
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class OperationForm(forms.Form):
    date = forms.DateField(
        label=_("Hiệu lực từ ngày"),
        error_messages=DATE_ERRORS,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=DateInput(),
    )
    note = forms.CharField(
        label=_("Căn cứ, ghi chú"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: số nghị quyết, quyết định."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = (
                "form-select"
                if isinstance(field.widget, forms.Select | forms.SelectMultiple)
                else "form-control"
            )
            field.widget.attrs.setdefault("class", css)


class RenameForm(OperationForm):
    unit = _unit(_("Đơn vị"))
    name = forms.CharField(label=_("Tên mới"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt mới"), max_length=64, required=False)
    field_order = ["unit", "name", "short_name", "date", "note"]


class MergeForm(OperationForm):
    sources = _units(_("Các đơn vị sáp nhập"))
    target = _unit(_("Vào đơn vị (đã có)"), required=False)
    new_name = forms.CharField(label=_("hoặc thành lập đơn vị mới, tên"), max_length=255, required=False)
    new_short_name = forms.CharField(label=_("Tên viết tắt của đơn vị mới"), max_length=64, required=False)
    field_order = ["sources", "target", "new_name", "new_short_name", "date", "note"]

    def clean(self):
        data = super().clean()
        if not data.get("target") and not (data.get("new_name") or "").strip():
            raise forms.ValidationError(_("Chọn đơn vị nhận hoặc nhập tên đơn vị mới."))
        if data.get("target") and (data.get("new_name") or "").strip():
            raise forms.ValidationError(_("Chỉ chọn một: đơn vị nhận đã có hoặc tên đơn vị mới."))
        return data


class SplitForm(OperationForm):
    unit = _unit(_("Đơn vị chia tách"))
    targets = _units(_("Các đơn vị nhận"))
    successor = _unit(_("Đơn vị kế thừa (người dùng, tên gọi, chỉ tiêu, kinh phí)"), required=False)
    field_order = ["unit", "targets", "successor", "date", "note"]


class DissolveForm(OperationForm):
    unit = _unit(_("Đơn vị giải thể"))
    successor = _unit(_("Đơn vị kế thừa"), required=False)
    field_order = ["unit", "successor", "date", "note"]


class MoveForm(OperationForm):
    unit = _unit(_("Đơn vị"))
    parent = _unit(_("Đơn vị cấp trên mới (để trống: không trực thuộc)"), required=False)
    field_order = ["unit", "parent", "date", "note"]


FORMS = {
    "rename": RenameForm,
    "merge": MergeForm,
    "split": SplitForm,
    "dissolve": DissolveForm,
    "move": MoveForm,
}
