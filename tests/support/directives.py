"""The directives' pages as a browser fills them: a notice made through the services, and the POST data
of the notice form (document fields and task rows)."""

from __future__ import annotations

from datetime import date

import pytest

from directives import services
from directives.models import Attachment, Document, ExtensionRequest, ProgressReport, Task, TaskEvent

FUTURE = date.today().year + 5  # a year whose deadlines are still ahead

# Every model a write of the directives may change (what a permission matrix compares before and after).
DIRECTIVE_MODELS = (
    Document,
    Task,
    Task.coordinating_units.through,
    ProgressReport,
    TaskEvent,
    ExtensionRequest,
    Attachment,
)


def make_notice(office, lead_unit, coord_unit=None, *, title=None, tasks=None, **data):
    """A conclusion notice with its tasks, created through the services as the page would."""
    document_data = {
        "kind": "TB",
        "issuing_body_text": "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH",  # a notice says who issued it
        "number": "12",
        "symbol": "TB-VPUBND",
        "issue_year": 2022,
        "issue_month": 1,
        "issue_day": 10,
        "title": title or "Kết luận của Chủ tịch UBND tỉnh về chuyển đổi số năm 2022",
        "recipients": ["Sở Thông tin và Truyền thông", "Lưu: VT"],
        "body": "Nội dung kết luận cuộc họp Ban Chỉ đạo.",
        **data,
    }
    rows = tasks or [
        {
            "item": "1",
            "content": "Xây dựng Kế hoạch chuyển đổi số năm 2022",
            "lead_unit": lead_unit,
            "coordinating_units": [coord_unit] if coord_unit else [],
            "deadline_text": f"trước ngày 25 tháng 01 năm {FUTURE}",
        }
    ]
    return services.document_create(user=office, data=document_data, tasks=rows)


def task_row_data(index, **fields):
    return {f"tasks-{index}-{key}": value for key, value in fields.items()}


def document_post(management_total, initial=0, **fields):
    data = {
        "tasks-TOTAL_FORMS": str(management_total),
        "tasks-INITIAL_FORMS": str(initial),
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "200",
        "kind": "TB",
        "issuing_body_text": "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH",
        "number": "25",
        "symbol": "TB-VPUBND",
        "issue_day": "",
        "issue_month": "",
        "issue_year": "2022",
        "title": "Kết luận về chuyển đổi số trong y tế",
        "recipients": "Sở Y tế\nSở Thông tin và Truyền thông\n\n",
        "priority": "2",
    }
    data.update(fields)
    return data


def edit_post(document, tasks, **changes):
    """The POST of the edit page as the browser sends it, built from what the page shows."""
    data = document_post(len(tasks), initial=len(tasks))
    data.update(
        {
            "version": str(document.version),
            "kind": document.kind,
            "number": document.number,
            "symbol": document.symbol,
            "issue_day": document.issue_day or "",
            "issue_month": document.issue_month or "",
            "issue_year": document.issue_year or "",
            "title": document.title,
            "recipients": "\n".join(document.recipients),
            "body": document.body,
        }
    )
    for index, task in enumerate(tasks):
        data.update(
            task_row_data(
                index,
                id=task.pk,
                version=task.version,
                item=task.item,
                content=task.content,
                lead_unit=task.lead_unit_id,
                deadline_text=task.deadline_text,
                due_date="",
                priority=task.priority,
            )
        )
        data[f"tasks-{index}-coordinating_units"] = [u.pk for u in task.coordinating_units.all()]
    data.update(changes)
    return data


@pytest.fixture
def notice(office):
    """A conclusion notice with no tasks yet (tasks are added by each test)."""
    return services.document_create(
        user=office,
        data={
            "kind": "TB",
            "issuing_body_text": "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH",
            "symbol": "TB-VPUBND",
            "issue_year": 2022,
            "title": "Kết luận về chuyển đổi số",
            "meeting_date": date(2022, 1, 6),
        },
    )
