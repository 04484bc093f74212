"""Headless Chromium (Debian's package, driven by Playwright) logs in as office and sees the home page."""

import pytest

from tests.support.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_logs_in_and_sees_vietnamese_home(page, live_server, settings):
    from dtsystem.core import demo

    settings.DEBUG = True
    demo.load_all()
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    assert page.locator("h2").first.inner_text() == "Đăng nhập"
    login(page, live_server, "office")
    assert "Xin chào" in page.locator("h1").inner_text()
    body = page.locator("body").inner_text()
    assert "Đơn vị của tôi" in body
    assert "Văn phòng" in body
    assert page.evaluate("document.documentElement.lang") == "vi"
    # Static assets are served locally: Bootstrap's CSS is applied.
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
