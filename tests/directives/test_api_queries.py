"""List endpoints run a fixed number of queries whatever the number of rows: the same count for 5 and
for 50 tasks (50 is one full page), pinned with django_assert_num_queries.

Where the queries go, for a unit lead signed in with a session: session, user, the lead's memberships
and the unit tree (dtsystem.policy.actor_for), then the page's COUNT, the page itself and one prefetch
of coordinating units. The unit tree is the size of the province's unit list, not of the data."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from directives.choices import TaskStatus
from directives.models import ExtensionRequest

from .factories import DocumentFactory, TaskFactory

SIZES = [5, 50]


@pytest.fixture
def make_world(own_unit, coord_unit, other_unit):
    def make(n: int) -> None:
        documents = [DocumentFactory() for _ in range(max(1, n // 5))]
        for i in range(n):
            task = TaskFactory(
                document=documents[i % len(documents)],
                lead_unit=own_unit,
                coordinating_units=[coord_unit, other_unit] if i % 2 else [coord_unit],
                due_date=date(2022, 1, 1) + timedelta(days=i),
                status=[TaskStatus.NEW, TaskStatus.IN_PROGRESS][i % 2],
            )
            if i % 3 == 0:
                ExtensionRequest.objects.create(
                    task=task, current_due_date=task.due_date, new_due_date=date(2031, 1, 1), reason="Chờ"
                )

    return make


def signed_in(user) -> APIClient:
    api = APIClient()
    api.force_login(user)
    return api


def count_queries(api: APIClient, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url, params)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


# session + user + memberships + unit tree (policy.actor_for) + COUNT + page + coordinating units
LEAD_TASK_LIST = 7
# session + user + memberships (office: no unit tree) + COUNT + page + coordinating units
OFFICE_TASK_LIST = 6
# session + user + COUNT + page (task counts are an annotation)
DOCUMENT_LIST = 4


@pytest.mark.parametrize("n", SIZES)
def test_task_list_queries(n, make_world, lead, django_assert_num_queries):
    make_world(n)
    api = signed_in(lead)
    with django_assert_num_queries(LEAD_TASK_LIST):
        response = api.get("/api/v1/tasks/")
    assert response.json()["count"] == n
    assert len(response.json()["results"]) == n


@pytest.mark.parametrize("n", SIZES)
def test_task_list_overdue_as_of_queries(n, make_world, lead, django_assert_num_queries):
    make_world(n)
    api = signed_in(lead)
    with django_assert_num_queries(LEAD_TASK_LIST):
        response = api.get("/api/v1/tasks/", {"timeliness": "overdue", "as_of": "2030-01-01"})
    assert response.json()["count"] == n
    assert {row["timeliness"] for row in response.json()["results"]} == {"overdue"}


@pytest.mark.parametrize("n", SIZES)
def test_task_list_by_unit_queries(n, make_world, office, coord_unit, django_assert_num_queries):
    make_world(n)
    api = signed_in(office)
    # + the unit filter's own lookup of the unit
    with django_assert_num_queries(OFFICE_TASK_LIST + 1):
        response = api.get("/api/v1/tasks/", {"unit": coord_unit.pk})
    assert response.json()["count"] == n


@pytest.mark.parametrize("n", SIZES)
def test_document_list_queries(n, make_world, committee, django_assert_num_queries):
    make_world(n)
    api = signed_in(committee)
    with django_assert_num_queries(DOCUMENT_LIST):
        response = api.get("/api/v1/documents/")
    assert response.json()["count"] == max(1, n // 5)
    assert sum(row["task_count"] for row in response.json()["results"]) == n


@pytest.mark.parametrize(
    ("user", "url", "params"),
    [
        ("lead", "/api/v1/tasks/", {}),
        ("lead", "/api/v1/tasks/", {"timeliness": "overdue", "as_of": "2030-01-01"}),
        ("office", "/api/v1/tasks/", {"unit": "coord"}),
        ("committee", "/api/v1/documents/", {}),
        ("office", "/api/v1/extension-requests/", {}),
    ],
)
def test_query_count_does_not_grow_with_the_data(user, url, params, make_world, personas, coord_unit):
    """The same request, measured on 5 then on 50 more tasks: equal counts."""
    api = signed_in(personas[user])
    params = {k: (coord_unit.pk if v == "coord" else v) for k, v in params.items()}
    make_world(5)
    small = count_queries(api, url, **params)
    make_world(45)
    large = count_queries(api, url, **params)
    assert small == large
