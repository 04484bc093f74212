"""Unit scorecards: the figures of a known world, ranking and trend, a constant number of queries
whatever the number of units, the API (periods, errors, who sees which units) and the downloads."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from outputs import selectors
from outputs.periods import parse_period
from tests.factories import UnitFactory
from tests.support.directives import make_notice

from .world import build, done, row

TODAY = date(2022, 4, 15)


@pytest.fixture
def world(office, own_unit, other_unit, lead):
    return build(office, own_unit, other_unit, lead)


def _card(user, code="2022-Q1", today=TODAY):
    return selectors.scorecard(user=user, period=parse_period(code, today=today), today=today)


def test_the_figures_of_each_unit_at_the_end_of_the_quarter(world, office, own_unit, other_unit):
    card = _card(office)
    assert card.as_of == date(2022, 3, 31)
    rows = {r.unit.pk: r for r in card.rows}
    assert set(rows) == {own_unit.pk, other_unit.pk}
    own = rows[own_unit.pk]
    # due 20/01, 10/02, 01/03 and 31/03 (the last day counts); 01/04 and 31/12/2021 are outside
    assert (own.due, own.done_on_time, own.done_late, own.overdue, own.on_track) == (4, 1, 1, 1, 1)
    assert own.on_time_rate == Decimal("33.3")
    assert own.avg_days_late == Decimal("20.0")  # (10 done late + 30 overdue at 31/03) / 2
    assert (own.extensions_asked, own.extensions_granted, own.returned) == (2, 1, 1)
    other = rows[other_unit.pk]
    assert (other.due, other.done_on_time, other.overdue, other.on_time_rate) == (2, 1, 1, Decimal("50.0"))
    assert other.avg_days_late == Decimal("89.0")  # 01/01 → 31/03
    # ranking: the better on-time rate first
    assert [r.unit.pk for r in card.rows] == [other_unit.pk, own_unit.pk]
    assert [r.rank for r in card.rows] == [1, 2]
    # the totals add up
    assert card.totals.due == 6 and card.totals.done_on_time == 2 and card.totals.overdue == 2


def test_the_trend_against_the_previous_quarters(world, office, own_unit):
    own = next(r for r in _card(office).rows if r.unit.pk == own_unit.pk)
    assert [t["period"] for t in own.trend] == ["2021-Q2", "2021-Q3", "2021-Q4"]
    assert [t["on_time_rate"] for t in own.trend] == [None, None, Decimal("100.0")]
    assert own.trend_change == Decimal("-66.7")


def test_a_running_period_counts_at_today(world, office, own_unit):
    card = _card(office, "2022-Q2", today=date(2022, 4, 15))
    own = next(r for r in card.rows if r.unit.pk == own_unit.pk)
    assert card.as_of == date(2022, 4, 15)
    assert (own.due, own.overdue, own.on_time_rate) == (1, 1, Decimal("0.0"))  # due 01/04, open at 15/04


def test_months_half_years_and_years(world, office, own_unit):
    jan = {r.unit.pk: r for r in _card(office, "2022-01").rows}
    assert jan[own_unit.pk].due == 1 and jan[own_unit.pk].done_late == 1
    h1 = {r.unit.pk: r for r in _card(office, "2022-H1", today=date(2022, 7, 1)).rows}
    assert h1[own_unit.pk].due == 5
    year = {r.unit.pk: r for r in _card(office, "2021", today=date(2022, 7, 1)).rows}
    assert year[own_unit.pk].due == 1 and year[own_unit.pk].on_time_rate == Decimal("100.0")


def test_the_query_count_does_not_grow_with_the_units(world, office, django_assert_num_queries):
    _card(office)  # the actor of the user is cached on it
    with django_assert_num_queries(selectors.SCORECARD_QUERIES):
        _card(office)
    for n in range(12):
        unit = UnitFactory()
        notice = make_notice(office, unit, tasks=[row(unit, f"Nhiệm vụ thử {n}", date(2022, 2, 1 + n), "1")])
        done(notice.tasks.get(), date(2022, 2, 3))
    with django_assert_num_queries(selectors.SCORECARD_QUERIES):
        card = _card(office)
    assert len(card.rows) == 14


def test_a_unit_lead_sees_their_own_units_only(world, lead, own_unit):
    assert [r.unit.pk for r in _card(lead).rows] == [own_unit.pk]


@time_machine.travel("2022-04-15 09:00 +0700", tick=False)
def test_api_one_object_per_unit_and_the_errors(world, office, lead, own_unit):
    client = APIClient()
    client.force_authenticate(office)
    body = client.get("/api/v1/scorecards/", {"period": "2022-Q1"}).json()
    assert body["period"] == "2022-Q1" and body["as_of"] == "2022-03-31" and body["count"] == 2
    first = body["results"][0]
    assert set(first) >= {
        "unit",
        "rank",
        "due",
        "done_on_time",
        "done_late",
        "overdue",
        "on_time_rate",
        "avg_days_late",
        "extensions_asked",
        "extensions_granted",
        "returned",
        "trend",
    }
    for code in ("2022-01", "2022-H1", "2022"):
        assert client.get("/api/v1/scorecards/", {"period": code}).status_code == 200
    for code in ("2022-Q5", "2022-07", "2023", "x", ""):
        response = client.get("/api/v1/scorecards/", {"period": code})
        assert response.status_code == 400, code
        assert set(response.json()) == {"message", "errors"} and "period" in response.json()["errors"]
    client.force_authenticate(lead)
    body = client.get("/api/v1/scorecards/", {"period": "2022-Q1"}).json()
    assert [r["unit"]["id"] for r in body["results"]] == [own_unit.pk]


@time_machine.travel("2022-04-15 09:00 +0700", tick=False)
def test_page_xlsx_and_pdf(world, office, own_unit):
    client = Client()
    client.force_login(office)
    page = client.get("/outputs/scorecards/", {"period": "2022-Q1"})
    assert page.status_code == 200
    html = page.content.decode()
    assert own_unit.name in html and "33,3%" in html and "<svg" in html
    bad = client.get("/outputs/scorecards/", {"period": "2022-Q5"})
    assert bad.status_code == 200 and "không hợp lệ" in bad.content.decode()
    xlsx = client.get("/outputs/scorecards/export.xlsx", {"period": "2022-Q1"})
    assert xlsx.status_code == 200
    import io

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [sheet.cell(row=r, column=2).value for r in range(5, sheet.max_row + 1)]
    assert own_unit.name in names and names[-1] == "Tổng cộng"
    pdf = client.get("/outputs/scorecards/export.pdf", {"period": "2022-Q1"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
