"""known_units: the register's active units as the engine's data, and the engine reading the seeds
with them as well as with the in-memory list of fixtures/units.json."""

import json
from pathlib import Path

import pytest

from assistant.selectors import known_units
from dtsystem.units.services import units_load
from extraction import KnownUnit, extract_notice
from extraction.quality import reference_notices, score_notice
from tests.factories import UnitFactory

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ["tb-dongthap-2022-01-06", "tb-quangngai-2022-02-14"]
NOTICES = {key: (reference, body) for key, reference, body in reference_notices()}


@pytest.fixture
def province_units(db):
    """The province's units (fixtures/units.json) in the test database."""
    rows = json.loads((ROOT / "fixtures" / "units.json").read_text(encoding="utf-8"))
    units_load(rows=rows)


def test_known_units_are_the_active_units_in_id_order(db, django_assert_num_queries):
    tttt = UnitFactory(
        code="so-tttt", name="Sở Thông tin và Truyền thông", short_name="Sở TTTT", aliases=["Sở TT&TT"]
    )
    UnitFactory(code="so-cu", name="Sở Cũ", is_active=False)
    vnpt = UnitFactory(code="vnpt", name="VNPT Đồng Tháp", short_name="", kind="enterprise")

    with django_assert_num_queries(1):
        units = known_units()

    assert units == [
        KnownUnit(
            id=tttt.pk,
            code="so-tttt",
            name="Sở Thông tin và Truyền thông",
            short_name="Sở TTTT",
            aliases=("Sở TT&TT",),
            kind="department",
        ),
        KnownUnit(
            id=vnpt.pk, code="vnpt", name="VNPT Đồng Tháp", short_name="", aliases=(), kind="enterprise"
        ),
    ]


@pytest.mark.parametrize("key", SEEDS)
def test_seed_quality_meets_the_target_with_units_from_the_database(province_units, key):
    reference, body = NOTICES[key]
    extraction = extract_notice(body, units=known_units())
    score = score_notice(key, extraction.tasks, reference["tasks"])
    assert score.lead_deadline_rate >= 0.90, score
    assert score.precision >= 0.85, score
