"""Forms of the notice-text assistant (assistant/views.py).

Step 1 (`NoticeInputForm`): pasted text or an uploaded .txt/.docx/.pdf, read and checked by the
engine's read_notice_file / validate_notice_text (their NoticeFileError becomes a ValidationError).
Step 2 (`NoticeHeaderForm` + `ProposedTaskFormSet`): the review screen, filled from the extraction
and posted back as a whole; nothing is saved before it validates. The forms check the shape of the
input only; the services decide the rules of the domain.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directives import presenters
from directives.forms import (
    BootstrapMixin,
    DocumentForm,
    UnitChoiceField,
    UnitChoices,
    UnitGroupChoiceField,
    UnitMultipleChoiceField,
)
from dtsystem.units.selectors import unit_group_keys
from extraction import NoticeFileError, read_notice_file, validate_notice_text
from extraction.groups import group_label
from extraction.model import FIELDS, SHAPES

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_TEXT_CHARS = 500_000
TASKS_PREFIX = "tasks"
SNIPPET_CONTEXT = 160  # characters of the paragraph shown either side of a highlighted assignment
PROPOSAL_SALT = "assistant.proposal"
DEFAULT_REVIEW_THRESHOLD = 0.7


def review_threshold() -> float:
    """Rows whose least sure field is below this are marked "cần xem lại" (setting
    ASSISTANT_REVIEW_THRESHOLD, 0-1)."""
    return float(getattr(settings, "ASSISTANT_REVIEW_THRESHOLD", DEFAULT_REVIEW_THRESHOLD))


def notice_file_error(exc: NoticeFileError) -> ValidationError:
    """The engine's error about a file or a pasted text, as Django shows it: translated, with its code."""
    return ValidationError(gettext(exc.template), code=exc.code, params=exc.params)


def normalize_notice_text(text: str) -> str:
    """One form of the text for extraction and for the round trip through the review page, so that
    the source offsets stay valid: NFC, "\\n" line ends (browsers post "\\r\\n"), no outer blanks."""
    text = unicodedata.normalize("NFC", text or "")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# ------------------------------------------------------------------------------------------ step 1


class NoticeInputForm(BootstrapMixin, forms.Form):
    text = forms.CharField(
        label=_("Dán nội dung văn bản"),
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={
                "rows": 12,
                "placeholder": _("Dán toàn văn thông báo kết luận (hoặc kế hoạch) vào đây…"),
            }
        ),
    )
    file = forms.FileField(
        label=_("Hoặc tải tệp lên"),
        required=False,
        help_text=_("Tệp .txt, .md, .docx hoặc .pdf có lớp văn bản; tối đa 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.docx,.pdf"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise ValidationError(
                    {"file": _("Tệp “%(name)s” quá lớn (tối đa 5 MB).") % {"name": upload.name}}
                )
            try:
                text = read_notice_file(upload.name, upload.read())
            except NoticeFileError as exc:
                raise ValidationError({"file": notice_file_error(exc)}) from exc
        else:
            pasted = cleaned.get("text") or ""
            if not pasted.strip() and not self.errors:
                raise ValidationError(_("Hãy dán nội dung văn bản hoặc chọn một tệp để tải lên."))
            try:
                text = validate_notice_text(pasted)
            except NoticeFileError as exc:
                raise ValidationError({"text": notice_file_error(exc)}) from exc
        text = normalize_notice_text(text)
        if len(text) > MAX_TEXT_CHARS:
            raise ValidationError(
                _("Văn bản quá dài (hơn %(limit)s ký tự). Hãy chỉ dán phần thông báo kết luận.")
                % {"limit": "500.000"}
            )
        cleaned["notice_text"] = text
        return cleaned


# ------------------------------------------------------------------------------------------ step 2


class NoticeHeaderForm(DocumentForm):
    """The notice's header as the extraction read it, editable; the text itself travels hidden and
    becomes the document's body."""

    source_text = forms.CharField(strip=False, widget=forms.Textarea(attrs={"hidden": True, "rows": 1}))

    DATA_FIELDS = [name for name in DocumentForm.DATA_FIELDS if name != "body"]

    # What the assistant proposed (signed, so that the page cannot alter the measure of its quality) and
    # the document's shape: they travel with the review screen, and FieldReview compares them with what
    # the clerk saves.
    proposal = forms.CharField(widget=forms.HiddenInput, required=False)
    shape = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["body"]
        del self.fields["version"]
        # A signature block spans lines ("KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"): a one-line input would
        # glue them together.
        for name in ("chair_title", "signer_title"):
            self.fields[name].widget = forms.Textarea(attrs={"rows": 2, "class": "form-control"})

    @staticmethod
    def initial_from(extraction, text: str) -> dict:
        header = extraction.header()
        initial = {name: header.get(name) for name in NoticeHeaderForm.DATA_FIELDS if name in header}
        initial["kind"] = header.get("kind") or "TB"
        initial["meeting_date"] = extraction.meeting_date
        initial["recipients"] = "\n".join(header.get("recipients") or [])
        initial["source_text"] = text
        initial["shape"] = extraction.shape
        initial["proposal"] = signing.dumps(proposal_of(extraction), salt=PROPOSAL_SALT, compress=True)
        return initial

    def clean_shape(self) -> str:
        shape = self.cleaned_data.get("shape") or ""
        return shape if shape in SHAPES else ""

    def clean_proposal(self) -> list[dict] | None:
        """The proposal as the assistant made it, or None when missing or altered (then nothing is
        measured; the document is saved all the same)."""
        try:
            return signing.loads(self.cleaned_data.get("proposal") or "", salt=PROPOSAL_SALT)
        except signing.BadSignature:
            return None

    @property
    def shape_label(self) -> str:
        shape = self["shape"].value()
        return SHAPES.get(shape, "")

    def clean_chair_title(self) -> str:
        return normalize_notice_text(self.cleaned_data.get("chair_title"))

    def clean_signer_title(self) -> str:
        return normalize_notice_text(self.cleaned_data.get("signer_title"))

    def clean_source_text(self) -> str:
        return normalize_notice_text(self.cleaned_data.get("source_text"))

    def ref_year(self) -> int | None:
        data = getattr(self, "cleaned_data", None)
        if data is None:
            return None
        year = data.get("issue_year")
        meeting = data.get("meeting_date")
        return year or (meeting.year if meeting else None)

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.DATA_FIELDS}
        data["body"] = self.cleaned_data["source_text"]
        return data


def _unit_key(ref) -> str:
    """A proposed unit as FieldReview compares it: "unit:<id>", "new:<name>", "group:<key>"."""
    if ref is None:
        return ""
    if ref.is_matched:
        return f"unit:{ref.id}"
    if ref.is_group:
        return f"group:{ref.group}"
    return f"new:{ref.name}"


def _unit_label(ref) -> str:
    if ref is None:
        return ""
    if ref.is_group:
        return ref.group_label or ref.text
    return ref.name


def proposal_of(extraction) -> list[dict]:
    """What the assistant proposed, row by row, in the form FieldReview compares with what is saved."""
    return [
        {
            "item": task.item,
            "content": task.content,
            "lead": _unit_key(task.lead_unit),
            "lead_label": _unit_label(task.lead_unit),
            "coordinating": [_unit_key(u) for u in task.coordinating_units if not u.is_group],
            "coordinating_labels": [_unit_label(u) for u in task.coordinating_units if not u.is_group],
            "deadline_text": task.deadline_text,
        }
        for task in extraction.tasks
    ]


def parse_spans(value: str) -> list[tuple[int, int]]:
    """ "12-40,50-80" → [(12, 40), (50, 80)]; anything malformed is dropped."""
    spans = []
    for start, end in re.findall(r"(\d+)-(\d+)", value or ""):
        start, end = int(start), int(end)
        if end > start:
            spans.append((start, end))
    return sorted(set(spans))


def format_spans(spans) -> str:
    return ",".join(f"{start}-{end}" for start, end in spans)


class ProposedTaskForm(BootstrapMixin, forms.Form):
    """One proposed task. The hidden fields carry what the page needs to show it again: where it
    comes from in the text, the unit to create, the group phrase the user must resolve."""

    order = forms.IntegerField(widget=forms.HiddenInput, required=False)
    source = forms.CharField(widget=forms.HiddenInput, required=False)
    item = forms.CharField(label=_("Mục"), max_length=32, required=False)
    content = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 4}))
    lead_unit = UnitChoiceField(label=_("Đơn vị chủ trì"), required=False)
    unit_group = UnitGroupChoiceField(
        label=_("Hoặc giao cho nhóm đơn vị"),
        required=False,
        help_text=_("Mỗi đơn vị của nhóm nhận một nhiệm vụ riêng; không cần chọn đơn vị chủ trì."),
    )
    new_unit_name = forms.CharField(widget=forms.HiddenInput, required=False)
    create_new_unit = forms.BooleanField(label=_("Tạo đơn vị này"), required=False)
    group_text = forms.CharField(widget=forms.HiddenInput, required=False)
    coordinating_units = UnitMultipleChoiceField(label=_("Đơn vị phối hợp"), required=False)
    coordinating_notes = forms.CharField(widget=forms.HiddenInput, required=False)
    new_coordinating_names = forms.CharField(widget=forms.HiddenInput, required=False)
    create_new_coordinating = forms.BooleanField(label=_("Tạo các đơn vị này"), required=False)
    deadline_text = forms.CharField(
        label=_("Thời hạn (như văn bản ghi)"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: trước ngày 25 tháng 01 năm 2022")}),
    )
    # What the assistant read for this row: its place in the proposal (blank for a row added by hand),
    # the lead as written (to learn it as another name of the unit the clerk picks), the group it names,
    # the table section it sits in, and its confidence per field ("lead|coordinating|deadline|content").
    proposed = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    proposed_lead = forms.CharField(widget=forms.HiddenInput, required=False)
    lead_text = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)
    group_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    section = forms.CharField(widget=forms.HiddenInput, required=False, max_length=255)
    confidence = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    # The kind of the units to create the national catalogue knows: "Bộ Công an=central; ..."
    new_unit_kinds = forms.CharField(widget=forms.HiddenInput, required=False)
    save_alias = forms.BooleanField(required=False)

    # Fields that say what the row is, not what the user typed: a row the user added and left empty
    # is skipped whatever these hold.
    BOOKKEEPING = {
        "order",
        "source",
        "proposed",
        "proposed_lead",
        "lead_text",
        "group_key",
        "section",
        "confidence",
    }

    def __init__(self, *args, units: UnitChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units or UnitChoices()
        self.fields["lead_unit"].set_units(units)
        self.fields["coordinating_units"].set_units(units)
        self.fields["unit_group"].set_units(units)
        self.fields["unit_group"].widget.attrs["class"] = "form-select"
        self.fields["lead_unit"].widget.attrs["data-lead-unit"] = ""
        self.fields["create_new_unit"].widget.attrs["data-create-unit"] = ""
        self.fields["save_alias"].widget.attrs["data-save-alias"] = ""
        self.fields["proposed_lead"].widget.attrs["data-proposed-lead"] = ""
        self.fields["deadline_text"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("directives:deadline_preview"),
                "hx-trigger": "input changed delay:400ms, change",
                "hx-target": f"#{self.preview_id}",
                "hx-include": f"[name='{self.add_prefix('deadline_text')}'], #id_issue_year, #id_meeting_date",
            }
        )

    @property
    def preview_id(self) -> str:
        return f"{self.prefix or 'task'}-preview"

    def has_changed(self) -> bool:
        return bool(set(self.changed_data) - self.BOOKKEEPING)

    def clean_new_unit_name(self) -> str:
        return (self.cleaned_data.get("new_unit_name") or "").strip()[:255]  # Unit.name's length

    def clean_new_coordinating_names(self) -> list[str]:
        """ "A; B" → ["A", "B"] (each cut to Unit.name's length)."""
        value = self.cleaned_data.get("new_coordinating_names") or ""
        return [name.strip()[:255] for name in value.split(";") if name.strip()]

    def clean_new_unit_kinds(self) -> dict[str, str]:
        """ "Bộ Công an=central; ..." → {"Bộ Công an": "central"} (only the kinds a unit may have)."""
        out = {}
        for part in (self.cleaned_data.get("new_unit_kinds") or "").split(";"):
            name, _sep, kind = part.partition("=")
            if name.strip() and kind.strip() in {"central", "enterprise"}:
                out[name.strip()] = kind.strip()
        return out

    @property
    def central_new_unit(self) -> bool:
        kinds = self.value_of("new_unit_kinds") or ""
        name = (self.value_of("new_unit_name") or "").strip()
        return bool(name) and f"{name}=central" in kinds

    def clean_source(self) -> str:
        return format_spans(parse_spans(self.cleaned_data.get("source")))

    def clean(self):
        cleaned = super().clean()
        wants_new = cleaned.get("create_new_unit") and (cleaned.get("new_unit_name") or "").strip()
        group = cleaned.get("unit_group")
        if group is not None and (cleaned.get("lead_unit") or wants_new):
            # The clerk picked a unit for a row the assistant gave to a group: the unit wins.
            cleaned["unit_group"] = group = None
        if (
            group is None
            and not cleaned.get("lead_unit")
            and not wants_new
            and "lead_unit" not in self.errors
        ):
            group_text = (cleaned.get("group_text") or "").strip()
            if group_text:
                message = _(
                    "Văn bản giao cho “%(group)s”: hãy chọn nhóm đơn vị tương ứng hoặc một đơn vị chủ trì cụ thể."
                ) % {"group": group_text}
            elif (cleaned.get("new_unit_name") or "").strip():
                message = _("Hãy chọn đơn vị chủ trì, hoặc đánh dấu “Tạo đơn vị này”.")
            else:
                message = _("Hãy chọn đơn vị chủ trì.")
            self.add_error("lead_unit", message)
        return cleaned

    def value_of(self, name: str):
        """The field's value as the page shows it (posted data when bound, else the initial)."""
        return self[name].value()

    # -- what the review screen shows about the assistant's reading
    @property
    def field_confidence(self) -> dict[str, float]:
        values = (self.value_of("confidence") or "").split("|")
        out = {}
        for name, value in zip(FIELDS, values, strict=False):
            try:
                out[name] = max(0.0, min(1.0, float(value)))
            except ValueError:
                continue
        return out

    @property
    def row_confidence(self) -> float | None:
        values = self.field_confidence.values()
        return min(values) if values else None

    @property
    def needs_review(self) -> bool:
        confidence = self.row_confidence
        return confidence is not None and confidence < review_threshold()

    @property
    def doubtful_fields(self) -> list[str]:
        """Labels of the fields the assistant is least sure of, for the "cần xem lại" note."""
        labels = {
            "lead_units": _("đơn vị chủ trì"),
            "coordinating_units": _("đơn vị phối hợp"),
            "deadline": _("thời hạn"),
            "content": _("nội dung"),
        }
        threshold = review_threshold()
        return [str(labels[k]) for k, v in self.field_confidence.items() if v < threshold]

    @property
    def group_label(self) -> str:
        key = self.value_of("group_key") or ""
        return group_label(key) if key else ""

    @property
    def offers_alias(self) -> bool:
        """A lead read from the text by name (not a group): the clerk who picks another unit may keep
        the name as that unit's other name."""
        return bool((self.value_of("lead_text") or "").strip()) and not self.value_of("group_key")


class BaseProposedTaskFormSet(forms.BaseFormSet):
    """Rows are never "initial": every posted row may be removed client-side (a missing index is an
    empty row, skipped), and `initial_rows` gives each of the first rows its values."""

    def __init__(self, *args, initial_rows: list[dict] | None = None, **kwargs):
        self.initial_rows = initial_rows or []
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.extra = len(self.initial_rows)

    def get_form_kwargs(self, index):
        kwargs = dict(self.form_kwargs)
        if index is not None and index < len(self.initial_rows):
            kwargs["initial"] = self.initial_rows[index]
        return kwargs

    def filled_forms(self) -> list:
        """The rows to show or save, in the order of the page (their `order` field)."""
        rows = []
        for index, form in enumerate(self.forms):
            if self.is_bound and not form.has_changed():
                continue
            raw = form.data.get(form.add_prefix("order")) if self.is_bound else None
            try:
                order = int(raw) if raw not in (None, "") else index
            except (TypeError, ValueError):
                order = index
            rows.append((order, index, form))
        return [form for _order, _index, form in sorted(rows, key=lambda r: (r[0], r[1]))]


ProposedTaskFormSet = forms.formset_factory(
    ProposedTaskForm, formset=BaseProposedTaskFormSet, extra=0, max_num=200, absolute_max=200
)


def initial_rows_from(extraction) -> list[dict]:
    """The review rows of an extraction: units preset, unknown and group units carried along."""
    rows = []
    groups = unit_group_keys()  # the office's groups by the assistant's key ("departments", "communes")
    for position, task in enumerate(extraction.tasks):
        lead = task.lead_unit
        notes = [u.text for u in task.coordinating_units if u.is_group]
        new_coordinating = [u.name for u in task.coordinating_units if u.is_new]
        rows.append(
            {
                "order": position,
                "source": format_spans((s.start, s.end) for s in task.source),
                "item": task.item,
                "content": task.content,
                "lead_unit": lead.id if lead is not None and lead.is_matched else None,
                "new_unit_name": lead.name if lead is not None and lead.is_new else "",
                "group_text": lead.text if lead is not None and lead.is_group else "",
                "unit_group": groups.get(lead.group) if lead is not None and lead.is_group else None,
                "coordinating_units": [u.id for u in task.coordinating_units if u.is_matched],
                "coordinating_notes": "; ".join(notes),
                "new_coordinating_names": "; ".join(new_coordinating),
                "deadline_text": task.deadline_text,
                "proposed": position,
                "proposed_lead": lead.id if lead is not None and lead.is_matched else "",
                "lead_text": lead.text if lead is not None and not lead.is_group else "",
                "group_key": lead.group if lead is not None and lead.is_group else "",
                "section": task.section,
                "confidence": "|".join(f"{task.field_confidence.get(name, 1.0):.2f}" for name in FIELDS),
                "new_unit_kinds": "; ".join(
                    f"{u.name}={u.new_kind}"
                    for u in [*task.lead_units, *task.coordinating_units]
                    if u.new_kind
                ),
            }
        )
    return rows


# ------------------------------------------------------------------------------------ for the page


def deadline_preview(text: str, ref_year: int | None) -> dict:
    """What the services will make of the phrase (templates/directives/_deadline_preview.html)."""
    return presenters.deadline_preview(text, None, ref_year)


def source_snippets(text: str, spans, context: int = SNIPPET_CONTEXT) -> list[list[dict]]:
    """The paragraphs the spans fall in, as parts [{"text", "mark"}] with the spans marked and the
    paragraph cut to `context` characters around them. Emphasis marks (*, **) are dropped."""
    spans = [(max(0, s), min(len(text), e)) for s, e in spans if min(len(text), e) > max(0, s)]
    groups: list[list] = []  # [paragraph start, paragraph end, [spans]]
    for start, end in sorted(spans):
        para_start = text.rfind("\n", 0, start) + 1
        para_end = text.find("\n", end)
        para_end = len(text) if para_end == -1 else para_end
        if groups and para_start < groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], para_end)
            groups[-1][2].append((start, end))
        else:
            groups.append([para_start, para_end, [(start, end)]])
    out = []
    for para_start, para_end, group in groups:
        parts = []
        cursor = para_start
        for start, end in group:
            start = max(start, cursor)
            if end <= start:
                continue
            parts.append({"text": text[cursor:start], "mark": False})
            parts.append({"text": text[start:end], "mark": True})
            cursor = end
        parts.append({"text": text[cursor:para_end], "mark": False})
        if len(parts[0]["text"]) > context:
            parts[0]["text"] = "…" + parts[0]["text"][-context:].split(" ", 1)[-1]
        if len(parts[-1]["text"]) > context:
            parts[-1]["text"] = parts[-1]["text"][:context].rsplit(" ", 1)[0] + "…"
        for part in parts:
            part["text"] = part["text"].replace("*", "").replace("\t", " │ ")  # a pasted table's cells
        out.append([p for p in parts if p["text"]])
    return out
