"""Attainment, computed by the database, for every comparison kind at its boundaries."""

import pytest

from kpis.models import KpiTarget
from kpis.selectors import attainment_annotate, kpi_target_tree, target_progress


def attainment_of(target):
    return attainment_annotate(KpiTarget.objects.filter(pk=target.pk)).get().attainment


def test_no_measurement_is_no_data(make_target):
    assert attainment_of(make_target("at_least", 100)) == "no_data"


@pytest.mark.parametrize(
    "value, expected",
    [
        (100, "achieved"),
        (130, "achieved"),
        ("99.999", "on_track"),
        (80, "on_track"),  # exactly 80 % of the way from 0
        ("79.999", "at_risk"),
        (50, "at_risk"),
        ("49.999", "off_track"),
        (0, "off_track"),
    ],
)
def test_at_least_without_baseline(make_target, measure, value, expected):
    target = make_target("at_least", 100)
    measure(target, value)
    assert attainment_of(target) == expected


@pytest.mark.parametrize(
    "value, expected", [(36, "on_track"), ("35.999", "at_risk"), (30, "at_risk"), (29, "off_track")]
)
def test_at_least_counts_the_way_from_the_baseline(make_target, measure, value, expected):
    target = make_target("at_least", 40, baseline=20)  # 80 % of the way = 36, 50 % = 30
    measure(target, value)
    assert attainment_of(target) == expected


def test_at_least_uses_the_latest_period(make_target, measure):
    target = make_target("at_least", 30)
    measure(target, 10, period="2022-Q2")
    measure(target, 30, period="2022-Q3")
    measure(target, 12, period="2022-06")  # earlier than Q3
    assert attainment_of(target) == "achieved"


@pytest.mark.parametrize(
    "value, expected",
    [
        (10, "achieved"),
        (5, "achieved"),
        (12, "on_track"),
        ("12.001", "at_risk"),
        (15, "at_risk"),
        ("15.001", "off_track"),
    ],
)
def test_at_most_with_baseline(make_target, measure, value, expected):
    target = make_target("at_most", 10, baseline=20)  # 80 % of the way down = 12, 50 % = 15
    measure(target, value)
    assert attainment_of(target) == expected


@pytest.mark.parametrize("value, expected", [(10, "achieved"), ("10.001", "off_track")])
def test_at_most_without_baseline(make_target, measure, value, expected):
    target = make_target("at_most", 10)
    measure(target, value)
    assert attainment_of(target) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (50, "achieved"),
        (40, "on_track"),
        (60, "on_track"),
        ("39.999", "at_risk"),
        (25, "at_risk"),
        (75, "at_risk"),
        (24, "off_track"),
        (76, "off_track"),
    ],
)
def test_exactly(make_target, measure, value, expected):
    target = make_target("exactly", 50)  # |t - b| = 50: within 10 → on track, within 25 → at risk
    measure(target, value)
    assert attainment_of(target) == expected


def test_exactly_when_target_equals_baseline(make_target, measure):
    target = make_target("exactly", 5, baseline=5)
    measure(target, 6)
    assert attainment_of(target) == "off_track"


@pytest.mark.parametrize(
    "value, expected",
    [
        (10, "achieved"),
        (30, "achieved"),
        (20, "achieved"),
        ("30.001", "off_track"),
        (8, "on_track"),
        ("7.999", "at_risk"),
        (5, "at_risk"),
        (4, "off_track"),
    ],
)
def test_range(make_target, measure, value, expected):
    target = make_target("range", 10, target_max=30)  # "cho từ 10 - 30 doanh nghiệp"
    measure(target, value)
    assert attainment_of(target) == expected


@pytest.mark.parametrize(
    "value, achieved, expected",
    [
        (None, True, "achieved"),
        (None, False, "off_track"),
        (100, None, "achieved"),
        (80, None, "on_track"),
        (79, None, "at_risk"),
        (50, None, "at_risk"),
        (49, None, "off_track"),
    ],
)
def test_milestone(make_target, measure, value, achieved, expected):
    target = make_target("milestone", None)
    measure(target, value, achieved=achieved)
    assert attainment_of(target) == expected


def test_progress_for_bars(make_target, measure):
    target = make_target("at_least", 40, baseline=20)
    measure(target, 30)
    annotated = attainment_annotate(KpiTarget.objects.filter(pk=target.pk)).get()
    assert target_progress(annotated) == 50


def test_per_unit_scope(plan, make_target, measure, own_unit, other_unit, coord_unit, office):
    """ "mỗi sở ≥ 01 mô hình": every unit gets its own target; the parent is judged by its units."""
    from kpis.services import kpi_target_expand_per_unit

    parent = make_target("at_least", None, scope="per_unit", code="I.2.a.11")
    children = kpi_target_expand_per_unit(user=office, target=parent, rules=[("department", 1)])
    assert {c.responsible_unit_id for c in children} == {own_unit.pk, other_unit.pk, coord_unit.pk}
    assert (
        kpi_target_expand_per_unit(user=office, target=parent, rules=[("department", 1)]) == []
    )  # idempotent
    assert attainment_of(parent) == "no_data"
    by_unit = {c.responsible_unit_id: c for c in children}
    measure(by_unit[own_unit.pk], 2)
    assert attainment_of(parent) == "off_track"  # 1 of 3 units achieved
    measure(by_unit[other_unit.pk], 1)
    assert attainment_of(parent) == "at_risk"  # 2 of 3 (≥ 50 %, < 80 %)
    measure(by_unit[coord_unit.pk], 0)
    assert attainment_of(by_unit[coord_unit.pk]) == "off_track"
    assert attainment_of(parent) == "at_risk"
    measure(by_unit[coord_unit.pk], 1, period="2022-Q4")
    assert attainment_of(parent) == "achieved"
    tree = kpi_target_tree(plan=plan)
    assert [t.pk for t in tree] == [parent.pk]
    assert {c.attainment for c in tree[0].children} == {"achieved"}
    assert (tree[0].unit_count, tree[0].units_achieved) == (3, 3)
