import pytest

from tests.support.world import make_measurement, make_plan, make_target, plan_145, units_loaded  # noqa: F401


@pytest.fixture
def plan(db):
    return make_plan()


@pytest.fixture(name="make_target")
def target_factory(plan):
    """make_target(comparison, target_value, target_max=None, baseline=None, **fields): a target of `plan`."""

    def factory(comparison="at_least", target_value="100", target_max=None, baseline=None, **fields):
        return make_target(
            fields.pop("plan", plan),
            comparison=comparison,
            target_value=target_value,
            target_max=target_max,
            baseline=baseline,
            **fields,
        )

    return factory


@pytest.fixture
def measure():
    """measure(target, value=None, period="2022-Q3", achieved=None): a measurement of the target."""

    def record(target, value=None, period="2022-Q3", achieved=None):
        return make_measurement(target, period, value, achieved)

    return record
