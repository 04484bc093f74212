"""Issue 11, defect 9 (pages): Django's English error pages. 400, 403, 404 and 500 are Vietnamese pages in
the site layout, each with a way back (the home page, the previous page). A refused object says what it is
and whom to ask (403, where the user may know it exists); an object the user may not see is a 404.
The 500 page renders without a request context and without the database."""

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import path

import dtsystem.urls
from tests.directives.factories import DocumentFactory, TaskFactory


def _boom(request):
    raise RuntimeError("boom")


def _suspicious(request):
    raise SuspiciousOperation("tampered")


# This module is also the URL conf of the tests marked `pytest.mark.urls(__name__)`: the project's routes,
# its error handlers, and two views that fail.
urlpatterns = [
    path("boom/", _boom),
    path("suspicious/", _suspicious),
    path("api/v1/boom/", _boom),
    *dtsystem.urls.urlpatterns,
]
handler400 = getattr(dtsystem.urls, "handler400", "django.views.defaults.bad_request")
handler403 = getattr(dtsystem.urls, "handler403", "django.views.defaults.permission_denied")
handler404 = getattr(dtsystem.urls, "handler404", "django.views.defaults.page_not_found")
handler500 = getattr(dtsystem.urls, "handler500", "django.views.defaults.server_error")

ENGLISH = ("Not Found", "Server Error", "Bad Request", "Forbidden", "requested resource", "403 Forbidden")


def assert_error_page(response, status: int, *phrases: str) -> str:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert "/static/css/app.css" in html  # the site's layout
    assert 'href="/"' in html and "Về trang chủ" in html
    assert "data-history-back" in html and "Quay lại trang trước" in html
    for phrase in phrases:
        assert phrase in html, phrase
    for english in ENGLISH:
        assert english not in html, english
    return html


@pytest.fixture
def task(own_unit, coord_unit):
    document = DocumentFactory(title="Thông báo kết luận")
    return TaskFactory(document=document, lead_unit=own_unit, coordinating_units=[coord_unit])


def test_404_is_vietnamese_in_the_layout(client, lead):
    client.force_login(lead)
    html = assert_error_page(client.get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")
    assert "Nhiệm vụ" in html  # the navigation of a signed-in user


def test_404_for_an_anonymous_visitor(client, db):
    assert_error_page(client.get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")


def test_a_task_the_user_may_not_see_is_a_404_that_reveals_nothing(client, other_lead, task):
    client.force_login(other_lead)
    html = assert_error_page(client.get(f"/tasks/{task.pk}/"), 404, "Không tìm thấy")
    assert task.content not in html and "Sở Thông tin" not in html


def test_a_visible_task_the_user_may_not_change_is_a_403_saying_whom_to_ask(client, coord_lead, task):
    client.force_login(coord_lead)
    html = assert_error_page(
        client.get(f"/tasks/{task.pk}/edit/"),
        403,
        "Không có quyền",
        "Nhiệm vụ này do Sở Thông tin và Truyền thông chủ trì",
        "liên hệ Văn phòng UBND tỉnh",
    )
    assert f'href="/tasks/{task.pk}/"' in html  # back to what the user may see


def test_progress_on_a_coordinated_task_names_the_lead_unit(client, coord_lead, task):
    client.force_login(coord_lead)
    assert_error_page(
        client.post(f"/tasks/{task.pk}/progress/", {"percent": 10, "note": "x"}),
        403,
        "Nhiệm vụ này do Sở Thông tin và Truyền thông chủ trì",
        "Sở Thông tin và Truyền thông",
    )


def test_a_page_for_other_roles_says_who_uses_it(client, lead):
    client.force_login(lead)
    assert_error_page(client.get("/reports/"), 403, "Không có quyền", "Văn phòng UBND tỉnh")


@pytest.mark.urls(__name__)
def test_400_is_vietnamese(client, db):
    assert_error_page(client.get("/suspicious/"), 400, "Yêu cầu không hợp lệ")


def test_400_for_a_host_not_allowed(client, db, settings):
    settings.ALLOWED_HOSTS = ["dtsystem.example.gov.vn"]
    assert_error_page(client.get("/accounts/login/", HTTP_HOST="evil.example"), 400, "Yêu cầu không hợp lệ")


def test_csrf_failure_is_vietnamese(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    html = assert_error_page(response, 403, "Phiên làm việc")
    assert "CSRF verification failed" not in html


@pytest.mark.urls(__name__)
def test_500_renders_without_the_database(settings):
    """No `db` fixture: any query on the way would fail the test (pytest-django blocks the database)."""
    client = Client(raise_request_exception=False)
    assert_error_page(client.get("/boom/"), 500, "Đã có lỗi", "quản trị hệ thống")


def test_500_template_needs_no_request_context():
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "Đã có lỗi" in html and 'href="/"' in html


@pytest.mark.urls(__name__)
def test_500_under_the_api_is_json(settings):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/boom/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"message", "errors"} and "lỗi" in body["message"]
