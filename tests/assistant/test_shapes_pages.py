"""Issue 13 on the review screen: the shape recognised is shown, a task table becomes rows with their
units and deadlines, groups are shown as groups, doubtful rows are marked "cần xem lại" and listed first;
bad inputs get a clear message and nothing is saved. And the quality page of the office."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assistant.models import FieldReview
from directives.models import Document, Task
from dtsystem.units.models import Unit
from tests.support.forms import flat, form_data, with_issuing_body

URL = "/documents/assistant/"
QUALITY = "/documents/assistant/quality/"
TABLE = (
    "DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2025\n\n"
    "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n"
    "I\tHẠ TẦNG SỐ\t\t\t\n"
    "1\tNâng cấp trung tâm dữ liệu của tỉnh\tSở Khoa học và Công nghệ\tSở Tài chính\tQuý IV/2025\n"
    "2\tSố hóa hồ sơ hộ tịch\tSở Tư pháp\tUBND các xã, phường\t6/2026\n"
    "3\tRà soát thủ tục hành chính\tCác sở, ban, ngành\t\tThường xuyên\n"
    "4\tXúc tiến thương mại số\tTrung tâm Xúc tiến Thương mại tỉnh\t\tNăm học 2025-2026\n"
)


@pytest.fixture
def units(db):
    rows = [
        ("so-khcn", "Sở Khoa học và Công nghệ"),
        ("so-taichinh", "Sở Tài chính"),
        ("so-tuphap", "Sở Tư pháp"),
    ]
    return {code: Unit.objects.create(code=code, name=name) for code, name in rows}


@pytest.fixture
def office_client(client, office, units):
    client.force_login(office)
    return client


def rows_of(data):
    prefixes = {k.rsplit("-", 1)[0] for k in data if k.startswith("tasks-") and k.endswith("-content")}
    return sorted(prefixes, key=lambda p: int(data[f"{p}-order"][0]))


def test_a_pasted_table_becomes_rows_with_units_deadlines_and_sections(office_client, units):
    response = office_client.post(URL, {"step": "read", "text": TABLE})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã nhận dạng: bảng nhiệm vụ" in html
    data = with_issuing_body(form_data(html))
    prefixes = rows_of(data)
    assert [data[f"{p}-item"][0] for p in prefixes] == ["I.1", "I.2", "I.3", "I.4"]
    first, second, third, fourth = prefixes
    assert data[f"{first}-lead_unit"] == [str(units["so-khcn"].pk)]
    assert data[f"{first}-coordinating_units"] == [str(units["so-taichinh"].pk)]
    assert data[f"{first}-deadline_text"] == ["Quý IV/2025"]
    assert data[f"{first}-section"] == ["I. Hạ tầng số"]
    assert "31/12/2025" in html  # the deadline preview
    assert data[f"{second}-coordinating_notes"] == ["UBND các xã, phường"]
    assert data[f"{third}-group_key"] == ["departments"]
    assert "Giao cho nhóm đơn vị: <strong>các sở, ban, ngành</strong>" in html
    assert data[f"{fourth}-new_unit_name"] == ["Trung tâm Xúc tiến Thương mại"]
    assert not Document.objects.exists()


def test_doubtful_rows_are_marked_and_listed_first(office_client, units, settings):
    settings.ASSISTANT_REVIEW_THRESHOLD = 0.7
    html = office_client.post(URL, {"step": "read", "text": TABLE}).content.decode()
    summary = html.index("nhiệm vụ cần xem lại")
    assert summary < html.index('id="assistant-rows"')  # listed before the rows
    # the unit to create and the school year the parser cannot date; the group is shown as a group
    assert html.count("data-needs-review") == 1
    assert 'href="#tasks-3-row"' in html
    assert "Trợ lý chưa chắc về: đơn vị chủ trì, thời hạn" in html
    settings.ASSISTANT_REVIEW_THRESHOLD = 0.3
    html = office_client.post(URL, {"step": "read", "text": TABLE}).content.decode()
    assert "data-needs-review" not in html and "cần xem lại" not in html


def test_the_pasted_table_saves_its_tasks_in_one_step(office_client, units):
    data = with_issuing_body(
        form_data(office_client.post(URL, {"step": "read", "text": TABLE}).content.decode())
    )
    prefixes = rows_of(data)
    data[f"{prefixes[2]}-lead_unit"] = [str(units["so-tuphap"].pk)]  # the group resolved to one unit
    data[f"{prefixes[3]}-create_new_unit"] = ["on"]
    assert data["title"] == ["Danh mục nhiệm vụ chuyển đổi số năm 2025"]  # the table's caption
    response = office_client.post(URL, flat(data))
    assert response.status_code == 302, response.content.decode()[:3000]
    tasks = list(Task.objects.order_by("position"))
    assert [(t.item, t.lead_unit.name, t.due_date and t.due_date.isoformat()) for t in tasks] == [
        ("I.1", "Sở Khoa học và Công nghệ", "2025-12-31"),
        ("I.2", "Sở Tư pháp", "2026-06-30"),
        ("I.3", "Sở Tư pháp", None),
        ("I.4", "Trung tâm Xúc tiến Thương mại", None),
    ]
    group = FieldReview.objects.get(item="I.3", field="lead_unit")
    assert group.accepted is None  # a group resolved to a unit is not held against the assistant


def test_a_table_without_a_header_gets_a_message_and_nothing_is_read(office_client):
    text = "A\tB\tC\n1\tXây dựng kho dữ liệu\t2025\n2\tTập huấn kỹ năng số\t2026\n"
    response = office_client.post(URL, {"step": "read", "text": text})
    assert response.status_code == 400
    assert "Không nhận ra dòng tiêu đề của bảng" in response.content.decode()


def test_a_scanned_word_file_gets_a_message(office_client):
    import docx
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (200, 100), (90, 90, 90)).save(picture, format="PNG")
    picture.seek(0)
    document = docx.Document()
    document.add_picture(picture)
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("scan.docx", buffer.getvalue())
    response = office_client.post(URL, {"step": "read", "file": upload})
    assert response.status_code == 400
    assert "chỉ có hình ảnh" in response.content.decode()
    assert not Document.objects.exists()


def test_a_5mb_text_gets_a_message(office_client):
    text = "Sở Khoa học và Công nghệ chủ trì triển khai nhiệm vụ chuyển đổi số. " * 70000
    response = office_client.post(URL, {"step": "read", "text": text})
    assert response.status_code == 400
    assert "Văn bản quá dài" in response.content.decode()


# --------------------------------------------------------------------------- the quality page
def test_the_quality_page_explains_an_empty_state(office_client):
    html = office_client.get(QUALITY).content.decode()
    assert "Chưa có số liệu" in html and "chart-acceptance" not in html


def test_the_quality_page_shows_acceptance_per_field_and_month(
    office_client, office, units, django_assert_num_queries
):
    data = with_issuing_body(
        form_data(office_client.post(URL, {"step": "read", "text": TABLE}).content.decode())
    )
    prefixes = rows_of(data)
    data[f"{prefixes[0]}-deadline_text"] = ["Quý III/2025"]  # one deadline corrected
    data[f"{prefixes[2]}-lead_unit"] = [str(units["so-tuphap"].pk)]
    data[f"{prefixes[3]}-create_new_unit"] = ["on"]
    assert office_client.post(URL, flat(data)).status_code == 302
    FieldReview.objects.update(created_at="2025-11-05T10:00:00+07:00")

    with django_assert_num_queries(6):  # session, user, memberships (nav), three reads of the reviews
        html = office_client.get(QUALITY).content.decode()
    assert "Chưa có số liệu" not in html
    assert 'id="chart-acceptance"' in html and "assistant-quality-chart" in html
    assert "11/2025" in html
    assert "75%" in html and "(3/4)" in html  # deadlines: 3 of 4 kept
    assert "Quý IV/2025" in html and "Quý III/2025" in html  # the correction, before and after


@pytest.mark.parametrize("persona", ["lead", "staff", "committee"])
def test_only_the_office_sees_the_quality_page(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(QUALITY).status_code == 403


def test_the_navigation_offers_the_quality_page_to_the_office(office_client):
    assert QUALITY in office_client.get("/").content.decode()


def test_a_central_body_accepted_as_new_is_created_as_a_central_unit(office_client, units):
    text = (
        "VĂN PHÒNG CHÍNH PHỦ\n\nSố: 10/TB-VPCP\nHà Nội, ngày 02 tháng 9 năm 2025\n\nTHÔNG BÁO\n"
        "Kết luận của Thủ tướng Chính phủ\n\nThủ tướng Chính phủ kết luận như sau:\n\n"
        "1. Văn phòng Chính phủ chủ trì, phối hợp với Bộ Công an theo dõi việc thực hiện, báo cáo trong Quý IV "
        "năm 2025.\n"
    )
    html = office_client.post(URL, {"step": "read", "text": text}).content.decode()
    assert "Đã nhận dạng: văn bản của cơ quan trung ương" in html and "cơ quan trung ương</span>" in html
    data = with_issuing_body(form_data(html))
    (prefix,) = rows_of(data)
    assert data[f"{prefix}-new_unit_name"] == ["Văn phòng Chính phủ"]
    data[f"{prefix}-create_new_unit"] = ["on"]
    data[f"{prefix}-create_new_coordinating"] = ["on"]
    assert office_client.post(URL, flat(data)).status_code == 302
    assert {u.name: u.kind for u in Unit.objects.filter(name__in=["Văn phòng Chính phủ", "Bộ Công an"])} == {
        "Văn phòng Chính phủ": "central",
        "Bộ Công an": "central",
    }
