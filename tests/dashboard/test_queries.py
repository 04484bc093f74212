"""The dashboard page and endpoint run a fixed number of queries whatever the size of the data:
pinned with django_assert_num_queries, EQUAL for the small hand-built world and for a larger one.

Where they go (committee, session auth): session, user, memberships (policy.actor_for); the task
figures (totals, league table, trend and the next-14-days count: one GROUP BY over one scan of the
tasks); the overdue list; the upcoming list; KPI targets (with their units' targets); budget by
pillar and disbursed by pillar. The page adds the choices of
the document filter; a selected document is looked up twice (the form, with its plan; TaskFilterSet)."""

from datetime import date, timedelta

import pytest
from rest_framework.test import APIClient

from directives.choices import TaskStatus
from tests.directives.factories import DocumentFactory, TaskFactory
from tests.factories import UnitFactory
from tests.support.worlds import AS_OF_1

pytestmark = pytest.mark.django_db

# the aging figures (directives/aging.py) are one aggregate query of their own
DASHBOARD_API = 10
DASHBOARD_PAGE = 11
DASHBOARD_PAGE_WITH_DOCUMENT = 13  # + the document (the form, with its plan; TaskFilterSet)
# a unit lead: + the unit tree (policy.actor_for)
LEAD_DASHBOARD_API = 11


def grow(world, extra_units: int = 6, tasks: int = 120) -> None:
    """Many more tasks, units, documents and coordinating links than the hand-built world."""
    units = [UnitFactory() for _ in range(extra_units)] + list(world["units"].values())
    documents = [DocumentFactory() for _ in range(tasks // 10)]
    statuses = [
        TaskStatus.NEW,
        TaskStatus.IN_PROGRESS,
        TaskStatus.DONE,
        TaskStatus.REPORTED_DONE,
        TaskStatus.PAUSED,
    ]
    for i in range(tasks):
        due = date(2023, 1, 1) + timedelta(days=7 * i)
        status = statuses[i % len(statuses)]
        TaskFactory(
            document=documents[i % len(documents)],
            lead_unit=units[i % len(units)],
            coordinating_units=[units[(i + 1) % len(units)]] if i % 3 == 0 else [],
            due_date=None if i % 11 == 0 else due,
            status=status,
            completed_on=due + timedelta(days=(i % 5) - 2)
            if status in (TaskStatus.DONE, TaskStatus.REPORTED_DONE)
            else None,
        )


def api_for(user):
    api = APIClient()
    api.force_login(user)
    return api


def _counts(client, api, django_assert_num_queries, params):
    with django_assert_num_queries(DASHBOARD_PAGE):
        assert client.get("/dashboard/", params).status_code == 200
    with django_assert_num_queries(DASHBOARD_API):
        assert api.get("/api/v1/dashboard/", params).status_code == 200


def test_query_counts_equal_small_and_large(client, committee, world, django_assert_num_queries):
    client.force_login(committee)
    api = api_for(committee)
    params = {"as_of": AS_OF_1.isoformat()}
    _counts(client, api, django_assert_num_queries, params)
    small = api.get("/api/v1/dashboard/", params).json()["totals"]["total"]
    grow(world)
    large = api.get("/api/v1/dashboard/", params).json()["totals"]["total"]
    assert large > 10 * small
    _counts(client, api, django_assert_num_queries, params)
    _counts(client, api, django_assert_num_queries, {**params, "period": "2024", "unit_kind": "department"})


def test_query_count_with_a_document(client, committee, world, django_assert_num_queries):
    client.force_login(committee)
    params = {"as_of": AS_OF_1.isoformat(), "document": world["docs"]["plan"].pk}
    with django_assert_num_queries(DASHBOARD_PAGE_WITH_DOCUMENT):
        client.get("/dashboard/", params)
    grow(world)
    with django_assert_num_queries(DASHBOARD_PAGE_WITH_DOCUMENT):
        client.get("/dashboard/", params)


def test_lead_query_count(lead, world, django_assert_num_queries):
    api = api_for(lead)
    with django_assert_num_queries(LEAD_DASHBOARD_API):
        api.get("/api/v1/dashboard/", {"as_of": AS_OF_1.isoformat()})
    grow(world)
    with django_assert_num_queries(LEAD_DASHBOARD_API):
        api.get("/api/v1/dashboard/", {"as_of": AS_OF_1.isoformat()})
