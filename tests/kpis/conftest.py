from decimal import Decimal

import pytest

from kpis.models import KpiMeasurement, KpiTarget, period_end
from tests.plans.conftest import api, make_plan, plan_145, units_loaded  # noqa: F401  (shared fixtures)


@pytest.fixture
def plan(db):
    return make_plan()


@pytest.fixture
def make_target(plan):
    def factory(comparison="at_least", target_value="100", target_max=None, baseline=None, **fields):
        fields.setdefault("unit_of_measure", "milestone" if comparison == "milestone" else "count")
        fields.setdefault("code", f"T.{KpiTarget.objects.count() + 1}")
        return KpiTarget.objects.create(
            plan=fields.pop("plan", plan),
            pillar=fields.pop("pillar", "digital_government"),
            text=fields.pop("text", "Chỉ tiêu thử"),
            comparison=comparison,
            target_value=None if target_value is None else Decimal(str(target_value)),
            target_max=None if target_max is None else Decimal(str(target_max)),
            baseline=None if baseline is None else Decimal(str(baseline)),
            period=fields.pop("period", 2022),
            **fields,
        )

    return factory


@pytest.fixture
def measure():
    def record(target, value=None, period="2022-Q3", achieved=None):
        return KpiMeasurement.objects.create(
            target=target,
            period=period,
            period_end=period_end(period),
            value=None if value is None else Decimal(str(value)),
            achieved=achieved,
        )

    return record
