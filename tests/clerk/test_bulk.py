"""Bulk actions on the task list (page and `POST /api/v1/tasks/bulk/`): each task checked by the policy and
its state, applied on its own through the services (history per task); refused ones listed with why."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from directives import services
from directives.bulk import tasks_bulk_apply
from directives.choices import EventKind, ExtensionStatus, TaskStatus
from directives.models import ExtensionRequest, Task, TaskEvent
from tests.support.directives import DIRECTIVE_MODELS, FUTURE, make_notice
from tests.support.permissions import OFFICE, Action, PermissionMatrix
from tests.support.personas import api_client

BULK_API = "/api/v1/tasks/bulk/"


@pytest.fixture
def tasks(office, lead, own_unit, other_unit):
    rows = [
        {
            "item": str(i),
            "content": f"Việc số {i}",
            "lead_unit": own_unit,
            "deadline_text": f"trước ngày 30/06/{FUTURE}",
        }
        for i in range(1, 4)
    ] + [
        {
            "item": "4",
            "content": "Việc của Sở Y tế",
            "lead_unit": other_unit,
            "deadline_text": f"trước ngày 30/06/{FUTURE}",
        }
    ]
    document = make_notice(office, own_unit, tasks=rows)
    by_item = {t.item: t for t in document.tasks.all()}
    for item in ("1", "2"):
        services.task_transition(task=by_item[item], user=lead, to=TaskStatus.REPORTED_DONE)
    return by_item


def test_confirm_applies_each_task_and_lists_the_refused_with_reasons(office, tasks):
    results = tasks_bulk_apply(
        user=office, task_ids=[tasks["1"].pk, tasks["2"].pk, tasks["3"].pk, 987654], action="confirm"
    )
    assert [(r.task_id, r.ok) for r in results] == [
        (tasks["1"].pk, True),
        (tasks["2"].pk, True),
        (tasks["3"].pk, False),  # still new: not reported done
        (987654, False),
    ]
    assert "Không thể chuyển" in results[2].message and "Không tìm thấy" in results[3].message
    assert set(Task.objects.filter(status=TaskStatus.DONE).values_list("pk", flat=True)) == {
        tasks["1"].pk,
        tasks["2"].pk,
    }
    for item in ("1", "2"):  # one history event per task, by the office
        event = TaskEvent.objects.filter(task=tasks[item], kind=EventKind.STATUS).latest("id")
        assert event.changes["status"] == ["reported_done", "done"] and event.actor == office


def test_a_lead_may_not_confirm_and_may_not_touch_another_units_task(lead, tasks):
    from directives.bulk import refused_outright

    results = tasks_bulk_apply(user=lead, task_ids=[tasks["1"].pk, tasks["4"].pk], action="confirm")
    assert refused_outright(results) == ""  # refused for different reasons: 200 with the list
    assert refused_outright(results[:1]) == "forbidden" and refused_outright(results[1:]) == "not_found"
    assert not any(r.ok for r in results)
    assert "không có quyền" in results[0].message and "Sở Thông tin" in results[0].message
    assert "Không tìm thấy" in results[1].message  # not visible to the lead: nothing revealed
    assert not Task.objects.filter(status=TaskStatus.DONE).exists()


def test_return_needs_a_reason_for_the_whole_batch(office, tasks):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        tasks_bulk_apply(user=office, task_ids=[tasks["1"].pk], action="return", reason=" ")
    results = tasks_bulk_apply(
        user=office, task_ids=[tasks["1"].pk, tasks["3"].pk], action="return", reason="Thiếu minh chứng"
    )
    assert [r.ok for r in results] == [True, False]
    returned = Task.objects.get(pk=tasks["1"].pk)
    assert returned.status == TaskStatus.IN_PROGRESS and returned.status_reason == "Thiếu minh chứng"


def test_extend_by_the_office_is_granted_and_by_a_lead_is_requested(office, lead, tasks):
    new_due = date(FUTURE, 9, 30)
    results = tasks_bulk_apply(
        user=office, task_ids=[tasks["3"].pk], action="extend", new_due_date=new_due, reason="Chờ vốn"
    )
    assert results[0].ok and "30/09" in results[0].message
    task = Task.objects.get(pk=tasks["3"].pk)
    assert task.due_date == new_due and task.original_due_date == date(FUTURE, 6, 30)
    assert ExtensionRequest.objects.get(task=task).status == ExtensionStatus.APPROVED
    services.task_transition(task=tasks["1"], user=office, to=TaskStatus.IN_PROGRESS, reason="Làm tiếp")
    results = tasks_bulk_apply(
        user=lead,
        task_ids=[tasks["1"].pk],
        action="extend",
        new_due_date=date(FUTURE, 12, 31),
        reason="Chờ vốn",
    )
    assert results[0].ok and "đề nghị" in results[0].message
    assert ExtensionRequest.objects.get(task=tasks["1"]).status == ExtensionStatus.PENDING


def test_reassign_by_the_office(office, lead, tasks, other_unit):
    results = tasks_bulk_apply(user=office, task_ids=[tasks["3"].pk], action="reassign", lead_unit=other_unit)
    assert results[0].ok
    assert Task.objects.get(pk=tasks["3"].pk).lead_unit == other_unit
    refused = tasks_bulk_apply(user=lead, task_ids=[tasks["2"].pk], action="reassign", lead_unit=other_unit)
    assert not refused[0].ok


def test_the_page_lists_results_and_the_list_shows_checkboxes(client, office, tasks):
    client.force_login(office)
    html = client.get(reverse("directives:task_list")).content.decode()
    assert 'id="bulk-form"' in html and f'name="ids" value="{tasks["1"].pk}" form="bulk-form"' in html
    response = client.post(
        reverse("directives:task_bulk"),
        {"action": "confirm", "ids": [tasks["1"].pk, tasks["3"].pk], "next": "/tasks/?status=reported_done"},
    )
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    assert "Đã thực hiện: 1" in text and "Bị từ chối: 1" in text and "Không thể chuyển" in text
    assert 'href="/tasks/?status=reported_done"' in response.content.decode()
    bad = client.post(reverse("directives:task_bulk"), {"action": "extend", "ids": [tasks["3"].pk]})
    assert bad.status_code == 400 and "Hãy nhập hạn mới" in bad.content.decode()


def test_the_committee_sees_no_checkboxes(client, committee, tasks):
    client.force_login(committee)
    html = client.get(reverse("directives:task_list")).content.decode()
    assert 'id="bulk-form"' not in html and 'name="ids"' not in html


def test_the_api_answers_per_task_results(office, tasks):
    response = api_client(office).post(
        BULK_API, {"ids": [tasks["1"].pk, tasks["3"].pk], "action": "confirm"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["applied"] == 1 and body["refused"] == 1
    assert body["results"][0] == {
        "id": tasks["1"].pk,
        "ok": True,
        "message": "Đã xác nhận hoàn thành.",
        "status": "done",
    }
    assert body["results"][1]["ok"] is False and body["results"][1]["status"] == "new"
    bad = api_client(office).post(BULK_API, {"ids": [tasks["1"].pk], "action": "return"}, format="json")
    assert (
        bad.status_code == 400
        and set(bad.json()) == {"message", "errors"}
        and "reason" in bad.json()["errors"]
    )
    bad = api_client(office).post(BULK_API, {"ids": [tasks["1"].pk], "action": "explode"}, format="json")
    assert bad.status_code == 400 and "action" in bad.json()["errors"]


def test_the_batch_loads_its_tasks_in_constant_queries(office, own_unit):
    """Loading and checking a batch is one query whatever its size (each task then costs only its own
    service's writes; here every task is refused by its state, so there are none)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [{"item": str(i), "content": f"Việc {i}", "lead_unit": own_unit} for i in range(1, 11)]
    ids = list(make_notice(office, own_unit, tasks=rows).tasks.values_list("pk", flat=True))

    def queries(batch):
        with CaptureQueriesContext(connection) as captured:
            results = tasks_bulk_apply(user=office, task_ids=batch, action="confirm")
        assert not any(r.ok for r in results)
        return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]

    assert len(queries(ids[:2])) == len(queries(ids)) <= 3


def test_the_api_refuses_the_committee_before_reading_the_body(committee):
    for body in ('{"ids": ', "{}", '{"ids": [1], "action": "explode"}'):
        response = api_client(committee).generic("POST", BULK_API, body, content_type="application/json")
        assert response.status_code == 403 and set(response.json()) == {"message", "errors"}


class TestBulkPermissions(PermissionMatrix):
    """Office staff confirm; members of a unit may send the batch (their tasks are refused one by one, which
    changes nothing: see the tests above), the committee may not send one."""

    actions = (
        Action(
            "bulk confirm (page)",
            "directives:task_bulk",
            OFFICE,
            data=lambda w: {"action": "confirm", "ids": [w.task.pk]},
            success=200,
            effect=lambda w: Task.objects.get(pk=w.task.pk).status == TaskStatus.DONE,
            hidden={"other_lead", "coord_lead"},
        ),
        Action(
            "bulk confirm (API)",
            "api:task-bulk",
            OFFICE,
            # the body chooses the tasks (as a transition's chooses the action): a unit member is refused
            # after reading it (403 or 404 by task); who is refused before is tested below
            send=lambda client, w, url: client.post(
                url, {"action": "confirm", "ids": [w.task.pk]}, format="json"
            ),
            effect=lambda w: Task.objects.get(pk=w.task.pk).status == TaskStatus.DONE,
            hidden={"other_lead", "coord_lead"},
        ),
    )
    observe = DIRECTIVE_MODELS

    @pytest.fixture
    def world(self, personas, own_unit):
        task = make_notice(personas["office"], own_unit).tasks.get()
        services.task_transition(task=task, user=personas["office"], to=TaskStatus.REPORTED_DONE)
        return SimpleNamespace(task=task)
