"""Excel (xlsx) and CSV for tasks: Vietnamese column headers; the export writes what the task list shows
(TaskFilterSet over selectors.task_list, timeliness at ?as_of=), and its columns are the import's, so
an export imports again into a document unchanged. The import is a row specification (TaskImport) that
dtsystem.common.imports.rows_import runs: every row is checked, and nothing is saved unless the whole
file is valid."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources

from dtsystem import policy
from dtsystem.common.imports import ImportRow, RowKey, RowSpec, resource_columns
from dtsystem.common.text import fold
from dtsystem.units.matching import UnitMatcher

from . import services
from .choices import TaskStatus, Timeliness
from .deadlines import parse_deadline
from .models import Document, Task

COL_DOCUMENT = "Văn bản"
COL_ITEM = "Mục"
COL_CONTENT = "Nội dung"
COL_LEAD = "Đơn vị chủ trì"
COL_COORD = "Đơn vị phối hợp"
COL_DEADLINE = "Thời hạn"
COL_DUE = "Hạn hoàn thành"
COL_STATUS = "Trạng thái"
COL_PROGRESS = "Tiến độ (%)"
COL_TIMELINESS = "Tình trạng"
TASK_COLUMNS = [
    COL_DOCUMENT,
    COL_ITEM,
    COL_CONTENT,
    COL_LEAD,
    COL_COORD,
    COL_DEADLINE,
    COL_DUE,
    COL_STATUS,
    COL_PROGRESS,
    COL_TIMELINESS,
]
TASK_REQUIRED_COLUMNS = [COL_CONTENT, COL_LEAD]
UNIT_SEPARATOR = ";"
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


def task_rows(dataset) -> list[dict]:
    """Rows as {column: text}. "Văn bản" and "Tình trạng" are read but not imported: the document is
    chosen on the import page, and timeliness is derived."""
    return TaskImport.read(dataset)


def parse_vn_date(text: str) -> date:
    """A date written dd/mm/yyyy (or yyyy-mm-dd, as some spreadsheets store it)."""
    text = (text or "").strip()
    match = _DATE.match(text)
    iso = _ISO_DATE.match(text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        pass
    raise ValidationError(_("Ngày “%(date)s” không hợp lệ; ghi theo dạng dd/mm/yyyy.") % {"date": text})


class TaskResource(resources.ModelResource):
    """Tasks as the task list shows them (selectors.task_list + TaskFilterSet), in the import's columns."""

    document = fields.Field(column_name=COL_DOCUMENT)
    item = fields.Field(attribute="item", column_name=COL_ITEM)
    content = fields.Field(attribute="content", column_name=COL_CONTENT)
    lead_unit = fields.Field(column_name=COL_LEAD)
    coordinating_units = fields.Field(column_name=COL_COORD)
    deadline_text = fields.Field(attribute="deadline_text", column_name=COL_DEADLINE)
    due_date = fields.Field(column_name=COL_DUE)
    status = fields.Field(column_name=COL_STATUS)
    progress = fields.Field(attribute="progress", column_name=COL_PROGRESS)
    timeliness = fields.Field(column_name=COL_TIMELINESS)

    class Meta:
        model = Task
        fields = (
            "document",
            "item",
            "content",
            "lead_unit",
            "coordinating_units",
            "deadline_text",
            "due_date",
            "status",
            "progress",
            "timeliness",
        )

    def dehydrate_document(self, obj):
        return obj.document.code

    def dehydrate_lead_unit(self, obj):
        return obj.lead_unit.name  # the full name is unique: it imports again to the same unit

    def dehydrate_coordinating_units(self, obj):
        return f"{UNIT_SEPARATOR} ".join(u.name for u in obj.coordinating_units.all())

    def dehydrate_due_date(self, obj):
        return obj.due_date.strftime("%d/%m/%Y") if obj.due_date else ""

    def dehydrate_status(self, obj):
        return str(obj.get_status_display())

    def dehydrate_timeliness(self, obj):
        return str(dict(Timeliness.choices).get(getattr(obj, "timeliness", None), ""))


class TaskImport(RowSpec):
    """New tasks of one document (office staff). Units by name, short name or alias; the due date is a
    dd/mm/yyyy date or comes from the deadline phrase; status and progress go through the workflow
    services (services.task_create_imported), so that the history records them."""

    columns = TASK_COLUMNS
    required = TASK_REQUIRED_COLUMNS
    field_columns = resource_columns(TaskResource) | {
        "deadline_kind": COL_DEADLINE,
        "original_due_date": COL_DUE,
        "percent": COL_PROGRESS,
        "to": COL_STATUS,
        "reason": COL_STATUS,
    }
    default_column = COL_CONTENT

    def __init__(self, *, document: Document):
        self.document = document

    @classmethod
    def from_options(cls, *, document: int) -> TaskImport:
        return cls(document=Document.objects.get(pk=document))

    def column_of(self, name: str | None) -> str:
        return COL_STATUS if name is None else super().column_of(name)  # a refused status change

    @classmethod
    def authorize(cls, user) -> None:
        policy.require(user, policy.IMPORT_DATA)
        policy.require(user, policy.MANAGE_DOCUMENTS)

    def prepare(self, rows: list[ImportRow]) -> None:
        self.units = UnitMatcher()
        self.ref_year = services._document_ref_year(self.document)
        self.ref_date = services.document_ref_date(self.document)
        self.statuses = {fold(str(label)): value for value, label in TaskStatus.choices}
        self.statuses |= {fold(v): v for v in TaskStatus.values}
        tasks = self.document.tasks
        self.existing = {
            (fold(item), fold(content)) for item, content in tasks.values_list("item", "content")
        }
        self.position = (tasks.order_by("-position").values_list("position", flat=True).first() or 0) + 1

    def clean(self, row: ImportRow) -> None:
        item, content = row.cell(COL_ITEM), row.cell(COL_CONTENT)
        key = (fold(item), fold(content))
        if not content:
            row.error(COL_CONTENT, _("Thiếu nội dung nhiệm vụ."))
        elif key in self.existing:
            row.error(COL_CONTENT, _("Văn bản đã có nhiệm vụ này (cùng mục và nội dung)."))
        if not row.cell(COL_LEAD):
            row.error(COL_LEAD, _("Thiếu đơn vị chủ trì."))
        lead = self.units.named(row, COL_LEAD)
        coordinating = []
        for name in row.cell(COL_COORD).split(UNIT_SEPARATOR):
            unit = self.units.named(row, COL_COORD, name) if name.strip() else None
            if unit is not None and unit not in coordinating:
                coordinating.append(unit)
        deadline_text, due_text = row.cell(COL_DEADLINE), row.cell(COL_DUE)
        due = row.parse(COL_DUE, parse_vn_date) if due_text else None
        kind = None
        if deadline_text:
            parsed = parse_deadline(deadline_text, ref_year=self.ref_year, ref_date=self.ref_date)
            if due is None or parsed.due_date == due:
                kind = parsed.kind  # the phrase's own kind (month, quarter...) when the dates agree
        status_text = row.cell(COL_STATUS)
        status = self.statuses.get(fold(status_text)) if status_text else TaskStatus.NEW
        if status is None:
            row.error(
                COL_STATUS,
                _("Không có trạng thái “%(status)s”. Các trạng thái: %(all)s.")
                % {"status": status_text, "all": "; ".join(str(label) for _v, label in TaskStatus.choices)},
            )
        progress_text = row.cell(COL_PROGRESS).rstrip("%").strip()
        progress = 0
        if progress_text:
            progress = int(progress_text) if progress_text.isdigit() else -1
        if not 0 <= progress <= 100:
            row.error(COL_PROGRESS, _("Tiến độ phải là số nguyên từ 0 đến 100."))
        row.fields = {
            "key": key if content and key not in self.existing else None,
            "status": status,
            "progress": progress,
            "task": {
                "item": item,
                "content": content,
                "lead_unit": lead,
                "coordinating_units": coordinating,
                "deadline_text": deadline_text,
                "deadline_kind": kind,
                "due_date": due,
            },
        }

    def keys(self, row: ImportRow) -> list[RowKey]:
        return [RowKey(COL_CONTENT, row.fields["key"], _("Trùng mục và nội dung với dòng %(row)s."))]

    def validate(self, row: ImportRow) -> None:
        services.task_build(user=self.user, document=self.document, **row.fields["task"])

    def save_rows(self, rows: list[ImportRow]) -> None:
        """Every row at once (services.tasks_create_imported: a fixed number of queries per batch)."""
        if not rows:
            return
        with self.row_errors(rows[0]):
            services.tasks_create_imported(
                user=self.user,
                document=self.document,
                rows=[{k: row.fields[k] for k in ("task", "status", "progress")} for row in rows],
                position=self.position,
                reason=_("Nhập từ tệp Excel/CSV."),
            )
        self.position += len(rows)
        services.document_tasks_added(document=self.document)
