"""The reports' hand-built data set (tests/support/worlds.py: REPORT_DATASET and REPORT_SMALL_PLAN, at
31/03/2022, every count known), and a private MEDIA_ROOT for the report files."""

import pytest

from tests.support.world import build_world
from tests.support.worlds import REPORT_DATASET, REPORT_SMALL_PLAN


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Report files go to a temporary MEDIA_ROOT, not the shared var/test-media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def dataset(own_unit, other_unit):
    return build_world(REPORT_DATASET, units={"own": own_unit, "other": other_unit})["docs"]


@pytest.fixture
def small_plan(own_unit):
    """A plan issued on 01/02/2022 with two KPI targets (one achieved) and a budget with a disbursement."""
    return build_world(REPORT_SMALL_PLAN, units={"own": own_unit})["plan"]
