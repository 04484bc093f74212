"""Login, logout and the home page of every role, in Vietnamese."""

import pytest
from django.urls import reverse


def test_login_page_is_vietnamese(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng nhập" in html and "Tên đăng nhập" in html and "Mật khẩu" in html
    assert 'lang="vi"' in html
    assert "cdn" not in html.lower()


def test_anonymous_home_redirects_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_login_with_wrong_password_shows_message(client, lead):
    response = client.post("/accounts/login/", {"username": "p_lead", "password": "wrong"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_login_then_logout(client, lead):
    response = client.post("/accounts/login/", {"username": "p_lead", "password": "pw-12345"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("office", ["Chuyên viên Văn phòng", "Văn phòng Ủy ban nhân dân tỉnh"]),
        ("lead", ["Cán bộ đơn vị", "Sở Thông tin và Truyền thông", "Lãnh đạo đơn vị"]),
        ("committee", ["Thành viên Ban Chỉ đạo", "Ban Chỉ đạo Chuyển đổi số tỉnh"]),
        ("admin", ["Quản trị hệ thống"]),
    ],
)
def test_home_page_per_role(client, personas, persona, expected):
    client.force_login(personas[persona])
    html = client.get("/").content.decode()
    for text in expected:
        assert text in html


def test_home_lists_members_of_my_unit(client, lead, staff):
    client.force_login(lead)
    html = client.get("/").content.decode()
    assert staff.get_full_name() in html
    assert "Chuyên viên đơn vị" in html


def test_home_of_user_without_unit(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert "chưa thuộc đơn vị nào" in client.get("/").content.decode()


def test_admin_link_only_for_admin(client, personas):
    client.force_login(personas["admin"])
    assert "/admin/" in client.get("/").content.decode()
    client.force_login(personas["lead"])
    assert 'href="/admin/"' not in client.get("/").content.decode()


def test_english_is_available(client, lead):
    client.force_login(lead)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "My units" in html


def test_unit_search_ignores_diacritics(client, lead, own_unit):
    client.force_login(lead)
    html = client.get("/units/", {"q": "thong tin truyen"}).content.decode()
    assert "Sở Thông tin và Truyền thông" in html
    html = client.get("/units/search/", {"q": "tt&tt"}).content.decode()
    assert f'value="{own_unit.pk}"' in html


def test_profile_token_regenerate_and_revoke(client, lead):
    from rest_framework.authtoken.models import Token

    client.force_login(lead)
    client.post("/accounts/profile/token/")
    token = Token.objects.get(user=lead)
    assert token.key in client.get("/accounts/profile/").content.decode()
    api = client.__class__()
    assert api.get("/api/v1/units/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    client.post("/accounts/profile/token/revoke/")
    assert not Token.objects.filter(user=lead).exists()


def test_ids_above_999_are_not_localised_in_pages(client, lead):
    from tests.factories import UnitFactory

    unit = UnitFactory(pk=12345, name="Sở Kiểm thử số lớn")
    client.force_login(lead)
    html = client.get("/units/search/", {"q": "kiem thu so lon"}).content.decode()
    assert f'value="{unit.pk}"' in html and "12.345" not in html


def test_navigation_marks_only_the_most_specific_entry(client, office):
    client.force_login(office)
    html = client.get("/documents/assistant/").content.decode()
    assert html.count("nav-link active") == 1
    assert 'nav-link active" href="/documents/assistant/"' in html


def test_profile_links_to_reminder_preferences(client, lead):
    client.force_login(lead)
    html = client.get("/accounts/profile/").content.decode()
    assert 'href="/reminders/preferences/"' in html
    assert client.get("/reminders/preferences/").status_code == 200


def test_vietnamese_even_when_the_browser_asks_for_english(client, lead):
    client.force_login(lead)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html and "Đơn vị của tôi" in html
