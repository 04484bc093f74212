"""The plan page reads its KPI targets with kpis.selectors.kpi_target_tree: every target's own attainment
from the database (with_own_attainment) and a per-unit target's figures counted in Python by the rule of
attainment_annotate (per_unit_attainment). Both must give the same figures for every target, in a number of
queries that does not grow with the number of targets."""

from decimal import Decimal

import pytest

from kpis.models import KpiTarget
from kpis.selectors import attainment_annotate, kpi_target_tree
from tests.factories import UnitFactory
from tests.support.world import make_measurement

FIELDS = ("attainment", "latest_value", "latest_achieved", "latest_period", "unit_count", "units_achieved")


def _per_unit(plan, code, values):
    parent = KpiTarget.objects.create(
        plan=plan,
        pillar="digital_society",
        code=code,
        text="Mỗi đơn vị ≥ 02 mô hình",
        unit_of_measure="count",
        comparison="at_least",
        scope="per_unit",
        period=2022,
    )
    for value in values:
        child = KpiTarget.objects.create(
            plan=plan,
            parent=parent,
            pillar=parent.pillar,
            code=f"{code}.x",
            text="Đơn vị",
            unit_of_measure="count",
            comparison="at_least",
            target_value=Decimal("2"),
            period=2022,
            responsible_unit=UnitFactory(),
        )
        if value is not None:
            make_measurement(child, "2022", Decimal(value))
    return parent


def _annotated(plan):
    return {t.pk: t for t in attainment_annotate(KpiTarget.objects.filter(plan=plan))}


@pytest.mark.django_db
def test_tree_gives_the_figures_of_attainment_annotate(plan, make_target, measure, django_assert_num_queries):
    cases = [
        ("at_least", 100, None, None, [80]),
        ("at_least", 40, None, 20, [29]),
        ("at_most", 10, None, None, [12]),
        ("at_most", 10, None, 20, ["12.001"]),
        ("exactly", 50, None, 0, [45]),
        ("range", 10, 20, None, [25]),
        ("range", 10, 20, None, [15]),
        ("milestone", None, None, None, []),
        ("at_least", 100, None, None, []),
    ]
    for i, (comparison, value, maximum, baseline, values) in enumerate(cases):
        target = make_target(comparison, value, target_max=maximum, baseline=baseline, code=f"T{i}")
        for v in values:
            measure(target, v)
    measure(make_target("milestone", None, code="M1"), achieved=True)
    measure(make_target("milestone", None, code="M2"), 85)
    for i, values in enumerate(
        [[], [None, None], ["2", "2", "2"], ["2", "2", "2", "2", "1"], ["2", "1", "0", "2"], ["0", "1", None]]
    ):
        _per_unit(plan, f"P{i}", values)
    expected = _annotated(plan)
    with django_assert_num_queries(2):  # the targets with their own attainment, their measurements
        tree = kpi_target_tree(plan=plan)
    seen = 0
    for target in tree:
        for node in [target, *target.children]:
            seen += 1
            want = expected[node.pk]
            assert {f: getattr(node, f) for f in FIELDS} == {f: getattr(want, f) for f in FIELDS}, node.code
            assert node.units_with_data == want.units_with_data
    assert seen == len(expected)
    assert [t.code for t in tree] == list(
        KpiTarget.objects.filter(plan=plan, parent__isnull=True)
        .order_by("position", "id")
        .values_list("code", flat=True)
    )
