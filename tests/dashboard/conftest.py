"""The dashboard's hand-built world (tests/support/worlds.py: DASHBOARD_WORLD, every figure known)."""

import pytest

from dtsystem.units.choices import UnitKind
from tests.factories import UnitFactory
from tests.support.world import build_world
from tests.support.worlds import DASHBOARD_WORLD


@pytest.fixture
def district_unit(db):
    return UnitFactory(
        code="h-tm", name="UBND huyện Tháp Mười", short_name="H. Tháp Mười", kind=UnitKind.DISTRICT
    )


@pytest.fixture
def world(own_unit, other_unit, district_unit):
    return build_world(DASHBOARD_WORLD, units={"A": own_unit, "B": other_unit, "D": district_unit})
