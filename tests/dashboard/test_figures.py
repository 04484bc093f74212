"""Every dashboard figure on the hand-built world of conftest.py, at two as_of dates, on the page and
in the API; filters, scope by unit, and drill-down links that open lists with the same counts."""

import re
from decimal import Decimal
from html import unescape

import pytest
from rest_framework.test import APIClient

from tests.support.worlds import AS_OF_1, AS_OF_2

pytestmark = pytest.mark.django_db

KEYS = ["done_on_time", "done_late", "on_track", "overdue", "no_deadline"]


def counts(dot, dl, ot, od, nd):
    return dict(zip(KEYS, [dot, dl, ot, od, nd], strict=True))


EXPECTED = {
    AS_OF_1: {
        "totals": counts(1, 1, 5, 2, 1),
        "total": 10,
        "upcoming": 2,
        # unit: (assigned, done_on_time, done_late, on_track, overdue, no_deadline, % on time)
        "league": [
            ("A", 5, 1, 1, 1, 1, 1, 33.3),
            ("B", 3, 0, 0, 2, 1, 0, 0.0),
            ("D", 2, 0, 0, 2, 0, 0, None),
        ],
        "trend": {
            "2023-Q4": counts(0, 0, 1, 0, 0),
            "2024-Q1": counts(1, 1, 0, 0, 0),
            "2024-Q2": counts(0, 0, 2, 2, 0),
        },
        "trend_first": "2022-Q3",
        "overdue_ids": [3, 7],
        "upcoming_ids": [4, 10],
    },
    AS_OF_2: {
        "totals": counts(2, 2, 2, 3, 1),
        "total": 10,
        "upcoming": 1,
        "league": [
            ("A", 5, 1, 1, 0, 2, 1, 25.0),
            ("D", 2, 0, 0, 1, 1, 0, 0.0),
            ("B", 3, 1, 1, 1, 0, 0, 50.0),
        ],
        "trend": {
            "2023-Q4": counts(0, 0, 1, 0, 0),
            "2024-Q1": counts(1, 1, 0, 0, 0),
            "2024-Q2": counts(0, 1, 0, 3, 0),
            "2024-Q3": counts(1, 0, 0, 0, 0),
        },
        "trend_first": "2023-Q1",
        "overdue_ids": [3, 4, 10],
        "upcoming_ids": [11],
    },
}


def api_for(user) -> APIClient:
    api = APIClient()
    api.force_login(user)
    return api


def _league(data, units):
    names = {u.pk: key for key, u in units.items()}
    return [
        (
            names[r["unit_id"]],
            r["assigned"],
            r["done_on_time"],
            r["done_late"],
            r["on_track"],
            r["overdue"],
            r["no_deadline"],
            r["pct_on_time"],
        )
        for r in data
    ]


@pytest.mark.parametrize("as_of", [AS_OF_1, AS_OF_2])
def test_api_figures(committee, world, as_of):
    expected = EXPECTED[as_of]
    data = api_for(committee).get("/api/v1/dashboard/", {"as_of": as_of.isoformat()}).json()
    assert data["as_of"] == as_of.isoformat()
    assert data["totals"]["by_timeliness"] == expected["totals"]
    assert data["totals"]["total"] == expected["total"] == sum(data["totals"]["by_timeliness"].values())
    assert data["totals"]["upcoming"] == expected["upcoming"]
    assert _league(data["league"], world["units"]) == expected["league"]
    trend = {q["period"]: q["counts"] for q in data["trend"]}
    assert len(data["trend"]) == 8 and data["trend"][0]["period"] == expected["trend_first"]
    assert {k: v for k, v in trend.items() if any(v.values())} == expected["trend"]
    ids = {n: t.pk for n, t in world["tasks"].items()}
    assert [t["id"] for t in data["overdue"]["tasks"]] == [ids[n] for n in expected["overdue_ids"]]
    assert data["overdue"]["count"] == expected["totals"]["overdue"]
    assert [t["id"] for t in data["upcoming"]["tasks"]] == [ids[n] for n in expected["upcoming_ids"]]
    assert data["upcoming"]["count"] == expected["upcoming"]


@pytest.mark.parametrize("as_of", [AS_OF_1, AS_OF_2])
def test_page_figures_match_api(client, committee, world, as_of):
    client.force_login(committee)
    response = client.get("/dashboard/", {"as_of": as_of.isoformat()})
    assert response.status_code == 200
    expected = EXPECTED[as_of]
    assert response.context["totals"]["counts"] == expected["totals"]
    assert response.context["totals"]["upcoming"] == expected["upcoming"]
    assert _league(response.context["league"], world["units"]) == expected["league"]
    html = response.content.decode()
    assert "Bảng xếp hạng đơn vị" in html and "Xem dạng bảng" in html
    for key, n in expected["totals"].items():
        card = re.search(rf'data-figure="{key}">.*?data-count>(\d+)<', html, re.S)
        assert card and int(card.group(1)) == n


def test_kpi_and_budget(committee, world):
    data = api_for(committee).get("/api/v1/dashboard/", {"as_of": AS_OF_1.isoformat()}).json()
    pillars = {p["pillar"]: p for p in data["kpis"]["pillars"]}
    assert pillars["digital_government"]["counts"]["achieved"] == 1
    assert pillars["digital_government"]["counts"]["no_data"] == 1
    assert pillars["digital_economy"]["counts"]["off_track"] == 1
    assert data["kpis"]["total"] == 3
    budget = data["budget"]
    assert Decimal(budget["allocated"]) == Decimal("160") and Decimal(budget["disbursed"]) == Decimal("55")
    rows = {r["pillar"]: r for r in budget["rows"]}
    assert Decimal(rows["digital_government"]["disbursed"]) == Decimal("40")
    assert Decimal(rows["digital_government"]["rate"]) == Decimal("40.0")
    assert Decimal(rows["digital_society"]["rate"]) == Decimal("25.0")


def test_filters(committee, world):
    api = api_for(committee)
    plan_doc = world["docs"]["plan"]
    data = api.get("/api/v1/dashboard/", {"as_of": AS_OF_1.isoformat(), "document": plan_doc.pk}).json()
    assert data["totals"]["by_timeliness"] == counts(0, 0, 3, 1, 0)
    assert data["kpis"]["total"] == 3  # the document is a plan: its targets
    notice = world["docs"]["notice"]
    data = api.get("/api/v1/dashboard/", {"as_of": AS_OF_1.isoformat(), "document": notice.pk}).json()
    assert data["totals"]["total"] == 6 and data["kpis"]["total"] == 0 and data["budget"]["rows"] == []
    data = api.get("/api/v1/dashboard/", {"as_of": AS_OF_2.isoformat(), "unit_kind": "district"}).json()
    assert data["totals"]["by_timeliness"] == counts(0, 0, 1, 1, 0)
    data = api.get("/api/v1/dashboard/", {"as_of": AS_OF_2.isoformat(), "period": "2024-Q2"}).json()
    assert data["totals"]["by_timeliness"] == counts(0, 1, 0, 3, 0)
    data = api.get("/api/v1/dashboard/", {"as_of": AS_OF_2.isoformat(), "period": "2024"}).json()
    assert data["totals"]["total"] == 7  # of 10 in scope: 5 (no deadline), 9 (2023), 11 (2025) are not
    assert data["kpis"]["total"] == 3


def test_bad_filters_are_400_in_one_format(committee, world):
    api = api_for(committee)
    for params, field in [
        ({"as_of": "15/06/2024"}, "as_of"),
        ({"period": "2024-Q5"}, "period"),
        ({"document": "999999"}, "document"),
        ({"sort": "bogus"}, "sort"),
    ]:
        response = api.get("/api/v1/dashboard/", params)
        assert response.status_code == 400, params
        body = response.json()
        assert set(body) == {"message", "errors"} and field in body["errors"]


def test_unit_lead_sees_own_units(lead, other_lead, world):
    # lead of A: tasks A leads (1-5) and 7, which A coordinates.
    data = api_for(lead).get("/api/v1/dashboard/", {"as_of": AS_OF_1.isoformat()}).json()
    assert data["totals"]["by_timeliness"] == counts(1, 1, 1, 2, 1)
    assert data["kpis"]["total"] == 1 and Decimal(data["budget"]["allocated"]) == Decimal("100")
    data = api_for(other_lead).get("/api/v1/dashboard/", {"as_of": AS_OF_1.isoformat()}).json()
    assert data["totals"]["by_timeliness"] == counts(0, 0, 2, 1, 0)
    assert {r["unit_id"] for r in data["league"]} == {world["units"]["B"].pk}


def test_league_sorts(committee, world):
    api = api_for(committee)
    units = world["units"]
    data = api.get("/api/v1/dashboard/", {"as_of": AS_OF_2.isoformat(), "sort": "-pct_on_time"}).json()
    assert [r["unit_id"] for r in data["league"]] == [units["B"].pk, units["A"].pk, units["D"].pk]
    data = api.get("/api/v1/dashboard/", {"as_of": AS_OF_2.isoformat(), "sort": "assigned"}).json()
    assert [r["assigned"] for r in data["league"]] == [2, 3, 5]


def _task_list_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def _hrefs(html: str, pattern: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="(/tasks/\?[^"]*)"', html) if pattern in unescape(h)]


@pytest.mark.parametrize("as_of", [AS_OF_1, AS_OF_2])
@pytest.mark.parametrize("params", [{}, {"period": "2024"}, {"unit_kind": "department"}])
def test_drill_down_lists_show_the_same_counts(client, committee, world, as_of, params):
    client.force_login(committee)
    api = api_for(committee)
    query = {"as_of": as_of.isoformat(), **params}
    page = client.get("/dashboard/", query)
    data = api.get("/api/v1/dashboard/", query).json()
    totals = page.context["totals"]
    for card in page.context["cards"]:
        assert _task_list_count(client, card["url"]) == card["count"], card
        # the same list through the API: its `count`
        api_link = data["totals"]["api_links"][card["value"]]
        assert api.get(api_link).json()["count"] == card["count"]
    assert _task_list_count(client, page.context["all_url"]) == totals["total"]
    assert _task_list_count(client, page.context["upcoming_url"]) == totals["upcoming"]
    assert api.get(data["upcoming"]["api_link"]).json()["count"] == totals["upcoming"]
    for row in page.context["league_rows"]:
        assert _task_list_count(client, row["assigned_url"]) == row["assigned"]
        for key in KEYS:
            assert _task_list_count(client, row["urls"][key]) == row[key], (row["unit"], key)
    for quarter in page.context["trend_rows"]:
        for cell in quarter["cells"]:
            assert _task_list_count(client, cell["url"]) == cell["count"], (quarter["label"], cell)
    # the links are in the page itself
    html = page.content.decode()
    assert any("timeliness=overdue" in h for h in _hrefs(html, "as_of=" + as_of.isoformat()))


def test_drill_down_list_page_shows_the_figure(client, committee, world):
    """Follow the overdue card's href from the HTML: the list shows the same number in its heading."""
    client.force_login(committee)
    html = client.get("/dashboard/", {"as_of": AS_OF_2.isoformat()}).content.decode()
    href = unescape(re.search(r'href="([^"]+)" data-figure="overdue"', html).group(1))
    listing = client.get(href)
    assert listing.context["page"].paginator.count == 3
    assert sorted(t.content for t in listing.context["page"].object_list) == [
        "Nhiệm vụ số 10",
        "Nhiệm vụ số 3",
        "Nhiệm vụ số 4",
    ]


def test_who_may_see_the_dashboard(client, world):
    from tests.factories import UserFactory

    anonymous = client.get("/dashboard/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    nobody = UserFactory(username="no_unit")  # signed in, member of no unit
    client.force_login(nobody)
    assert client.get("/dashboard/").status_code == 403
    response = api_for(nobody).get("/api/v1/dashboard/")
    assert response.status_code == 403 and set(response.json()) == {"message", "errors"}


def test_trend_ends_with_the_chosen_period(committee, world):
    data = api_for(committee).get("/api/v1/dashboard/", {"as_of": "2026-03-01", "period": "2024"}).json()
    assert data["trend"][-1]["period"] == "2024-Q4" and data["trend"][0]["period"] == "2023-Q1"
    by_period = {q["period"]: q["total"] for q in data["trend"]}
    assert by_period["2024-Q1"] == 2 and by_period["2024-Q2"] == 4 and by_period["2024-Q3"] == 1
    data = api_for(committee).get("/api/v1/dashboard/", {"as_of": "2024-06-15", "period": "2026"}).json()
    assert data["trend"][-1]["period"] == "2024-Q2"  # a period after as_of: the trend still ends at as_of
