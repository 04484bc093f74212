"""The permission matrix of the directives API: every persona × every write, through HTTP
(tests/support/permissions.py).

The task under test is led by `own_unit` (personas `lead` and `staff`), coordinated by `coord_unit`
(`coord_lead`); `other_lead` leads an unrelated unit and may not even see it (404). A refused write
must leave the database exactly as it was and answer {"message", "errors"}; an allowed one must change
it."""

from datetime import date
from types import SimpleNamespace

import pytest

from directives import services
from directives.choices import ExtensionStatus, TaskStatus
from directives.models import Attachment, Document, ExtensionRequest, Task
from tests.directives.factories import DocumentFactory, TaskFactory
from tests.support.directives import DIRECTIVE_MODELS
from tests.support.files import pdf
from tests.support.permissions import LOGIN, Action, PermissionMatrix
from tests.support.personas import PERSONA_KEYS

A = LOGIN  # not signed in: 401 or 403, never allowed

ROLES = ("office", "admin", "lead", "staff", "coord_lead", "other_lead", "committee", "anonymous")

# fmt: off
MATRIX = {
    # write                                 office admin lead staff coord other committee anonymous
    "create document":                      (201,  201,  403, 403,  403,  403,  403,      A),
    "replace document":                     (200,  200,  403, 403,  403,  403,  403,      A),
    "update document":                      (200,  200,  403, 403,  403,  403,  403,      A),
    "cancel document":                      (200,  200,  403, 403,  403,  403,  403,      A),
    "create task":                          (201,  201,  403, 403,  403,  403,  403,      A),
    "patch task":                           (200,  200,  403, 403,  403,  404,  403,      A),
    "report progress":                      (201,  201,  201, 201,  403,  404,  403,      A),
    "report progress with evidence":        (201,  201,  201, 201,  403,  404,  403,      A),
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


def _state(status=TaskStatus.NEW, extension=False):
    """The task's status (set on the row, as a factory would make it) and, if asked, an extension request."""

    def prepare(w):
        completed = date(2022, 1, 20) if status in (TaskStatus.REPORTED_DONE, TaskStatus.DONE) else None
        Task.objects.filter(pk=w.task.pk).update(status=status, completed_on=completed)
        if extension:
            w.extension = services.task_request_extension(
                task=w.task, user=w.personas["lead"], new_due_date=date(2022, 3, 31), reason="Chờ kinh phí"
            )
        w.task.refresh_from_db()

    return prepare


def _task(w):
    return [w.task.pk]


def _extension(w):
    return [w.extension.pk]


def _status_is(to):
    return lambda w: Task.objects.get(pk=w.task.pk).status == to


def _decide(decision: str, reason: str, outcome: str) -> dict:
    return dict(
        route=f"api:extension-request-{decision}",
        args=_extension,
        data={"reason": reason},
        setup=_state(extension=True),
        effect=lambda w: ExtensionRequest.objects.get(pk=w.extension.pk).status == outcome,
    )


_DOCUMENT = {
    "title": "Trích yếu thay toàn bộ",
    "kind": "TB",
    "issuing_body_text": "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH",
    "number": "08",
    "symbol": "TB-VPUBND",
    "issue_year": 2022,
}

# name → (route, args, payload, setup, effect, options): who may comes from MATRIX.
WRITES = {
    "create document": dict(
        route="api:document-list",
        data=lambda w: {
            "title": "Thông báo kết luận mới",
            "issuing_body_text": "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH",
            "tasks": [{"content": "Nhiệm vụ mới", "lead_unit": w.units["own"].pk}],
        },
        effect=lambda w: Document.objects.filter(title="Thông báo kết luận mới").exists(),
    ),
    "replace document": dict(
        route="api:document-detail",
        method="put",
        args=lambda w: [w.document.pk],
        data={**_DOCUMENT, "version": 1},
        effect=lambda w: Document.objects.get(pk=w.document.pk).title == _DOCUMENT["title"],
    ),
    "update document": dict(
        route="api:document-detail",
        method="patch",
        args=lambda w: [w.document.pk],
        data={"version": 1, "title": "Trích yếu đã sửa"},
        effect=lambda w: Document.objects.get(pk=w.document.pk).title == "Trích yếu đã sửa",
    ),
    "cancel document": dict(
        route="api:document-cancel",
        args=lambda w: [w.document.pk],
        data={"reason": "Văn bản ban hành nhầm"},
        effect=lambda w: (
            Document.objects.get(pk=w.document.pk).cancelled_at is not None
            and Task.objects.get(pk=w.task.pk).status == TaskStatus.CANCELLED
        ),
    ),
    "create task": dict(
        route="api:task-list",
        data=lambda w: {
            "document": w.document.pk,
            "content": "Nhiệm vụ bổ sung",
            "lead_unit": w.units["own"].pk,
        },
        effect=lambda w: Task.objects.filter(content="Nhiệm vụ bổ sung").exists(),
    ),
    "patch task": dict(
        route="api:task-detail",
        method="patch",
        args=_task,
        data={"version": 1, "content": "Nội dung đã sửa"},
        effect=lambda w: Task.objects.get(pk=w.task.pk).content == "Nội dung đã sửa",
    ),
    "report progress": dict(
        route="api:task-report-progress",
        args=_task,
        data={"percent": 50, "note": "Đã triển khai một nửa"},
        effect=lambda w: Task.objects.get(pk=w.task.pk).progress == 50,
    ),
    "report progress with evidence": dict(
        route="api:task-report-progress",
        args=_task,
        data=lambda w: {"percent": 70, "note": "Kèm minh chứng", "files": [pdf()]},
        multipart=True,
        effect=lambda w: Attachment.objects.filter(task=w.task).count() == 1,
    ),
    **{
        f"transition {frm}→{to}": dict(
            route="api:task-transition",
            args=_task,
            data={"to": to, "reason": "Lý do"},
            setup=_state(frm),
            effect=_status_is(to),
        )
        for frm, to in services.TRANSITIONS
    },
    "request extension": dict(
        route="api:task-request-extension",
        args=_task,
        data={"new_due_date": "2022-03-31", "reason": "Chờ phân bổ kinh phí"},
        effect=lambda w: ExtensionRequest.objects.filter(
            task=w.task, status=ExtensionStatus.PENDING
        ).exists(),
    ),
    "approve extension": _decide("approve", "Đồng ý", ExtensionStatus.APPROVED),
    "reject extension": _decide("reject", "Chưa đủ căn cứ", ExtensionStatus.REJECTED),
}


def _action(name: str) -> Action:
    """The write, with who may do it (the 2xx cells of its row) and who may not see its object (404)."""
    row = dict(zip(ROLES, MATRIX[name], strict=True))
    allowed = {role for role, cell in row.items() if cell not in (A, 403, 404)}
    (success,) = {row[role] for role in allowed}
    hidden = {role for role, cell in row.items() if cell == 404}
    return Action(name, allowed=allowed, hidden=hidden, success=success, **WRITES[name])


ACTIONS = tuple(_action(name) for name in WRITES)


class TestDirectiveApiWrites(PermissionMatrix):
    actions = ACTIONS
    observe = DIRECTIVE_MODELS

    @pytest.fixture
    def world(self, own_unit, coord_unit, other_unit):
        document = DocumentFactory(title="Thông báo kết luận của Chủ tịch UBND tỉnh")
        task = TaskFactory(
            document=document, lead_unit=own_unit, coordinating_units=[coord_unit], due_date=date(2022, 1, 31)
        )
        units = {"own": own_unit, "coord": coord_unit, "other": other_unit}
        return SimpleNamespace(document=document, task=task, extension=None, units=units)


def test_the_table_reads_as_the_actions_expect():
    for action in ACTIONS:
        row = dict(zip(ROLES, MATRIX[action.name], strict=True))
        assert {role: action.expected(role) for role in PERSONA_KEYS} == {
            role: "allowed" if cell == action.success else cell for role, cell in row.items()
        }


def test_matrix_covers_every_transition_of_the_workflow():
    in_matrix = {
        tuple(w.removeprefix("transition ").split("→")) for w in MATRIX if w.startswith("transition")
    }
    assert in_matrix == {(str(frm), str(to)) for frm, to in services.TRANSITIONS}


def test_matrix_rows_and_writes_agree():
    assert set(MATRIX) == set(WRITES)
