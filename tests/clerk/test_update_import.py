"""The Excel round trip: export a filtered task list (with ids), change progress, status and notes, import
it back: preview of every change, row errors, all or nothing, the services' history per task."""

import re

import pytest
import tablib
from django.urls import reverse

from directives import services
from directives.choices import EventKind, TaskStatus
from directives.models import ProgressReport, Task, TaskEvent
from directives.resources import COL_ID, COL_NOTE, COL_PROGRESS, COL_STATUS, EXPORT_COLUMNS
from tests.support.directives import FUTURE, make_notice
from tests.support.files import spreadsheet

UPDATE = reverse("task_imports:task_update_import")


@pytest.fixture
def tasks(office, own_unit, other_unit, coord_unit):
    rows = [
        {
            "item": "1",
            "content": "Số hóa hồ sơ một cửa",
            "lead_unit": own_unit,
            "deadline_text": f"năm {FUTURE}",
        },
        {
            "item": "2",
            "content": "Nâng cấp cổng dịch vụ công",
            "lead_unit": own_unit,
            "deadline_text": f"năm {FUTURE}",
        },
        {
            "item": "3",
            "content": "Hồ sơ sức khỏe điện tử",
            "lead_unit": other_unit,
            "coordinating_units": [own_unit],
            "deadline_text": f"năm {FUTURE}",
        },
        {
            "item": "4",
            "content": "Bệnh án điện tử",
            "lead_unit": other_unit,
            "deadline_text": f"năm {FUTURE}",
        },
    ]
    document = make_notice(office, own_unit, tasks=rows)
    return {t.item: t for t in document.tasks.all()}


def exported(client, **params) -> list[dict]:
    response = client.get(reverse("task_imports:task_export"), {"format": "csv", **params})
    data = tablib.Dataset().load(response.getvalue().decode("utf-8-sig"), format="csv")
    assert data.headers == EXPORT_COLUMNS
    return [dict(row) for row in data.dict]


def upload(client, rows, name="cap-nhat.xlsx"):
    return client.post(UPDATE, {"file": spreadsheet(EXPORT_COLUMNS, rows, name=name)})


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_export_has_ids_and_honours_the_filters(client, lead, tasks, own_unit):
    client.force_login(lead)
    rows = exported(client, lead_unit=own_unit.pk)
    assert sorted(int(r[COL_ID]) for r in rows) == sorted([tasks["1"].pk, tasks["2"].pk])
    rows = exported(client, q="cong dich vu")
    assert [int(r[COL_ID]) for r in rows] == [tasks["2"].pk]


def test_round_trip_preview_then_confirm_goes_through_the_services(client, lead, tasks, own_unit):
    client.force_login(lead)
    rows = exported(client, lead_unit=own_unit.pk)
    by_id = {int(r[COL_ID]): r for r in rows}
    by_id[tasks["1"].pk].update({COL_PROGRESS: "40", COL_NOTE: "Đã số hóa 40% hồ sơ"})
    by_id[tasks["2"].pk].update({COL_STATUS: "Đã báo cáo hoàn thành", COL_NOTE: "Cổng đã chạy chính thức"})
    preview = upload(client, list(by_id.values()))
    assert preview.status_code == 200, (
        [e.message for e in preview.context["report"].errors]
        if preview.context.get("report")
        else preview.context["form"].errors
    )
    text = _text(preview.content.decode())
    assert "Tiến độ: 0% → 40%" in text and "Ghi chú: Đã số hóa 40% hồ sơ" in text
    assert "Trạng thái: Mới giao → Đã báo cáo hoàn thành" in text
    assert not ProgressReport.objects.exists()  # the preview saves nothing
    assert Task.objects.get(pk=tasks["2"].pk).status == TaskStatus.NEW

    confirmed = client.post(UPDATE, {"token": preview.context["token"]})
    assert confirmed.status_code == 302
    one, two = Task.objects.get(pk=tasks["1"].pk), Task.objects.get(pk=tasks["2"].pk)
    assert (one.progress, one.status) == (40, TaskStatus.IN_PROGRESS)
    assert (two.status, two.progress) == (TaskStatus.REPORTED_DONE, 100)
    report = ProgressReport.objects.get(task=one)
    assert report.note == "Đã số hóa 40% hồ sơ" and report.reported_by == lead
    event = TaskEvent.objects.filter(task=two, kind=EventKind.STATUS).get()
    assert event.actor == lead and event.note == "Cổng đã chạy chính thức"


def test_row_errors_save_nothing(client, lead, tasks):
    client.force_login(lead)
    rows = [
        {COL_ID: tasks["1"].pk, COL_STATUS: "Mới giao", COL_PROGRESS: "120"},  # bad percent
        {
            COL_ID: tasks["2"].pk,
            COL_STATUS: "Hoàn thành",
            COL_PROGRESS: "0",
        },  # new → done: no such transition
        {
            COL_ID: tasks["3"].pk,
            COL_STATUS: "Mới giao",
            COL_PROGRESS: "50",
        },  # another unit's task (visible: coordinates)
        {
            COL_ID: tasks["4"].pk,
            COL_STATUS: "Mới giao",
            COL_PROGRESS: "50",
        },  # another unit's task it may not see
        {COL_ID: "999999", COL_STATUS: "Mới giao", COL_PROGRESS: "0"},  # unknown
        {COL_ID: tasks["1"].pk, COL_STATUS: "Mới giao", COL_PROGRESS: "10"},  # the same task twice
    ]
    response = upload(client, rows)
    assert response.status_code == 400
    errors = [(e.row, e.column, e.message) for e in response.context["report"].errors]
    assert (2, COL_PROGRESS, "Tiến độ phải là số nguyên từ 0 đến 100.") in errors
    assert any(r == 3 and c == COL_STATUS and "Không thể chuyển" in m for r, c, m in errors)
    assert any(r == 4 and "Bạn không được cập nhật" in m and "Sở Y tế" in m for r, c, m in errors)
    assert any(r == 5 and c == COL_ID and "Không tìm thấy" in m for r, c, m in errors)  # nothing revealed
    assert any(r == 6 and c == COL_ID and "Không tìm thấy" in m for r, c, m in errors)
    assert any(r == 7 and c == COL_ID and "dòng 2" in m for r, c, m in errors)
    assert (
        not ProgressReport.objects.exists() and not TaskEvent.objects.filter(kind=EventKind.STATUS).exists()
    )


def test_a_return_needs_a_reason_and_the_office_may_confirm(client, office, lead, tasks):
    services.task_transition(task=tasks["1"], user=lead, to=TaskStatus.REPORTED_DONE)
    services.task_transition(task=tasks["2"], user=lead, to=TaskStatus.REPORTED_DONE)
    client.force_login(office)
    rows = [
        {COL_ID: tasks["1"].pk, COL_STATUS: "Hoàn thành", COL_PROGRESS: "100"},
        {COL_ID: tasks["2"].pk, COL_STATUS: "Đang thực hiện", COL_PROGRESS: "100"},
    ]
    response = upload(client, rows)
    assert response.status_code == 400
    assert any(e.row == 3 and e.column == COL_NOTE for e in response.context["report"].errors)
    rows[1][COL_NOTE] = "Thiếu biên bản nghiệm thu"
    preview = upload(client, rows)
    assert preview.status_code == 200
    assert client.post(UPDATE, {"token": preview.context["token"]}).status_code == 302
    assert Task.objects.get(pk=tasks["1"].pk).status == TaskStatus.DONE
    returned = Task.objects.get(pk=tasks["2"].pk)
    assert returned.status == TaskStatus.IN_PROGRESS and returned.status_reason == "Thiếu biên bản nghiệm thu"


def test_the_committee_may_not_use_it(client, committee):
    client.force_login(committee)
    assert client.get(UPDATE).status_code == 403


def test_the_preview_runs_the_same_queries_for_any_number_of_rows(
    client, office, own_unit, django_assert_max_num_queries
):
    rows = [
        {
            "item": str(i),
            "content": f"Nhiệm vụ thử số {i}",
            "lead_unit": own_unit,
            "deadline_text": f"năm {FUTURE}",
        }
        for i in range(1, 13)
    ]
    document = make_notice(office, own_unit, tasks=rows)
    ids = list(document.tasks.order_by("pk").values_list("pk", flat=True))
    client.force_login(office)

    def file_of(n):
        return [{COL_ID: pk, COL_STATUS: "Mới giao", COL_PROGRESS: "30"} for pk in ids[:n]]

    upload(client, file_of(1))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert upload(client, file_of(2)).status_code == 200
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert upload(client, file_of(12)).status_code == 200


# ----------------------------------------------------------------------------------- permission matrix

from types import SimpleNamespace  # noqa: E402

from tests.support.directives import DIRECTIVE_MODELS  # noqa: E402
from tests.support.permissions import OFFICE, Action, PermissionMatrix, upload_then_confirm  # noqa: E402

UNIT_OF = {"lead": "own", "staff": "own", "other_lead": "other", "coord_lead": "coord"}


def _own_row(w) -> dict:
    """The file of each persona holds a task its unit leads (the office: Sở TTTT's): 30% with a note."""
    task = w.tasks[UNIT_OF.get(w.persona, "own")]
    return {COL_ID: task.pk, COL_STATUS: "Mới giao", COL_PROGRESS: "30", COL_NOTE: "Cập nhật từ tệp"}


class TestUpdateImportPermissions(PermissionMatrix):
    """Office staff and members of units may send a file (each row is then checked by the policy: see the
    tests above); the committee, which changes nothing, may not."""

    actions = (
        Action(
            "update tasks from a file",
            "task_imports:task_update_import",
            OFFICE | set(UNIT_OF),
            send=upload_then_confirm(EXPORT_COLUMNS, _own_row, name="cap-nhat.xlsx"),
            effect=lambda w: ProgressReport.objects.filter(note="Cập nhật từ tệp").exists(),
        ),
    )
    observe = DIRECTIVE_MODELS

    @pytest.fixture
    def world(self, personas, own_unit, other_unit, coord_unit):
        office = personas["office"]
        return SimpleNamespace(
            tasks={
                key: make_notice(office, unit, number=key).tasks.get()
                for key, unit in (("own", own_unit), ("other", other_unit), ("coord", coord_unit))
            }
        )
