"""Excel (xlsx) and CSV for tasks: Vietnamese column headers; the export writes what the task list shows
(TaskFilterSet over selectors.task_list, timeliness at ?as_of=), and its columns are the import's, so
an export imports again into a document unchanged. Imports read a file into rows of text
(dtsystem.common.imports) and `directives.services.tasks_import` checks every row and saves nothing unless the
whole file is valid."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources

from dtsystem.common.imports import dataset_rows

from .choices import Timeliness
from .models import Task

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
    return dataset_rows(dataset, required=TASK_REQUIRED_COLUMNS, columns=TASK_COLUMNS)


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
