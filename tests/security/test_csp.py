"""Issue 11, defect 13: there was no Content-Security-Policy. Every response carries a strict one, and the
templates of the pages hold nothing it forbids: no inline <script> (json_script data is not executed), no
on…="" handler, no style attribute, no <style> element. tests/browser/test_csp_browser.py checks the pages
themselves in Chromium; these tests are the quick guard (no browser)."""

import re
from pathlib import Path

import pytest

from dtsystem.core.templatetags.vn import bar_width

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Not pages: e-mails (read by mail clients, which need inline styles) and the PDFs WeasyPrint lays out (the
# report, chase letters, scorecards): never served to a browser as HTML.
NOT_PAGES = ("emails/", "reports/email/", "reports/pdf/", "outputs/pdf/", "registration/password_reset_email")

REQUIRED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize(
    "url, status",
    [("/accounts/login/", 200), ("/", 200), ("/api/v1/tasks/", 200), ("/khong-co/", 404), ("/admin/", 200)],
)
def test_every_response_carries_the_strict_policy(client, admin_user, url, status):
    if url != "/accounts/login/":
        client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == status
    directives = policy(response)
    for name, value in REQUIRED.items():
        assert directives.get(name) == value, (name, directives.get(name))
    assert "unsafe" not in response["Content-Security-Policy"]


def test_the_swagger_ui_keeps_to_the_same_policy(client, lead):
    client.force_login(lead)
    response = client.get("/api/v1/docs/")
    assert policy(response) == policy(client.get("/"))
    html = response.content.decode()
    assert "<style" not in html and not re.search(r"<script(?![^>]*\ssrc=)", html)
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def page_templates():
    return sorted(
        p for p in TEMPLATES.rglob("*.html") if not str(p.relative_to(TEMPLATES)).startswith(NOT_PAGES)
    )


def test_the_guard_reads_the_page_templates():
    names = {str(p.relative_to(TEMPLATES)) for p in page_templates()}
    assert {"base.html", "dashboard/index.html", "assistant/review.html", "500.html"} <= names
    assert "emails/reminder.html" not in names


@pytest.mark.parametrize("path", page_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_page_template_holds_what_the_policy_forbids(path):
    html = path.read_text(encoding="utf-8")
    found = []
    found += re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", html)  # inline script ({{ x|json_script }} is data)
    found += re.findall(r"\son[a-z]+\s*=", html)  # event handler attributes
    found += re.findall(r"\sstyle\s*=", html)  # style attributes
    found += re.findall(r"<style", html)
    found += re.findall(r"javascript:", html)
    assert not found, found


@pytest.mark.parametrize(
    "value, css",
    [
        (0, "bar-0"),
        (37, "bar-37"),
        (37.5, "bar-38"),
        ("99.4", "bar-99"),
        (150, "bar-100"),
        (-3, "bar-0"),
        (None, "bar-0"),
        ("x", "bar-0"),
    ],
)
def test_bar_width_is_a_class_within_0_and_100(value, css):
    assert bar_width(value) == css
