"""The permission matrix of every page write: each role × each write on a task led by the lead's unit,
with the coordinating lead's unit coordinating. Allowed: a redirect and the database changed.
Refused: 403 (may see, may not act), 404 (may not even see) or the login page, and nothing changed."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from directives import services
from directives.choices import ExtensionStatus, TaskStatus
from directives.models import Document, ExtensionRequest, ProgressReport, Task, TaskEvent

from .test_pages import FUTURE, document_post, edit_post, make_notice, task_row_data

ROLES = ["office", "lead", "staff", "other_lead", "coord_lead", "committee", "admin", "anonymous"]
OFFICE = {"office", "admin"}
UNIT = OFFICE | {"lead", "staff"}  # the lead unit's members (and the office) work on the task
LEAD = OFFICE | {"lead"}  # only a lead (not staff) asks for an extension
# Refusal for those who may not act: 404 when they may not see the task, 403 otherwise.
HIDDEN = {"other_lead"}


def _setup(status=None):
    """Bring the task to the state the write starts from (done by the office through the services)."""

    def prepare(ctx):
        task, office = ctx["task"], ctx["office"]
        if status in (TaskStatus.IN_PROGRESS, TaskStatus.REPORTED_DONE, TaskStatus.PAUSED):
            services.task_transition(task=task, user=office, to=TaskStatus.IN_PROGRESS)
        if status == TaskStatus.REPORTED_DONE:
            services.task_transition(task=task, user=office, to=TaskStatus.REPORTED_DONE)
        if status == TaskStatus.PAUSED:
            services.task_transition(task=task, user=office, to=TaskStatus.PAUSED, reason="Chờ vốn")
        if status == "extension":
            ctx["extension"] = services.task_request_extension(
                task=task, user=office, new_due_date=date(FUTURE + 1, 6, 30), reason="Chờ vốn"
            )
        task.refresh_from_db()

    return prepare


def _transition(to, reason=""):
    return lambda ctx: (reverse("directives:task_transition", args=[ctx["task"].pk, to]), {"reason": reason})


def _status_is(expected):
    return lambda ctx: Task.objects.get(pk=ctx["task"].pk).status == expected


def _create_notice(ctx):
    data = document_post(
        1, **task_row_data(0, content="Nhiệm vụ mới", lead_unit=ctx["task"].lead_unit_id, priority="2")
    )
    return reverse("directives:document_create"), data


def _edit_notice(ctx):
    document = ctx["task"].document
    return reverse("directives:document_edit", args=[document.pk]), edit_post(
        document, [ctx["task"]], title="Trích yếu sửa"
    )


def _edit_task(ctx):
    task = ctx["task"]
    data = {
        "id": task.pk,
        "version": task.version,
        "item": task.item,
        "content": "Nội dung sửa",
        "lead_unit": task.lead_unit_id,
        "deadline_text": task.deadline_text,
        "due_date": "",
        "priority": "2",
    }
    return reverse("directives:task_edit", args=[task.pk]), data


def _decide(name, reason=""):
    return lambda ctx: (
        reverse(f"directives:extension_{name}", args=[ctx["extension"].pk]),
        {"reason": reason},
    )


def _extension_is(expected):
    return lambda ctx: ExtensionRequest.objects.get(pk=ctx["extension"].pk).status == expected


# write: (who may, prepare, request builder, effect when allowed)
WRITES = {
    "create_notice": (OFFICE, _setup(), _create_notice, lambda ctx: Document.objects.count() == 2),
    "edit_notice": (
        OFFICE,
        _setup(),
        _edit_notice,
        lambda ctx: Document.objects.get(pk=ctx["task"].document_id).title == "Trích yếu sửa",
    ),
    "edit_task": (
        OFFICE,
        _setup(),
        _edit_task,
        lambda ctx: Task.objects.get(pk=ctx["task"].pk).content == "Nội dung sửa",
    ),
    "report_progress": (
        UNIT,
        _setup(),
        lambda ctx: (
            reverse("directives:task_report_progress", args=[ctx["task"].pk]),
            {"percent": "40", "note": "Đã làm"},
        ),
        lambda ctx: (
            Task.objects.get(pk=ctx["task"].pk).progress == 40 and ProgressReport.objects.count() == 1
        ),
    ),
    "report_done": (
        UNIT,
        _setup(TaskStatus.IN_PROGRESS),
        _transition(TaskStatus.REPORTED_DONE),
        _status_is(TaskStatus.REPORTED_DONE),
    ),
    "confirm": (
        OFFICE,
        _setup(TaskStatus.REPORTED_DONE),
        _transition(TaskStatus.DONE),
        _status_is(TaskStatus.DONE),
    ),
    "reopen": (
        OFFICE,
        _setup(TaskStatus.REPORTED_DONE),
        _transition(TaskStatus.IN_PROGRESS, "Thiếu minh chứng"),
        _status_is(TaskStatus.IN_PROGRESS),
    ),
    "pause": (
        OFFICE,
        _setup(TaskStatus.IN_PROGRESS),
        _transition(TaskStatus.PAUSED, "Chờ chủ trương"),
        _status_is(TaskStatus.PAUSED),
    ),
    "resume": (
        OFFICE,
        _setup(TaskStatus.PAUSED),
        _transition(TaskStatus.IN_PROGRESS),
        _status_is(TaskStatus.IN_PROGRESS),
    ),
    "cancel": (
        OFFICE,
        _setup(),
        _transition(TaskStatus.CANCELLED, "Không còn phù hợp"),
        _status_is(TaskStatus.CANCELLED),
    ),
    "request_extension": (
        LEAD,
        _setup(),
        lambda ctx: (
            reverse("directives:task_request_extension", args=[ctx["task"].pk]),
            {"new_due_date": f"{FUTURE + 1}-06-30", "reason": "Chờ vốn"},
        ),
        lambda ctx: (
            ExtensionRequest.objects.filter(task=ctx["task"], status=ExtensionStatus.PENDING).count() == 1
        ),
    ),
    "approve": (OFFICE, _setup("extension"), _decide("approve"), _extension_is(ExtensionStatus.APPROVED)),
    "reject": (
        OFFICE,
        _setup("extension"),
        _decide("reject", "Không đủ căn cứ"),
        _extension_is(ExtensionStatus.REJECTED),
    ),
}


def snapshot():
    return (
        list(Document.objects.order_by("pk").values_list("pk", "title", "version")),
        list(
            Task.objects.order_by("pk").values_list(
                "pk", "status", "progress", "version", "content", "due_date", "lead_unit_id"
            )
        ),
        ProgressReport.objects.count(),
        TaskEvent.objects.count(),
        list(ExtensionRequest.objects.order_by("pk").values_list("pk", "status")),
    )


def expected_outcome(write: str, role: str) -> str:
    allowed = WRITES[write][0]
    if role == "anonymous":
        return "login"
    if role in allowed:
        return "allowed"
    if role in HIDDEN and write not in ("create_notice", "edit_notice"):
        return 404
    return 403


MATRIX = [(write, role, expected_outcome(write, role)) for write in WRITES for role in ROLES]


@pytest.mark.parametrize("write, role, expected", MATRIX, ids=[f"{w}-{r}" for w, r, _ in MATRIX])
def test_page_write_permission_matrix(client, personas, own_unit, coord_unit, write, role, expected):
    office = personas["office"]
    document = make_notice(office, own_unit, coord_unit)
    task = document.tasks.get()
    ctx = {"task": task, "office": office}
    _allowed, prepare, build, effect = WRITES[write]
    prepare(ctx)
    ctx["task"].refresh_from_db()
    url, data = build(ctx)
    user = personas[role]
    if user is not None:
        client.force_login(user)
    before = snapshot()
    response = client.post(url, data)
    if expected == "allowed":
        assert response.status_code == 302, response.content.decode()[:2000]
        assert "/accounts/login/" not in response.url
        assert snapshot() != before
        assert effect(ctx)
    else:
        if expected == "login":
            assert response.status_code == 302 and response.url.startswith("/accounts/login/")
        else:
            assert response.status_code == expected
        assert snapshot() == before
        assert not effect(ctx)


def test_matrix_covers_every_role_and_write():
    assert {w for w, _, _ in MATRIX} == {
        "create_notice",
        "edit_notice",
        "edit_task",
        "report_progress",
        "report_done",
        "confirm",
        "reopen",
        "pause",
        "resume",
        "cancel",
        "request_extension",
        "approve",
        "reject",
    }
    assert {r for _, r, _ in MATRIX} == set(ROLES)
    # Nobody outside the office touches the office's writes; the coordinating unit changes nothing.
    assert all(e != "allowed" for w, r, e in MATRIX if r in ("coord_lead", "committee", "other_lead"))


@pytest.mark.parametrize("role", ["committee", "coord_lead"])
def test_refused_users_get_403_even_with_invalid_input(client, personas, own_unit, coord_unit, role):
    task = make_notice(personas["office"], own_unit, coord_unit).tasks.get()
    client.force_login(personas[role])
    progress = client.post(reverse("directives:task_report_progress", args=[task.pk]), {"percent": "abc"})
    extension = client.post(reverse("directives:task_request_extension", args=[task.pk]), {})
    assert (progress.status_code, extension.status_code) == (403, 403)
