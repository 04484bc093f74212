"""Forms of the directives pages. They check the shape of the input only (types, lengths, required
fields); every rule of the domain is decided by directives.services, which the views call."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from dtsystem.common.filters import ID_MAX
from dtsystem.common.text import fold
from dtsystem.common.widgets import DATE_PARSE_FORMATS, DatePickerInput
from dtsystem.units.models import Unit, UnitGroup

from .choices import DocumentKind, Issuer, Priority, SourceKind

# Django's own Vietnamese messages for these are missing or awkward; the pages say it plainly.
NUMBER_ERRORS = {
    "invalid": _("Hãy nhập một số nguyên."),
    "min_value": _("Giá trị phải lớn hơn hoặc bằng %(limit_value)s."),
    "max_value": _("Giá trị phải nhỏ hơn hoặc bằng %(limit_value)s."),
}
CHOICE_ERRORS = {"invalid_choice": _("Lựa chọn không hợp lệ; hãy chọn lại trong danh sách.")}
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm.")}


class UnitChoices:
    """The units a page may pick from, loaded once per request and shared by every picker on it.

    `search` maps each unit to its folded name, short name and aliases; the page ships it once (as
    JSON) so that every picker can filter its options in the browser while ignoring diacritics
    ("so tt&tt" finds "Sở Thông tin và Truyền thông")."""

    def __init__(self, include_ids: Iterable[int] = ()):
        include_ids = [pk for pk in include_ids if pk]
        query = Q(is_active=True)
        if include_ids:
            query |= Q(pk__in=include_ids)
        self.units = list(Unit.objects.filter(query).order_by("kind", "name"))
        self.by_pk = {unit.pk: unit for unit in self.units}
        self.choices = [
            (
                unit.pk,
                f"{unit.name} ({unit.short_name})" if unit.short_name not in ("", unit.name) else unit.name,
            )
            for unit in self.units
        ]
        self.search = {str(unit.pk): fold(" ".join(unit.all_names())) for unit in self.units}

    @cached_property
    def groups_by_pk(self) -> dict[int, UnitGroup]:
        """The active unit groups an order may be addressed to (one query, on first use)."""
        return {g.pk: g for g in UnitGroup.objects.filter(is_active=True).order_by("name")}

    @property
    def group_choices(self) -> list[tuple[int, str]]:
        return [(g.pk, g.name) for g in self.groups_by_pk.values()]


class UnitChoiceField(forms.ChoiceField):
    """One unit out of a UnitChoices; cleans to the Unit itself (no query per field)."""

    widget = forms.Select

    default_error_messages = CHOICE_ERRORS

    def __init__(self, *, empty_label=None, **kwargs):
        self.empty_label = empty_label or _("— Chọn đơn vị —")
        self.units: UnitChoices | None = None
        super().__init__(**kwargs)

    def set_units(self, units: UnitChoices) -> None:
        self.units = units
        self.choices = [("", self.empty_label), *units.choices]

    def clean(self, value):
        value = super().clean(value)
        return self.units.by_pk[int(value)] if value else None


class UnitMultipleChoiceField(forms.MultipleChoiceField):
    default_error_messages = CHOICE_ERRORS
    widget = forms.CheckboxSelectMultiple

    def set_units(self, units: UnitChoices) -> None:
        self.units = units
        self.choices = units.choices

    def clean(self, value):
        value = super().clean(value)
        return [self.units.by_pk[int(pk)] for pk in value]


class BootstrapMixin:
    """Bootstrap 5 classes on every widget; fields with errors are marked invalid after validation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()

    def _style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class _UnitPickersMixin(BootstrapMixin):
    def _set_units(self, units: UnitChoices | None) -> None:
        units = units or UnitChoices()
        for field in self.fields.values():
            if isinstance(field, UnitChoiceField | UnitMultipleChoiceField | UnitGroupChoiceField):
                field.set_units(units)


class DocumentForm(_UnitPickersMixin, forms.Form):
    """The header of a notice. `version` is the one the editor loaded (edit page only)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        error_messages=CHOICE_ERRORS,
        label=_("Loại văn bản"),
        choices=DocumentKind.choices,
        initial=DocumentKind.TB,
    )
    number = forms.CharField(
        label=_("Số"), max_length=16, required=False, help_text=_("Để trống khi là dự thảo.")
    )
    symbol = forms.CharField(
        label=_("Ký hiệu"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: TB-VPUBND")}),
    )
    issuing_unit = UnitChoiceField(
        label=_("Cơ quan ban hành"),
        required=False,
        help_text=_(
            "Bắt buộc với thông báo kết luận: chọn đơn vị, hoặc ghi tên cơ quan như in trên văn bản."
        ),
    )
    issuing_body_text = forms.CharField(
        label=_("Tên cơ quan ban hành (như in trên văn bản)"), max_length=255, required=False
    )
    superior_body_text = forms.CharField(label=_("Cơ quan chủ quản"), max_length=255, required=False)
    place = forms.CharField(
        label=_("Địa danh"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Đồng Tháp")}),
    )
    issue_day = forms.IntegerField(
        error_messages=NUMBER_ERRORS, label=_("Ngày"), min_value=1, max_value=31, required=False
    )
    issue_month = forms.IntegerField(
        error_messages=NUMBER_ERRORS, label=_("Tháng"), min_value=1, max_value=12, required=False
    )
    issue_year = forms.IntegerField(
        error_messages=NUMBER_ERRORS, label=_("Năm"), min_value=1945, max_value=2100, required=False
    )
    meeting_date = forms.DateField(
        input_formats=DATE_PARSE_FORMATS,
        error_messages=DATE_ERRORS,
        label=_("Ngày họp"),
        required=False,
        widget=DatePickerInput(),
    )
    chair = forms.CharField(label=_("Người chủ trì"), max_length=128, required=False)
    chair_title = forms.CharField(label=_("Chức vụ người chủ trì"), max_length=255, required=False)
    signer = forms.CharField(label=_("Người ký"), max_length=128, required=False)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=255, required=False)
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))
    recipients = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một nơi nhận."),
    )
    body = forms.CharField(
        label=_("Nội dung văn bản"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    DATA_FIELDS = [
        "kind",
        "number",
        "symbol",
        "issuing_unit",
        "issuing_body_text",
        "superior_body_text",
        "place",
        "issue_day",
        "issue_month",
        "issue_year",
        "meeting_date",
        "chair",
        "chair_title",
        "signer",
        "signer_title",
        "title",
        "recipients",
        "body",
    ]

    def __init__(self, *args, units: UnitChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_units(units)

    @classmethod
    def initial_for(cls, document) -> dict:
        initial = {name: getattr(document, name) for name in cls.DATA_FIELDS}
        initial["issuing_unit"] = document.issuing_unit_id
        initial["recipients"] = "\n".join(document.recipients or [])
        initial["version"] = document.version
        return initial

    def clean_recipients(self) -> list[str]:
        text = self.cleaned_data.get("recipients") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def service_data(self) -> dict:
        """The cleaned fields in the shape services.document_create/document_update take."""
        return {name: self.cleaned_data[name] for name in self.DATA_FIELDS}


class UnitGroupChoiceField(forms.ChoiceField):
    """One active unit group out of a UnitChoices (loaded once per page); cleans to the UnitGroup."""

    default_error_messages = CHOICE_ERRORS

    def __init__(self, **kwargs):
        self.units: UnitChoices | None = None
        super().__init__(**kwargs)

    def set_units(self, units: UnitChoices) -> None:
        self.units = units
        self.choices = [("", _("— Không (giao cho một đơn vị) —")), *units.group_choices]

    def clean(self, value):
        value = super().clean(value)
        return self.units.groups_by_pk[int(value)] if value else None


class TaskRowForm(_UnitPickersMixin, forms.Form):
    """One task of a notice (a row of the formset) or the task edit form. `id` and `version` identify
    the task the editor loaded; they are empty for a new row."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    item = forms.CharField(
        label=_("Mục"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: 4.a")}),
    )
    content = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), required=False)
    unit_group = UnitGroupChoiceField(
        label=_("Hoặc giao cho nhóm đơn vị"),
        required=False,
        help_text=_("Mỗi đơn vị của nhóm nhận một nhiệm vụ riêng; không cần chọn đơn vị chủ trì."),
    )
    coordinating_units = UnitMultipleChoiceField(label=_("Đơn vị phối hợp"), required=False)
    deadline_text = forms.CharField(
        label=_("Thời hạn (như văn bản ghi)"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: trước ngày 25 tháng 01 năm 2022")}),
    )
    due_date = forms.DateField(
        input_formats=DATE_PARSE_FORMATS,
        error_messages=DATE_ERRORS,
        label=_("Hạn cụ thể (nếu muốn nhập tay)"),
        required=False,
        widget=DatePickerInput(),
    )
    priority = forms.TypedChoiceField(
        error_messages=CHOICE_ERRORS,
        label=_("Mức ưu tiên"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.NORMAL,
    )
    issuer = forms.ChoiceField(
        error_messages=CHOICE_ERRORS,
        label=_("Người giao"),
        choices=[("", _("— Theo văn bản —")), *Issuer.choices],
        required=False,
    )
    issuer_name = forms.CharField(
        label=_("Họ tên lãnh đạo giao"),
        max_length=128,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: tên Phó Chủ tịch phụ trách")}),
    )
    source_kind = forms.ChoiceField(
        error_messages=CHOICE_ERRORS,
        label=_("Hình thức giao"),
        choices=[("", _("— Theo văn bản —")), *SourceKind.choices],
        required=False,
    )

    DEADLINE_FIELDS = ("deadline_text", "due_date")

    def __init__(self, *args, units: UnitChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_units(units)
        # Show what the phrase (or the explicit date) will mean, as the user types (htmx).
        names = ", ".join(f"[name='{self.add_prefix(n)}']" for n in self.DEADLINE_FIELDS)
        for name in self.DEADLINE_FIELDS:
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": reverse_lazy("directives:deadline_preview"),
                    "hx-trigger": "input changed delay:400ms, change",
                    "hx-target": f"#{self.preview_id}",
                    "hx-include": f"{names}, #id_issue_year, #id_meeting_date",
                }
            )

    @property
    def preview_id(self) -> str:
        return f"preview-{self.prefix or 'task'}"

    @staticmethod
    def initial_for(task, explicit_due: bool) -> dict:
        """`explicit_due`: the task's due date is not the one its phrase gives (typed by hand or
        extended); it is then shown in the explicit date field."""
        return {
            "id": task.pk,
            "version": task.version,
            "item": task.item,
            "content": task.content,
            "lead_unit": task.lead_unit_id,
            "unit_group": task.unit_group_id,
            "coordinating_units": [unit.pk for unit in task.coordinating_units.all()],
            "issuer": task.issuer,
            "issuer_name": task.issuer_name,
            "source_kind": task.source_kind,
            "deadline_text": task.deadline_text,
            "due_date": task.due_date if explicit_due else None,
            "priority": task.priority,
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("id") and cleaned.get("version") is None:
            # Without the version the editor loaded, a concurrent change could not be detected.
            raise forms.ValidationError(_("Thiếu phiên bản của nhiệm vụ; hãy tải lại trang rồi nhập lại."))
        lead, group = cleaned.get("lead_unit"), cleaned.get("unit_group")
        if "lead_unit" not in self.errors and "unit_group" not in self.errors:
            if lead is None and group is None:
                self.add_error("lead_unit", _("Hãy chọn đơn vị chủ trì hoặc một nhóm đơn vị."))
            elif lead is not None and group is not None:
                self.add_error(
                    "unit_group", _("Hãy chọn một đơn vị chủ trì hoặc một nhóm đơn vị, không chọn cả hai.")
                )
        if cleaned.get("issuer") == Issuer.VICE_CHAIRMAN and not (cleaned.get("issuer_name") or "").strip():
            self.add_error("issuer_name", _("Hãy ghi họ tên Phó Chủ tịch giao nhiệm vụ."))
        return cleaned

    def deadline_changed(self) -> bool:
        return any(name in self.changed_data for name in self.DEADLINE_FIELDS)

    def service_row(self, *, is_new: bool) -> dict:
        """The row in the shape the services take. For an existing task the deadline is only sent
        when the editor changed it, so that an approved extension is never recomputed away."""
        data = self.cleaned_data
        row = {
            "item": data["item"],
            "content": data["content"],
            "lead_unit": data["lead_unit"],
            "coordinating_units": data["coordinating_units"],
            "priority": data["priority"],
        }
        if data.get("unit_group") is not None:
            row["unit_group"] = data["unit_group"]
        if is_new:
            if data.get("issuer"):  # else: who chaired or signed the document (services.issuer_from_document)
                row["issuer"], row["issuer_name"] = data["issuer"], data.get("issuer_name", "")
            if data.get("source_kind"):
                row["source_kind"] = data["source_kind"]
        else:  # only what the editor changed: a client that leaves them out keeps them
            for name in ("issuer", "issuer_name", "source_kind"):
                if name in self.changed_data and (data.get(name) or name != "source_kind"):
                    row[name] = data.get(name) or ""
        if is_new or self.deadline_changed():
            row["deadline_text"] = data["deadline_text"]
            row["due_date"] = data["due_date"]
        return row


class BaseTaskRowFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return dict(self.form_kwargs)


TaskRowFormSet = forms.formset_factory(
    TaskRowForm, formset=BaseTaskRowFormSet, extra=0, can_delete=True, max_num=200, absolute_max=200
)
TASK_ROWS_PREFIX = "tasks"


class ProgressForm(BootstrapMixin, forms.Form):
    percent = forms.IntegerField(
        error_messages=NUMBER_ERRORS,
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("Nội dung báo cáo"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files; their type and size are checked by directives.uploads in the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class IdListField(forms.Field):
    """A list of row ids (checkboxes of the same name), each a positive 64-bit integer."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Lựa chọn không hợp lệ; hãy tải lại trang.")}

    def to_python(self, value) -> list[int]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids = []
        for raw in values:
            try:
                number = int(raw)
            except (TypeError, ValueError):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
            if not 1 <= number <= ID_MAX:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            ids.append(number)
        return ids


class ProgressWithFilesForm(ProgressForm):
    files = MultipleFileField(label=_("Tệp minh chứng"), required=False)
    # "đính kèm ý kiến phối hợp": the coordinating units' contributions this report includes
    contributions = IdListField(label=_("Đính kèm ý kiến phối hợp"), required=False)
    # Optional: a client that sends the task's version asks for the optimistic check (409 when stale).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ContributionForm(BootstrapMixin, forms.Form):
    """A coordinating unit's input on a task (ý kiến phối hợp): text and/or files."""

    unit = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1, max_value=ID_MAX)
    text = forms.CharField(
        label=_("Ý kiến phối hợp"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=20000
    )
    files = MultipleFileField(label=_("Tệp đính kèm"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files"):
            raise forms.ValidationError(_("Hãy nhập ý kiến phối hợp hoặc đính kèm tệp."))
        return data


class ReasonForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRequestForm(BootstrapMixin, forms.Form):
    new_due_date = forms.DateField(
        input_formats=DATE_PARSE_FORMATS,
        error_messages=DATE_ERRORS,
        label=_("Hạn đề nghị mới"),
        widget=DatePickerInput(),
    )
    reason = forms.CharField(label=_("Lý do xin gia hạn"), widget=forms.Textarea(attrs={"rows": 2}))


class TaskListOptionsForm(BootstrapMixin, forms.Form):
    """The `as_of` date of a task list (the day timeliness is derived at)."""

    as_of = forms.DateField(
        input_formats=DATE_PARSE_FORMATS,
        error_messages=DATE_ERRORS,
        label=_("Tính đến ngày"),
        required=False,
        widget=DatePickerInput(),
    )


# ------------------------------------------------------------------------------ group orders, forwarding


class ChildrenConfirmForm(forms.Form):
    """The children the office confirms in one step (ids of the parent's children)."""

    children = forms.TypedMultipleChoiceField(
        coerce=int, error_messages={**CHOICE_ERRORS, "required": _("Hãy chọn ít nhất một nhiệm vụ.")}
    )

    def __init__(self, *args, child_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = [(pk, pk) for pk in child_ids]


class AddMembersForm(forms.Form):
    """Members that joined a group after its order was given: those the office gives the order to."""

    units = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={**CHOICE_ERRORS, "required": _("Hãy chọn ít nhất một đơn vị để giao thêm.")},
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["units"].choices = [(u.pk, u.name) for u in units]

    def selected_units(self) -> list[Unit]:
        return [self.units[pk] for pk in self.cleaned_data["units"]]


class ForwardPartForm(BootstrapMixin, forms.Form):
    """One part of a task forwarded down: to which unit, what, by when."""

    unit = forms.TypedChoiceField(
        label=_("Đơn vị nhận"), coerce=int, required=False, error_messages=CHOICE_ERRORS
    )
    content = forms.CharField(
        label=_("Nội dung phần việc"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("Để trống: giữ nội dung của nhiệm vụ")}),
    )
    due_date = forms.DateField(
        label=_("Hạn"),
        required=False,
        input_formats=DATE_PARSE_FORMATS,
        widget=DatePickerInput(),
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {u.pk: u for u in targets}
        self.fields["unit"].choices = [("", _("— Chọn đơn vị —")), *[(u.pk, u.name) for u in targets]]

    def part(self):
        data = self.cleaned_data
        unit_id = data.get("unit")
        if not unit_id:
            return None
        return (self.targets[unit_id], data.get("content") or "", data.get("due_date"))


class BaseForwardFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return dict(self.form_kwargs)


ForwardFormSet = forms.formset_factory(
    ForwardPartForm, formset=BaseForwardFormSet, extra=3, max_num=50, absolute_max=50
)
FORWARD_PREFIX = "parts"
