"""The server-rendered pages of the directives app, in Vietnamese, for the roles that use them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives import services
from directives.choices import DeadlineKind, EventKind, ExtensionStatus, TaskStatus
from directives.models import Attachment, Document, ExtensionRequest, ProgressReport, Task
from tests.support.directives import FUTURE, document_post, edit_post, make_notice, task_row_data

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# ----------------------------------------------------------------------------------------------- fixtures


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def notice(office, own_unit, coord_unit):
    return make_notice(office, own_unit, coord_unit)


@pytest.fixture
def task(notice):
    return notice.tasks.get()


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def text_of(response) -> str:
    return response.content.decode()


# -------------------------------------------------------------------------------------------- documents


@pytest.mark.parametrize("persona", ["office", "lead", "other_lead", "committee", "admin"])
def test_document_list_renders_for_every_role(client, personas, notice, persona):
    response = as_user(client, personas[persona]).get(reverse("directives:document_list"))
    assert response.status_code == 200
    html = text_of(response)
    for heading in ["Văn bản chỉ đạo", "Số/ký hiệu", "Trích yếu", "Cơ quan ban hành", "Số nhiệm vụ"]:
        assert heading in html
    assert "12/TB-VPUBND" in html
    assert "Kết luận của Chủ tịch UBND tỉnh về chuyển đổi số năm 2022" in html
    assert ("Thêm thông báo" in html) is (persona in ("office", "admin"))


def test_document_list_needs_login(client, db):
    response = client.get(reverse("directives:document_list"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_document_search_ignores_diacritics(client, office, own_unit):
    make_notice(office, own_unit, title="Kết luận về chuyển đổi số tỉnh")
    make_notice(office, own_unit, title="Kết luận về cải cách hành chính", number="13")
    response = as_user(client, office).get(reverse("directives:document_list"), {"q": "chuyen doi so"})
    html = text_of(response)
    assert "Kết luận về chuyển đổi số tỉnh" in html
    assert "cải cách hành chính" not in html
    response = client.get(reverse("directives:document_list"), {"q": "CẢI CÁCH"})
    assert "cải cách hành chính" in text_of(response)
    assert "chuyển đổi số tỉnh" not in text_of(response)


def test_document_list_filters_year_kind_and_issuing_body(client, office, own_unit, office_unit):
    make_notice(office, own_unit, title="Thông báo năm 2022", issuing_unit=office_unit)
    make_notice(
        office,
        own_unit,
        title="Kế hoạch năm 2023",
        kind="KH",
        number="145",
        symbol="KH-UBND",
        issue_year=2023,
    )
    as_user(client, office)
    url = reverse("directives:document_list")
    html = text_of(client.get(url, {"year": 2023}))
    assert "Kế hoạch năm 2023" in html and "Thông báo năm 2022" not in html
    html = text_of(client.get(url, {"kind": "TB"}))
    assert "Thông báo năm 2022" in html and "Kế hoạch năm 2023" not in html
    html = text_of(client.get(url, {"issuing_unit": office_unit.pk}))
    assert "Thông báo năm 2022" in html and "Kế hoạch năm 2023" not in html


def test_document_list_paginates(client, office, own_unit):
    for n in range(27):
        make_notice(office, own_unit, title=f"Văn bản thứ {n}", number=str(100 + n), tasks=[])
    as_user(client, office)
    first = text_of(client.get(reverse("directives:document_list")))
    assert "Trang 1/2" in first
    second = text_of(client.get(reverse("directives:document_list"), {"page": 2}))
    assert "Trang 2/2" in second
    assert second.count('<div class="small">Văn bản thứ') == 2  # the phone cards; the table has the same rows


def test_document_detail_shows_facts_body_recipients_and_tasks(client, lead, notice, task):
    response = as_user(client, lead).get(reverse("directives:document_detail", args=[notice.pk]))
    assert response.status_code == 200
    html = text_of(response)
    assert "Thông tin văn bản" in html and "10/01/2022" in html
    assert 'id="doc-body"' in html and "Nội dung kết luận cuộc họp Ban Chỉ đạo." in html
    assert "Nơi nhận" in html and "Lưu: VT" in html
    assert "Xây dựng Kế hoạch chuyển đổi số năm 2022" in html
    assert f"25/01/{FUTURE}" in html
    assert 'class="badge timeliness-on_track"' in html and "Đang thực hiện trong hạn" in html
    assert "Mới giao" in html  # status label
    assert "Sở TTTT" in html and "SXD" in html  # lead and coordinating units
    assert 'role="progressbar"' in html
    assert "Sửa văn bản và nhiệm vụ" not in html  # not office


def test_document_detail_shows_only_tasks_the_user_may_see(client, office, own_unit, other_unit, other_lead):
    document = make_notice(
        office,
        own_unit,
        tasks=[
            {"item": "1", "content": "Việc của Sở TTTT", "lead_unit": own_unit},
            {"item": "2", "content": "Việc của Sở Y tế", "lead_unit": other_unit},
        ],
    )
    html = text_of(as_user(client, other_lead).get(reverse("directives:document_detail", args=[document.pk])))
    assert "Việc của Sở Y tế" in html
    assert "Việc của Sở TTTT" not in html


def test_create_page_is_for_office_only(client, office, lead, committee):
    url = reverse("directives:document_create")
    html = text_of(as_user(client, office).get(url))
    assert "Thêm thông báo kết luận và các nhiệm vụ" in html
    assert 'name="tasks-0-content"' in html  # one empty task row to start with
    assert 'hx-get="/documents/task-row/"' in html
    assert 'id="unit-search-index"' in html
    client.logout()
    assert as_user(client, lead).get(url).status_code == 403
    client.logout()
    assert as_user(client, committee).get(url).status_code == 403


def test_create_notice_with_two_tasks_through_the_page(client, office, own_unit, other_unit, coord_unit):
    data = document_post(
        2,
        meeting_date="2022-01-06",
        **task_row_data(
            0,
            item="1",
            content="Xây dựng kho dữ liệu dùng chung",
            lead_unit=own_unit.pk,
            deadline_text="trong tháng 02 năm 2022",
            priority="3",
        ),
        **task_row_data(
            1,
            item="4.a",
            content="Triển khai hồ sơ sức khỏe điện tử",
            lead_unit=other_unit.pk,
            deadline_text="",
            due_date="2022-03-15",
            priority="2",
        ),
    )
    data["tasks-0-coordinating_units"] = [coord_unit.pk, other_unit.pk]
    response = as_user(client, office).post(reverse("directives:document_create"), data)
    assert response.status_code == 302
    document = Document.objects.get()
    assert response.url == reverse("directives:document_detail", args=[document.pk])
    assert document.title == "Kết luận về chuyển đổi số trong y tế"
    assert document.recipients == ["Sở Y tế", "Sở Thông tin và Truyền thông"]
    assert document.issue_year == 2022 and document.issue_month is None
    assert document.meeting_date == date(2022, 1, 6)
    tasks = list(document.tasks.order_by("position"))
    assert [(t.item, t.content, t.lead_unit_id) for t in tasks] == [
        ("1", "Xây dựng kho dữ liệu dùng chung", own_unit.pk),
        ("4.a", "Triển khai hồ sơ sức khỏe điện tử", other_unit.pk),
    ]
    assert tasks[0].deadline_kind == DeadlineKind.MONTH and tasks[0].due_date == date(2022, 2, 28)
    assert tasks[0].priority == 3
    assert set(tasks[0].coordinating_units.values_list("pk", flat=True)) == {coord_unit.pk, other_unit.pk}
    assert tasks[1].deadline_kind == DeadlineKind.DAY and tasks[1].due_date == date(2022, 3, 15)
    assert Task.objects.count() == 2
    followed = client.get(response.url)
    assert "Đã tạo văn bản 25/TB-VPUBND với 2 nhiệm vụ." in text_of(followed)


def test_create_ignores_blank_and_removed_rows(client, office, own_unit):
    data = document_post(
        3,
        **task_row_data(0, content="Nhiệm vụ giữ lại", lead_unit=own_unit.pk, priority="2"),
        **task_row_data(1, content="", lead_unit="", priority="2"),  # added, left blank
        **task_row_data(2, content="Dòng đã xóa", lead_unit=own_unit.pk, priority="2", DELETE="on"),
    )
    response = as_user(client, office).post(reverse("directives:document_create"), data)
    assert response.status_code == 302
    assert list(Task.objects.values_list("content", flat=True)) == ["Nhiệm vụ giữ lại"]


def test_create_shows_vietnamese_errors_next_to_fields_and_keeps_input(client, office, own_unit):
    data = document_post(
        1,
        title="",
        issue_month="13",
        **task_row_data(0, content="Nội dung đã nhập", lead_unit="", priority="2"),
    )
    response = as_user(client, office).post(reverse("directives:document_create"), data)
    assert response.status_code == 400
    html = text_of(response)
    assert "Chưa lưu được: hãy sửa các ô được đánh dấu bên dưới." in html
    assert html.count("Trường này là bắt buộc.") == 1  # the title
    assert "Hãy chọn đơn vị chủ trì hoặc một nhóm đơn vị." in html  # the row's lead (or a group)
    assert "Giá trị phải nhỏ hơn hoặc bằng 12." in html
    assert "Nội dung đã nhập" in html
    assert not Document.objects.exists()


def test_create_shows_the_service_rule_next_to_the_field(client, office, own_unit):
    # A day without a month is refused by the model's clean(), reported by the service.
    data = document_post(
        1, issue_day="5", **task_row_data(0, content="Việc", lead_unit=own_unit.pk, priority="2")
    )
    response = as_user(client, office).post(reverse("directives:document_create"), data)
    assert response.status_code == 400
    assert "Có ngày thì phải có tháng ban hành." in text_of(response)
    assert not Document.objects.exists() and not Task.objects.exists()


def test_task_row_partial_has_next_index_and_updates_the_total(client, office):
    response = as_user(client, office).get(reverse("directives:task_row"), {"tasks-TOTAL_FORMS": "3"})
    html = text_of(response)
    assert 'name="tasks-3-content"' in html and 'name="tasks-3-DELETE"' in html
    assert re.search(r'name="tasks-TOTAL_FORMS" value="4"[^>]*hx-swap-oob="true"', html)
    assert "Đơn vị chủ trì" in html and "Đơn vị phối hợp" in html


def test_deadline_preview_shows_kind_and_date(client, office):
    url = reverse("directives:deadline_preview")
    as_user(client, office)
    html = text_of(client.get(url, {"tasks-0-deadline_text": "trong Quý I năm 2022"}))
    assert "Trong quý" in html and "31/03/2022" in html
    html = text_of(client.get(url, {"tasks-2-deadline_text": "trước ngày 15/3", "issue_year": "2023"}))
    assert "Ngày cụ thể" in html and "15/03/2023" in html
    html = text_of(client.get(url, {"deadline_text": "hằng năm"}))
    assert "Định kỳ" in html and "Hằng năm" in html
    html = text_of(client.get(url, {"tasks-0-deadline_text": "", "tasks-0-due_date": "2022-05-31"}))
    assert "Hạn nhập tay" in html and "31/05/2022" in html


def test_edit_page_updates_the_notice_and_its_rows(client, office, own_unit, other_unit, coord_unit):
    document = make_notice(
        office,
        own_unit,
        tasks=[
            {"item": "1", "content": "Việc thứ nhất", "lead_unit": own_unit, "deadline_text": "tháng 9/2022"},
            {"item": "2", "content": "Việc sẽ bỏ", "lead_unit": own_unit},
        ],
    )
    first, second = document.tasks.order_by("position")
    data = edit_post(document, [first, second], title="Trích yếu đã sửa")
    data.update(task_row_data(0, content="Việc thứ nhất (sửa)", lead_unit=other_unit.pk))
    data["tasks-1-DELETE"] = "on"
    data["tasks-TOTAL_FORMS"] = "3"
    data.update(task_row_data(2, content="Việc mới thêm", lead_unit=coord_unit.pk, priority="2"))
    response = as_user(client, office).post(reverse("directives:document_edit", args=[document.pk]), data)
    assert response.status_code == 302, text_of(response)
    document.refresh_from_db()
    assert document.title == "Trích yếu đã sửa" and document.version == 2
    tasks = list(document.tasks.order_by("position"))
    assert [(t.content, t.lead_unit_id) for t in tasks] == [
        ("Việc thứ nhất (sửa)", other_unit.pk),
        ("Việc mới thêm", coord_unit.pk),
    ]
    assert tasks[0].pk == first.pk and tasks[0].due_date == date(2022, 9, 30)
    assert not Task.objects.filter(pk=second.pk).exists()


def test_edit_without_touching_the_deadline_keeps_an_approved_extension(client, office, lead, task):
    extension = services.task_request_extension(
        task=task, user=lead, new_due_date=task.due_date + timedelta(days=30), reason="Chờ thẩm định"
    )
    services.extension_approve(extension=extension, user=office)
    task.refresh_from_db()
    extended = task.due_date
    document = task.document
    document.refresh_from_db()
    page = text_of(as_user(client, office).get(reverse("directives:document_edit", args=[document.pk])))
    assert extended.strftime("%d/%m/%Y") in page  # shown as the explicit date (dd/mm/yyyy)
    data = edit_post(document, [task], title="Sửa trích yếu")
    data["tasks-0-due_date"] = extended.isoformat()
    response = client.post(reverse("directives:document_edit", args=[document.pk]), data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.due_date == extended and task.original_due_date == extended - timedelta(days=30)


def test_edit_with_a_stale_document_version_shows_the_conflict_and_changes_nothing(
    client, office, notice, task
):
    stale = edit_post(notice, [task], title="Bản của người thứ hai")
    # Someone else saves the notice first.
    services.document_update(
        user=office, document=notice, version=notice.version, data={"title": "Bản của người thứ nhất"}
    )
    response = as_user(client, office).post(reverse("directives:document_edit", args=[notice.pk]), stale)
    assert response.status_code == 400
    html = text_of(response)
    assert "Văn bản vừa được người khác cập nhật" in html
    assert "Bản của người thứ hai" in html  # the user's input is kept
    assert "chưa có gì bị ghi đè" in html
    notice.refresh_from_db()
    assert notice.title == "Bản của người thứ nhất" and notice.version == 2


def test_edit_with_a_stale_task_version_shows_the_conflict_and_changes_nothing(
    client, office, lead, notice, task
):
    stale = edit_post(notice, [task], title="Trích yếu mới")
    stale["tasks-0-content"] = "Nội dung của người thứ hai"
    services.task_report_progress(task=task, user=lead, percent=20)  # bumps the task's version
    response = as_user(client, office).post(reverse("directives:document_edit", args=[notice.pk]), stale)
    assert response.status_code == 400
    assert "Nhiệm vụ vừa được người khác cập nhật" in text_of(response)
    task.refresh_from_db()
    notice.refresh_from_db()
    assert task.content == "Xây dựng Kế hoạch chuyển đổi số năm 2022" and task.progress == 20
    assert notice.title != "Trích yếu mới" and notice.version == 1


def test_removing_a_task_with_reports_is_refused_with_a_message(client, office, lead, notice, task):
    services.task_report_progress(task=task, user=lead, percent=10)
    task.refresh_from_db()
    data = edit_post(notice, [task])
    data["tasks-0-DELETE"] = "on"
    response = as_user(client, office).post(reverse("directives:document_edit", args=[notice.pk]), data)
    assert response.status_code == 400
    assert "Không thể xóa nhiệm vụ" in text_of(response)
    assert Task.objects.filter(pk=task.pk).exists()


# ------------------------------------------------------------------------------------------------ tasks


def _two_timeliness_tasks(office, own_unit, other_unit):
    return make_notice(
        office,
        own_unit,
        tasks=[
            {
                "item": "1",
                "content": "Việc đã quá hạn",
                "lead_unit": own_unit,
                "deadline_text": "trước ngày 10/01/2022",
            },
            {
                "item": "2",
                "content": "Việc còn trong hạn",
                "lead_unit": other_unit,
                "deadline_text": f"năm {FUTURE}",
            },
            {
                "item": "3",
                "content": "Việc thường xuyên",
                "lead_unit": own_unit,
                "deadline_text": "thường xuyên",
            },
        ],
    )


def test_task_list_counts_by_timeliness_link_to_the_filtered_list(
    client, committee, office, own_unit, other_unit
):
    _two_timeliness_tasks(office, own_unit, other_unit)
    as_user(client, committee)
    response = client.get(reverse("directives:task_list"))
    assert response.status_code == 200
    html = text_of(response)
    assert re.search(
        r'href="\?timeliness=overdue" data-timeliness="overdue">\s*<div class="small"><span class="badge timeliness-overdue">Quá hạn</span></div><div class="h4 mb-0">1</div>',
        html,
    )
    assert "Việc đã quá hạn" in html and "Việc còn trong hạn" in html and "Việc thường xuyên" in html
    filtered = text_of(client.get(reverse("directives:task_list"), {"timeliness": "overdue"}))
    assert "Việc đã quá hạn" in filtered and "Việc còn trong hạn" not in filtered
    # The counts stay those of the other filters, whatever timeliness is chosen.
    assert re.search(
        r'data-timeliness="on_track">\s*<div class="small"><span class="badge timeliness-on_track">Đang thực hiện trong hạn</span></div><div class="h4 mb-0">1</div>',
        filtered,
    )


def test_task_list_derives_timeliness_at_as_of(client, committee, office, own_unit, other_unit):
    _two_timeliness_tasks(office, own_unit, other_unit)
    html = text_of(
        as_user(client, committee).get(
            reverse("directives:task_list"), {"as_of": "2022-01-05", "timeliness": "overdue"}
        )
    )
    assert "Việc đã quá hạn" not in html
    assert "tính đến ngày 05/01/2022" in html


def test_task_list_filters_unit_status_document_due_range_and_text(client, office, own_unit, other_unit):
    document = _two_timeliness_tasks(office, own_unit, other_unit)
    other = make_notice(
        office,
        own_unit,
        title="Văn bản khác",
        number="99",
        tasks=[{"content": "Việc ở văn bản khác", "lead_unit": own_unit}],
    )
    as_user(client, office)
    url = reverse("directives:task_list")
    html = text_of(client.get(url, {"unit": other_unit.pk}))
    assert "Việc còn trong hạn" in html and "Việc đã quá hạn" not in html
    html = text_of(client.get(url, {"document": other.pk}))
    assert "Việc ở văn bản khác" in html and "Việc đã quá hạn" not in html
    html = text_of(client.get(url, {"due_after": "2022-01-01", "due_before": "2022-12-31"}))
    assert "Việc đã quá hạn" in html and "Việc còn trong hạn" not in html
    html = text_of(client.get(url, {"q": "viec thuong xuyen"}))
    assert "Việc thường xuyên" in html and "Việc đã quá hạn" not in html
    services.task_transition(
        task=document.tasks.get(item="1"), user=office, to=TaskStatus.PAUSED, reason="Chờ"
    )
    html = text_of(client.get(url, {"status": "paused"}))
    assert "Việc đã quá hạn" in html and "Việc thường xuyên" not in html


def test_task_list_shows_only_visible_tasks(client, other_lead, office, own_unit, other_unit):
    _two_timeliness_tasks(office, own_unit, other_unit)
    html = text_of(as_user(client, other_lead).get(reverse("directives:task_list")))
    assert "Việc còn trong hạn" in html and "Việc đã quá hạn" not in html


def test_task_detail_shows_fields_deadlines_history_and_forms(client, office, lead, task):
    services.task_report_progress(task=task, user=lead, percent=40, note="Đã có dự thảo")
    extension = services.task_request_extension(
        task=task, user=lead, new_due_date=task.due_date + timedelta(days=10), reason="Cần lấy ý kiến"
    )
    services.extension_approve(extension=extension, user=office)
    response = as_user(client, lead).get(reverse("directives:task_detail", args=[task.pk]))
    html = text_of(response)
    assert "Hạn ban đầu" in html and f"25/01/{FUTURE}" in html
    assert f"04/02/{FUTURE}" in html and "đã gia hạn" in html
    assert "Lịch sử" in html
    # Each event says what changed, with Vietnamese labels and status labels.
    assert "Giao nhiệm vụ" in html and "Báo cáo tiến độ" in html and "Đồng ý gia hạn" in html
    assert re.search(
        r'Trạng thái:</span> <span class="before">Mới giao</span> → <span class="after fw-semibold">Đang thực hiện</span>',
        html,
    )
    assert re.search(
        r'Tiến độ \(%\):</span> <span class="before">0%</span> → <span class="after fw-semibold">40%</span>',
        html,
    )
    assert re.search(
        rf'Hạn hoàn thành:</span> <span class="before">25/01/{FUTURE}</span> → <span class="after fw-semibold">04/02/{FUTURE}</span>',
        html,
    )
    assert "Đã có dự thảo" in html and "Cần lấy ý kiến" in html
    # What the lead may do: progress, report done, ask for extension; not the office's actions.
    assert 'id="progress-form"' in html and 'enctype="multipart/form-data"' in html
    assert "Báo cáo hoàn thành" in html and 'id="extension-form"' in html
    assert "Xác nhận hoàn thành" not in html and "Hủy nhiệm vụ" not in html and "Sửa nhiệm vụ" not in html


def test_task_detail_forms_follow_the_policy_and_the_workflow(client, office, committee, coord_lead, task):
    html = text_of(as_user(client, office).get(reverse("directives:task_detail", args=[task.pk])))
    for label in ["Sửa nhiệm vụ", "Bắt đầu thực hiện", "Tạm dừng", "Hủy nhiệm vụ", "Báo cáo hoàn thành"]:
        assert label in html
    assert "Tiếp tục thực hiện" not in html and "Xác nhận hoàn thành" not in html  # not from "new"
    for reader in (committee, coord_lead):
        client.logout()
        response = as_user(client, reader).get(reverse("directives:task_detail", args=[task.pk]))
        assert response.status_code == 200
        html = text_of(response)
        assert 'id="progress-form"' not in html and 'id="workflow-actions"' not in html
        assert 'id="extension-form"' not in html and "Sửa nhiệm vụ" not in html


def test_task_detail_is_404_for_another_units_lead(client, other_lead, task):
    assert (
        as_user(client, other_lead).get(reverse("directives:task_detail", args=[task.pk])).status_code == 404
    )


def test_progress_report_with_a_pdf_stores_it_and_only_allowed_users_download_it(
    client, media, lead, other_lead, coord_lead, task
):
    upload = SimpleUploadedFile("bao-cao-tien-do.pdf", PDF, content_type="application/pdf")
    response = as_user(client, lead).post(
        reverse("directives:task_report_progress", args=[task.pk]),
        {"percent": "50", "note": "Đã hoàn thành dự thảo", "files": [upload]},
    )
    assert response.status_code == 302
    assert response.url == reverse("directives:task_detail", args=[task.pk])
    attachment = Attachment.objects.get()
    assert attachment.original_name == "bao-cao-tien-do.pdf" and attachment.task_id == task.pk
    assert str(media) in attachment.file.path  # under MEDIA_ROOT, served only by the view
    task.refresh_from_db()
    assert task.progress == 50 and task.status == TaskStatus.IN_PROGRESS
    page = text_of(client.get(reverse("directives:task_detail", args=[task.pk])))
    assert "Đã ghi nhận báo cáo tiến độ 50%." in page
    download_url = reverse("directives:attachment_download", args=[attachment.pk])
    assert f'href="{download_url}"' in page and "/_private-media/" not in page
    response = client.get(download_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'attachment; filename="bao-cao-tien-do.pdf"' in response["Content-Disposition"]
    client.logout()
    assert as_user(client, other_lead).get(download_url).status_code == 404
    client.logout()
    assert as_user(client, coord_lead).get(download_url).status_code == 200  # coordinating unit sees it
    client.logout()
    assert client.get(download_url).status_code == 302  # anonymous: to the login page


def test_progress_with_several_files(client, media, lead, task):
    files = [
        SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("anh.png", PNG, content_type="image/png"),
    ]
    response = as_user(client, lead).post(
        reverse("directives:task_report_progress", args=[task.pk]), {"percent": "30", "files": files}
    )
    assert response.status_code == 302
    assert sorted(Attachment.objects.values_list("original_name", flat=True)) == ["a.pdf", "anh.png"]
    assert ProgressReport.objects.get().attachments.count() == 2


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("anh-that.pdf", PNG, "không đúng với đuôi .pdf"),
        ("chuong-trinh.exe", b"MZ\x90\x00" * 10, "Không nhận loại tệp"),
        ("qua-lon.pdf", PDF + b"0" * 2048, "quá lớn"),
    ],
)
def test_refused_upload_shows_a_message_and_saves_nothing(
    client, media, settings, lead, task, name, content, message
):
    settings.EVIDENCE_MAX_BYTES = 1024
    upload = SimpleUploadedFile(name, content)
    response = as_user(client, lead).post(
        reverse("directives:task_report_progress", args=[task.pk]),
        {"percent": "60", "note": "Có minh chứng", "files": [upload]},
    )
    assert response.status_code == 400
    html = text_of(response)
    assert message in html
    assert "Có minh chứng" in html  # the note is kept
    assert not Attachment.objects.exists() and not ProgressReport.objects.exists()
    task.refresh_from_db()
    assert task.progress == 0 and task.status == TaskStatus.NEW
    assert not task.events.filter(kind=EventKind.PROGRESS).exists()
    assert not any(media.rglob("*.*")) if media.exists() else True


def test_progress_percent_out_of_range_is_refused_next_to_the_field(client, lead, task):
    response = as_user(client, lead).post(
        reverse("directives:task_report_progress", args=[task.pk]), {"percent": "150"}
    )
    assert response.status_code == 400
    assert "Giá trị phải nhỏ hơn hoặc bằng 100." in text_of(response)
    assert not ProgressReport.objects.exists()


def test_quick_progress_with_htmx_returns_the_updated_card(client, media, lead, task):
    response = as_user(client, lead).post(
        reverse("directives:task_report_progress", args=[task.pk]),
        {"percent": "35", "note": "", "card": "1", "next": "/my-tasks/"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = text_of(response)
    assert html.lstrip().startswith(
        f'<article class="card shadow-sm mb-2 my-task-card" id="my-task-{task.pk}"'
    )
    assert "Đã ghi nhận báo cáo tiến độ 35%." in html and 'aria-valuenow="35"' in html
    task.refresh_from_db()
    assert task.progress == 35


def test_illegal_transition_shows_a_vietnamese_message(client, office, task):
    response = as_user(client, office).post(reverse("directives:task_transition", args=[task.pk, "done"]))
    assert response.status_code == 409
    assert "Không thể chuyển nhiệm vụ từ “Mới giao” sang “Hoàn thành”." in text_of(response)
    task.refresh_from_db()
    assert task.status == TaskStatus.NEW


def test_unknown_status_shows_a_message(client, office, task):
    response = as_user(client, office).post(reverse("directives:task_transition", args=[task.pk, "finished"]))
    assert response.status_code == 400
    assert "Trạng thái “finished” không tồn tại." in text_of(response)


def test_cancel_without_a_reason_is_refused_next_to_the_reason(client, office, task):
    response = as_user(client, office).post(
        reverse("directives:task_transition", args=[task.pk, "cancelled"]), {"reason": "  "}
    )
    assert response.status_code == 400
    assert "Cần ghi rõ lý do." in text_of(response)
    task.refresh_from_db()
    assert task.status == TaskStatus.NEW


def test_report_done_then_confirm_from_the_pages(client, office, lead, task):
    as_user(client, lead)
    response = client.post(
        reverse("directives:task_transition", args=[task.pk, "reported_done"]), {"next": "/my-tasks/"}
    )
    assert response.status_code == 302 and response.url == "/my-tasks/"
    task.refresh_from_db()
    assert task.status == TaskStatus.REPORTED_DONE and task.progress == 100
    client.logout()
    as_user(client, office)
    response = client.post(
        reverse("directives:task_transition", args=[task.pk, "done"]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("directives:task_detail", args=[task.pk])  # no open redirect
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    html = text_of(client.get(response.url))
    assert "Nhiệm vụ đã chuyển sang “Hoàn thành”." in html
    assert "Hoàn thành đúng hạn" in html


def test_request_extension_validation_message(client, lead, task):
    response = as_user(client, lead).post(
        reverse("directives:task_request_extension", args=[task.pk]),
        {"new_due_date": "2020-01-01", "reason": "Lý do"},
    )
    assert response.status_code == 400
    assert f"Hạn đề nghị phải sau hạn hiện tại (25/01/{FUTURE})." in text_of(response)
    assert not ExtensionRequest.objects.exists()


def test_task_edit_page_saves_and_refuses_a_stale_version(client, office, lead, task, other_unit):
    url = reverse("directives:task_edit", args=[task.pk])
    page = text_of(as_user(client, office).get(url))
    assert "Sửa nhiệm vụ" in page and "Hạn hiện tại" in page
    data = {
        "id": task.pk,
        "version": task.version,
        "item": "1.a",
        "content": "Nội dung sửa",
        "lead_unit": other_unit.pk,
        "deadline_text": task.deadline_text,
        "due_date": "",
        "priority": "4",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.item, task.content, task.lead_unit_id, task.priority) == (
        "1.a",
        "Nội dung sửa",
        other_unit.pk,
        4,
    )
    assert task.coordinating_units.count() == 0
    event = task.events.filter(kind=EventKind.UPDATED).get()
    assert event.changes["content"] == ["Xây dựng Kế hoạch chuyển đổi số năm 2022", "Nội dung sửa"]
    # The same form posted again carries the old version: conflict, nothing written.
    data["content"] = "Bản cũ"
    response = client.post(url, data)
    assert response.status_code == 400
    html = text_of(response)
    assert "Nhiệm vụ vừa được người khác cập nhật" in html and "Bản cũ" in html
    task.refresh_from_db()
    assert task.content == "Nội dung sửa"


# ----------------------------------------------------------------------------------- my tasks, approvals


def test_my_tasks_groups_by_timeliness_with_quick_forms(
    client, office, lead, own_unit, coord_unit, other_unit
):
    make_notice(
        office,
        own_unit,
        tasks=[
            {
                "item": "1",
                "content": "Việc quá hạn của tôi",
                "lead_unit": own_unit,
                "deadline_text": "trước ngày 10/01/2022",
            },
            {
                "item": "2",
                "content": "Việc trong hạn của tôi",
                "lead_unit": own_unit,
                "deadline_text": f"năm {FUTURE}",
            },
            {
                "item": "3",
                "content": "Việc tôi phối hợp",
                "lead_unit": coord_unit,
                "coordinating_units": [own_unit],
            },
            {"item": "4", "content": "Việc của đơn vị khác", "lead_unit": other_unit},
        ],
    )
    html = text_of(as_user(client, lead).get(reverse("directives:my_tasks")))
    assert "Việc của đơn vị tôi" in html
    overdue, on_track = html.index('id="nhom-overdue"'), html.index('id="nhom-on_track"')
    assert overdue < html.index("Việc quá hạn của tôi") < on_track < html.index("Việc trong hạn của tôi")
    assert (
        html.index('id="nhom-no_deadline"')
        < html.index('id="nhom-done_late"')
        < html.index('id="nhom-done_on_time"')
    )
    coordinated = html.index('id="phoi-hop"')
    assert html.index("Việc tôi phối hợp") > coordinated
    assert "Việc của đơn vị khác" not in html
    assert html.count('class="row g-2 align-items-end quick-progress"') == 2  # only the led tasks
    assert 'hx-encoding="multipart/form-data"' in html
    assert html.count("Xin gia hạn") >= 2  # lead may ask, only on tasks with a due date


def test_my_tasks_for_a_user_without_unit(client, committee):
    html = text_of(as_user(client, committee).get(reverse("directives:my_tasks")))
    assert "chưa thuộc đơn vị nào" in html


def test_staff_sees_no_extension_form(client, staff, task):
    html = text_of(as_user(client, staff).get(reverse("directives:my_tasks")))
    assert "quick-progress" in html and 'id="ext-' not in html


def _reported_and_extension(office, lead, own_unit):
    document = make_notice(
        office,
        own_unit,
        tasks=[
            {
                "item": "1",
                "content": "Việc đã báo xong",
                "lead_unit": own_unit,
                "deadline_text": f"năm {FUTURE}",
            },
            {
                "item": "2",
                "content": "Việc xin gia hạn",
                "lead_unit": own_unit,
                "deadline_text": f"năm {FUTURE}",
            },
        ],
    )
    done, extend = document.tasks.order_by("position")
    services.task_transition(task=done, user=lead, to=TaskStatus.REPORTED_DONE)
    extension = services.task_request_extension(
        task=extend, user=lead, new_due_date=date(FUTURE + 1, 3, 31), reason="Chờ vốn"
    )
    return done, extend, extension


def test_approval_queue_lists_both_kinds_and_is_office_only(client, office, lead, committee, own_unit):
    done, extend, extension = _reported_and_extension(office, lead, own_unit)
    html = text_of(as_user(client, office).get(reverse("directives:approval_queue")))
    assert "Báo cáo hoàn thành chờ xác nhận" in html and "Việc đã báo xong" in html
    assert "Đề nghị gia hạn chờ duyệt" in html and "Việc xin gia hạn" in html and "Chờ vốn" in html
    assert f"31/03/{FUTURE + 1}" in html
    for other in (lead, committee):
        client.logout()
        assert as_user(client, other).get(reverse("directives:approval_queue")).status_code == 403


def test_approval_queue_confirm_and_send_back(client, office, lead, own_unit):
    done, _extend, _extension = _reported_and_extension(office, lead, own_unit)
    queue = reverse("directives:approval_queue")
    as_user(client, office)
    response = client.post(
        reverse("directives:task_transition", args=[done.pk, "in_progress"]),
        {"reason": "Thiếu minh chứng", "next": queue},
    )
    assert response.status_code == 302 and response.url == queue
    done.refresh_from_db()
    assert done.status == TaskStatus.IN_PROGRESS and done.status_reason == "Thiếu minh chứng"
    services.task_transition(task=done, user=lead, to=TaskStatus.REPORTED_DONE)
    response = client.post(reverse("directives:task_transition", args=[done.pk, "done"]), {"next": queue})
    assert response.url == queue
    done.refresh_from_db()
    assert done.status == TaskStatus.DONE and done.confirmed_by == office
    html = text_of(client.get(queue))
    assert "Nhiệm vụ đã chuyển sang “Hoàn thành”." in html and "Việc đã báo xong" not in html


def test_approval_queue_approve_and_reject_extensions(client, office, lead, own_unit):
    _done, extend, extension = _reported_and_extension(office, lead, own_unit)
    queue = reverse("directives:approval_queue")
    as_user(client, office)
    response = client.post(
        reverse("directives:extension_reject", args=[extension.pk]), {"reason": "", "next": queue}
    )
    assert response.status_code == 400 and "Cần ghi rõ lý do không đồng ý." in text_of(response)
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING
    response = client.post(reverse("directives:extension_approve", args=[extension.pk]), {"next": queue})
    assert response.status_code == 302 and response.url == queue
    extend.refresh_from_db()
    assert extend.due_date == date(FUTURE + 1, 3, 31) and extend.original_due_date == date(FUTURE, 12, 31)
    assert f"Đã đồng ý gia hạn đến 31/03/{FUTURE + 1}." in text_of(client.get(queue))
    # Deciding twice: a clear message.
    response = client.post(reverse("directives:extension_approve", args=[extension.pk]))
    assert response.status_code == 409 and "Đề nghị gia hạn này đã được xử lý." in text_of(response)
    second = services.task_request_extension(
        task=extend, user=lead, new_due_date=date(FUTURE + 2, 1, 1), reason="Lần hai"
    )
    response = client.post(
        reverse("directives:extension_reject", args=[second.pk]), {"reason": "Không có căn cứ", "next": queue}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == ExtensionStatus.REJECTED and second.decision_reason == "Không có căn cứ"
    extend.refresh_from_db()
    assert extend.due_date == date(FUTURE + 1, 3, 31)


# ---------------------------------------------------------------------------------------------- home


def test_home_panels_per_role(client, office, lead, committee, own_unit):
    _reported_and_extension(office, lead, own_unit)
    html = text_of(as_user(client, lead).get("/"))
    assert "Nhiệm vụ đơn vị tôi chủ trì" in html and 'href="/my-tasks/#nhom-on_track"' in html
    assert "Chờ Văn phòng duyệt" not in html and "Toàn bộ nhiệm vụ theo tình trạng thời hạn" not in html
    client.logout()
    html = text_of(as_user(client, office).get("/"))
    assert "Chờ Văn phòng duyệt" in html and "Toàn bộ nhiệm vụ theo tình trạng thời hạn" in html
    assert re.search(r'Báo cáo hoàn thành chờ xác nhận</div><div class="h4 mb-0">1</div>', html)
    assert re.search(r'Đề nghị gia hạn chờ duyệt</div><div class="h4 mb-0">1</div>', html)
    client.logout()
    html = text_of(as_user(client, committee).get("/"))
    assert (
        "Toàn bộ nhiệm vụ theo tình trạng thời hạn" in html and 'href="/tasks/?timeliness=on_track"' in html
    )
    assert re.search(
        r'timeliness-on_track">Đang thực hiện trong hạn</span>\s*<div class="h4 mb-0">2</div>', html
    )
    assert "Chờ Văn phòng duyệt" not in html


def test_navigation_links_to_the_pages(client, office):
    html = text_of(as_user(client, office).get("/"))
    for url in ["/documents/", "/tasks/", "/approvals/"]:
        assert f'href="{url}"' in html


def test_pages_with_the_demo_data(client, demo_data):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    as_user(client, users.get(username="lead_tttt"))
    html = text_of(client.get(reverse("directives:my_tasks")))
    assert "Sở Thông tin và Truyền thông" in html and "quick-progress" in html
    client.logout()
    as_user(client, users.get(username="office"))
    for name in ["document_list", "task_list", "approval_queue", "document_create"]:
        assert client.get(reverse(f"directives:{name}")).status_code == 200
    document = Document.objects.order_by("pk").first()
    assert client.get(reverse("directives:document_detail", args=[document.pk])).status_code == 200
    assert client.get(reverse("directives:document_edit", args=[document.pk])).status_code == 200
    assert (
        "chuyển đổi số"
        in text_of(client.get(reverse("directives:document_list"), {"q": "chuyen doi so"})).lower()
    )


def test_history_leaves_out_empty_changes(client, office, own_unit):
    document = make_notice(
        office, own_unit, tasks=[{"content": "Việc không có đơn vị phối hợp", "lead_unit": own_unit}]
    )
    task = document.tasks.get()
    html = text_of(as_user(client, office).get(reverse("directives:task_detail", args=[task.pk])))
    assert (
        'Đơn vị chủ trì:</span> <span class="before">—</span> → <span class="after fw-semibold">Sở Thông tin và Truyền thông</span>'
        in html
    )
    assert "Đơn vị phối hợp:</span>" not in html and "Hạn hoàn thành:</span>" not in html


def test_edit_row_without_its_version_is_refused(client, office, notice, task):
    data = edit_post(notice, [task], title="Không được lưu")
    data["tasks-0-version"] = ""
    response = as_user(client, office).post(reverse("directives:document_edit", args=[notice.pk]), data)
    assert response.status_code == 400
    assert "Thiếu phiên bản của nhiệm vụ" in text_of(response)
    notice.refresh_from_db()
    assert notice.title != "Không được lưu"
