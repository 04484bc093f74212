"""The outputs in headless Chromium, as the office and a unit lead use them, under the site's CSP: the
scorecards (table, SVG chart, downloads), from there the chase letters (preview of every late unit, the DOCX
download, 'Đánh dấu đã gửi'), and a phone-sized window where nothing overflows the page."""

import docx
import pytest

from directives.choices import EventKind
from directives.models import TaskEvent
from tests.support.browser import login
from tests.support.csp_watch import Watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_OVERFLOW = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def demo(live_server, settings):
    from dtsystem.core import demo

    settings.DEBUG = True  # the demo's users are made only in DEBUG
    demo.load_all()
    settings.DEBUG = False


def test_office_scorecards_then_chase_letters(page, live_server, demo):
    w = Watch(page, live_server.url)
    login(page, live_server, "office")
    w.open("/outputs/scorecards/?period=2022-Q1")
    assert page.locator(".scorecard-table tbody tr").count() >= 1
    assert page.locator("svg.scorecard-chart rect").count() >= 1
    assert page.evaluate(NO_OVERFLOW)
    with page.expect_download() as download:
        page.click("text=Excel")
    assert download.value.suggested_filename == "bang-diem-don-vi-2022-Q1.xlsx"
    page.click("a:has-text('Văn bản đôn đốc')")
    page.wait_for_url("**/outputs/chase/")
    page.select_option("#id_unit", "all")
    page.fill("#id_day", "31/03/2022")
    page.click("button:has-text('Xem trước')")
    page.wait_for_selector("text=Kính gửi: Sở Thông tin và Truyền thông")
    w.collect()
    with page.expect_download() as download:
        page.click("text=Tải DOCX")
    letter = docx.Document(str(download.value.path()))
    assert any("Kính gửi: Sở Thông tin và Truyền thông" in p.text for p in letter.paragraphs)
    page.click("button:has-text('Đánh dấu đã gửi')")
    page.wait_for_selector(".alert-success")
    assert "Đã ghi nhận gửi" in page.locator(".alert-success").inner_text()
    assert TaskEvent.objects.filter(kind=EventKind.CHASED).exists()
    page.wait_for_selector("text=Đã gửi lúc")
    w.check()


def test_a_lead_on_a_phone_sees_their_scorecard(browser, live_server, demo):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    w = Watch(page, live_server.url)
    login(page, live_server, "lead_tttt")
    w.open("/outputs/scorecards/?period=2022-Q1")
    rows = page.locator(".scorecard-table tbody tr")
    assert rows.count() == 1 and "Sở Thông tin và Truyền thông" in rows.first.inner_text()
    assert page.evaluate(NO_OVERFLOW)
    w.open("/outputs/chase/", status=403)
    w.check()
    context.close()
