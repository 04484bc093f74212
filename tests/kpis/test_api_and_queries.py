"""/api/v1/kpis/, /api/v1/budget-lines/, /api/v1/plans/: shapes, filters, and a query count that does
not grow with the data (plan detail page and the KPI list)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from plans.models import Disbursement
from tests.support.world import make_line


def _grow(plan, make_target, measure, own_unit, office, n: int, start: int = 0):
    from directives.models import Task

    for i in range(start, start + n):
        target = make_target("at_least", 10 + i, responsible_unit=own_unit, code=f"Q.{i}")
        measure(target, i)
        measure(target, i + 1, period="2022-Q4")
        line = make_line(plan, item=str(i + 1), unit=own_unit, allocated=Decimal("100"))
        Disbursement.objects.create(budget_line=line, date="2022-05-01", amount=Decimal("10"))
        make_line(plan, kind="recurring", item=str(i + 1), unit=own_unit)
        task = Task.objects.create(
            document=plan.document, content=f"Việc {i}", lead_unit=own_unit, item=f"IV.{i}"
        )
        task.coordinating_units.add(office.memberships.first().unit)
    parent = make_target("at_least", None, scope="per_unit", code=f"P.{start}")
    for i in range(n):
        from tests.factories import UnitFactory

        child = make_target("at_least", 1, parent=parent, responsible_unit=UnitFactory(), code=f"P.{start}")
        measure(child, i % 2)


def test_kpi_list_shape_and_filters(plan, make_target, measure, own_unit, lead, api):
    target = make_target("range", 10, target_max=30, responsible_unit=own_unit, code="I.2.c.3")
    measure(target, 12)
    other = make_target("at_least", 5, code="I.2.a.1", pillar="digital_economy")
    response = api(lead).get("/api/v1/kpis/", {"plan": plan.pk})
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()["results"]}
    row = rows["I.2.c.3"]
    assert row["attainment_status"] == "achieved"
    assert (row["target_value"], row["target_max"], row["latest_value"]) == (10, 30, 12)
    assert row["measurements"][0]["period"] == "2022-Q3"
    assert row["responsible_unit"]["id"] == own_unit.pk
    assert rows["I.2.a.1"]["attainment_status"] == "no_data"
    filtered = api(lead).get("/api/v1/kpis/", {"attainment_status": "no_data"}).json()["results"]
    assert [r["id"] for r in filtered] == [other.pk]
    filtered = api(lead).get("/api/v1/kpis/", {"pillar_code": "digital_economy"}).json()["results"]
    assert [r["id"] for r in filtered] == [other.pk]


def test_budget_lines_api(plan, own_unit, other_unit, committee, api):
    line = make_line(plan, unit=own_unit, allocated=Decimal("200"), total_investment=Decimal("5618.5"))
    make_line(plan, kind="recurring", item="1", unit=other_unit, amount=Decimal("1917"))
    Disbursement.objects.create(budget_line=line, date="2022-05-01", amount=Decimal("50"))
    rows = (
        api(committee)
        .get("/api/v1/budget-lines/", {"plan": plan.pk, "line_type": "investment"})
        .json()["results"]
    )
    assert len(rows) == 1
    assert rows[0]["total_investment"] == 5618.5
    assert (rows[0]["disbursed"], rows[0]["disbursement_rate"], rows[0]["year_budget"]) == (50, 25, 200)
    rows = api(committee).get("/api/v1/budget-lines/", {"unit": other_unit.pk}).json()["results"]
    assert [r["amount"] for r in rows] == [1917]


def test_plan_api(plan, committee, api):
    rows = api(committee).get("/api/v1/plans/").json()["results"]
    assert rows[0]["document"]["code"] == "1/KH-UBND"
    detail = api(committee).get(f"/api/v1/plans/{plan.pk}/").json()
    assert {"objectives", "sections", "legal_bases"} <= set(detail)
    assert api(committee).get(f"/api/v1/plans/{plan.pk}/budget/").json() == {
        "investment": {"total_investment": 0, "central": 0, "local": 0, "disbursed_prior": 0, "allocated": 0},
        "recurring": {"total": 0},
        "grand_total": 0,
    }


@pytest.mark.parametrize("url_name", ["kpi_api", "plan_page"])
def test_query_count_does_not_grow(
    url_name, plan, make_target, measure, own_unit, office, lead, client, django_assert_num_queries
):
    client.force_login(lead)
    url = "/api/v1/kpis/" if url_name == "kpi_api" else reverse("plans:plan_detail", args=[plan.pk])
    _grow(plan, make_target, measure, own_unit, office, 2)
    client.get(url)  # warm up (session, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(plan, make_target, measure, own_unit, office, 12, start=2)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200
