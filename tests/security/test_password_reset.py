"""Issue 11, defect 8: there was no way to reset a forgotten password. Django's e-mail reset flow, in
Vietnamese and in the site's layout: "Quên mật khẩu?" on the login page → the address → an e-mail (subject,
text and HTML) with a one-time link built on SITE_URL → a new password → signing in with it. An unknown
address gets the same answer and no e-mail."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import UserFactory

OLD = "pw-12345"  # the personas' password (tests/factories.py)
NEW = "Chuyen-doi-so-2025!"
RESET = "/accounts/password-reset/"


def request_reset(client, email, **headers):
    return client.post(RESET, {"email": email}, **headers)


def link_in(text: str) -> str:
    (link,) = set(re.findall(r"https?://[^\s\"<>]+/accounts/reset/[^\s\"<>]+/", text))
    return link


def sign_in_with(username, password) -> int:
    return Client().post("/accounts/login/", {"username": username, "password": password}).status_code


def test_the_login_page_offers_a_reset(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "Quên mật khẩu?" in html and f'href="{RESET}"' in html


def test_the_request_page_is_vietnamese_in_the_layout(client, db):
    html = client.get(RESET).content.decode()
    assert "Đặt lại mật khẩu" in html and 'name="email"' in html
    assert 'lang="vi"' in html and "/static/css/app.css" in html
    assert "Password reset" not in html


def test_the_whole_flow(client, lead, settings):
    settings.SITE_URL = "https://dtsystem.example.gov.vn"
    response = request_reset(client, lead.email)
    assert response.status_code == 302 and response.url == "/accounts/password-reset/sent/"
    assert "Hãy kiểm tra hộp thư" in client.get(response.url).content.decode()

    (message,) = mail.outbox
    assert message.to == [lead.email]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == "[DTSystem] Đặt lại mật khẩu"
    assert lead.username in message.body and "24 giờ" in message.body
    ((html, mime),) = message.alternatives
    assert mime == "text/html" and 'lang="vi"' in html
    link = link_in(message.body)
    assert link.startswith("https://dtsystem.example.gov.vn/accounts/reset/")
    assert link_in(html) == link

    path = link.removeprefix(settings.SITE_URL)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert "Mật khẩu mới" in form_page.content.decode()
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done.url == "/accounts/reset/done/"
    assert "Đã đặt lại mật khẩu" in client.get(done.url).content.decode()

    assert sign_in_with(lead.username, NEW) == 302
    assert sign_in_with(lead.username, OLD) == 200  # the old one no longer works

    again = client.get(path, follow=True).content.decode()  # a link works once
    assert "Liên kết đặt lại mật khẩu không hợp lệ" in again


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, lead):
    known = request_reset(Client(), lead.email)
    mail.outbox.clear()
    unknown = request_reset(client, "khong-co@example.gov.vn")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert mail.outbox == []


def test_an_inactive_account_gets_no_email(client, db):
    user = UserFactory(is_active=False)
    request_reset(client, user.email)
    assert mail.outbox == []


def test_the_link_is_built_on_site_url_not_on_the_host_header(client, lead, settings):
    settings.SITE_URL = "https://dtsystem.example.gov.vn"
    request_reset(client, lead.email, HTTP_HOST="evil.example")
    assert link_in(mail.outbox[0].body).startswith("https://dtsystem.example.gov.vn/")
    assert "evil.example" not in mail.outbox[0].body


def test_a_weak_new_password_is_refused_in_vietnamese(client, lead):
    request_reset(client, lead.email)
    path = re.sub(r"^https?://[^/]+", "", link_in(mail.outbox[0].body))
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mật khẩu này quá ngắn" in html or "quá phổ biến" in html
    assert sign_in_with(lead.username, OLD) == 302


@pytest.mark.parametrize("email", ["", "khong-phai-email"])
def test_a_malformed_address_is_asked_again(client, db, email):
    response = request_reset(client, email)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert mail.outbox == []


def test_a_reset_lifts_the_lock_of_a_throttled_account(client, lead):
    for _ in range(5):
        client.post("/accounts/login/", {"username": lead.username, "password": "sai"})
    assert sign_in_with(lead.username, OLD) == 429
    request_reset(client, lead.email)
    path = re.sub(r"^https?://[^/]+", "", link_in(mail.outbox[0].body))
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert sign_in_with(lead.username, NEW) == 302  # whoever reads the mailbox owns the account
