"""Headless Chromium (Debian's /usr/bin/chromium driven by Playwright, never a downloaded browser):
the `browser` and `page` fixtures, and signing in through the login page."""

import pytest

from tests.live import CHROMIUM_ARGS, require_chromium


@pytest.fixture
def browser():
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def login(page, live_server, username, password="demo12345"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
