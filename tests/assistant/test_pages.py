"""The notice-text assistant page: paste or upload a notice → review screen → one POST saves the
document and its tasks (through services.document_create_from_extraction), or nothing at all."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives.models import Document, Task
from dtsystem.units.models import Unit
from tests.support.forms import flat, form_data, with_issuing_body

ROOT = Path(__file__).resolve().parents[2]
SEED_004 = (ROOT / "fixtures" / "notices" / "tb-quangngai-2022-02-14.txt").read_text(encoding="utf-8")
URL = "/documents/assistant/"


# --------------------------------------------------------------------------------------- helpers


def rows_of(data: dict[str, list[str]]) -> list[str]:
    """The row prefixes of a posted review form, in the page's order."""
    prefixes = sorted(
        {k.rsplit("-", 1)[0] for k in data if k.startswith("tasks-") and k.endswith("-content")}
    )
    return sorted(prefixes, key=lambda p: int(data[f"{p}-order"][0]))


@pytest.fixture
def units(office, lead, committee):
    from dtsystem.units.demo import load_units

    load_units()
    return {u.code: u for u in Unit.objects.all()}


@pytest.fixture
def office_client(client, office, units):
    client.force_login(office)
    return client


def review(client, text: str = SEED_004):
    response = client.post(URL, {"step": "read", "text": text})
    assert response.status_code == 200, response.content.decode()[:2000]
    return response


# --------------------------------------------------------------------------------------- tests


def test_start_page_offers_paste_and_upload(office_client):
    response = office_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="text"' in html and 'name="file"' in html
    assert "Nhập nhanh thông báo từ văn bản" in html
    assert reverse("assistant:start") == URL


def test_nav_shows_the_assistant_to_office_only(client, office, lead, units):
    client.force_login(office)
    assert "Nhập nhanh từ văn bản" in client.get("/").content.decode()
    client.force_login(lead)
    assert "Nhập nhanh từ văn bản" not in client.get("/").content.decode()


def test_review_lists_every_proposed_task_with_preset_units(office_client, units):
    from assistant.selectors import known_units
    from extraction import extract_notice

    expected = extract_notice(SEED_004, units=known_units())
    response = review(office_client)
    html = response.content.decode()
    data = with_issuing_body(form_data(html))
    prefixes = rows_of(data)
    assert len(prefixes) == len(expected.tasks) == 11
    tttt = units["so-tttt"]
    for prefix, task in zip(prefixes, expected.tasks, strict=True):
        assert data[f"{prefix}-item"] == [task.item]
        assert data[f"{prefix}-lead_unit"] == [str(task.lead_unit.id)]
        coords = {str(u.id) for u in task.coordinating_units if u.is_matched}
        assert set(data.get(f"{prefix}-coordinating_units", [])) == coords
        assert data[f"{prefix}-deadline_text"] == [task.deadline_text]
    assert {data[f"{p}-lead_unit"][0] for p in prefixes} == {str(tttt.pk)}
    # 2.c: Sở Tài chính coordinates; its deadline is shown as phrase and date.
    two_c = next(p for p in prefixes if data[f"{p}-item"] == ["2.c"])
    assert data[f"{two_c}-coordinating_units"] == [str(units["so-taichinh"].pk)]
    assert "trước ngày 28/02/2022" in html and "28/02/2022" in html
    # The header is filled.
    assert data["place"] == ["Quảng Ngãi"]
    assert data["symbol"] == ["TB-UBND"]
    assert data["issue_year"] == ["2022"] and data["issue_month"] == ["2"]
    assert data["meeting_date"] == ["14/02/2022"]  # dd/mm/yyyy, the date picker's format
    assert data["chair"] == ["Trần Phước Hiền"]
    assert "Kết luận của Phó Chủ tịch" in data["title"][0]
    assert "Viễn thông Quảng Ngãi" in data["recipients"][0]
    # The source sentence is highlighted, groups are flagged, the button counts the tasks.
    assert "<mark>c) Sở Thông tin và Truyền thông hoàn chỉnh đề xuất" in html
    assert "các sở, ngành, địa phương liên quan" in html
    assert "Lưu văn bản và <span data-row-count>11</span> nhiệm vụ" in html
    # Nothing saved yet.
    assert not Document.objects.exists()


def test_confirm_with_one_unit_corrected_saves_document_and_tasks(office_client, units):
    data = with_issuing_body(form_data(review(office_client).content.decode()))
    prefixes = rows_of(data)
    two_c = next(p for p in prefixes if data[f"{p}-item"] == ["2.c"])
    yte = units["so-yte"]
    data[f"{two_c}-lead_unit"] = [str(yte.pk)]

    response = office_client.post(URL, flat(data))

    document = Document.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("directives:document_detail", args=[document.pk])
    tasks = list(document.tasks.order_by("position"))
    assert len(tasks) == 11 == Task.objects.count()
    assert [t.item for t in tasks] == [data[f"{p}-item"][0] for p in prefixes]
    corrected = next(t for t in tasks if t.item == "2.c")
    assert corrected.lead_unit == yte
    assert list(corrected.coordinating_units.all()) == [units["so-taichinh"]]
    assert corrected.due_date.isoformat() == "2022-02-28"
    assert {t.lead_unit.code for t in tasks if t.item != "2.c"} == {"so-tttt"}
    assert document.place == "Quảng Ngãi" and document.meeting_date.isoformat() == "2022-02-14"
    assert document.body.startswith("Số: /TB-UBND")
    assert document.signer == "Nguyễn Phước Bình"
    assert document.signer_title == "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG"
    three_b = next(t for t in tasks if t.item == "3.b")
    assert three_b.due_date.isoformat() == "2022-06-30"
    page = office_client.get(response.url).content.decode()
    assert "Đã tạo văn bản" in page and "11 nhiệm vụ" in page


def test_rows_removed_reordered_and_added_are_saved_in_page_order(office_client, units):
    data = with_issuing_body(form_data(review(office_client).content.decode()))
    prefixes = rows_of(data)
    for key in [k for k in data if k.startswith(prefixes[0] + "-")]:
        del data[key]  # the first row was removed in the page
    data[f"{prefixes[1]}-order"] = ["99"]  # moved last
    total = int(data["tasks-TOTAL_FORMS"][0])
    data["tasks-TOTAL_FORMS"] = [str(total + 2)]
    data[f"tasks-{total}-order"] = ["50"]
    data[f"tasks-{total}-content"] = ["Báo cáo kết quả triển khai"]
    data[f"tasks-{total}-lead_unit"] = [str(units["so-yte"].pk)]
    data[f"tasks-{total}-deadline_text"] = ["trong Quý III năm 2022"]
    data[f"tasks-{total + 1}-order"] = ["60"]  # added and left empty: skipped

    response = office_client.post(URL, flat(data))

    assert response.status_code == 302
    tasks = list(Document.objects.get().tasks.order_by("position"))
    assert len(tasks) == 11
    assert tasks[-1].item == data[f"{prefixes[1]}-item"][0]
    assert tasks[-2].content == "Báo cáo kết quả triển khai"
    assert tasks[-2].due_date.isoformat() == "2022-09-30"


def test_unit_ids_above_999_are_not_localised(office_client, units):
    """Vietnamese number formatting must not turn unit 4321 into "4.321" in the pickers."""
    from dtsystem.units.services import unit_save

    tourism = unit_save(unit=Unit(pk=4321, code="so-dulich", name="Sở Du lịch", short_name="SDL"))
    text = SEED_004.replace("gửi Sở Tài chính tổng hợp", "gửi Sở Du lịch tổng hợp")
    html = review(office_client, text).content.decode()
    assert 'value="4321"' in html and "4.321" not in html
    data = with_issuing_body(form_data(html))
    response = office_client.post(URL, flat(data))
    assert response.status_code == 302, response.content.decode()[:2000]
    task = Task.objects.get(item="2.c")
    assert list(task.coordinating_units.all()) == [tourism]


def test_an_invalid_row_saves_nothing_and_shows_the_message_by_the_row(office_client, units):
    data = with_issuing_body(form_data(review(office_client).content.decode()))
    prefixes = rows_of(data)
    data[f"{prefixes[2]}-content"] = [""]
    data[f"{prefixes[3]}-lead_unit"] = [""]

    response = office_client.post(URL, flat(data))

    assert response.status_code == 400
    assert not Document.objects.exists() and not Task.objects.exists()
    html = response.content.decode()
    assert "Chưa lưu" in html and "(2 nhiệm vụ cần sửa)" in html
    assert "Hãy chọn đơn vị chủ trì." in html
    # The rows are shown again, with what the user typed and the source highlights.
    again = with_issuing_body(form_data(html))
    assert len(rows_of(again)) == 11
    assert html.count("<mark>") >= 11
    assert again[f"{prefixes[0]}-content"] == data[f"{prefixes[0]}-content"]


def test_invalid_header_saves_nothing(office_client, units):
    data = with_issuing_body(form_data(review(office_client).content.decode()))
    data["title"] = [""]
    data["issue_month"] = ["13"]
    response = office_client.post(URL, flat(data))
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_new_unit_checkbox_creates_the_unit(office_client, units):
    text = SEED_004.replace(
        "b) Trung tâm khẩn trương xây dựng",
        "b) Giao Trung tâm Dữ liệu Số tỉnh khẩn trương xây dựng",
    )
    text = text.replace("c) Sở Thông tin và Truyền thông hoàn chỉnh", "c) Sở Du lịch Biển hoàn chỉnh")
    html = review(office_client, text).content.decode()
    assert "Đơn vị mới" in html and "tạo đơn vị này" in html
    data = with_issuing_body(form_data(html))
    new_rows = [p for p in rows_of(data) if data.get(f"{p}-new_unit_name", [""])[0]]
    assert new_rows, "the engine proposes the unknown unit"
    prefix = new_rows[0]
    name = data[f"{prefix}-new_unit_name"][0]
    assert data[f"{prefix}-lead_unit"] == [""]

    # Not ticked and no unit picked: the row is invalid, nothing is created.
    response = office_client.post(URL, flat(data))
    assert response.status_code == 400
    assert "tạo đơn vị này" in response.content.decode()
    assert not Unit.objects.filter(name=name).exists()

    for other in new_rows[1:]:
        data[f"{other}-lead_unit"] = [str(units["so-tttt"].pk)]
    data[f"{prefix}-create_new_unit"] = ["on"]
    response = office_client.post(URL, flat(data))
    assert response.status_code == 302, response.content.decode()[:3000]
    unit = Unit.objects.get(name=name)
    assert unit.is_active and unit.code
    task = Task.objects.get(item=data[f"{prefix}-item"][0])
    assert task.lead_unit == unit


def test_new_coordinating_unit_is_created_when_ticked(office_client, units):
    text = SEED_004.replace("gửi Sở Tài chính tổng hợp", "phối hợp với Sở Du lịch Biển tổng hợp")
    html = review(office_client, text).content.decode()
    assert "Đơn vị phối hợp mới" in html
    data = with_issuing_body(form_data(html))
    prefix = next(p for p in rows_of(data) if data[f"{p}-item"] == ["2.c"])
    assert data[f"{prefix}-new_coordinating_names"] == ["Sở Du lịch Biển"]

    data[f"{prefix}-create_new_coordinating"] = ["on"]
    response = office_client.post(URL, flat(data))

    assert response.status_code == 302
    unit = Unit.objects.get(name="Sở Du lịch Biển")
    task = Task.objects.get(item="2.c")
    assert task.lead_unit == units["so-tttt"]
    assert list(task.coordinating_units.all()) == [unit]


def test_unticked_new_units_are_not_created(office_client, units):
    text = SEED_004.replace("gửi Sở Tài chính tổng hợp", "phối hợp với Sở Du lịch Biển tổng hợp")
    data = with_issuing_body(form_data(review(office_client, text).content.decode()))
    assert office_client.post(URL, flat(data)).status_code == 302
    assert not Unit.objects.filter(name="Sở Du lịch Biển").exists()
    assert not Task.objects.get(item="2.c").coordinating_units.exists()


def test_new_unit_is_not_left_behind_when_the_save_fails(office_client, units, monkeypatch):
    from django.core.exceptions import ValidationError

    from directives import services

    text = SEED_004.replace("c) Sở Thông tin và Truyền thông hoàn chỉnh", "c) Sở Du lịch Biển hoàn chỉnh")
    data = with_issuing_body(form_data(review(office_client, text).content.decode()))
    prefix = next(p for p in rows_of(data) if data.get(f"{p}-new_unit_name", [""])[0])
    data[f"{prefix}-create_new_unit"] = ["on"]
    name = data[f"{prefix}-new_unit_name"][0]

    def fail(**kwargs):
        Unit.objects.get(name=name)  # created inside the same transaction
        raise ValidationError("Lỗi thử nghiệm.")

    monkeypatch.setattr(services, "document_create", fail)
    response = office_client.post(URL, flat(data))
    assert response.status_code == 400
    assert "Lỗi thử nghiệm." in response.content.decode()
    assert not Unit.objects.filter(name=name).exists()


def test_a_service_error_on_a_field_is_shown_by_the_field(office_client, units, monkeypatch):
    from django.core.exceptions import ValidationError

    from directives import services

    def fail(**kwargs):
        raise ValidationError({"issue_day": "Ngày ban hành không hợp lệ.", "item": "Mục quá dài."})

    monkeypatch.setattr(services, "document_create", fail)
    data = with_issuing_body(form_data(review(office_client).content.decode()))
    response = office_client.post(URL, flat(data))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngày ban hành không hợp lệ." in html and "Mục quá dài." in html
    assert not Document.objects.exists()


GROUP_NOTICE = "\n\n".join(
    [
        "THÔNG BÁO",
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về chuyển đổi số",
        "Ngày 10/3/2023, Chủ tịch UBND tỉnh chủ trì cuộc họp. Chủ tịch UBND tỉnh kết luận như sau:",
        "1. Các sở, ban, ngành rà soát thủ tục hành chính đủ điều kiện cung cấp dịch vụ công trực"
        " tuyến toàn trình, hoàn thành trước ngày 30/6/2023.",
        "2. Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Nội vụ triển khai nền tảng số,"
        " hoàn thành trong Quý III năm 2023.",
    ]
)


def test_group_phrase_presets_the_unit_group_and_saves_a_group_order(office_client, units):
    """Issue 12: an order to "các sở, ban, ngành" becomes a group order (no lead unit invented)."""
    from dtsystem.units.choices import UnitKind
    from dtsystem.units.models import Unit, UnitGroup

    html = review(office_client, GROUP_NOTICE).content.decode()
    data = with_issuing_body(form_data(html))
    group_rows = [p for p in rows_of(data) if data.get(f"{p}-group_text", [""])[0]]
    departments = UnitGroup.objects.get(key="departments")
    assert [data[f"{p}-unit_group"] for p in group_rows] == [[str(departments.pk)]]
    assert "mỗi đơn vị của nhóm sẽ nhận một nhiệm vụ riêng" in html
    response = office_client.post(URL, flat(data))
    assert response.status_code == 302, response.content.decode()[:2000]
    parent = Document.objects.get().tasks.get(parent__isnull=True, kind="group")
    assert parent.lead_unit is None and parent.unit_group == departments
    members = Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True).count()
    assert parent.children.count() == members > 0


def test_group_phrase_without_a_kept_group_asks_the_user_to_pick(office_client, units):
    from dtsystem.units.models import UnitGroup

    UnitGroup.objects.filter(key="departments").update(is_active=False)
    html = review(office_client, GROUP_NOTICE).content.decode()
    data = form_data(html)
    assert [p for p in rows_of(data) if data.get(f"{p}-group_text", [""])[0]]
    assert "hãy chọn nhóm đơn vị hoặc một đơn vị chủ trì cụ thể" in html
    response = office_client.post(URL, flat(data))
    assert response.status_code == 400
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    "name, payload, message",
    [
        ("rong.txt", b"", "rỗng"),
        ("rong.txt", b"   \n\n ", "rỗng"),
        ("anh.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "nhị phân"),
        (
            "english.txt",
            b"The committee met on 6 January and asked the department to finish the plan by March.",
            "không phải văn bản tiếng Việt",
        ),
    ],
)
def test_bad_files_show_the_vietnamese_message(office_client, name, payload, message):
    upload = SimpleUploadedFile(name, payload)
    response = office_client.post(URL, {"step": "read", "text": "", "file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Document.objects.exists()


def _image_only_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_without_text_layer_says_so(office_client):
    upload = SimpleUploadedFile("scan.pdf", _image_only_pdf(), content_type="application/pdf")
    response = office_client.post(URL, {"step": "read", "file": upload})
    assert response.status_code == 400
    assert "không có lớp văn bản" in response.content.decode()


def test_file_over_5_mb_is_refused(office_client):
    upload = SimpleUploadedFile("lon.txt", "Nội dung văn bản. ".encode() * 300_000)
    response = office_client.post(URL, {"step": "read", "file": upload})
    assert response.status_code == 400
    assert "tối đa 5 MB" in response.content.decode()


def test_txt_and_docx_uploads_reach_the_review(office_client):
    import docx

    response = office_client.post(
        URL, {"step": "read", "file": SimpleUploadedFile("tb.txt", SEED_004.encode("utf-8"))}
    )
    assert response.status_code == 200
    assert len(rows_of(form_data(response.content.decode()))) == 11

    document = docx.Document()
    for paragraph in SEED_004.split("\n\n"):
        document.add_paragraph(paragraph.strip())
    out = io.BytesIO()
    document.save(out)
    response = office_client.post(
        URL, {"step": "read", "file": SimpleUploadedFile("tb.docx", out.getvalue())}
    )
    assert response.status_code == 200
    assert len(rows_of(form_data(response.content.decode()))) == 11


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Hãy dán nội dung văn bản hoặc chọn một tệp"),
        ("   ", "Hãy dán nội dung văn bản hoặc chọn một tệp"),
        ("Please finish the digital transformation plan before the end of March 2022.", "tiếng Việt"),
    ],
)
def test_bad_pasted_text_shows_the_message(office_client, text, message):
    response = office_client.post(URL, {"step": "read", "text": text})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_pasted_text_with_windows_line_ends_keeps_the_highlights(office_client, units):
    response = review(office_client, "\r\n" + SEED_004.replace("\n", "\r\n"))
    html = response.content.decode()
    assert "<mark>c) Sở Thông tin và Truyền thông hoàn chỉnh đề xuất" in html
    data = with_issuing_body(form_data(html))
    data["source_text"] = [data["source_text"][0].replace("\n", "\r\n")]  # as a browser posts it
    data["title"] = [""]  # invalid: the review comes back
    html = office_client.post(URL, flat(data)).content.decode()
    assert "<mark>c) Sở Thông tin và Truyền thông hoàn chỉnh đề xuất" in html


def test_pasted_text_too_long_is_refused(office_client):
    response = office_client.post(URL, {"step": "read", "text": "Nội dung văn bản. " * 40_000})
    assert response.status_code == 400
    assert "Văn bản quá dài" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "fixtures" / "notices").glob("*.txt"))
    + sorted((ROOT / "tests/extraction/data").glob("*.txt")),
    ids=lambda p: p.stem,
)
def test_the_date_shown_and_saved_is_the_one_the_engine_read(path):
    """The review screen sends the phrase; the services parse it again with the notice's year. On
    every reference notice that gives the engine's own due date and recurrence."""
    import json

    from directives import services
    from extraction import KnownUnit, extract_notice

    rows = json.loads((ROOT / "fixtures" / "units.json").read_text(encoding="utf-8"))
    units = [
        KnownUnit(
            id=i,
            code=r["code"],
            name=r["name"],
            short_name=r.get("short_name", ""),
            aliases=tuple(r.get("aliases", [])),
        )
        for i, r in enumerate(rows, start=1)
    ]
    extraction = extract_notice(path.read_text(encoding="utf-8"), units=units)
    for task in extraction.tasks:
        kind, due, recurrence = services.resolve_deadline(
            deadline_text=task.deadline_text,
            deadline_kind=None,
            due_date=None,
            recurrence=None,
            ref_year=extraction.reference_year,
        )
        assert (kind, due, recurrence or None) == (task.deadline_kind, task.deadline, task.recurrence or None)


@pytest.mark.parametrize("persona", ["lead", "committee"])
def test_only_office_may_use_the_page(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"step": "read", "text": SEED_004}).status_code == 403
    assert client.post(URL, {"step": "save", "title": "x"}).status_code == 403
    assert not Document.objects.exists()


@pytest.mark.parametrize("persona", ["lead", "committee"])
def test_a_full_save_by_a_user_who_may_not_manage_documents_is_refused_and_writes_nothing(
    client, office, units, request, persona
):
    """The review an office clerk would post, new unit ticked: another user posting it gets 403."""
    client.force_login(office)
    text = SEED_004.replace("c) Sở Thông tin và Truyền thông hoàn chỉnh", "c) Sở Du lịch Biển hoàn chỉnh")
    data = with_issuing_body(form_data(review(client, text).content.decode()))
    prefix = next(p for p in rows_of(data) if data.get(f"{p}-new_unit_name", [""])[0])
    data[f"{prefix}-create_new_unit"] = ["on"]
    name = data[f"{prefix}-new_unit_name"][0]
    units_before = Unit.objects.count()

    client.force_login(request.getfixturevalue(persona))
    response = client.post(URL, flat(data))

    assert response.status_code == 403
    assert not Document.objects.exists() and not Task.objects.exists()
    assert Unit.objects.count() == units_before and not Unit.objects.filter(name=name).exists()


def test_anonymous_is_sent_to_login(client, db):
    for response in (client.get(URL), client.post(URL, {"step": "read", "text": SEED_004})):
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_admin_may_use_the_page(client, admin_user, units):
    client.force_login(admin_user)
    assert client.get(URL).status_code == 200


def test_review_runs_a_bounded_number_of_queries(office_client, units, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        review(office_client)
