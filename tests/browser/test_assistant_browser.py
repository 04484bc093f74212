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
