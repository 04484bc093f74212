"""/api/v1/documents/, /api/v1/tasks/ and /api/v1/extension-requests/: reading, filtering, timeliness,
the actions and their error answers ({"message", "errors"}), uploads, token auth and the schema."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from directives import services
from directives.choices import DeadlineKind, EventKind, ExtensionStatus, TaskStatus
from directives.models import Attachment, Document, ExtensionRequest, ProgressReport, Task, TaskEvent

from .factories import DocumentFactory, TaskFactory

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48

TASKS = "/api/v1/tasks/"
DOCUMENTS = "/api/v1/documents/"
EXTENSIONS = "/api/v1/extension-requests/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_login(user)
    return api


@pytest.fixture
def document(db):
    return DocumentFactory(
        number="07",
        symbol="TB-VPUBND",
        title="Kết luận của Chủ tịch UBND tỉnh tại cuộc họp BCĐ chuyển đổi số",
    )


@pytest.fixture
def task(document, own_unit, coord_unit):
    """Led by the `lead`/`staff` personas' unit, coordinated by `coord_lead`'s, due 31/01/2022."""
    return TaskFactory(
        document=document,
        item="4.a",
        content="Xây dựng kế hoạch chuyển đổi số năm 2022",
        lead_unit=own_unit,
        coordinating_units=[coord_unit],
        deadline_text="trước ngày 31/01/2022",
        due_date=date(2022, 1, 31),
    )


@pytest.fixture
def other_task(document, other_unit):
    return TaskFactory(
        document=document, item="5", content="Triển khai bệnh án điện tử", lead_unit=other_unit
    )


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def assert_error(response, status: int, *fields: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"message", "errors"}
    assert body["message"]
    for field in fields:
        assert body["errors"][field], body
    return body


def task_state(task: Task) -> tuple:
    task = Task.objects.get(pk=task.pk)
    return (task.status, task.progress, task.version, task.due_date, task.content, task.completed_on)


# ------------------------------------------------------------------------------------------- reading


def test_anonymous_is_refused_with_the_error_shape(api, task):
    response = api.get(TASKS)
    assert_error(response, response.status_code)
    assert response.status_code in (401, 403)


def test_task_list_fields(api, lead, task, coord_unit, own_unit, document):
    row = as_user(api, lead).get(TASKS).json()["results"][0]
    assert row["id"] == task.pk
    assert row["document"] == document.pk
    assert row["document_code"] == "07/TB-VPUBND"
    assert row["item"] == "4.a"
    assert row["lead_unit"] == {"id": own_unit.pk, "name": own_unit.name, "short_name": "Sở TTTT"}
    assert row["coordinating_units"] == [{"id": coord_unit.pk, "name": "Sở Xây dựng", "short_name": "SXD"}]
    assert row["due_date"] == "2022-01-31"
    assert row["original_due_date"] == "2022-01-31"
    assert row["deadline_text"] == "trước ngày 31/01/2022"
    assert row["deadline_kind"] == DeadlineKind.DAY
    assert row["status"] == TaskStatus.NEW
    assert row["progress"] == 0
    assert row["version"] == 1
    assert row["url"] == f"/tasks/{task.pk}/"
    for field in ("recurrence", "period_label", "timeliness", "priority", "completed_on", "content"):
        assert field in row


def test_task_list_is_scoped_to_the_users_units(
    api, task, other_task, lead, other_lead, coord_lead, committee
):
    assert ids(as_user(APIClient(), lead).get(TASKS)) == [task.pk]
    assert ids(as_user(APIClient(), other_lead).get(TASKS)) == [other_task.pk]
    assert ids(as_user(APIClient(), coord_lead).get(TASKS)) == [task.pk]  # coordinating unit reads it
    assert sorted(ids(as_user(APIClient(), committee).get(TASKS))) == sorted([task.pk, other_task.pk])


def test_task_filters(api, office, task, other_task, own_unit, other_unit, coord_unit, document):
    late = TaskFactory(lead_unit=other_unit, due_date=date(2022, 6, 30), status=TaskStatus.IN_PROGRESS)
    api = as_user(api, office)
    assert ids(api.get(TASKS, {"lead_unit": own_unit.pk})) == [task.pk]
    assert ids(api.get(TASKS, {"unit": coord_unit.pk})) == [task.pk]  # lead or coordinating
    assert sorted(ids(api.get(TASKS, {"unit": other_unit.pk}))) == sorted([other_task.pk, late.pk])
    assert ids(api.get(TASKS, {"status": "in_progress"})) == [late.pk]
    assert sorted(ids(api.get(TASKS, {"status": ["new", "in_progress"]}))) == sorted(
        [task.pk, other_task.pk, late.pk]
    )
    assert sorted(ids(api.get(TASKS, {"document": document.pk}))) == sorted([task.pk, other_task.pk])
    assert ids(api.get(TASKS, {"due_after": "2022-02-01"})) == [late.pk]
    assert ids(api.get(TASKS, {"due_before": "2022-02-01"})) == [task.pk]


def test_task_search_ignores_diacritics(api, office, task, other_task):
    api = as_user(api, office)
    assert ids(api.get(TASKS, {"q": "chuyen doi so"})) == [task.pk]
    assert ids(api.get(TASKS, {"q": "CHUYỂN ĐỔI"})) == [task.pk]
    assert ids(api.get(TASKS, {"q": "benh an dien tu"})) == [other_task.pk]
    assert ids(api.get(TASKS, {"q": "Sở TT&TT"})) == [task.pk]  # a lead unit alias
    assert ids(api.get(TASKS, {"q": "khong co dau"})) == []


def test_bad_filter_value_is_a_400(api, office, task):
    assert_error(as_user(api, office).get(TASKS, {"status": "finished"}), 400, "status")


def test_timeliness_follows_as_of(api, office, own_unit):
    open_task = TaskFactory(lead_unit=own_unit, due_date=date(2022, 1, 31), status=TaskStatus.IN_PROGRESS)
    on_time = TaskFactory(
        lead_unit=own_unit, due_date=date(2022, 1, 31), status=TaskStatus.DONE, completed_on=date(2022, 1, 20)
    )
    late = TaskFactory(
        lead_unit=own_unit, due_date=date(2022, 1, 31), status=TaskStatus.DONE, completed_on=date(2022, 2, 10)
    )
    no_deadline = TaskFactory(lead_unit=own_unit)
    api = as_user(api, office)

    def timeliness(as_of):
        rows = api.get(TASKS, {"as_of": as_of}).json()["results"]
        return {row["id"]: row["timeliness"] for row in rows}

    assert timeliness("2022-01-25") == {
        open_task.pk: "on_track",
        on_time.pk: "done_on_time",
        late.pk: "on_track",  # not done yet on 25/01
        no_deadline.pk: "no_deadline",
    }
    assert timeliness("2022-02-15") == {
        open_task.pk: "overdue",
        on_time.pk: "done_on_time",
        late.pk: "done_late",
        no_deadline.pk: "no_deadline",
    }
    assert ids(api.get(TASKS, {"timeliness": "overdue", "as_of": "2022-02-05"})) == [open_task.pk, late.pk]
    assert ids(api.get(TASKS, {"timeliness": "overdue", "as_of": "2022-01-31"})) == []
    detail = api.get(f"{TASKS}{open_task.pk}/", {"as_of": "2022-02-01"}).json()
    assert detail["timeliness"] == "overdue"


def test_timeliness_defaults_to_today(api, office, own_unit):
    today = timezone.localdate()
    past = TaskFactory(lead_unit=own_unit, due_date=today - timedelta(days=1))
    future = TaskFactory(lead_unit=own_unit, due_date=today + timedelta(days=1))
    rows = {r["id"]: r["timeliness"] for r in as_user(api, office).get(TASKS).json()["results"]}
    assert rows == {past.pk: "overdue", future.pk: "on_track"}


@pytest.mark.parametrize("as_of", ["31/01/2022", "2022-13-01", "hôm nay", "20220101"])
def test_bad_as_of_is_a_400(api, office, task, as_of):
    body = assert_error(as_user(api, office).get(TASKS, {"as_of": as_of}), 400, "as_of")
    assert "YYYY-MM-DD" in body["message"]
    assert_error(api.get(f"{TASKS}{task.pk}/", {"as_of": as_of}), 400, "as_of")


def test_task_detail_has_history_reports_files_and_extensions(api, lead, office, task):
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    services.task_report_progress(task=task, user=lead, percent=30, note="Đã họp triển khai", files=[upload])
    services.task_request_extension(
        task=task, user=lead, new_due_date=date(2022, 3, 31), reason="Chờ kinh phí"
    )
    lead.first_name, lead.last_name = "An", "Trần Văn"
    lead.save()

    detail = as_user(api, office).get(f"{TASKS}{task.pk}/").json()
    assert [e["kind"] for e in detail["history"]] == [EventKind.PROGRESS, EventKind.EXTENSION_REQUESTED]
    event = detail["history"][0]
    assert event["actor"] == lead.get_full_name()
    assert event["changes"]["progress"] == [0, 30]
    assert event["note"] == "Đã họp triển khai"
    assert event["at"]
    [report] = detail["progress_reports"]
    assert report["percent"] == 30
    assert report["reported_by"] == lead.get_full_name()
    [attachment] = report["attachments"]
    stored = Attachment.objects.get()
    assert attachment["name"] == "bien-ban.pdf"
    assert attachment["url"] == f"/tasks/attachments/{stored.pk}/"
    [extension] = detail["extension_requests"]
    assert extension["status"] == ExtensionStatus.PENDING
    assert extension["new_due_date"] == "2022-03-31"
    assert extension["current_due_date"] == "2022-01-31"
    assert detail["progress"] == 30
    assert detail["status"] == TaskStatus.IN_PROGRESS


def test_task_the_user_may_not_see_is_a_404(api, other_lead, task):
    api = as_user(api, other_lead)
    assert_error(api.get(f"{TASKS}{task.pk}/"), 404)
    assert_error(api.post(f"{TASKS}{task.pk}/transition/", {"to": "in_progress"}, format="json"), 404)
    assert_error(api.get(f"{TASKS}999999/"), 404)


# -------------------------------------------------------------------------------------------- writing


def test_office_creates_a_task(api, office, document, own_unit, coord_unit, task):
    response = as_user(api, office).post(
        TASKS,
        {
            "document": document.pk,
            "item": "6",
            "content": "Số hóa hồ sơ thủ tục hành chính",
            "lead_unit": own_unit.pk,
            "coordinating_units": [coord_unit.pk],
            "deadline_text": "trong tháng 02 năm 2022",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["deadline_kind"] == DeadlineKind.MONTH
    assert body["due_date"] == "2022-02-28"
    assert body["coordinating_units"][0]["id"] == coord_unit.pk
    created = Task.objects.get(pk=body["id"])
    assert created.position > task.position
    assert "so hoa ho so" in created.search_text
    assert created.events.get().kind == EventKind.CREATED


def test_task_create_validates_input(api, office, document):
    response = as_user(api, office).post(TASKS, {"document": document.pk, "content": ""}, format="json")
    assert_error(response, 400, "content", "lead_unit")
    assert not Task.objects.exists()


def test_patch_task_with_current_version(api, office, task, other_unit):
    response = as_user(api, office).patch(
        f"{TASKS}{task.pk}/",
        {"version": 1, "content": "Nội dung mới", "lead_unit": other_unit.pk, "due_date": "2022-02-15"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    assert body["lead_unit"]["id"] == other_unit.pk
    assert body["due_date"] == "2022-02-15"
    assert body["original_due_date"] == "2022-01-31"
    event = TaskEvent.objects.get(task=task, kind=EventKind.UPDATED)
    assert event.changes["content"] == ["Xây dựng kế hoạch chuyển đổi số năm 2022", "Nội dung mới"]


def test_patch_task_with_stale_version_is_a_409(api, office, task):
    before = task_state(task)
    response = as_user(api, office).patch(f"{TASKS}{task.pk}/", {"version": 1, "content": "A"}, format="json")
    assert response.status_code == 200
    stale = api.patch(f"{TASKS}{task.pk}/", {"version": 1, "content": "B"}, format="json")
    body = assert_error(stale, 409)
    assert "người khác cập nhật" in body["message"]
    assert Task.objects.get(pk=task.pk).content == "A"
    assert task_state(task)[2] == before[2] + 1


def test_patch_task_needs_a_version(api, office, task):
    before = task_state(task)
    assert_error(
        as_user(api, office).patch(f"{TASKS}{task.pk}/", {"content": "B"}, format="json"), 400, "version"
    )
    assert task_state(task) == before


def test_put_is_not_offered_on_tasks(api, office, task):
    response = as_user(api, office).put(f"{TASKS}{task.pk}/", {"version": 1}, format="json")
    assert response.status_code == 405


def test_workflow_through_the_api(api, lead, office, task):
    lead_api = as_user(APIClient(), lead)
    office_api = as_user(APIClient(), office)
    response = lead_api.post(f"{TASKS}{task.pk}/transition/", {"to": "in_progress"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "in_progress"
    response = lead_api.post(f"{TASKS}{task.pk}/transition/", {"to": "reported_done"}, format="json")
    assert response.json()["status"] == "reported_done"
    assert response.json()["progress"] == 100
    response = office_api.post(f"{TASKS}{task.pk}/transition/", {"to": "done"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "done"
    assert body["completed_on"] == timezone.localdate().isoformat()
    assert body["timeliness"] == "done_late"  # due 31/01/2022, done today
    assert [e.changes["status"][1] for e in task.events.order_by("id")] == [
        "in_progress",
        "reported_done",
        "done",
    ]


def test_illegal_transition_is_a_409_with_a_vietnamese_message(api, office, task):
    before = task_state(task)
    response = as_user(api, office).post(f"{TASKS}{task.pk}/transition/", {"to": "done"}, format="json")
    body = assert_error(response, 409)
    assert body["message"] == "Không thể chuyển nhiệm vụ từ “Mới giao” sang “Hoàn thành”."
    assert body["errors"] == {}
    assert task_state(task) == before
    assert not TaskEvent.objects.exists()


def test_unknown_target_state_is_a_400(api, office, task):
    assert_error(
        as_user(api, office).post(f"{TASKS}{task.pk}/transition/", {"to": "finished"}, format="json"),
        400,
        "to",
    )


def test_cancel_needs_a_reason(api, office, task):
    before = task_state(task)
    response = as_user(api, office).post(f"{TASKS}{task.pk}/transition/", {"to": "cancelled"}, format="json")
    body = assert_error(response, 400, "reason")
    assert body["message"] == "Cần ghi rõ lý do."
    assert task_state(task) == before


def test_refused_action_is_a_403_with_a_vietnamese_message(api, staff, task):
    response = as_user(api, staff).post(
        f"{TASKS}{task.pk}/request-extension/",
        {"new_due_date": "2022-03-31", "reason": "Chờ kinh phí"},
        format="json",
    )
    body = assert_error(response, 403)
    assert body["message"] == "Bạn không có quyền thực hiện thao tác này."
    assert not ExtensionRequest.objects.exists()


# --------------------------------------------------------------------------------------- progress reports


def test_report_progress_as_json(api, staff, task):
    response = as_user(api, staff).post(
        f"{TASKS}{task.pk}/report-progress/", {"percent": 40, "note": "Đã xong dự thảo"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["percent"] == 40
    assert response.json()["attachments"] == []
    task.refresh_from_db()
    assert (task.progress, task.status, task.version) == (40, TaskStatus.IN_PROGRESS, 2)


@pytest.mark.parametrize("percent", [101, -1, "abc", "", None])
def test_bad_percent_is_a_400_on_percent(api, lead, task, percent):
    before = task_state(task)
    response = as_user(api, lead).post(
        f"{TASKS}{task.pk}/report-progress/", {"percent": percent, "note": "x"}, format="json"
    )
    assert_error(response, 400, "percent")
    assert task_state(task) == before
    assert not ProgressReport.objects.exists()


def test_report_progress_on_a_closed_task_is_a_409(api, lead, own_unit):
    closed = TaskFactory(lead_unit=own_unit, status=TaskStatus.REPORTED_DONE, completed_on=date(2022, 1, 5))
    response = as_user(api, lead).post(f"{TASKS}{closed.pk}/report-progress/", {"percent": 50}, format="json")
    body = assert_error(response, 409)
    assert "Đã báo cáo hoàn thành" in body["message"]


def test_evidence_upload_multipart_real_pdf(api, lead, task):
    files = [
        SimpleUploadedFile("bao-cao-tien-do.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("anh-hop.png", PNG, content_type="image/png"),
    ]
    response = as_user(api, lead).post(
        f"{TASKS}{task.pk}/report-progress/",
        {"percent": "60", "note": "Kèm biên bản", "files": files},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    names = [a["name"] for a in response.json()["attachments"]]
    assert sorted(names) == ["anh-hop.png", "bao-cao-tien-do.pdf"]
    pdf = Attachment.objects.get(original_name="bao-cao-tien-do.pdf")
    assert pdf.task_id == task.pk
    assert pdf.content_type == "application/pdf"
    assert pdf.size == len(PDF)
    with pdf.file.open("rb") as fh:
        assert fh.read() == PDF
    assert Task.objects.get(pk=task.pk).progress == 60


@pytest.mark.parametrize(
    ("name", "content"),
    [("setup.exe", EXE), ("bao-cao.pdf", PNG), ("bao-cao.pdf", EXE), ("trong.pdf", b"")],
    ids=["exe", "png-named-pdf", "exe-named-pdf", "empty"],
)
def test_evidence_upload_refuses_bad_files(api, lead, task, name, content):
    before = task_state(task)
    good = SimpleUploadedFile("ok.pdf", PDF, content_type="application/pdf")
    bad = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = as_user(api, lead).post(
        f"{TASKS}{task.pk}/report-progress/", {"percent": 10, "files": [good, bad]}, format="multipart"
    )
    assert_error(response, 400, "files")
    assert task_state(task) == before
    assert not ProgressReport.objects.exists()
    assert not Attachment.objects.exists()


# ------------------------------------------------------------------------------------------- extensions


def test_request_extension_then_approve(api, lead, office, task):
    response = as_user(APIClient(), lead).post(
        f"{TASKS}{task.pk}/request-extension/",
        {"new_due_date": "2022-03-31", "reason": "Chờ phân bổ kinh phí"},
        format="json",
    )
    assert response.status_code == 201, response.content
    extension_id = response.json()["id"]
    assert response.json()["status"] == "pending"

    office_api = as_user(APIClient(), office)
    response = office_api.post(f"{EXTENSIONS}{extension_id}/approve/", {"reason": "Đồng ý"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert response.json()["decided_by"]
    task.refresh_from_db()
    assert task.due_date == date(2022, 3, 31)
    assert task.original_due_date == date(2022, 1, 31)

    again = office_api.post(f"{EXTENSIONS}{extension_id}/reject/", {"reason": "Nhầm"}, format="json")
    assert assert_error(again, 409)["message"] == "Đề nghị gia hạn này đã được xử lý."


def test_reject_needs_a_reason(api, lead, office, task):
    extension = services.task_request_extension(
        task=task, user=lead, new_due_date=date(2022, 3, 31), reason="Chờ kinh phí"
    )
    api = as_user(api, office)
    assert_error(api.post(f"{EXTENSIONS}{extension.pk}/reject/", {}, format="json"), 400, "reason")
    assert ExtensionRequest.objects.get().status == ExtensionStatus.PENDING
    response = api.post(f"{EXTENSIONS}{extension.pk}/reject/", {"reason": "Không đủ căn cứ"}, format="json")
    assert response.json()["status"] == "rejected"
    assert Task.objects.get(pk=task.pk).due_date == date(2022, 1, 31)


def test_request_extension_validation(api, lead, task):
    api = as_user(api, lead)
    url = f"{TASKS}{task.pk}/request-extension/"
    body = assert_error(api.post(url, {"new_due_date": "2022-01-15", "reason": "x"}, format="json"), 400)
    assert body["errors"]["new_due_date"] == ["Hạn đề nghị phải sau hạn hiện tại (31/01/2022)."]
    assert_error(
        api.post(url, {"new_due_date": "31/03/2022", "reason": "x"}, format="json"), 400, "new_due_date"
    )
    assert_error(api.post(url, {"new_due_date": "2022-03-31", "reason": " "}, format="json"), 400, "reason")
    assert api.post(url, {"new_due_date": "2022-03-31", "reason": "Chờ"}, format="json").status_code == 201
    duplicate = api.post(url, {"new_due_date": "2022-04-30", "reason": "Chờ"}, format="json")
    assert assert_error(duplicate, 409)["message"] == "Nhiệm vụ đã có một đề nghị gia hạn đang chờ duyệt."
    assert ExtensionRequest.objects.count() == 1


def test_extension_request_list_is_scoped_and_filtered(api, lead, office, other_lead, task, other_unit):
    pending = services.task_request_extension(
        task=task, user=lead, new_due_date=date(2022, 3, 31), reason="Chờ kinh phí"
    )
    other = TaskFactory(lead_unit=other_unit, due_date=date(2022, 5, 31))
    decided = ExtensionRequest.objects.create(
        task=other, new_due_date=date(2022, 6, 30), reason="r", status=ExtensionStatus.REJECTED
    )
    office_api = as_user(APIClient(), office)
    assert sorted(ids(office_api.get(EXTENSIONS))) == sorted([pending.pk, decided.pk])
    assert ids(office_api.get(EXTENSIONS, {"status": "pending"})) == [pending.pk]
    assert ids(office_api.get(EXTENSIONS, {"status": "rejected"})) == [decided.pk]
    row = office_api.get(EXTENSIONS, {"status": "pending"}).json()["results"][0]
    assert row["task"] == task.pk
    assert row["lead_unit"]["short_name"] == "Sở TTTT"
    assert row["document_code"] == task.document.code
    assert ids(as_user(APIClient(), other_lead).get(EXTENSIONS)) == [decided.pk]
    assert ids(as_user(APIClient(), lead).get(EXTENSIONS)) == [pending.pk]


# -------------------------------------------------------------------------------------------- documents


def test_document_list_and_filters(api, committee, own_unit):
    notice = DocumentFactory(
        title="Thông báo kết luận về chuyển đổi số", issue_year=2022, kind="TB", issuing_unit=own_unit
    )
    plan = DocumentFactory(
        title="Kế hoạch chuyển đổi số năm 2023", issue_year=2023, kind="KH", symbol="KH-UBND"
    )
    TaskFactory(document=plan)
    api = as_user(api, committee)
    rows = api.get(DOCUMENTS).json()["results"]
    assert [r["id"] for r in rows] == [plan.pk, notice.pk]
    assert rows[0]["task_count"] == 1
    assert rows[0]["code"] == f"{plan.number}/KH-UBND"
    assert rows[1]["issuing_unit"]["id"] == own_unit.pk
    assert ids(api.get(DOCUMENTS, {"year": 2022})) == [notice.pk]
    assert ids(api.get(DOCUMENTS, {"kind": "KH"})) == [plan.pk]
    assert ids(api.get(DOCUMENTS, {"issuing_unit": own_unit.pk})) == [notice.pk]
    assert ids(api.get(DOCUMENTS, {"q": "ke hoach chuyen doi so"})) == [plan.pk]
    assert ids(api.get(DOCUMENTS, {"q": "thong bao ket luan"})) == [notice.pk]


def test_document_detail_lists_only_visible_tasks(api, office, other_lead, document, task, other_task):
    tasks = as_user(APIClient(), office).get(f"{DOCUMENTS}{document.pk}/").json()["tasks"]
    assert sorted(t["id"] for t in tasks) == sorted([task.pk, other_task.pk])
    detail = as_user(APIClient(), other_lead).get(f"{DOCUMENTS}{document.pk}/").json()
    assert [t["id"] for t in detail["tasks"]] == [other_task.pk]
    assert detail["title"] == document.title
    assert "timeliness" in detail["tasks"][0]


def test_office_creates_a_document_with_its_tasks(api, office, own_unit, other_unit, coord_unit):
    payload = {
        "kind": "TB",
        "issuing_body_text": "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH",
        "number": "12",
        "symbol": "TB-VPUBND",
        "issue_year": 2022,
        "issue_month": 1,
        "issue_day": 6,
        "title": "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp Ban Chỉ đạo chuyển đổi số",
        "meeting_date": "2022-01-06",
        "chair": "Phạm Thiện Nghĩa",
        "recipients": ["Sở TTTT", "  ", "Sở Y tế"],
        "tasks": [
            {
                "item": "1",
                "content": "Xây dựng kho dữ liệu dùng chung",
                "lead_unit": own_unit.pk,
                "coordinating_units": [coord_unit.pk],
                "deadline_text": "trước ngày 25 tháng 01 năm 2022",
            },
            {
                "item": "2",
                "content": "Triển khai hồ sơ sức khỏe điện tử",
                "lead_unit": other_unit.pk,
                "deadline_text": "Quý I năm 2022",
                "priority": 3,
            },
        ],
    }
    response = as_user(api, office).post(DOCUMENTS, payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "12/TB-VPUBND"
    assert body["issue_date"] == "2022-01-06"
    assert body["recipients"] == ["Sở TTTT", "Sở Y tế"]
    assert body["version"] == 1
    assert [(t["item"], t["due_date"], t["deadline_kind"]) for t in body["tasks"]] == [
        ("1", "2022-01-25", "day"),
        ("2", "2022-03-31", "quarter"),
    ]
    document = Document.objects.get(pk=body["id"])
    assert "chuyen doi so" in document.search_text
    first, second = document.tasks.order_by("position")
    assert list(first.coordinating_units.all()) == [coord_unit]
    assert second.priority == 3
    assert TaskEvent.objects.filter(kind=EventKind.CREATED).count() == 2


def test_document_create_is_all_or_nothing(api, office, own_unit):
    payload = {
        "title": "Văn bản thử",
        "issuing_body_text": "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH",
        "tasks": [
            {"content": "Nhiệm vụ đúng", "lead_unit": own_unit.pk},
            {
                "content": "Nhiệm vụ sai",
                "lead_unit": own_unit.pk,
                "deadline_kind": "day",
            },  # day without a date
        ],
    }
    response = as_user(api, office).post(DOCUMENTS, payload, format="json")
    assert_error(response, 400, "due_date")
    assert not Document.objects.exists()
    assert not Task.objects.exists()


def test_document_create_validates_input(api, office):
    api = as_user(api, office)
    assert_error(api.post(DOCUMENTS, {"number": "1"}, format="json"), 400, "title")
    body = assert_error(
        api.post(
            DOCUMENTS,
            {"title": "X", "issuing_body_text": "UBND TỈNH", "tasks": [{"content": "Y"}]},
            format="json",
        ),
        400,
    )
    assert any(key.startswith("tasks") for key in body["errors"]), body  # the row's missing lead_unit
    assert_error(api.post(DOCUMENTS, {"title": "X", "issue_day": 5}, format="json"), 400, "issue_month")
    assert not Document.objects.exists()


def test_document_update_and_stale_version(api, office, document):
    api = as_user(api, office)
    url = f"{DOCUMENTS}{document.pk}/"
    response = api.patch(url, {"version": 1, "title": "Trích yếu mới"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert response.json()["title"] == "Trích yếu mới"
    stale = api.patch(url, {"version": 1, "title": "Ghi đè"}, format="json")
    assert "người khác cập nhật" in assert_error(stale, 409)["message"]
    assert Document.objects.get(pk=document.pk).title == "Trích yếu mới"
    assert_error(api.patch(url, {"title": "Không có version"}, format="json"), 400, "version")
    response = api.put(url, {"version": 2, "title": "Thay toàn bộ", "kind": "KH"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["kind"] == "KH"


def test_document_update_with_tasks_edits_adds_and_removes(api, office, document, task, other_task, own_unit):
    response = as_user(api, office).patch(
        f"{DOCUMENTS}{document.pk}/",
        {
            "version": 1,
            "tasks": [
                {"id": task.pk, "version": task.version, "content": "Nội dung đã sửa"},
                {"content": "Nhiệm vụ bổ sung", "lead_unit": own_unit.pk},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert [t["content"] for t in response.json()["tasks"]] == ["Nội dung đã sửa", "Nhiệm vụ bổ sung"]
    assert not Task.objects.filter(pk=other_task.pk).exists()


# ------------------------------------------------------------------------------- authentication, schema


def test_token_authentication(api, lead, task):
    token = Token.objects.create(user=lead)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert ids(api.get(TASKS)) == [task.pk]
    response = api.post(f"{TASKS}{task.pk}/report-progress/", {"percent": 20}, format="json")
    assert response.status_code == 201, response.content
    assert ProgressReport.objects.get().reported_by == lead

    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = wrong.get(TASKS)
    assert_error(response, response.status_code)
    assert response.status_code in (401, 403)


def test_schema_endpoint(api, committee):
    response = as_user(api, committee).get("/api/v1/schema/", {"format": "json"})  # signed-in users only
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/documents/",
        "/api/v1/documents/{id}/",
        "/api/v1/tasks/",
        "/api/v1/tasks/{id}/",
        "/api/v1/tasks/{id}/report-progress/",
        "/api/v1/tasks/{id}/transition/",
        "/api/v1/tasks/{id}/request-extension/",
        "/api/v1/extension-requests/",
        "/api/v1/extension-requests/{id}/approve/",
        "/api/v1/extension-requests/{id}/reject/",
    ]:
        assert path in paths, path
    upload = paths["/api/v1/tasks/{id}/report-progress/"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload
    assert "as_of" in [p["name"] for p in paths["/api/v1/tasks/"]["get"]["parameters"]]


def test_docs_page_uses_no_cdn(api, committee):
    response = as_user(api, committee).get("/api/v1/docs/")  # signed-in users only
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any("swagger-ui" in a for a in assets)
    assert all(a.startswith("/") for a in assets), assets
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "googleapis"):
        assert cdn not in html
