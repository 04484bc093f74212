"""The clerk's small things in headless Chromium: a date picked with the site's picker in an en-US
browser is saved as the day the clerk saw (dd/mm/yyyy, never mm/dd), and the top menu fits on one line
at 1366 px."""

import re
from datetime import date

import pytest

from tests.live import CHROMIUM_ARGS, require_chromium
from tests.support.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_browser():
    """Chromium started in American English: a native date input would show mm/dd/yyyy."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=path, headless=True, args=[*CHROMIUM_ARGS, "--lang=en-US"]
        )
        try:
            yield instance
        finally:
            instance.close()


def test_a_date_picked_in_an_en_us_browser_is_saved_as_dd_mm_yyyy(english_browser, live_server, settings):
    from directives.models import Task
    from dtsystem.core import demo

    settings.DEBUG = True
    demo.load_all()
    task = Task.objects.filter(status="new").order_by("pk").first()
    context = english_browser.new_context(locale="en-US", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    assert page.evaluate("navigator.language") == "en-US"
    login(page, live_server, "office")
    page.goto(f"{live_server.url}/tasks/{task.pk}/edit/")

    field = page.locator("#id_due_date")
    assert field.get_attribute("type") == "text"
    field.fill("10/01/2030")  # the month shown by the picker follows what is typed
    page.click("#id_content")
    field.click()
    popup = page.locator(".dp-popup")
    popup.wait_for(state="visible")
    assert "Tháng 1 / 2030" in popup.locator(".dp-title").inner_text()
    popup.locator("[data-label=next]").click()
    assert "Tháng 2 / 2030" in popup.locator(".dp-title").inner_text()
    popup.locator("button.dp-day", has_text=re.compile(r"^3$")).click()
    assert popup.is_hidden()
    assert field.input_value() == "03/02/2030"  # 3 February, not 2 March
    page.wait_for_selector("#preview-task >> text=03/02/2030")  # the live preview read it too

    page.click("form.card button[type=submit]")
    page.wait_for_url(f"{live_server.url}/tasks/{task.pk}/")
    task.refresh_from_db()
    assert task.due_date == date(2030, 2, 3)
    assert errors == []
    context.close()


def test_the_top_menu_is_one_line_at_1366_px(browser, live_server, settings, tmp_path):
    from dtsystem.core import demo

    settings.DEBUG = True
    demo.load_all()
    for username in ("office", "admin"):  # the longest menus
        context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 768})
        page = context.new_page()
        login(page, live_server, username)
        nav = page.locator("nav.navbar")
        brand = page.locator(".navbar-brand").bounding_box()
        box = nav.bounding_box()
        links = page.locator("#mainNav .nav-link")
        tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
        page.screenshot(path=f"/tmp/clerk-nav-{username}.png")
        assert len(tops) == 1, f"{username}: menu items on {len(tops)} lines"
        assert box["height"] <= brand["height"] + 2 * 12, f"{username}: nav {box['height']}px high"
        user_button = page.locator("nav .nav-user").bounding_box()
        assert user_button["x"] + user_button["width"] <= 1366 - 8  # the account menu is not cut off
        assert page.locator("nav .nav-language").bounding_box()["width"] >= 60  # the language is readable
        assert round(user_button["y"]) >= min(tops) - 12  # and is on the same line as the menu
        context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_clerk_pages_at_laptop_and_phone_width(browser, live_server, settings, width):
    """The task list with its action bar (checked tasks counted by bulk.js), the approvals page grouped by
    unit and the update import page, at 1366 px and at phone width: no horizontal scrolling, no JS error.
    Screenshots in /tmp/clerk-*.png."""
    from dtsystem.core import demo

    settings.DEBUG = True
    demo.load_all()
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, live_server, "office")
    page.goto(f"{live_server.url}/tasks/")
    boxes = page.locator("input[name=ids][form=bulk-form]:visible")
    boxes.nth(0).check()
    boxes.nth(1).check()
    assert page.inner_text("[data-bulk-count]") == "2"
    page.select_option("[data-bulk-action]", "extend")
    assert page.locator("#bulk-new-due").is_visible() and not page.locator("#bulk-unit").is_visible()
    page.screenshot(path=f"/tmp/clerk-tasks-{width}.png", full_page=False)
    for path, name in (("/approvals/", "approvals"), ("/tasks/update/", "update-import")):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, name
        page.screenshot(path=f"/tmp/clerk-{name}-{width}.png", full_page=True)
    assert errors == []
    context.close()
