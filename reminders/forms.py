from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReminderPreference


class ReminderSettingsForm(forms.Form):
    day_offsets = forms.CharField(
        label=_("Nhắc trước hạn (số ngày, cách nhau bằng dấu phẩy)"),
        help_text=_("Ví dụ: 7, 3, 1. Ngày đến hạn luôn được nhắc."),
        max_length=64,
    )
    offsets_in_working_days = forms.BooleanField(
        label=_("Đếm số ngày nhắc trước hạn theo ngày làm việc"),
        help_text=_("Bỏ qua thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù."),
        required=False,
    )
    send_hour = forms.IntegerField(label=_("Giờ gửi hằng ngày (0–23)"), min_value=0, max_value=23)
    overdue_repeat_days = forms.IntegerField(
        label=_("Nhắc lại việc quá hạn sau mỗi (ngày)"), min_value=1, max_value=90
    )
    escalate_after_days = forms.IntegerField(
        label=_("Báo Văn phòng khi quá hạn hơn (ngày)"), min_value=1, max_value=365
    )

    def clean_day_offsets(self) -> list[int]:
        raw = self.cleaned_data["day_offsets"].replace(";", ",")
        try:
            values = sorted({int(part) for part in raw.split(",") if part.strip()}, reverse=True)
        except ValueError as exc:
            raise forms.ValidationError(_("Nhập các số nguyên, ví dụ: 7, 3, 1.")) from exc
        if not values or any(v < 1 or v > 90 for v in values):
            raise forms.ValidationError(_("Mỗi số ngày phải từ 1 đến 90."))
        return values


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["due_soon", "due_today", "overdue", "coordinating_info", "weekly_digest"]
