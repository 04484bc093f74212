"""The permission matrix of every page write of the directives: each persona × each write on a task led
by the lead's unit, with the coordinating lead's unit coordinating (tests/support/permissions.py).
Allowed: a redirect and the database changed. Refused: 403 (may see, may not act), 404 (may not even
see) or the login page, and nothing changed."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from directives import services
from directives.choices import ExtensionStatus, TaskStatus
from directives.models import Attachment, Document, ExtensionRequest, ProgressReport, Task
from directives.resources import COL_CONTENT, COL_ITEM, COL_LEAD, TASK_COLUMNS
from dtsystem import policy
from tests.support.directives import (
    DIRECTIVE_MODELS,
    FUTURE,
    document_post,
    edit_post,
    make_notice,
    task_row_data,
)
from tests.support.files import pdf
from tests.support.permissions import OFFICE, SIGNED_IN, Action, PermissionMatrix, upload_then_confirm

UNIT = OFFICE | {"lead", "staff"}  # the lead unit's members (and the office) work on the task
LEAD = OFFICE | {"lead"}  # only a lead (not staff) asks for an extension
HIDDEN = {"other_lead"}  # may not even see the task: 404


# The office's way (through the services) from a new task to each status.
PATHS = {
    TaskStatus.NEW: [],
    TaskStatus.IN_PROGRESS: [TaskStatus.IN_PROGRESS],
    TaskStatus.REPORTED_DONE: [TaskStatus.IN_PROGRESS, TaskStatus.REPORTED_DONE],
    TaskStatus.DONE: [TaskStatus.IN_PROGRESS, TaskStatus.REPORTED_DONE, TaskStatus.DONE],
    TaskStatus.PAUSED: [TaskStatus.IN_PROGRESS, TaskStatus.PAUSED],
}


def _setup(status=TaskStatus.NEW):
    """Bring the task to the state the write starts from (done by the office through the services)."""

    def prepare(w):
        task, office = w.task, w.personas["office"]
        if status == "extension":
            w.extension = services.task_request_extension(
                task=task, user=office, new_due_date=date(FUTURE + 1, 6, 30), reason="Chờ vốn"
            )
        else:
            for step in PATHS[status]:
                services.task_transition(task=task, user=office, to=step, reason="Chờ vốn")
        task.refresh_from_db()

    return prepare


def _status_is(expected):
    return lambda w: Task.objects.get(pk=w.task.pk).status == expected


def _task(w):
    return [w.task.pk]


def _transition(frm, to):
    """A workflow step through the page: the lead unit's members start and report done, the office does
    everything (services.TRANSITIONS names the policy action of each step)."""
    action = services.TRANSITIONS[(frm, to)]
    allowed = UNIT if action in (policy.TASK_START, policy.TASK_REPORT_DONE) else OFFICE
    return Action(
        f"transition {frm}→{to}",
        "directives:task_transition",
        allowed,
        args=lambda w: [w.task.pk, to],
        data={"reason": "Lý do"},
        hidden=HIDDEN,
        setup=_setup(frm),
        effect=_status_is(to),
    )


def _decide(name, reason, outcome):
    return Action(
        name,
        f"directives:extension_{name}",
        OFFICE,
        args=lambda w: [w.extension.pk],
        data={"reason": reason},
        hidden=HIDDEN,
        setup=_setup("extension"),
        effect=lambda w: ExtensionRequest.objects.get(pk=w.extension.pk).status == outcome,
    )


def _create_notice(w):
    return document_post(
        1, **task_row_data(0, content="Nhiệm vụ mới", lead_unit=w.task.lead_unit_id, priority="2")
    )


def _edit_task(w):
    task = w.task
    return {
        "id": task.pk,
        "version": task.version,
        "item": task.item,
        "content": "Nội dung sửa",
        "lead_unit": task.lead_unit_id,
        "deadline_text": task.deadline_text,
        "due_date": "",
        "priority": "2",
    }


IMPORTED_TASK = {COL_ITEM: "9", COL_CONTENT: "Nhiệm vụ nhập từ tệp", COL_LEAD: "Sở TT&TT"}


ACTIONS = (
    Action("tasks export", "task_imports:task_export", SIGNED_IN, method="get", query="?format=csv"),
    Action(
        "create_notice",
        "directives:document_create",
        OFFICE,
        data=_create_notice,
        effect=lambda w: Document.objects.count() == 2,
    ),
    Action(
        "edit_notice",
        "directives:document_edit",
        OFFICE,
        args=lambda w: [w.task.document_id],
        data=lambda w: edit_post(w.task.document, [w.task], title="Trích yếu sửa"),
        effect=lambda w: Document.objects.get(pk=w.task.document_id).title == "Trích yếu sửa",
    ),
    Action(
        "cancel_notice",
        "directives:document_cancel",
        OFFICE,
        args=lambda w: [w.task.document_id],
        data={"reason": "Văn bản ban hành nhầm"},
        effect=lambda w: (
            Document.objects.get(pk=w.task.document_id).cancelled_at is not None
            and Task.objects.get(pk=w.task.pk).status == TaskStatus.CANCELLED
        ),
    ),
    Action(
        "edit_task",
        "directives:task_edit",
        OFFICE,
        args=_task,
        data=_edit_task,
        hidden=HIDDEN,
        effect=lambda w: Task.objects.get(pk=w.task.pk).content == "Nội dung sửa",
    ),
    Action(
        "report_progress",
        "directives:task_report_progress",
        UNIT,
        args=_task,
        data={"percent": "40", "note": "Đã làm"},
        hidden=HIDDEN,
        effect=lambda w: (
            Task.objects.get(pk=w.task.pk).progress == 40 and ProgressReport.objects.count() == 1
        ),
    ),
    Action(
        "report_progress_with_evidence",
        "directives:task_report_progress",
        UNIT,
        args=_task,
        data=lambda w: {"percent": "60", "note": "Kèm minh chứng", "files": [pdf()]},
        hidden=HIDDEN,
        effect=lambda w: (
            Task.objects.get(pk=w.task.pk).progress == 60
            and Attachment.objects.filter(task=w.task).count() == 1
        ),
    ),
    *(_transition(frm, to) for frm, to in services.TRANSITIONS),
    Action(
        "request_extension",
        "directives:task_request_extension",
        LEAD,
        args=_task,
        data={"new_due_date": f"{FUTURE + 1}-06-30", "reason": "Chờ vốn"},
        hidden=HIDDEN,
        effect=lambda w: (
            ExtensionRequest.objects.filter(task=w.task, status=ExtensionStatus.PENDING).count() == 1
        ),
    ),
    _decide("approve", "", ExtensionStatus.APPROVED),
    _decide("reject", "Không đủ căn cứ", ExtensionStatus.REJECTED),
    Action(
        "import_tasks",
        "task_imports:task_import",
        OFFICE,
        send=upload_then_confirm(
            TASK_COLUMNS,
            lambda w: IMPORTED_TASK,
            name="nhiem-vu.xlsx",
            fields=lambda w: {"document": w.task.document_id},
        ),
        effect=lambda w: Task.objects.filter(content="Nhiệm vụ nhập từ tệp").exists(),
    ),
)


class TestDirectivePageWrites(PermissionMatrix):
    actions = ACTIONS
    observe = DIRECTIVE_MODELS

    @pytest.fixture
    def world(self, personas, own_unit, coord_unit):
        task = make_notice(personas["office"], own_unit, coord_unit).tasks.get()
        return SimpleNamespace(task=task, extension=None)


def test_matrix_covers_every_write_and_every_transition_of_the_workflow():
    names = {action.name for action in ACTIONS}
    assert names >= {"create_notice", "edit_notice", "edit_task", "report_progress", "request_extension"}
    assert names >= {"approve", "reject", "import_tasks"}
    assert names >= {f"transition {frm}→{to}" for frm, to in services.TRANSITIONS}
    # Nobody outside the office touches the office's writes; the coordinating unit changes nothing.
    writes = [action for action in ACTIONS if action.writes]
    assert all(not action.allowed_set & {"coord_lead", "committee", "other_lead"} for action in writes)


@pytest.mark.parametrize("role", ["committee", "coord_lead"])
def test_refused_users_get_403_even_with_invalid_input(client, personas, own_unit, coord_unit, role):
    task = make_notice(personas["office"], own_unit, coord_unit).tasks.get()
    client.force_login(personas[role])
    progress = client.post(reverse("directives:task_report_progress", args=[task.pk]), {"percent": "abc"})
    extension = client.post(reverse("directives:task_request_extension", args=[task.pk]), {})
    assert (progress.status_code, extension.status_code) == (403, 403)
