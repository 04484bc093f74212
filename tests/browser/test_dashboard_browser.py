"""Headless Chromium: the committee signs in, opens the dashboard from the menu, sees the charts drawn
by Chart.js (served from static/), and follows the overdue figure to the task list that shows the
same number. The page also works at phone width (390 px). Screenshots go to $DASHBOARD_SCREENSHOTS
when it is set (for review), else to the test's temporary directory."""

import os
import re
from pathlib import Path

import pytest

from tests.support.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text) or 0)


def test_committee_reads_the_dashboard_and_drills_down(browser, page, live_server, settings, tmp_path):
    from dtsystem.core import demo

    settings.DEBUG = True
    demo.load_all()
    shots = Path(os.environ.get("DASHBOARD_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)

    login(page, live_server, "committee")
    page.click("nav a[href='/dashboard/']")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    assert page.locator("h1").inner_text() == "Bảng điều khiển chỉ đạo chuyển đổi số"
    # Chart.js is loaded from static/ and draws every chart on its canvas.
    page.wait_for_function(
        "() => document.documentElement.dataset.chartsReady !== undefined"
    )  # a function: no eval under the CSP
    assert page.evaluate("typeof window.Chart") == "function"
    assert page.evaluate("[...document.scripts].every(s => !s.src || s.src.startsWith(location.origin))")
    for canvas in ["#chart-timeliness", "#chart-trend"]:
        assert page.locator(canvas).is_visible()
        assert page.evaluate(f"Chart.getChart(document.querySelector('{canvas}')) !== undefined")
    assert int(page.evaluate("document.documentElement.dataset.chartsReady")) >= 2
    # Each chart can be read as a table.
    page.locator("#chart-timeliness-heading ~ details summary").click()
    assert page.locator("#chart-timeliness-heading ~ details table").is_visible()
    assert "Bảng xếp hạng đơn vị" in page.locator("#league-heading").inner_text()
    page.screenshot(path=str(shots / "dashboard-1280.png"), full_page=True)

    overdue = _number(page.locator("[data-figure='overdue'] [data-count]").inner_text())
    assert overdue > 0  # the demo notices of 2022 have tasks still open
    page.click("[data-figure='overdue']")
    page.wait_for_url(re.compile(r".*/tasks/\?.*timeliness=overdue.*"))
    assert _number(page.locator("h1 .badge").inner_text()) == overdue
    assert page.locator("[data-timeliness='overdue'].active").count() == 1

    # Phone width: the same page, one column, no horizontal scrolling of the page itself.
    phone = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844}, device_scale_factor=2)
    mobile = phone.new_page()
    mobile.set_default_timeout(15000)
    login(mobile, live_server, "committee")
    mobile.goto(f"{live_server.url}/dashboard/")
    mobile.wait_for_function(
        "() => document.documentElement.dataset.chartsReady !== undefined"
    )  # a function: no eval under the CSP
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    mobile.screenshot(path=str(shots / "dashboard-390.png"), full_page=True)
    phone.close()
