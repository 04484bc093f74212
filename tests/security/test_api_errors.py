"""Issue 11, defect 9 (API): every error of /api/v1/ is the JSON error format {"message", "errors"}, in
Vietnamese: a non-numeric or unknown id (404; /api/v1/tasks/abc/ answered Django's HTML page), a method a
route does not answer (405), a body type it does not read (415), an Accept header it cannot satisfy (406),
an unknown path under /api/ (404), and no credentials (401/403). The test walks every route of the API."""

import re
from datetime import date

import pytest
from rest_framework.test import APIClient

from directives import services
from directives.models import InputRequest, Task
from directives.saved_filters import saved_filter_create
from dtsystem.units.choices import Role
from dtsystem.units.models import UnitChange, UnitGroup
from inbox.choices import InboxKind
from inbox.models import InboxItem
from tests.directives.factories import DocumentFactory, TaskFactory
from tests.factories import MembershipFactory, UnitFactory
from tests.support.routes import url_routes
from tests.support.world import make_line, make_plan, make_target

METHODS = ("get", "post", "put", "patch", "delete")
VIETNAMESE = re.compile("[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]")
BAD_IDS = ("abc", "-1", "1.5", "0x1", "999999999", "99999999999999999999999")


def api_routes():
    return sorted((r for n, r in url_routes().items() if n.startswith("api:")), key=lambda r: r.name)


def url_of(route, pk="") -> str:
    """The route's address, its `pk` group replaced by `pk`."""
    pattern = route.pattern.replace("^", "").replace("$", "")
    return "/" + re.sub(r"\(\?P<pk>[^)]*\)", str(pk), pattern)


def has_pk(route) -> bool:
    return "(?P<pk>" in route.pattern


def assert_json_error(response, status: int, where: str) -> dict:
    assert response.status_code == status, f"{where}: {response.status_code} {response.content[:300]!r}"
    assert response["Content-Type"].startswith("application/json"), f"{where}: {response['Content-Type']}"
    body = response.json()
    assert set(body) == {"message", "errors"}, f"{where}: {body}"
    assert body["message"] and VIETNAMESE.search(body["message"].lower()), f"{where}: {body['message']}"
    return body


@pytest.fixture
def world(admin_user, lead, own_unit, office):
    document = DocumentFactory(title="Thông báo kết luận")
    task = TaskFactory(document=document, lead_unit=own_unit, due_date=date(2022, 1, 31))
    extension = services.task_request_extension(
        task=task, user=lead, new_due_date=date(2022, 3, 31), reason="Chờ kinh phí"
    )
    plan = make_plan()
    # The admin also works in a coordinating unit of the task: sending its input passes the policy, so the
    # walk reaches the body (a contribution is the coordinating unit's own, not an administrator's).
    coordinating = UnitFactory()
    MembershipFactory(user=admin_user, unit=coordinating, role=Role.STAFF)
    ids = {
        "units": own_unit.pk,
        "documents": document.pk,
        "tasks": task.pk,
        "extension-requests": extension.pk,
        "plans": plan.pk,
        "budget-lines": make_line(plan, unit=own_unit).pk,
        "kpis": make_target(plan, target_value=10, responsible_unit=own_unit).pk,
        "unit-changes": UnitChange.objects.create(kind="rename", date=date(2024, 1, 1)).pk,
        "saved-filters": saved_filter_create(user=admin_user, name="Quá hạn", querystring="").pk,
        "inbox": InboxItem.objects.create(
            user=admin_user, kind=InboxKind.TASK_ASSIGNED, task=task, key="t", title="Nhiệm vụ mới"
        ).pk,
        "input-requests": InputRequest.objects.create(
            task=task, unit=coordinating, due_date=date(2022, 1, 24)
        ).pk,
        "unit-groups": UnitGroup.objects.create(name="Nhóm thử", membership_kind="by_list").pk,
    }
    client = APIClient()
    client.force_authenticate(admin_user)
    return client, ids


def existing_url(route, ids) -> str:
    resource = route.pattern.removeprefix("api/v1/^").split("/")[0]
    return url_of(route, ids[resource]) if has_pk(route) else url_of(route)


def test_the_walk_sees_every_api_route():
    names = {r.name for r in api_routes()}
    assert {
        "api:task-detail",
        "api:task-transition",
        "api:kpi-measurements",
        "api:schema",
        "api:docs",
    } <= names
    assert len([r for r in api_routes() if has_pk(r)]) >= 15


def test_a_bad_or_unknown_id_is_a_json_404_on_every_route(world):
    client, _ = world
    for route in filter(has_pk, api_routes()):
        for method in sorted(route.methods):
            for pk in BAD_IDS:
                url = url_of(route, pk)
                assert_json_error(getattr(client, method)(url, {}, format="json"), 404, f"{method} {url}")


def test_a_method_a_route_does_not_answer_is_a_json_405(world):
    client, ids = world
    for route in api_routes():
        url = existing_url(route, ids)
        for method in sorted(set(METHODS) - route.methods):
            assert_json_error(getattr(client, method)(url, {}, format="json"), 405, f"{method} {url}")


def test_a_body_the_route_cannot_read_is_a_json_415(world):
    client, ids = world
    writes = [(r, m) for r in api_routes() for m in sorted(r.methods - {"get"})]
    assert len(writes) >= 10
    for route, method in writes:
        url = existing_url(route, ids)
        response = getattr(client, method)(url, "percent=10", content_type="text/plain")
        assert_json_error(response, 415, f"{method} {url}")
    assert Task.objects.count() == 1


def test_an_accept_header_the_api_cannot_satisfy_is_a_json_406(world):
    client, ids = world
    for route in api_routes():
        if "get" in route.methods:
            url = existing_url(route, ids)
            assert_json_error(client.get(url, HTTP_ACCEPT="application/xml"), 406, f"get {url}")


@pytest.mark.parametrize(
    "url",
    ["/api/", "/api/v1/nope/", "/api/v2/tasks/", "/api/v1/tasks/1/nope/", "/api/v1/tasks/abc/"],
)
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_unknown_path_under_the_api_is_a_json_404(world, url, method):
    client, _ = world
    response = getattr(client, method)(url, {}, format="json")
    assert_json_error(response, 404, f"{method} {url}")


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize(
    "method, url, status",
    [
        ("get", "/api/v1/plans/abc/", 404),
        ("get", "/api/v1/tasks/abc/", 404),
        ("delete", "/api/v1/tasks/", 405),
    ],
)
def test_a_browser_gets_json_errors_too(world, method, url, status):
    client, _ = world
    assert_json_error(getattr(client, method)(url, HTTP_ACCEPT=BROWSER_ACCEPT), status, f"{method} {url}")


def test_no_credentials_is_a_json_401_or_403_on_every_route(world):
    anonymous = APIClient()
    _, ids = world
    for route in api_routes():
        url = existing_url(route, ids)
        for method in sorted(route.methods):
            response = getattr(anonymous, method)(url, {}, format="json")
            if route.name == "api:docs":  # a browser: the login page
                assert response.status_code == 302 and "/accounts/login/" in response.url
                continue
            body = assert_json_error(response, response.status_code, f"{method} {url}")
            assert response.status_code in (401, 403), body
