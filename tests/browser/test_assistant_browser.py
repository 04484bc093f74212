"""The notice-text assistant in headless Chromium: the office pastes seed 004's text, checks the
proposed tasks, corrects one lead unit, merges, splits, removes and adds rows, saves, and finds the
notice with its tasks on the document page. Also checks the review screen fits a phone."""

import os
import re
from pathlib import Path

import pytest

from tests.support.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SEED_004 = (ROOT / "fixtures" / "notices" / "tb-quangngai-2022-02-14.txt").read_text(encoding="utf-8")
SHOTS = os.environ.get("ASSISTANT_SCREENSHOTS")  # a folder: save the review screen there


def paste_and_read(page, live_server):
    page.goto(f"{live_server.url}/documents/assistant/")
    page.fill("#id_text", SEED_004)
    page.click("#assistant-input button[type=submit]")
    page.wait_for_selector("#assistant-review")


def open_issuing_body(page):
    """Open "Thông tin khác", where the review screen keeps the issuing body of the notice."""
    details = page.locator("details", has=page.locator("#id_issuing_body_text"))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def type_issuing_body(page, text):
    """The clerk types the issuing body as printed on the notice."""
    open_issuing_body(page)
    page.fill("#id_issuing_body_text", text)


def choose_issuing_unit(page, typed, unit):
    """The clerk picks the issuing unit with the picker (typed without diacritics)."""
    picker = open_issuing_body(page).locator("[data-unit-picker]", has=page.locator("#id_issuing_unit"))
    picker.locator(".unit-filter").fill(typed)
    assert page.input_value("#id_issuing_unit") == str(unit.pk)


def row_with_item(page, item):
    return page.locator("[data-row]").filter(has=page.locator(f"input[name$='-item'][value='{item}']"))


def test_office_pastes_corrects_and_saves_a_notice(page, live_server, settings):
    from directives.models import Document
    from dtsystem.core import demo
    from dtsystem.units.models import Unit

    settings.DEBUG = True
    demo.load_all()
    yte = Unit.objects.get(code="so-yte")
    before = set(Document.objects.values_list("pk", flat=True))

    login(page, live_server, "office")
    page.get_by_role("link", name="Nhập nhanh từ văn bản").click()
    page.wait_for_url(f"{live_server.url}/documents/assistant/")
    paste_and_read(page, live_server)

    rows = page.locator("[data-row]")
    assert rows.count() == 11
    assert "Lưu văn bản và 11 nhiệm vụ" in page.inner_text("#assistant-save")
    assert page.input_value("#id_place") == "Quảng Ngãi"
    two_c = row_with_item(page, "2.c")
    assert "hoàn chỉnh đề xuất nhiệm vụ nêu trên" in two_c.locator("mark").first.inner_text()
    assert "28/02/2022" in two_c.locator(".deadline-preview").inner_text()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/assistant-review-1280.png", full_page=False)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{SHOTS}/assistant-review-390.png", full_page=False)
        two_c.scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/assistant-row-390.png", full_page=False)
        page.set_viewport_size({"width": 1280, "height": 900})
        two_c.scroll_into_view_if_needed()
        page.screenshot(path=f"{SHOTS}/assistant-row-1280.png", full_page=False)
        for item in ("1", "3.a"):
            row_with_item(page, item).screenshot(path=f"{SHOTS}/assistant-row-{item}-1280.png")

    # Correct the lead unit of 2.c with the picker (typed without diacritics).
    picker = two_c.locator("[data-unit-picker]").first
    picker.locator(".unit-filter").fill("y te")
    assert picker.locator("select").input_value() == str(yte.pk)

    # The deadline is recomputed live as the phrase changes.
    deadline = two_c.locator("input[name$='-deadline_text']")
    deadline.fill("trước ngày 15/3/2022")
    page.wait_for_function(
        "el => el.innerText.includes('15/03/2022')", arg=two_c.locator(".deadline-preview").element_handle()
    )

    # Split 2.b.5 after its first sentence, then merge the new row back: 11 rows again.
    two_b5 = row_with_item(page, "2.b.5")
    content_before = two_b5.locator("textarea[name$='-content']").input_value()
    two_b5.locator("[data-action=split]").click()
    assert rows.count() == 12
    assert "Lưu văn bản và 12 nhiệm vụ" in page.inner_text("#assistant-save")
    split_rows = row_with_item(page, "2.b.5")
    assert split_rows.count() == 2
    first_part = split_rows.nth(0).locator("textarea[name$='-content']").input_value()
    second_part = split_rows.nth(1).locator("textarea[name$='-content']").input_value()
    assert first_part and second_part and len(first_part) < len(content_before)
    split_rows.nth(1).locator("[data-action=merge]").click()
    assert rows.count() == 11
    merged = row_with_item(page, "2.b.5").locator("textarea[name$='-content']").input_value()
    assert merged.startswith(first_part) and second_part[1:] in merged

    # Merge 3.b into 3.a: contents joined, sources united, deadline taken along.
    three_a = row_with_item(page, "3.a")
    three_b = row_with_item(page, "3.b")
    b_text = three_b.locator("textarea[name$='-content']").input_value()
    three_b.locator("[data-action=merge]").click()
    assert rows.count() == 10
    assert b_text[1:40] in three_a.locator("textarea[name$='-content']").input_value()
    assert three_a.locator("input[name$='-deadline_text']").input_value() == "trước ngày 30/6/2022"
    assert three_a.locator(".assistant-snippet").count() >= 2

    # Remove 2.a, add a row by hand.
    row_with_item(page, "2.a").locator("[data-action=remove]").click()
    assert rows.count() == 9
    page.click("[data-action=add]")
    assert rows.count() == 10
    added = rows.last
    added.locator("input[name$='-item']").fill("4")
    added.locator("textarea[name$='-content']").fill("Báo cáo kết quả chuyển đổi số quý I")
    added.locator("[data-unit-picker]").first.locator(".unit-filter").fill("so tt&tt")
    added.locator("input[name$='-deadline_text']").fill("trong Quý I năm 2022")
    page.wait_for_function(
        "el => el.innerText.includes('31/03/2022')", arg=added.locator(".deadline-preview").element_handle()
    )
    assert "Lưu văn bản và 10 nhiệm vụ" in page.inner_text("#assistant-save")

    # A notice needs its issuing body: typed as printed on the notice.
    type_issuing_body(page, "UBND TỈNH QUẢNG NGÃI")
    page.click("#assistant-save")
    page.wait_for_selector(".form-error, .doc-facts")
    errors = page.locator(".form-error, .invalid-feedback, .alert-danger").all_inner_texts()
    assert not errors, errors
    page.wait_for_url(re.compile(r".*/documents/\d+/$"))
    body = page.inner_text("body")
    assert "Đã tạo văn bản" in body and "10 nhiệm vụ" in body
    (document,) = Document.objects.exclude(pk__in=before)
    tasks = list(document.tasks.select_related("lead_unit").order_by("position"))
    assert [t.item for t in tasks] == [
        "1",
        "2.b.1",
        "2.b.2",
        "2.b.3",
        "2.b.4",
        "2.b.5",
        "2.b.6",
        "2.c",
        "3.a",
        "4",
    ]
    two_c_task = tasks[7]
    assert two_c_task.lead_unit == yte
    assert two_c_task.due_date.isoformat() == "2022-03-15"
    assert tasks[8].due_date.isoformat() == "2022-06-30"
    assert tasks[9].lead_unit.code == "so-tttt"
    assert tasks[9].due_date.isoformat() == "2022-03-31"
    # The document page shows the notice and its tasks.
    assert "Kết luận của Phó Chủ tịch UBND tỉnh Trần Phước Hiền" in body
    assert yte.display_name in body
    assert "Báo cáo kết quả chuyển đổi số quý I" in body


def test_review_screen_fits_a_phone(browser, live_server, settings):
    from dtsystem.core import demo

    settings.DEBUG = True
    demo.load_all()
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        login(page, live_server, "office")
        paste_and_read(page, live_server)
        assert page.locator("[data-row]").count() == 11
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the review screen scrolls sideways on a phone ({width}px)"
    finally:
        context.close()


# --------------------------------------------------------------------------- issue 13: a table from Word
WORD_TABLE = "\n".join(
    "\t".join(cells)
    for cells in [
        ["DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2025 (Kèm theo Kế hoạch số 88/KH-UBND)"],
        [
            "STT",
            "Nội dung nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Sản phẩm",
            "Thời gian hoàn thành",
        ],
        ["I", "HẠ TẦNG SỐ", "", "", "", ""],
        [
            "1",
            "Nâng cấp mạng truyền số liệu chuyên dùng đến cấp xã",
            "Sở Thông tin và Truyền thông",
            "Viễn thông Đồng Tháp",
            "Mạng được nâng cấp",
            "Quý III/2025",
        ],
        [
            "2",
            "Bố trí kinh phí chuyển đổi số năm 2026",
            "Sở Tài chính",
            "Sở Kế hoạch và Đầu tư",
            "Dự toán",
            "10/2025",
        ],
        ["II", "DỮ LIỆU SỐ", "", "", "", ""],
        [
            "3",
            "Triển khai bệnh án điện tử tại bệnh viện tuyến tỉnh",
            "Sở Y tế",
            "",
            "Bệnh án điện tử",
            "2025",
        ],
        [
            "4",
            "Số hóa hồ sơ thủ tục hành chính",
            "Các sở, ban, ngành",
            "Sở Thông tin và Truyền thông",
            "Dữ liệu",
            "Hằng quý",
        ],
    ]
)


def test_a_table_pasted_from_word_becomes_draft_tasks_in_one_step(page, live_server, settings):
    from directives.models import Document
    from dtsystem.core import demo
    from dtsystem.units.models import Unit

    settings.DEBUG = True
    demo.load_all()
    units = {
        u.code: u for u in Unit.objects.filter(code__in=["so-tttt", "so-taichinh", "so-yte", "so-noivu"])
    }
    before = set(Document.objects.values_list("pk", flat=True))

    login(page, live_server, "office")
    page.goto(f"{live_server.url}/documents/assistant/")
    page.focus("#id_text")
    page.keyboard.insert_text(WORD_TABLE)  # what a paste of a Word table puts in the box: tabs and lines
    page.click("#assistant-input button[type=submit]")
    page.wait_for_selector("#assistant-review")

    assert "Đã nhận dạng: bảng nhiệm vụ" in page.inner_text(".assistant-shape")
    rows = page.locator("[data-row]")
    assert rows.count() == 4
    expected = [
        ("I.1", units["so-tttt"], "30/09/2025"),
        ("I.2", units["so-taichinh"], "31/10/2025"),
        ("II.3", units["so-yte"], "31/12/2025"),
    ]
    for item, unit, due in expected:
        row = row_with_item(page, item)
        assert row.locator("select[name$='-lead_unit']").input_value() == str(unit.pk)
        assert due in row.locator(".deadline-preview").inner_text()
    assert "I. Hạ tầng số" in row_with_item(page, "I.1").locator(".assistant-section").inner_text()
    group_row = row_with_item(page, "II.4")
    assert "các sở, ban, ngành" in group_row.locator(".assistant-group").inner_text()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/assistant-table-1280.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{SHOTS}/assistant-table-390.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    # The group is resolved to one unit, as the clerk must until unit groups exist.
    group_row.locator("[data-unit-picker]").first.locator(".unit-filter").fill("noi vu")
    assert group_row.locator("select[name$='-lead_unit']").input_value() == str(units["so-noivu"].pk)
    # The caption of the table is the document's title: nothing else to type.
    assert page.input_value("#id_title").startswith("Danh mục nhiệm vụ chuyển đổi số năm 2025")
    # The issuing body is the one thing the table does not say: the clerk picks it.
    choose_issuing_unit(page, "ubnd tinh dong thap", Unit.objects.get(code="ubnd-dt"))
    page.click("#assistant-save")
    page.wait_for_url(re.compile(r".*/documents/\d+/$"))
    (document,) = Document.objects.exclude(pk__in=before)
    tasks = list(document.tasks.select_related("lead_unit").order_by("position"))
    assert [
        (t.item, t.lead_unit.code, t.due_date and t.due_date.isoformat(), t.recurrence) for t in tasks
    ] == [
        ("I.1", "so-tttt", "2025-09-30", ""),
        ("I.2", "so-taichinh", "2025-10-31", ""),
        ("II.3", "so-yte", "2025-12-31", ""),
        ("II.4", "so-noivu", None, "quarterly"),
    ]
    assert [u.code for u in tasks[0].coordinating_units.all()] == ["vnpt-dt"]


def test_the_clerk_is_offered_to_remember_a_corrected_unit(page, live_server, settings):
    from dtsystem.core import demo
    from dtsystem.units.models import Unit

    settings.DEBUG = True
    demo.load_all()
    text = "\n".join(
        [
            "Số: 9/TB-UBND",
            "Đồng Tháp, ngày 10 tháng 9 năm 2025",
            "THÔNG BÁO",
            "Kết luận về chuyển đổi số",
            "Chủ tịch UBND tỉnh kết luận như sau:",
            "1. Sở TT-TT&CĐS chủ trì xây dựng kho dữ liệu dùng chung, hoàn thành trong Quý IV/2025.",
        ]
    )
    login(page, live_server, "office")
    page.goto(f"{live_server.url}/documents/assistant/")
    page.fill("#id_text", text)
    page.click("#assistant-input button[type=submit]")
    page.wait_for_selector("#assistant-review")
    row = page.locator("[data-row]").first
    offer = row.locator("[data-alias-offer]")
    assert offer.is_hidden()  # nothing corrected yet
    row.locator("[data-unit-picker]").first.locator(".unit-filter").fill("so tt&tt")
    assert offer.is_visible()
    assert "Sở TT-TT&CĐS" in offer.inner_text()
    offer.locator("input[type=checkbox]").check()
    if SHOTS:
        row.screenshot(path=f"{SHOTS}/assistant-alias-1280.png")
    page.fill("#id_title", "Kết luận về chuyển đổi số")
    choose_issuing_unit(page, "ubnd tinh dong thap", Unit.objects.get(code="ubnd-dt"))
    page.click("#assistant-save")
    page.wait_for_url(re.compile(r".*/documents/\d+/$"))
    assert "Sở TT-TT&CĐS" in Unit.objects.get(code="so-tttt").aliases


def test_the_quality_page_draws_its_chart_with_a_table_beside_it(page, live_server, settings):
    from assistant.models import FieldReview
    from dtsystem.core import demo

    settings.DEBUG = True
    demo.load_all()
    login(page, live_server, "office")
    page.goto(f"{live_server.url}/documents/assistant/quality/")
    assert "Chưa có số liệu" in page.inner_text("main")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/assistant-quality-empty-1280.png", full_page=True)

    for month, kept in (("2025-09-10", 3), ("2025-10-10", 4), ("2025-11-10", 5)):
        for i in range(5):
            for field in ("lead_unit", "coordinating_units", "deadline", "content", "row"):
                FieldReview.objects.create(
                    row=i + 1,
                    field=field,
                    before="a",
                    after="a" if i < kept else "b",
                    accepted=i < kept,
                    shape="table",
                    created_at=f"{month}T09:00:00+07:00",
                )
    page.goto(f"{live_server.url}/documents/assistant/quality/")
    page.wait_for_function("document.documentElement.dataset.chartsReady === '1'")
    assert page.locator("#chart-acceptance").bounding_box()["height"] > 150
    table = page.locator(".assistant-quality-table")
    assert "10/2025" in table.inner_text() and "80%" in table.inner_text()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/assistant-quality-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_function("document.documentElement.dataset.chartsReady === '1'")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the quality page scrolls sideways on a phone ({width}px)"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/assistant-quality-390.png", full_page=True)
