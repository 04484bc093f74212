"""Saved filters of the task list, per user (issue 15, part 6, last bullet): the services, the page's
"Lưu bộ lọc" bar and `/api/v1/saved-filters/`, and their permission matrix."""

import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from directives import services
from directives.choices import TaskStatus
from directives.models import SavedFilter
from directives.saved_filters import saved_filter_create, saved_filter_delete, saved_filter_list
from tests.support.directives import FUTURE, make_notice
from tests.support.permissions import SIGNED_IN, Action, PermissionMatrix
from tests.support.personas import api_client

API = "/api/v1/saved-filters/"


@pytest.fixture
def tasks(office, lead, own_unit, other_unit):
    """Five tasks of Sở TTTT (two started) and two of Sở Y tế (one started)."""
    rows = [
        {
            "item": str(i),
            "content": f"Công việc thử số {i}",
            "lead_unit": own_unit if i <= 5 else other_unit,
            "deadline_text": f"trước ngày 30/06/{FUTURE}",
        }
        for i in range(1, 8)
    ]
    document = make_notice(office, own_unit, tasks=rows)
    by_item = {t.item: t for t in document.tasks.all()}
    for item in ("1", "2", "6"):
        services.task_transition(task=by_item[item], user=office, to=TaskStatus.IN_PROGRESS)
    return by_item


def shown(html: str) -> set[str]:
    return set(re.findall(r'href="/tasks/(\d+)/"', html))


# ------------------------------------------------------------------------------------------------ services


def test_create_keeps_only_the_filters_parameters_in_a_stable_order(office, own_unit):
    saved = saved_filter_create(
        user=office,
        name="  Sở TTTT đang làm  ",
        querystring=f"?page=3&foo=1&status=in_progress&lead_unit={own_unit.pk}&q=&as_of=31/03/2022&status=new",
    )
    assert saved.name == "Sở TTTT đang làm"
    # page, unknown and empty parameters and as_of dropped; the FilterSet's order; both statuses kept
    assert saved.querystring == f"lead_unit={own_unit.pk}&status=in_progress&status=new"
    assert list(saved_filter_list(user=office)) == [saved]


def test_duplicate_and_empty_names_are_refused_in_vietnamese(office, lead):
    saved_filter_create(user=office, name="Quá hạn", querystring="timeliness=overdue")
    with pytest.raises(ValidationError) as duplicate:
        saved_filter_create(user=office, name="Quá hạn", querystring="status=new")
    assert "đã có một bộ lọc tên “Quá hạn”" in duplicate.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as empty:
        saved_filter_create(user=office, name="   ", querystring="status=new")
    assert empty.value.message_dict["name"] == ["Hãy đặt tên cho bộ lọc."]
    with pytest.raises(ValidationError) as too_long:
        saved_filter_create(user=office, name="x" * 81, querystring="")
    assert "80 ký tự" in too_long.value.message_dict["name"][0]
    saved_filter_create(user=office, name="x" * 80, querystring="")  # the boundary is allowed
    # another user may use the same name
    saved_filter_create(user=lead, name="Quá hạn", querystring="timeliness=overdue")
    assert SavedFilter.objects.filter(name="Quá hạn").count() == 2


@pytest.mark.parametrize(
    "query, field",
    [
        ("status=xong-roi", "Trạng thái"),
        ("unit=999999", "Đơn vị"),
        ("due_after=31/02/2022", "Hạn từ ngày"),
        ("year=abc", "Năm"),
    ],
)
def test_an_invalid_filter_value_is_refused(office, query, field):
    with pytest.raises(ValidationError) as refused:
        saved_filter_create(user=office, name="Sai", querystring=query)
    message = refused.value.message_dict["querystring"][0]
    assert message.startswith("Điều kiện lọc không hợp lệ") and field in message
    assert not SavedFilter.objects.exists()


def test_only_the_owner_deletes(office, lead):
    saved = saved_filter_create(user=lead, name="Của tôi", querystring="status=new")
    with pytest.raises(Http404):
        saved_filter_delete(user=office, saved_filter=saved)
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    saved_filter_delete(user=lead, saved_filter=saved)
    assert not SavedFilter.objects.exists()


# ------------------------------------------------------------------------------------------------- the page


def test_save_from_the_page_then_the_link_gives_the_same_rows(client, office, own_unit, tasks):
    client.force_login(office)
    url = reverse("directives:task_list")
    original = f"status=in_progress&lead_unit={own_unit.pk}"
    expected = shown(client.get(f"{url}?{original}&page=1").content.decode())
    assert expected == {str(tasks["1"].pk), str(tasks["2"].pk)}

    response = client.post(
        reverse("directives:saved_filter_create"),
        {"name": "TTTT đang làm", "querystring": f"{original}&page=1"},
        follow=True,
    )
    html = response.content.decode()
    assert "Đã lưu bộ lọc “TTTT đang làm”." in html
    saved = SavedFilter.objects.get(user=office)
    assert shown(html) == expected  # redirected to the saved query
    link = f'href="?{saved.querystring.replace("&", "&amp;")}"'
    assert link in html and "TTTT đang làm" in html
    assert shown(client.get(f"{url}?{saved.querystring}").content.decode()) == expected


def test_the_page_shows_a_duplicate_or_an_invalid_filter_as_a_message(client, office):
    client.force_login(office)
    saved_filter_create(user=office, name="Mới", querystring="status=new")
    create = reverse("directives:saved_filter_create")
    html = client.post(create, {"name": "Mới", "querystring": "status=new"}, follow=True).content.decode()
    assert "Bạn đã có một bộ lọc tên “Mới”" in html
    html = client.post(create, {"name": "Sai", "querystring": "status=zzz"}, follow=True).content.decode()
    assert "Điều kiện lọc không hợp lệ" in html
    html = client.post(create, {"name": "", "querystring": "status=new"}, follow=True).content.decode()
    assert "Hãy đặt tên cho bộ lọc." in html
    assert SavedFilter.objects.count() == 1


def test_the_page_lists_only_ones_own_and_deletes_them(client, office, lead):
    mine = saved_filter_create(user=office, name="Bộ lọc của văn phòng", querystring="status=new")
    theirs = saved_filter_create(user=lead, name="Bộ lọc của sở", querystring="status=done")
    client.force_login(office)
    html = client.get(reverse("directives:task_list")).content.decode()
    assert "Bộ lọc của văn phòng" in html and "Bộ lọc của sở" not in html
    assert client.post(reverse("directives:saved_filter_delete", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("directives:saved_filter_delete", args=[mine.pk]), follow=True)
    assert "Đã xóa bộ lọc “Bộ lọc của văn phòng”." in response.content.decode()
    assert list(SavedFilter.objects.all()) == [theirs]


# -------------------------------------------------------------------------------------------------- the API


def test_api_create_list_apply_and_delete(office, lead, own_unit, tasks):
    client = api_client(office)
    saved_filter_create(user=lead, name="Của sở", querystring="status=new")  # not the office's
    response = client.post(
        API, {"name": "Đang làm", "querystring": f"status=in_progress&page=2&lead_unit={own_unit.pk}"}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "Đang làm" and body["querystring"] == f"lead_unit={own_unit.pk}&status=in_progress"
    listed = client.get(API).json()
    assert [row["name"] for row in listed["results"]] == ["Đang làm"]
    # applied to the task API, the same rows as the original query
    rows = client.get(f"/api/v1/tasks/?{body['querystring']}").json()["results"]
    assert {row["id"] for row in rows} == {tasks["1"].pk, tasks["2"].pk}
    assert client.delete(f"{API}{body['id']}/").status_code == 204
    assert not SavedFilter.objects.filter(user=office).exists()


def test_api_errors_are_in_the_one_format(office, lead):
    client = api_client(office)
    saved_filter_create(user=office, name="Mới", querystring="status=new")
    duplicate = client.post(API, {"name": "Mới", "querystring": "status=new"})
    assert duplicate.status_code == 400
    assert set(duplicate.json()) == {"message", "errors"} and "name" in duplicate.json()["errors"]
    invalid = client.post(API, {"name": "Sai", "querystring": "timeliness=never"})
    assert invalid.status_code == 400 and "querystring" in invalid.json()["errors"]
    assert invalid.json()["message"].startswith("Điều kiện lọc không hợp lệ")
    theirs = saved_filter_create(user=lead, name="Của sở", querystring="status=done")
    refused = client.delete(f"{API}{theirs.pk}/")
    assert refused.status_code == 404 and set(refused.json()) == {"message", "errors"}
    assert SavedFilter.objects.filter(pk=theirs.pk).exists()
    assert api_client(None).get(API).status_code in (401, 403)


def test_api_a_body_it_cannot_read_is_a_415_and_other_methods_a_405(office):
    client = api_client(office)
    saved = saved_filter_create(user=office, name="Mới", querystring="status=new")
    for method, url in (("delete", f"{API}{saved.pk}/"), ("post", API)):
        response = getattr(client, method)(url, "name=x", content_type="text/plain")
        assert response.status_code == 415 and set(response.json()) == {"message", "errors"}
    for method in ("put", "patch"):
        assert getattr(client, method)(f"{API}{saved.pk}/", {}, format="json").status_code == 405
    assert list(SavedFilter.objects.all()) == [saved]


# ------------------------------------------------------------------------------------------ the permissions


def _mine(w):
    return SavedFilter.objects.filter(user=w.actor, name="Bộ lọc thử").exists() if w.actor else False


class TestSavedFilterPermissions(PermissionMatrix):
    """Every signed-in user keeps their own filters; another user's filter does not exist for them (404),
    the administrator included."""

    actions = (
        Action(
            "page create",
            "directives:saved_filter_create",
            SIGNED_IN,
            data={"name": "Bộ lọc thử", "querystring": "status=new"},
            effect=_mine,
        ),
        Action(
            "page delete",
            "directives:saved_filter_delete",
            {"lead"},
            hidden=SIGNED_IN - {"lead"},
            args=lambda w: [w.saved.pk],
            effect=lambda w: not SavedFilter.objects.filter(pk=w.saved.pk).exists(),
        ),
        Action("api list", "api:saved-filter-list", SIGNED_IN, method="get"),
        Action(
            "api create",
            "api:saved-filter-list",
            SIGNED_IN,
            data={"name": "Bộ lọc thử", "querystring": "status=new"},
            success=201,
            effect=_mine,
        ),
        Action(
            "api delete",
            "api:saved-filter-detail",
            {"lead"},
            method="delete",
            hidden=SIGNED_IN - {"lead"},
            args=lambda w: [w.saved.pk],
            success=204,
            effect=lambda w: not SavedFilter.objects.filter(pk=w.saved.pk).exists(),
        ),
    )
    observe = (SavedFilter,)

    @pytest.fixture
    def world(self, lead):
        return SimpleNamespace(saved=saved_filter_create(user=lead, name="Của trưởng phòng", querystring=""))


# ------------------------------------------------------------------------------------------ in the browser


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1366, 390])
def test_save_open_and_delete_a_filter_in_chromium(browser, live_server, settings, width):
    """In headless Chromium: filter the list, "Lưu bộ lọc", open the saved link, delete it; no horizontal
    scrolling, no JS or CSP error. Screenshots in /tmp/saved-filters-*.png."""
    from dtsystem.core import demo
    from tests.support.browser import login

    settings.DEBUG = True
    demo.load_all()
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, live_server, "office")
    page.goto(f"{live_server.url}/tasks/?status=in_progress")
    filtered = shown(page.content())
    assert filtered
    page.fill("#id_saved_filter_name", "Đang thực hiện")
    page.click("#saved-filter-form button[type=submit]")
    page.wait_for_selector("text=Đã lưu bộ lọc")
    page.goto(f"{live_server.url}/tasks/")
    page.click("#saved-filters a:has-text('Đang thực hiện')")
    page.wait_for_url("**/tasks/?status=in_progress")
    assert shown(page.content()) == filtered
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=f"/tmp/saved-filters-{width}.png", full_page=False)
    page.locator("#saved-filters").screenshot(path=f"/tmp/saved-filters-bar-{width}.png")
    page.click("#saved-filters .saved-filter button[type=submit]")
    page.wait_for_selector("text=Đã xóa bộ lọc")
    assert not SavedFilter.objects.exists()
    assert errors == []
    context.close()
