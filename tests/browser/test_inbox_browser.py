"""Headless Chromium: a unit lead sees the unread count in the navigation, opens "Việc cần xử lý", follows
an item to its task (the item becomes read, the badge goes down), marks everything read; the aging
figures on the dashboard drill down to the task list; the profile page creates an iCal link that serves
a calendar. Also at phone width (390 px)."""

import os
from pathlib import Path

import pytest

from tests.support.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_works_through_the_inbox(browser, page, live_server, settings, tmp_path):
    from django.contrib.auth import get_user_model

    from dtsystem.core import demo

    settings.DEBUG = True
    demo.load_all()
    shots = Path(os.environ.get("INBOX_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    lead = get_user_model().objects.get(username="lead_tttt")
    unread = lead.inbox_unread
    assert unread > 0  # the demo's tasks were assigned to Sở TTTT through the services

    login(page, live_server, "lead_tttt")
    assert page.locator("#nav-inbox-count").inner_text().startswith(str(unread))
    page.click("#nav-inbox")
    page.wait_for_url(f"{live_server.url}/inbox/")
    assert page.locator("h1").inner_text() == "Việc cần xử lý"
    assert page.locator("[data-kind='task_assigned']").is_visible()
    page.screenshot(path=str(shots / "inbox-1280.png"))

    first = page.locator("[data-kind='task_assigned'] li[data-read='0'] form button").first
    first.click()
    page.wait_for_url(f"{live_server.url}/tasks/**")
    assert page.locator("#nav-inbox-count").inner_text().startswith(str(unread - 1))

    page.goto(f"{live_server.url}/inbox/")
    page.click("#inbox-read-all")
    page.wait_for_url(f"{live_server.url}/inbox/")
    assert page.locator("#nav-inbox-count").count() == 0
    assert page.locator("li[data-read='0']").count() == 0

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(shots / "inbox-390.png"))


def test_aging_drill_down_and_ical_link(browser, page, live_server, settings, tmp_path):
    from dtsystem.core import demo

    settings.DEBUG = True
    demo.load_all()
    login(page, live_server, "lead_tttt")
    page.goto(f"{live_server.url}/dashboard/?as_of=2022-06-30")
    row = page.locator("#aging tr[data-aging='gt90']")
    count = int(row.locator("a").inner_text())
    assert count > 0
    row.locator("a").click()
    page.wait_for_url("**/tasks/?**age=gt90**")
    assert page.locator("#id_age").input_value() == "gt90"
    assert page.locator("table tbody tr").count() == count

    page.goto(f"{live_server.url}/accounts/profile/")
    page.click("#feed-create-personal")
    page.wait_for_url("**/accounts/profile/**")
    url = page.locator("#calendar-feeds .feed-url").first.inner_text().strip()
    assert "/calendar/" in url and url.endswith(".ics")
    path = url[url.index("/calendar/") :]
    body = page.request.get(f"{live_server.url}{path}").text()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and "BEGIN:VEVENT" in body
