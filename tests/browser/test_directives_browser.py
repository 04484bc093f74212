"""The whole life of a notice in headless Chromium: the office enters a notice with two tasks (the
second row added with htmx, units chosen with the picker), Sở TT&TT reports 50% with a PDF and then
reports done, the office confirms in the approval queue, and the task shows "Hoàn thành đúng hạn"
with its history."""

import re
from datetime import date
from pathlib import Path

import pytest

from tests.support.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def new_page(browser, width=1280):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def test_notice_to_confirmed_task_in_the_browser(browser, page, live_server, settings, tmp_path):
    from directives.models import Attachment, Document, Task
    from dtsystem.core import demo
    from dtsystem.units.models import Unit

    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    demo.load_all()
    tttt = Unit.objects.get(code="so-tttt")
    yte = Unit.objects.get(code="so-yte")
    year = date.today().year + 1

    # --- The office enters the notice.
    login(page, live_server, "office")
    page.goto(f"{live_server.url}/documents/")
    page.get_by_role("link", name="Thêm thông báo").click()
    page.wait_for_url(f"{live_server.url}/documents/new/")
    page.fill("#id_number", "77")
    page.fill("#id_symbol", "TB-VPUBND")
    issuing = page.locator("[data-unit-picker]", has=page.locator("#id_issuing_unit"))
    issuing.locator(".unit-filter").fill("vp ubnd tinh")  # the issuing body is required for a notice
    assert page.input_value("#id_issuing_unit") == str(Unit.objects.get(code="vp-ubnd-dt").pk)
    page.fill("#id_issue_year", str(year - 1))
    page.fill("#id_title", "Kết luận về chuyển đổi số trong cải cách hành chính")
    page.fill("#id_recipients", "Sở Thông tin và Truyền thông\nSở Y tế")

    first = page.locator("#task-row-tasks-0")
    first.locator("[name='tasks-0-item']").fill("1")
    first.locator("[name='tasks-0-content']").fill("Triển khai nền tảng họp trực tuyến cho các sở")
    lead_picker = first.locator("[data-unit-picker]").nth(0)
    lead_picker.locator(".unit-filter").fill("so tt&tt")  # an alias, typed without diacritics
    assert lead_picker.locator("select").input_value() == str(tttt.pk)
    first.locator("[name='tasks-0-deadline_text']").fill(f"trước ngày 31 tháng 12 năm {year}")
    page.wait_for_selector(f"#preview-tasks-0 >> text=31/12/{year}")
    assert "Ngày cụ thể" in page.inner_text("#preview-tasks-0")

    page.click("#add-task-row")  # htmx fetches row 1 and bumps TOTAL_FORMS
    second = page.locator("#task-row-tasks-1")
    second.wait_for()
    assert page.input_value("#id_tasks-TOTAL_FORMS") == "2"
    second.locator("[name='tasks-1-item']").fill("2")
    second.locator("[name='tasks-1-content']").fill("Kết nối hồ sơ sức khỏe điện tử")
    second_lead = second.locator("[data-unit-picker]").nth(0)
    second_lead.locator(".unit-filter").fill("y te")
    assert second_lead.locator("select").input_value() == str(yte.pk)
    coordinating = second.locator("[data-unit-picker]").nth(1)
    coordinating.locator(".unit-filter").fill("thong tin va truyen thong")
    coordinating.locator(f"input[type=checkbox][value='{tttt.pk}']").check()
    assert "Sở Thông tin và Truyền thông" in coordinating.locator(".unit-selected").inner_text()
    second.locator("[name='tasks-1-deadline_text']").fill(f"trong Quý II năm {year}")
    page.wait_for_selector(f"#preview-tasks-1 >> text=30/06/{year}")

    page.click("#document-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/documents/\d+/$"))
    assert "Đã tạo văn bản 77/TB-VPUBND với 2 nhiệm vụ." in page.inner_text("body")
    document = Document.objects.get(number="77")
    tasks = list(document.tasks.order_by("position"))
    assert [(t.item, t.lead_unit_id) for t in tasks] == [("1", tttt.pk), ("2", yte.pk)]
    assert list(tasks[1].coordinating_units.values_list("pk", flat=True)) == [tttt.pk]
    assert tasks[0].due_date == date(year, 12, 31) and tasks[1].due_date == date(year, 6, 30)
    task = tasks[0]

    # --- Sở TT&TT reports 50% with a PDF from "Việc của đơn vị tôi", then reports done.
    lead = new_page(browser)
    login(lead, live_server, "lead_tttt")
    lead.goto(f"{live_server.url}/my-tasks/")
    card = lead.locator(f"#my-task-{task.pk}")
    assert "Triển khai nền tảng họp trực tuyến" in card.inner_text()
    evidence = tmp_path / "bien-ban-nghiem-thu.pdf"
    evidence.write_bytes(PDF)
    card.locator("input[name=percent]").fill("50")
    card.locator("input[name=note]").fill("Đã lắp đặt tại 10 sở")
    card.locator("input[name=files]").set_input_files(str(evidence))
    card.locator("button", has_text="Cập nhật").click()  # htmx posts the form and swaps the card
    lead.wait_for_selector(f"#my-task-{task.pk} >> text=Đã ghi nhận báo cáo tiến độ 50%.")
    assert lead.get_attribute(f"#my-task-{task.pk} [role=progressbar]", "aria-valuenow") == "50"
    attachment = Attachment.objects.get(task=task)
    assert attachment.original_name == "bien-ban-nghiem-thu.pdf"

    lead.goto(f"{live_server.url}/tasks/{task.pk}/")
    link = lead.locator("a.attachment-link", has_text="bien-ban-nghiem-thu.pdf")
    with lead.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "bien-ban-nghiem-thu.pdf"
    assert Path(download.path()).read_bytes() == PDF
    lead.locator("#workflow-actions button", has_text="Báo cáo hoàn thành").click()
    lead.wait_for_selector("text=Nhiệm vụ đã chuyển sang “Đã báo cáo hoàn thành”.")
    task.refresh_from_db()
    assert task.status == "reported_done"

    # --- The office confirms in the approval queue.
    page.goto(f"{live_server.url}/approvals/")
    report = page.locator(f".completion-report[data-task='{task.pk}']")
    assert "Triển khai nền tảng họp trực tuyến" in report.inner_text()
    report.locator("button", has_text="Xác nhận hoàn thành").click()
    page.wait_for_selector("text=Nhiệm vụ đã chuyển sang “Hoàn thành”.")
    assert page.locator(f".completion-report[data-task='{task.pk}']").count() == 0

    # --- The task is done on time, with its whole history.
    page.goto(f"{live_server.url}/tasks/{task.pk}/")
    badge = page.locator(".badge.timeliness-done_on_time").first
    assert badge.inner_text() == "Hoàn thành đúng hạn"
    history = page.locator("#history").inner_text()
    for text in [
        "Giao nhiệm vụ",
        "Báo cáo tiến độ",
        "Mới giao → Đang thực hiện",
        "0% → 50%",
        "bien-ban-nghiem-thu.pdf",
        "Đang thực hiện → Đã báo cáo hoàn thành",
        "Đã báo cáo hoàn thành → Hoàn thành",
        "Đã lắp đặt tại 10 sở",
    ]:
        assert text in history, text
    assert page.locator("#history .history-entry").count() == 4
    assert Task.objects.get(pk=task.pk).status == "done"
