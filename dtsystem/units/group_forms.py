"""The unit group form (pages of /units/groups/): shapes only; dtsystem.units.services decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import GroupMembership, UnitKind
from .models import Unit, UnitGroup

CHOICE_ERRORS = {"invalid_choice": _("Lựa chọn không hợp lệ; hãy chọn lại trong danh sách.")}


class UnitGroupForm(forms.Form):
    name = forms.CharField(label=_("Tên nhóm"), max_length=255)
    key = forms.SlugField(
        label=_("Khóa nhận diện (không bắt buộc)"),
        max_length=64,
        required=False,
        help_text=_("Khóa trợ lý đọc văn bản dùng để nhận ra nhóm, ví dụ departments, communes."),
    )
    description = forms.CharField(label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    membership_kind = forms.ChoiceField(
        label=_("Cách xác định thành viên"),
        choices=GroupMembership.choices,
        widget=forms.RadioSelect,
        error_messages=CHOICE_ERRORS,
    )
    unit_kind = forms.ChoiceField(
        label=_("Loại đơn vị"),
        choices=[("", _("— Chọn loại đơn vị —")), *UnitKind.choices],
        required=False,
        error_messages=CHOICE_ERRORS,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị thành viên (khi nhóm theo danh sách)"),
        queryset=Unit.objects.filter(is_active=True).order_by("kind", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        error_messages={"invalid_choice": _("Đơn vị đã chọn không hợp lệ.")},
    )
    is_active = forms.BooleanField(label=_("Đang sử dụng"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                continue
            css = (
                "form-check-input"
                if isinstance(widget, forms.CheckboxInput)
                else ("form-select" if isinstance(widget, forms.Select) else "form-control")
            )
            widget.attrs["class"] = css

    @staticmethod
    def initial_for(group: UnitGroup) -> dict:
        return {
            "name": group.name,
            "key": group.key or "",
            "description": group.description,
            "membership_kind": group.membership_kind,
            "unit_kind": group.unit_kind,
            "units": list(group.units.values_list("pk", flat=True)),
            "is_active": group.is_active,
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("membership_kind") == GroupMembership.BY_KIND and not cleaned.get("unit_kind"):
            self.add_error("unit_kind", _("Nhóm theo loại đơn vị cần chọn loại đơn vị."))
        return cleaned

    def service_data(self) -> tuple[dict, list]:
        data = {
            k: self.cleaned_data[k]
            for k in ("name", "key", "description", "membership_kind", "unit_kind", "is_active")
        }
        return data, list(self.cleaned_data["units"])
