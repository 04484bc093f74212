"""The dashboard counts KPI attainment with kpis.selectors.with_own_attainment plus the per-unit rule
(kpis.selectors.per_unit_attainment); it must agree with kpis.selectors.attainment_annotate."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from kpis.models import KpiMeasurement, KpiTarget, period_end
from kpis.selectors import attainment_annotate
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _child(parent, unit, value):
    child = KpiTarget.objects.create(
        plan=parent.plan,
        parent=parent,
        pillar=parent.pillar,
        code=f"{parent.code}.{unit.pk}",
        text="Đơn vị",
        unit_of_measure="count",
        comparison="at_least",
        target_value=Decimal("2"),
        period=2024,
        responsible_unit=unit,
    )
    if value is not None:
        KpiMeasurement.objects.create(
            target=child, period="2024", period_end=period_end("2024"), value=Decimal(value)
        )
    return child


@pytest.mark.parametrize(
    "values",
    [
        [],
        [None, None],
        ["2", "2", "2"],
        ["2", "2", "2", "2", "1"],
        ["2", "1", "0", "2"],
        ["0", "1", None],
        ["2", None],
    ],
)
def test_per_unit_rule_matches_kpis_selectors(committee, world, values):
    parent = KpiTarget.objects.create(
        plan=world["plan"],
        pillar="digital_society",
        code="9",
        text="Mỗi đơn vị ≥ 02 mô hình",
        unit_of_measure="count",
        comparison="at_least",
        scope="per_unit",
        period=2024,
    )
    for value in values:
        _child(parent, UnitFactory(), value)
    expected = attainment_annotate(KpiTarget.objects.filter(pk=parent.pk)).get().attainment
    api = APIClient()
    api.force_login(committee)
    data = api.get("/api/v1/dashboard/", {"as_of": "2024-06-15"}).json()
    society = next(p for p in data["kpis"]["pillars"] if p["pillar"] == "digital_society")
    assert society["counts"][expected] == 1 and society["total"] == 1
    # the top-level targets only: the units' targets are not counted on their own
    assert data["kpis"]["total"] == 4
