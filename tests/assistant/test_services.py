"""document_create_from_extraction: the units the clerk accepted as new, the document and its tasks
are written together or not at all, and only by a user who may manage documents."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assistant.services import document_create_from_extraction
from directives.models import Document, Task
from dtsystem.units.models import Unit

HEADER = {
    "kind": "TB",
    "issuing_body_text": "ỦY BAN NHÂN DÂN TỈNH",
    "symbol": "TB-UBND",
    "issue_year": 2022,
    "title": "Kết luận về chuyển đổi số",
}
NEW_UNIT = "Sở Du lịch Biển"


def row(**fields) -> dict:
    """A review row as the page cleans it."""
    values = {
        "item": "1",
        "content": "Triển khai nền tảng số",
        "lead_unit": None,
        "coordinating_units": [],
        "deadline_text": "",
        "create_new_unit": False,
        "new_unit_name": "",
        "create_new_coordinating": False,
        "new_coordinating_names": [],
    }
    values.update(fields)
    return values


def nothing_written() -> bool:
    return not (
        Document.objects.exists() or Task.objects.exists() or Unit.objects.filter(name=NEW_UNIT).exists()
    )


def test_saves_the_new_units_once_the_document_and_its_tasks(office, own_unit, other_unit):
    rows = [
        row(item="1", create_new_unit=True, new_unit_name=NEW_UNIT, deadline_text="trước ngày 30/6/2022"),
        row(
            item="2",
            lead_unit=own_unit,
            coordinating_units=[other_unit],
            create_new_coordinating=True,
            new_coordinating_names=[NEW_UNIT.lower()],  # the same unit, written otherwise: created once
        ),
        row(item="3", lead_unit=other_unit, new_unit_name="Sở Không Tích", deadline_text="hằng năm"),
    ]

    document = document_create_from_extraction(user=office, header=HEADER, rows=rows)

    new_unit = Unit.objects.get(name=NEW_UNIT)
    assert not Unit.objects.filter(name="Sở Không Tích").exists()  # not ticked: not created
    tasks = list(document.tasks.order_by("position"))
    assert [(t.item, t.lead_unit) for t in tasks] == [("1", new_unit), ("2", own_unit), ("3", other_unit)]
    assert tasks[0].due_date.isoformat() == "2022-06-30"
    assert list(tasks[1].coordinating_units.order_by("pk")) == [other_unit, new_unit]
    assert (tasks[2].deadline_kind, tasks[2].recurrence) == ("recurring", "yearly")
    assert document.title == HEADER["title"] and document.created_by == office


def test_a_failing_task_row_leaves_no_unit_and_no_document_behind(office, own_unit):
    rows = [
        row(item="1", create_new_unit=True, new_unit_name=NEW_UNIT),
        row(item="2", lead_unit=own_unit, content=""),  # a task needs its content: the save fails here
    ]
    with pytest.raises(ValidationError):
        document_create_from_extraction(user=office, header=HEADER, rows=rows)
    assert nothing_written()


def test_a_row_without_a_lead_unit_is_refused_and_nothing_is_written(office, own_unit):
    rows = [
        row(item="1", create_new_unit=True, new_unit_name=NEW_UNIT),
        row(item="2", new_unit_name="Sở Chưa Chọn"),  # a name proposed but not ticked, and no unit picked
    ]
    with pytest.raises(ValidationError) as caught:
        document_create_from_extraction(user=office, header=HEADER, rows=rows)
    assert caught.value.message_dict == {"lead_unit": ["Hãy chọn đơn vị chủ trì hoặc một nhóm đơn vị."]}
    assert nothing_written()


@pytest.mark.parametrize("persona", ["lead", "staff", "committee", "anonymous"])
def test_only_a_user_who_may_manage_documents_may_save(personas, own_unit, persona):
    from django.contrib.auth.models import AnonymousUser

    user = personas[persona] or AnonymousUser()
    rows = [row(create_new_unit=True, new_unit_name=NEW_UNIT), row(item="2", lead_unit=own_unit)]
    with pytest.raises(PermissionDenied):
        document_create_from_extraction(user=user, header=HEADER, rows=rows)
    assert nothing_written()
