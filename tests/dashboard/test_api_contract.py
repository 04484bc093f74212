"""API completeness review, for every endpoint the /api/v1/ router serves (listed from the router, so a
new resource is checked as soon as it is registered) plus /api/v1/dashboard/:

- every resource of the contract answers;
- every list paginates ({"count", "next", "previous", "results"}, ?page_size=);
- lists filter with the same FilterSet as their page;
- every endpoint and action refuses anonymous users, and errors come in one format {"message", "errors"};
- writes on another unit's objects are refused;
- the OpenAPI schema validates, and the Swagger UI is served with local assets (no CDN)."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from directives.models import ExtensionRequest
from dtsystem.api_urls import router
from tests.support.worlds import AS_OF_1

pytestmark = pytest.mark.django_db

CONTRACT = ["units", "documents", "tasks", "plans", "kpis", "budget-lines"]
# The page module whose list uses the same FilterSet as the resource's list endpoint.
PAGE_MODULES = {
    "units": "dtsystem.units.views",
    "unit-groups": "dtsystem.units.views",
    "input-requests": "directives.views.queues",
    "documents": "directives.views.documents",
    "tasks": "directives.views.tasks",
    "plans": "plans.views",
    "budget-lines": "plans.views",
    "kpis": "kpis.views",
    "inbox": "inbox.views",
    "unit-changes": "dtsystem.units.reorganise_views",
}
# Resources without a list page of their own: extension requests are read on the approval queue
# (filtered by ?status= with filterset_fields).
NO_PAGE_FILTERSET = {"extension-requests"}
# Lists with nothing to filter: a user's own saved filters (a handful, capped per user).
UNFILTERED = {"saved-filters"}


def api_for(user) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_login(user)
    return api


def routes():
    """(name, url pattern, {method: action}) of every router route, without the format-suffix twins."""
    seen = set()
    for pattern in router.urls:
        name = pattern.name
        if name in seen or "format" in str(pattern.pattern):
            continue
        seen.add(name)
        actions = dict(getattr(pattern.callback, "actions", None) or {"get": "root"})
        yield name, pattern, actions


def _url(name: str, pk: int = 1) -> str:
    """The route's URL, every URL argument (pk, or any other) set to `pk`."""
    pattern = next(p for p in router.urls if p.name == name)
    kwargs = {key: pk for key in pattern.pattern.regex.groupindex if key != "format"}
    return reverse(f"api:{name}", kwargs=kwargs or None)


def assert_error_format(response):
    body = response.json()
    assert set(body) == {"message", "errors"}, body
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], dict)


def test_every_contract_resource_is_registered():
    prefixes = {prefix for prefix, _viewset, _basename in router.registry}
    assert set(CONTRACT) <= prefixes
    assert reverse("api:dashboard") == "/api/v1/dashboard/"


def test_every_endpoint_refuses_anonymous_users(world):
    anonymous = APIClient()
    checked = 0
    for name, _pattern, actions in routes():
        url = _url(name, pk=world["tasks"][1].pk)
        for method in [m for m in list(actions) if m != "head"]:
            response = getattr(anonymous, method)(url, {}, format="json")
            assert response.status_code in (401, 403), (method, url, response.status_code)
            assert_error_format(response)
            checked += 1
    response = anonymous.get("/api/v1/dashboard/")
    assert response.status_code in (401, 403)
    assert_error_format(response)
    assert checked >= 20


def test_every_list_answers_and_paginates(committee, world):
    api = api_for(committee)
    lists = [name for name, _p, actions in routes() if name.endswith("-list") and "get" in actions]
    assert len(lists) >= len(CONTRACT)
    for name in lists:
        response = api.get(_url(name), {"page_size": 1})
        assert response.status_code == 200, (name, response.content[:300])
        body = response.json()
        assert set(body) == {"count", "next", "previous", "results"}, name
        assert len(body["results"]) <= 1
        if body["count"] > 1:
            assert body["next"] and "page=2" in body["next"]


def test_every_detail_answers(committee, world):
    api = api_for(committee)
    ExtensionRequest.objects.create(
        task=world["tasks"][3],
        current_due_date=date(2024, 5, 31),
        new_due_date=date(2024, 9, 30),
        reason="Chờ vốn",
    )
    for name, _p, actions in routes():
        if not name.endswith("-list") or "get" not in actions:
            continue
        first = api.get(_url(name)).json()["results"]
        if not first:
            continue
        detail = name.replace("-list", "-detail")
        response = api.get(reverse(f"api:{detail}", kwargs={"pk": first[0]["id"]}))
        assert response.status_code == 200, detail
    missing = api.get(reverse("api:task-detail", kwargs={"pk": 999999}))
    assert missing.status_code == 404
    assert_error_format(missing)


def test_lists_use_the_same_filtersets_as_pages():
    import importlib

    for prefix, viewset, _basename in router.registry:
        if prefix in UNFILTERED:
            assert not getattr(viewset, "filterset_class", None) and not getattr(
                viewset, "filterset_fields", None
            )
            continue
        if prefix in NO_PAGE_FILTERSET:
            assert getattr(viewset, "filterset_fields", None) or getattr(viewset, "filterset_class", None)
            continue
        filterset = viewset.filterset_class
        page = importlib.import_module(PAGE_MODULES[prefix])
        assert getattr(page, filterset.__name__, None) is filterset, (prefix, filterset)


def test_a_bad_filter_is_a_400_in_the_one_format(committee, world):
    api = api_for(committee)
    response = api.get("/api/v1/tasks/", {"due_after": "not-a-date"})
    assert response.status_code == 400
    assert_error_format(response)
    assert "due_after" in response.json()["errors"]
    response = api.get("/api/v1/dashboard/", {"as_of": "2024-02-30"})
    assert response.status_code == 400
    assert_error_format(response)


def test_writes_on_another_units_objects_are_refused(other_lead, lead, world):
    """The lead of Sở Y tế (B) cannot change what Sở TTTT (A) leads or owns, whatever the endpoint."""
    api = api_for(other_lead)
    task = world["tasks"][3]  # led by A, not visible to B
    attempts = [
        ("post", reverse("api:task-report-progress", kwargs={"pk": task.pk}), {"percent": 50, "note": "x"}),
        ("post", reverse("api:task-transition", kwargs={"pk": task.pk}), {"to": "in_progress"}),
        (
            "post",
            reverse("api:task-request-extension", kwargs={"pk": task.pk}),
            {"new_due_date": "2024-12-31", "reason": "x"},
        ),
        ("patch", reverse("api:task-detail", kwargs={"pk": task.pk}), {"version": 1, "content": "x"}),
        (
            "post",
            reverse("api:task-list"),
            {"document": world["docs"]["notice"].pk, "content": "x", "lead_unit": world["units"]["A"].pk},
        ),
        ("post", reverse("api:document-list"), {"kind": "TB", "title": "x"}),
    ]
    kpi = world["plan"].kpi_targets.get(code="1")  # responsible unit: A
    attempts.append(
        ("post", reverse("api:kpi-measurements", kwargs={"pk": kpi.pk}), {"period": "2024", "value": "70"})
    )
    line = world["plan"].budget_lines.get(item="1")
    attempts.append(
        (
            "post",
            reverse("api:budget-line-disbursements", kwargs={"pk": line.pk}),
            {"date": "2024-06-30", "amount": "10"},
        )
    )
    for method, url, data in attempts:
        response = getattr(api, method)(url, data, format="json")
        assert response.status_code in (403, 404), (url, response.status_code, response.content[:200])
        assert_error_format(response)
    extension = ExtensionRequest.objects.create(
        task=world["tasks"][6],
        current_due_date=date(2024, 9, 30),
        new_due_date=date(2024, 12, 31),
        reason="x",
    )
    for decision in ("approve", "reject"):
        response = api_for(lead).post(
            reverse(f"api:extension-request-{decision}", kwargs={"pk": extension.pk}),
            {"reason": "x"},
            format="json",
        )
        assert response.status_code in (403, 404)
        assert_error_format(response)


def test_dashboard_counts_add_up_to_the_tasks_in_scope(committee, world):
    api = api_for(committee)
    data = api.get("/api/v1/dashboard/", {"as_of": AS_OF_1.isoformat()}).json()
    in_scope = sum(api.get(link).json()["count"] for link in data["totals"]["api_links"].values())
    assert sum(data["totals"]["by_timeliness"].values()) == data["totals"]["total"] == in_scope


def test_schema_validates(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    for path in ["/api/v1/dashboard/", "/api/v1/tasks/", "/api/v1/units/", "/api/v1/plans/{id}/budget/"]:
        assert f"  {path}:" in text


def test_swagger_ui_is_served_with_local_assets(client, committee):
    client.force_login(committee)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and not [a for a in assets if a.startswith(("http://", "https://", "//"))]
    from django.contrib.staticfiles import finders

    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
    assert client.get("/api/v1/schema/").status_code == 200
