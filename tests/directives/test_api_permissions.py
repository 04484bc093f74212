"""The permission matrix of the directives API: every role × every write, through HTTP.

The task under test is led by `own_unit` (personas `lead` and `staff`), coordinated by `coord_unit`
(`coord_lead`); `other_lead` leads an unrelated unit and may not even see it (404). A refused write
must leave the database exactly as it was; an allowed one must change it."""

from dataclasses import dataclass, field
from datetime import date

import pytest
from rest_framework.test import APIClient

from directives import services
from directives.choices import ExtensionStatus, TaskStatus
from directives.models import Attachment, Document, ExtensionRequest, ProgressReport, Task, TaskEvent

from .factories import DocumentFactory, TaskFactory

A = "anonymous"  # not signed in: 401 or 403, never allowed

ROLES = ("office", "admin", "lead", "staff", "coord_lead", "other_lead", "committee", "anonymous")

# fmt: off
MATRIX = {
    # write                                 office admin lead staff coord other committee anonymous
    "create document":                      (201,  201,  403, 403,  403,  403,  403,      A),
    "update document":                      (200,  200,  403, 403,  403,  403,  403,      A),
    "create task":                          (201,  201,  403, 403,  403,  403,  403,      A),
    "patch task":                           (200,  200,  403, 403,  403,  404,  403,      A),
    "report progress":                      (201,  201,  201, 201,  403,  404,  403,      A),
    "transition new→in_progress":           (200,  200,  200, 200,  403,  404,  403,      A),
    "transition paused→in_progress":        (200,  200,  403, 403,  403,  404,  403,      A),
    "transition reported_done→in_progress": (200,  200,  403, 403,  403,  404,  403,      A),
    "transition done→in_progress":          (200,  200,  403, 403,  403,  404,  403,      A),
    "transition new→reported_done":         (200,  200,  200, 200,  403,  404,  403,      A),
    "transition in_progress→reported_done": (200,  200,  200, 200,  403,  404,  403,      A),
    "transition reported_done→done":        (200,  200,  403, 403,  403,  404,  403,      A),
    "transition new→paused":                (200,  200,  403, 403,  403,  404,  403,      A),
    "transition in_progress→paused":        (200,  200,  403, 403,  403,  404,  403,      A),
    "transition new→cancelled":             (200,  200,  403, 403,  403,  404,  403,      A),
    "transition in_progress→cancelled":     (200,  200,  403, 403,  403,  404,  403,      A),
    "transition paused→cancelled":          (200,  200,  403, 403,  403,  404,  403,      A),
    "transition reported_done→cancelled":   (200,  200,  403, 403,  403,  404,  403,      A),
    "request extension":                    (201,  201,  201, 403,  403,  404,  403,      A),
    "approve extension":                    (200,  200,  403, 403,  403,  404,  403,      A),
    "reject extension":                     (200,  200,  403, 403,  403,  404,  403,      A),
}
# fmt: on


@dataclass
class World:
    document: Document
    task: Task
    extension: ExtensionRequest | None
    units: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Write:
    method: str
    url: str  # formatted with the World
    payload: object  # a dict, or a function of the World giving one
    task_status: str = TaskStatus.NEW
    with_extension: bool = False

    def send(self, api: APIClient, world: World):
        url = self.url.format(
            document=world.document.pk,
            task=world.task.pk,
            extension=world.extension.pk if world.extension else 0,
        )
        payload = self.payload(world) if callable(self.payload) else self.payload
        return getattr(api, self.method)(url, payload, format="json")


def _transition(frm: str, to: str) -> Write:
    return Write("post", "/api/v1/tasks/{task}/transition/", {"to": to, "reason": "Lý do"}, task_status=frm)


WRITES = {
    "create document": Write(
        "post",
        "/api/v1/documents/",
        lambda w: {
            "title": "Thông báo kết luận mới",
            "tasks": [{"content": "Nhiệm vụ mới", "lead_unit": w.units["own"].pk}],
        },
    ),
    "update document": Write(
        "patch", "/api/v1/documents/{document}/", {"version": 1, "title": "Trích yếu đã sửa"}
    ),
    "create task": Write(
        "post",
        "/api/v1/tasks/",
        lambda w: {"document": w.document.pk, "content": "Nhiệm vụ bổ sung", "lead_unit": w.units["own"].pk},
    ),
    "patch task": Write("patch", "/api/v1/tasks/{task}/", {"version": 1, "content": "Nội dung đã sửa"}),
    "report progress": Write(
        "post", "/api/v1/tasks/{task}/report-progress/", {"percent": 50, "note": "Đã triển khai một nửa"}
    ),
    **{
        f"transition {frm}→{to}": _transition(frm, to)
        for frm, to in [
            ("new", "in_progress"),
            ("paused", "in_progress"),
            ("reported_done", "in_progress"),
            ("done", "in_progress"),
            ("new", "reported_done"),
            ("in_progress", "reported_done"),
            ("reported_done", "done"),
            ("new", "paused"),
            ("in_progress", "paused"),
            ("new", "cancelled"),
            ("in_progress", "cancelled"),
            ("paused", "cancelled"),
            ("reported_done", "cancelled"),
        ]
    },
    "request extension": Write(
        "post",
        "/api/v1/tasks/{task}/request-extension/",
        {"new_due_date": "2022-03-31", "reason": "Chờ phân bổ kinh phí"},
    ),
    "approve extension": Write(
        "post", "/api/v1/extension-requests/{extension}/approve/", {"reason": "Đồng ý"}, with_extension=True
    ),
    "reject extension": Write(
        "post",
        "/api/v1/extension-requests/{extension}/reject/",
        {"reason": "Chưa đủ căn cứ"},
        with_extension=True,
    ),
}

CASES = [
    pytest.param(write, role, expected, id=f"{write} | {role}")
    for write, row in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


def snapshot(world: World) -> dict:
    """Everything any of the writes could change."""
    task = Task.objects.get(pk=world.task.pk)
    document = Document.objects.get(pk=world.document.pk)
    return {
        "counts": [
            m.objects.count()
            for m in (Document, Task, ProgressReport, ExtensionRequest, TaskEvent, Attachment)
        ],
        "document": (document.title, document.version),
        "task": (
            task.status,
            task.progress,
            task.version,
            task.content,
            task.due_date,
            task.status_reason,
            task.completed_on,
        ),
        "extensions": sorted(ExtensionRequest.objects.values_list("pk", "status", "decided_by_id")),
    }


@pytest.fixture
def world(request, personas, own_unit, coord_unit, other_unit) -> World:
    write = WRITES[request.node.callspec.params["write"]]
    document = DocumentFactory(title="Thông báo kết luận của Chủ tịch UBND tỉnh")
    status = write.task_status
    task = TaskFactory(
        document=document,
        lead_unit=own_unit,
        coordinating_units=[coord_unit],
        due_date=date(2022, 1, 31),
        status=status,
        completed_on=date(2022, 1, 20) if status in (TaskStatus.REPORTED_DONE, TaskStatus.DONE) else None,
    )
    extension = None
    if write.with_extension:
        extension = services.task_request_extension(
            task=task, user=personas["lead"], new_due_date=date(2022, 3, 31), reason="Chờ kinh phí"
        )
        task.refresh_from_db()
    return World(document, task, extension, units={"own": own_unit, "coord": coord_unit, "other": other_unit})


@pytest.mark.parametrize(("write", "role", "expected"), CASES)
def test_permission_matrix(write, role, expected, world, personas):
    api = APIClient()
    if personas[role] is not None:
        api.force_login(personas[role])
    before = snapshot(world)

    response = WRITES[write].send(api, world)

    if expected == A:
        assert response.status_code in (401, 403), response.content
    else:
        assert response.status_code == expected, response.content
    if response.status_code >= 400:
        assert set(response.json()) == {"message", "errors"}
        assert response.json()["message"]
        assert snapshot(world) == before, "a refused write changed the database"
    else:
        assert snapshot(world) != before, "an allowed write changed nothing"
        if write.startswith("transition"):
            assert Task.objects.get(pk=world.task.pk).status == write.rsplit("→", 1)[1]
        if write == "approve extension":
            assert ExtensionRequest.objects.get().status == ExtensionStatus.APPROVED


def test_matrix_covers_every_transition_of_the_workflow():
    in_matrix = {
        tuple(w.removeprefix("transition ").split("→")) for w in MATRIX if w.startswith("transition")
    }
    assert in_matrix == {(str(frm), str(to)) for frm, to in services.TRANSITIONS}


def test_matrix_rows_and_writes_agree():
    assert set(MATRIX) == set(WRITES)
